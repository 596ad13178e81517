// node --test tests/js: the learners' notes checked against the lab's settings (lib/notes.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../static/js/i18n/en.js";
import ko from "../../static/js/i18n/ko.js";
import { inputPreset, kernelPreset } from "../../static/js/lib/labPresets.js";
import { defaultKernels, defaultState } from "../../static/js/lib/labUrlState.js";
import { NOTE_ENTRIES, VOLUME_NOTE, labNotes, noteOutputSize, pooledShapesBody } from "../../static/js/lib/notes.js";
import { rgbShapes } from "../../static/js/lib/notesChannels.js";
import { indexSums } from "../../static/js/lib/notesIndices.js";
import { ratioLabel } from "../../static/js/lib/noteFormat.js";
import { volumeStage } from "../../static/js/lib/notesVolume.js";

/** A lab state as the page holds it before the engine answers (no trace). */
function lab(patch = {}) {
  const s = { ...defaultState(), status: "loading", trace: null, costs: null, notesPool: null, done: 0, ...patch };
  if (patch.cin !== undefined || patch.cout !== undefined || patch.k !== undefined || patch.dim !== undefined) {
    s.kernel = patch.kernel ?? defaultKernels(s.cout, s.cin, s.k, s.dim);
    s.bias = patch.bias ?? new Array(s.cout).fill(0);
  }
  if (patch.size !== undefined || patch.cin !== undefined || patch.dim !== undefined) {
    s.input = patch.input ?? inputPreset(s.dim === 2 ? "edge" : s.dim === 1 ? "step" : "cube", s.size, s.cin);
  }
  return s;
}

/** A trace with only what the notes read (outShape, pads, result, index; steps row-major). */
function fakeTrace(s, outShape, pads, result) {
  const index = [];
  for (let j = 0; j < s.cout; j += 1) {
    for (let r = 0; r < outShape[0]; r += 1) for (let c = 0; c < outShape[1]; c += 1) index.push([0, j, r, c]);
  }
  return { outShape, pads, result, index, steps: index.length };
}

const entry = (s, id) => labNotes(s).find((n) => n.entry.id === id)?.result ?? null;
const row = (result, kind, n = 0) => result.rows.filter((r) => r.kind === kind)[n];

/** Brute-force 2-D cross-correlation of one kernel over every input channel (zero padding). */
function correlate(s, j, pads) {
  const [h, w] = s.size;
  const ph = h + pads[0][0] + pads[0][1];
  const pw = w + pads[1][0] + pads[1][1];
  const oh = Math.floor((ph - s.k) / s.stride) + 1;
  const ow = Math.floor((pw - s.k) / s.stride) + 1;
  const out = [];
  for (let r = 0; r < oh; r += 1) {
    for (let c = 0; c < ow; c += 1) {
      let sum = s.bias[j];
      for (let ch = 0; ch < s.cin; ch += 1) {
        for (let a = 0; a < s.k; a += 1) {
          for (let b = 0; b < s.k; b += 1) {
            const y = r * s.stride + a - pads[0][0];
            const x = c * s.stride + b - pads[1][0];
            const v = y < 0 || y >= h || x < 0 || x >= w ? 0 : s.input[(ch * h + y) * w + x];
            const ka = s.flip ? s.k - 1 - a : a;
            const kb = s.flip ? s.k - 1 - b : b;
            sum += v * s.kernel[((j * s.cin + ch) * s.k + ka) * s.k + kb];
          }
        }
      }
      out.push(sum);
    }
  }
  return { out, oh, ow };
}

test("ratios print whole numbers and unit fractions exactly", () => {
  assert.equal(ratioLabel(2), "×2");
  assert.equal(ratioLabel(0.25), "×1/4");
  assert.equal(ratioLabel(0.5), "×1/2");
  assert.equal(ratioLabel(1), "×1");
  assert.equal(ratioLabel(25 / 49), "×0.51");
  assert.equal(ratioLabel(16 / 6), "×2.67");
});

