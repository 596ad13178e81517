/**
 * The notes' claims about channels, kernels and dimensions, checked against the engine:
 * 004's C kernels giving C channels and its "few hyperparameters", 000's colour images as 3-D
 * convolution, and 004's (C, K, K) kernel called 3-D. Each check gives a `NoteResult` (see
 * `lib/notes.js`, which lists them). DOM-free and language-free.
 * @module lib/notesChannels
 */
import { axisSize, padsFor } from "./labGeometry.js";
import { prod } from "./labSteps.js";
import { tuple } from "./noteFormat.js";
import { AXES, engineRow, labAxes, outShape } from "./noteState.js";

/** 004: C kernels give (O_H, O_W, C). */
export function kernelCount(s) {
  const out = outShape(s);
  const names = AXES[s.dim].map((n) => `O_${n}`).join(", ");
  const note = tuple([...out, s.cin]);
  const engine = s.trace ? tuple([...s.trace.outShape, s.cout]) : null;
  const same = s.cin === s.cout;
  return {
    summary: [same
      ? { key: "lab.notes.004-channels.same", vars: { cin: s.cin, engine: engine ?? tuple([...out, s.cout]) } }
      : { key: "lab.notes.004-channels.summary", vars: { cin: s.cin, cout: s.cout, note, engine: engine ?? tuple([...out, s.cout]) } }],
    explain: [{ key: "lab.notes.004-channels.wrong" }],
    rows: [
      { kind: "note", formula: `(${names}, C = C_in)`, value: note, wrong: !same },
      { kind: "right", formula: `(${names}, C_out)`, value: tuple([...out, s.cout]) },
      engineRow(s, engine, null, { formula: `(${names}, C_out)` }),
    ],
    action: same ? { key: "lab.notes.try.rgbOne", knobs: { cin: 3, cout: 1 } } : null,
  };
}

/** 004: convolution needs few hyperparameters (it is parameters). */
export function hyperparameters(s) {
  const out = outShape(s);
  const kk = new Array(s.dim).fill(s.k).join("×");
  const params = s.cout * (s.cin * s.k ** s.dim + 1);
  const volumeIn = s.cin * prod(s.size);
  const volumeOut = s.cout * prod(out);
  const dense = (volumeIn + 1) * volumeOut;
  const pad = s.padMode === "number" ? String(s.pad) : s.padMode;
  const hyper = `K = ${s.k}, S = ${s.stride}, P = ${pad}, D = ${s.dilation}, C_out = ${s.cout}`;
  return {
    summary: [{ key: "lab.notes.004-hyper.summary", vars: { params, dense, hyper } }],
    explain: [{ key: "lab.notes.004-hyper.wrong" }],
    rows: [
      { kind: "right", label: { key: "lab.notes.004-hyper.params" }, formula: `${s.cout} × (${s.cin} × ${kk} + 1)`, value: params },
      { kind: "info", label: { key: "lab.notes.004-hyper.dense" }, formula: `(${volumeIn} + 1) × ${volumeOut}`, value: dense },
      { kind: "info", label: { key: "lab.notes.004-hyper.hyper" }, formula: hyper },
      engineRow(s, s.costs ? s.costs.convParams : null, { key: "lab.notes.004-hyper.engine" }),
    ],
    action: null,
  };
}

/**
 * The shapes of one RGB image (3, H, W) under a 2-D convolution over its 3 channels and under
 * a 3-D convolution that takes the colours as depth, with the lab's K, S, padding and D.
 * @param {object} s lab state (dim 2 or 3: H and W are its last two axes)
 * @returns {{h: number, w: number, oh: number, ow: number, od: number, conv2d: object, conv3d: object}}
 */
export function rgbShapes(s) {
  const axes = labAxes(s);
  const [h, w] = s.size.slice(-2);
  const [oh, ow] = axes.slice(-2).map((ax) => ax.out);
  const depth = axisSize(3, padsFor(s.padMode, s.pad, s.k, s.dilation), s.k, s.stride, s.dilation);
  const od = depth.out;
  return {
    h, w, oh, ow, od,
    conv2d: { input: [3, h, w], weight: [s.cout, 3, s.k, s.k], output: [s.cout, oh, ow] },
    conv3d: { input: [1, 3, h, w], weight: [s.cout, 1, s.k, s.k, s.k], output: od ? [s.cout, od, oh, ow] : null },
  };
}

/** 000: colour images use 3-D convolution. */
export function colourIs2d(s) {
  if (s.dim === 1) return null;
  const r = rgbShapes(s);
  const vars = { h: r.h, w: r.w, k: s.k, out2: tuple(r.conv2d.output), out3: r.conv3d.output ? tuple(r.conv3d.output) : "" };
  const key = r.od === 0 ? "lab.notes.000-colour.noDepth" : r.od === 1 ? "lab.notes.000-colour.depth1" : "lab.notes.000-colour.summary";
  const rows = [
    { kind: "right", label: { key: "lab.notes.000-colour.rgb2d" },
      formula: `${tuple(r.conv2d.input)} ∗ ${tuple(r.conv2d.weight)} →`, value: tuple(r.conv2d.output) },
    { kind: "info", label: { key: "lab.notes.000-colour.rgb3d" },
      formula: `${tuple(r.conv3d.input)} ∗ ${tuple(r.conv3d.weight)} →`, value: r.conv3d.output ? tuple(r.conv3d.output) : null },
  ];
  const rgbNow = s.dim === 2 && s.cin === 3;
  if (rgbNow) {
    rows.push(engineRow(s, s.trace ? tuple([s.cout, ...s.trace.outShape]) : null, { key: "lab.notes.000-colour.engine2d" }));
  } else if (s.dim === 3) {
    rows.push(engineRow(s, s.trace ? tuple([s.cout, ...s.trace.outShape]) : null,
      { key: "lab.notes.000-colour.engine3d", vars: { shape: tuple([s.cin, ...s.size]) } }));
  }
  return {
    summary: [{ key, vars }],
    explain: [{ key: "lab.notes.000-colour.wrong" }],
    rows,
    action: rgbNow ? null : { key: "lab.notes.try.rgb", knobs: { dim: 2, cin: 3 } },
  };
}

/** 004: a (C, K, K) kernel on a (C, H, W) input giving (1, O_H, O_W) is called 3-D. */
export function deepKernelIs2d(s) {
  if (s.dim !== 2) return null;
  const [h, w] = s.size;
  const out = outShape(s);
  const vars = { cin: s.cin, k: s.k, h, w, out: tuple([1, ...out]) };
  return {
    summary: [{ key: "lab.notes.004-3d.summary", vars }],
    explain: [{ key: "lab.notes.004-3d.wrong" }],
    rows: [
      { kind: "note", formula: `(C, H, W) = ${tuple([s.cin, h, w])}, (C, K_H, K_W) = ${tuple([s.cin, s.k, s.k])} →`,
        value: tuple([1, ...out]) },
      engineRow(s, s.trace ? tuple([1, ...s.trace.outShape]) : null, { key: "lab.notes.004-3d.engine" },
        { formula: `conv2d, weight ${tuple([1, s.cin, s.k, s.k])} →` }),
    ],
    action: null,
  };
}