test("002's +F formula against the right one: the default lab and stride 2 with padding 1", () => {
  // 7 x 7, K 3, valid: the note says (7 + 3 + 0)/1 + 1 = 11; the right size is 5.
  const r = entry(lab(), "002-size");
  assert.deepEqual(r.rows.filter((x) => x.kind === "note").map((x) => x.value), [11, 11]);
  assert.deepEqual(r.rows.filter((x) => x.kind === "right").map((x) => x.value), [5, 5]);
  assert.equal(row(r, "note").formula, "H₂ = (7 + 3 + 2·0) / 1 + 1");
  assert.ok(row(r, "note").wrong);
  assert.equal(r.summary[0].key, "lab.notes.002-size.summaryFormula");
  assert.deepEqual(r.summary[0].vars, { note: "11 × 11", right: "5 × 5" });
  // Padding 1, stride 2: (7 + 3 + 2)/2 + 1 = 7 against floor((7 - 3 + 2)/2) + 1 = 4.
  const s = lab({ pad: 1, stride: 2 });
  const r2 = entry(s, "002-size");
  assert.equal(row(r2, "note").value, 7);
  assert.equal(row(r2, "right").value, 4);
  // With the engine's answer the summary quotes the engine.
  const answered = entry({ ...s, status: "ready", trace: fakeTrace(s, [4, 4], [[1, 1], [1, 1]], new Array(16).fill(0)) }, "002-size");
  assert.deepEqual(answered.summary[0], { key: "lab.notes.002-size.summary", vars: { note: "7 × 7", engine: "4 × 4" } });
  assert.equal(row(answered, "engine").value, "4 × 4");
  // The note's own example, (6, 6, 1) -> (4, 4, 1) with 3 x 3: +F gives 10, -F gives 4.
  assert.equal(noteOutputSize(6, 3, 0, 1), 10);
  assert.deepEqual(answered.explain[0].vars, { exampleNote: 10, exampleRight: 4 });
  // A fraction stays a fraction: (8 + 3 + 0)/2 + 1 = 6.5 against floor(5/2) + 1 = 3.
  const r3 = entry(lab({ size: [8, 8], stride: 2 }), "002-size");
  assert.equal(row(r3, "note").value, 6.5);
  assert.equal(row(r3, "right").value, 3);
});

test("002's 'the output keeps (W, H)': only same padding with stride 1", () => {
  const valid = entry(lab(), "002-keeps");
  assert.equal(valid.summary[0].key, "lab.notes.002-keeps.changed");
  assert.deepEqual(valid.summary[0].vars, { input: "7 × 7", output: "5 × 5" });
  assert.deepEqual(valid.action.knobs, { padMode: "same", stride: 1 });
  const same = entry(lab({ padMode: "same" }), "002-keeps");
  assert.equal(same.summary[0].key, "lab.notes.002-keeps.kept");
  assert.equal(same.action, null);
  assert.deepEqual(same.explain[0].vars, { total: 2, lo: 1, hi: 1 });
  const full = entry(lab({ padMode: "full" }), "002-keeps");
  assert.deepEqual(full.summary[0].vars, { input: "7 × 7", output: "9 × 9" });
  assert.equal(entry(lab({ dim: 3, size: [5, 5, 5] }), "002-keeps"), null);
});

test("003's swapped indices: the note's sum reads the corner, the right one equals the engine", () => {
  const s = lab();
  const centre = indexSums(s, 0, [2, 2]);
  assert.equal(centre.x, 3);
  assert.equal(centre.y, 3);
  assert.equal(centre.note, 0);                         // F(3 + i, 3 + j) is outside the kernel
  assert.equal(centre.right, 4);                        // the vertical edge under Sobel x
  // Every cell of the right sum equals a brute-force correlation (also flipped, padded, strided, RGB).
  for (const patch of [{}, { flip: true }, { pad: 1, stride: 2 }, { cin: 3, cout: 2, pad: 2 },
    { k: 5, size: [9, 8], bias: [0.5] }]) {
    const t = lab(patch);
    if (patch.bias) t.kernel = kernelPreset("gaussian", 5, 2);
    const pads = [[t.pad, t.pad], [t.pad, t.pad]];
    for (let j = 0; j < t.cout; j += 1) {
      const { out, oh, ow } = correlate(t, j, pads);
      for (let r = 0; r < oh; r += 1) {
        for (let c = 0; c < ow; c += 1) {
          assert.ok(Math.abs(indexSums(t, j, [r, c]).right - out[r * ow + c]) < 1e-9, JSON.stringify({ patch, j, r, c }));
        }
      }
    }
  }
  // The entry shows the current step's cell, and the engine's value from the trace.
  const { out } = correlate(s, 0, [[0, 0], [0, 0]]);
  const answered = { ...s, status: "ready", done: 7, trace: fakeTrace(s, [5, 5], [[0, 0], [0, 0]], out) };
  const r = entry(answered, "003-indices");
  assert.equal(r.summary[0].vars.at, "2, 2");          // step 7 fills row 1, column 1 (from 0)
  assert.equal(row(r, "right").value, out[6]);
  assert.equal(row(r, "engine").value, out[6]);
  assert.equal(row(r, "note").formula, "S(2, 2) = Σ I(i, j)·F(2 + i, 2 + j)");
  // Even kernels have no centre: the entry asks for an odd one.
  assert.equal(entry(lab({ k: 4 }), "003-indices").summary[0].key, "lab.notes.003-indices.odd");
});

test("004's C kernels give (O_H, O_W, C): the output has one map per kernel, not per input channel", () => {
  const r = entry(lab({ cin: 3, cout: 1 }), "004-channels");
  assert.equal(row(r, "note").value, "(5, 5, 3)");
  assert.equal(row(r, "right").value, "(5, 5, 1)");
  assert.equal(r.summary[0].key, "lab.notes.004-channels.summary");
  const same = entry(lab(), "004-channels");
  assert.equal(same.summary[0].key, "lab.notes.004-channels.same");
  assert.deepEqual(same.action.knobs, { cin: 3, cout: 1 });
});

test("004's hyperparameters are parameters: counts of the layer and of a dense layer", () => {
  const r = entry(lab({ cin: 3, cout: 2 }), "004-hyper");
  assert.equal(r.summary[0].vars.params, 2 * (3 * 9 + 1));
  assert.equal(r.summary[0].vars.dense, (3 * 49 + 1) * 2 * 25);
  assert.equal(r.summary[0].vars.hyper, "K = 3, S = 1, P = 0, D = 1, C_out = 2");
  const engine = entry({ ...lab(), costs: { convParams: 10 } }, "004-hyper");
  assert.equal(row(engine, "engine").value, 10);
});

test("000's colour images use 3-D convolution: both shapes of one RGB input", () => {
  const s = lab({ cin: 3 });
  assert.deepEqual(rgbShapes(s).conv2d, { input: [3, 7, 7], weight: [1, 3, 3, 3], output: [1, 5, 5] });
  assert.deepEqual(rgbShapes(s).conv3d.output, [1, 1, 5, 5]);      // K 3 fits once along 3 colours
  assert.equal(entry(s, "000-colour").summary[0].key, "lab.notes.000-colour.depth1");
  const same = lab({ cin: 3, padMode: "same" });
  assert.deepEqual(rgbShapes(same).conv3d.output, [1, 3, 7, 7]);    // slides along the colours
  assert.equal(entry(same, "000-colour").summary[0].key, "lab.notes.000-colour.summary");
  const big = lab({ k: 5, kernel: defaultKernels(1, 1, 5, 2) });
  assert.equal(rgbShapes(big).conv3d.output, null);
  assert.equal(entry(big, "000-colour").summary[0].key, "lab.notes.000-colour.noDepth");
  assert.deepEqual(entry(lab(), "000-colour").action.knobs, { dim: 2, cin: 3 });
  assert.equal(entry(lab({ dim: 1, size: [16] }), "000-colour"), null);
});

test("001's question in the lab: x2 then x1/4 is x1/2, with the engine's volumes when present", () => {
  const note = lab({ cin: 1, cout: 2, padMode: "same", size: [8, 8] });
  const r = entry(note, "001-volume");
  assert.deepEqual(r.summary[0].vars, { v0: 64, v1: 128, v2: 32, r1: "×2", r2: "×1/4", total: "×1/2" });
  assert.equal(r.explain[1].key, "lab.notes.001-volume.exact");
  assert.equal(r.action, null);
  // The default lab: 49 -> 25 -> 4 (the 5 x 5 output pools to 2 x 2).
  const d = entry(lab(), "001-volume");
  assert.deepEqual(d.summary[0].vars, { v0: 49, v1: 25, v2: 4, r1: "×0.51", r2: "×0.16", total: "×0.082" });
  assert.deepEqual(d.explain.map((e) => e.key.split(".").pop()), ["answer", "sizeChanged", "channels", "odd"]);
  assert.deepEqual(d.action.knobs, { cin: 1, cout: 2, padMode: "same", stride: 1, size: [8, 8] });
  const withEngine = entry({ ...note, notesPool: { conv: 128, pool: 32 } }, "001-volume");
  assert.equal(row(withEngine, "engine").value, "128 → 32");
  // The shapes request adds a 2 x 2 pooling, only where it fits.
  const body = { input_shape: [1, 8, 8], layers: [{ type: "conv", out_channels: 2 }] };
  assert.deepEqual(pooledShapesBody(body, 2, [8, 8]).layers[1], { type: "pool", kind: "max", kernel_size: 2 });
  assert.equal(pooledShapesBody(body, 2, [1, 8]), null);
  assert.equal(pooledShapesBody(body, 1, [8]), null);
});

test("001's question on /maps: a stage's volume split into channels and positions", () => {
  const layers = [
    { name: "conv1", input_shape: [3, 224, 224], output_shape: [32, 224, 224] },
    { name: "relu1", input_shape: [32, 224, 224], output_shape: [32, 224, 224] },
    { name: "pool1", input_shape: [32, 224, 224], output_shape: [32, 112, 112] },
    { name: "conv3", input_shape: [32, 112, 112], output_shape: [64, 112, 112] },
    { name: "relu3", input_shape: [64, 112, 112], output_shape: [64, 112, 112] },
    { name: "conv4", input_shape: [64, 112, 112], output_shape: [64, 110, 110] },
    { name: "conv5", input_shape: [64, 110, 110], output_shape: [64, 112, 112] },
    { name: "pool2", input_shape: [64, 112, 112], output_shape: [64, 56, 56] },
    { name: "flatten", input_shape: [64, 56, 56], output_shape: [200704] },
  ];
  assert.equal(volumeStage(layers, 1), null);          // keeps the positions
  assert.equal(volumeStage(layers, 5), null);          // a padding-free convolution: 112 -> 110
  assert.equal(volumeStage(layers, 8), null);          // not maps
  const second = volumeStage(layers, 7);
  assert.equal(second.start, 3);
  assert.deepEqual(second.names, ["conv3", "relu3", "conv4", "conv5"]);
  assert.equal(second.from.volume, 32 * 112 * 112);
  assert.equal(second.before.ratio, 2);
  assert.equal(second.after.ratio, 0.25);
  assert.equal(second.total, 0.5);
  assert.deepEqual(second.channels, { from: 32, to: 64, ratio: 2 });
  assert.equal(second.positions.ratio, 0.25);
  assert.ok(second.exact);
  const first = volumeStage(layers, 2);
  assert.equal(first.start, 0);
  assert.ok(!first.exact);
  // A layer that doubles the channels and halves H and W by itself (a strided residual block).
  const one = volumeStage([{ name: "layer2_0", input_shape: [64, 56, 56], output_shape: [128, 28, 28] }], 0);
  assert.deepEqual(one.names, []);
  assert.equal(one.total, 0.5);
  assert.ok(one.exact);
  assert.equal(VOLUME_NOTE.note, "001");
});

test("every text an entry uses exists in both languages, for many settings", () => {
  const states = [];
  for (const dim of [1, 2, 3]) {
    for (const cin of [1, 3]) {
      for (const padMode of ["number", "valid", "same", "full"]) {
        for (const [k, dilation, stride] of [[3, 1, 1], [4, 1, 2], [3, 2, 1], [7, 1, 1]]) {
          const size = { 1: [16], 2: [7, 7], 3: [5, 5, 5] }[dim];
          states.push(lab({ dim, cin, cout: 2, padMode, k, dilation, stride, size }));
        }
      }
    }
  }
  states.push({ ...lab(), status: "error" });
  // With the engine's answer (and the linearity check's), the "why" entries speak too.
  for (const bias of [[0], [0.5]]) {
    const s = lab({ bias });
    const result = new Array(25).fill(1);
    states.push({ ...s, status: "ready", done: 3, trace: { ...fakeTrace(s, [5, 5], [[0, 0], [0, 0]], result), cout: 1 },
      linear: { x: result, y: result, combo: result.map((v) => 3 * v) } });
  }
  const seen = new Set();
  for (const s of states) {
    for (const { result } of labNotes(s)) {
      const texts = [...result.summary, ...result.explain, ...result.rows.map((r) => r.label).filter(Boolean)];
      if (result.action) texts.push({ key: result.action.key });
      for (const item of texts) {
        seen.add(item.key);
        assert.ok(item.key in en && item.key in ko, `missing text ${item.key}`);
        for (const name of [...en[item.key].matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          assert.ok(item.vars && name in item.vars, `${item.key} needs {${name}}`);
        }
      }
    }
  }
  assert.ok(seen.size > 40);
  for (const e of NOTE_ENTRIES) {
    assert.match(e.note, /^00[0-4]$/);
    assert.match(e.quote, /[가-힣]/, `${e.id} quotes Korean`);
    assert.ok(e.gloss.length > 20 && !/[가-힣]/.test(e.gloss), `${e.id} glosses in English`);
    const explained = { mistake: "wrong", why: "why" }[e.kind];
    assert.ok(!explained || `lab.notes.${e.id}.${explained}` in en, `${e.id} explains itself`);
  }
});

test("settings the engine refuses leave only 002's formula, which still claims a size", () => {
  const tooBig = lab({ k: 7, size: [5, 5], kernel: defaultKernels(1, 1, 7, 2) });
  assert.deepEqual(labNotes(tooBig).map((n) => n.entry.id), ["002-size"]);
  const r = entry(tooBig, "002-size");
  assert.deepEqual(r.summary[0], { key: "lab.notes.002-size.summaryRefused", vars: { note: "13 × 13" } });
  assert.deepEqual(r.rows.filter((x) => x.kind === "right").map((x) => x.value), [null, null]);
  assert.deepEqual(labNotes(lab({ padMode: "same", stride: 2 })).map((n) => n.entry.id), ["002-size"]);
  assert.deepEqual(labNotes({ ...lab(), status: "error" }).map((n) => n.entry.id), ["002-size"]);
  // Without the engine's answer, every entry but the "why" ones (which need it) applies.
  assert.equal(labNotes(lab()).length, NOTE_ENTRIES.filter((e) => e.kind !== "why").length);
});
