/**
 * The learners' study notes (`../shared/notes/000..004`), checked against the engine.
 *
 * Each entry quotes one claim of a note in its own Korean words with an English gloss, names
 * the interface text that says what is wrong with it (or answers its question), and computes
 * the numbers the lab shows beside it from the lab's current settings: the note's version and
 * the right one filled in with the same numbers, and the engine's answer (the lab's trace,
 * costs and pooled shapes) where the page has it. DOM-free and language-free: results carry
 * i18n keys with their values; `views/labNotesView.js` renders them.
 *
 * Here: the output-size claims (notes 001 and 002) and the table of every entry. The claims
 * about channels, kernels and dimensions are checked in `lib/notesChannels.js`, note 003's
 * swapped indices in `lib/notesIndices.js`, on what `lib/noteState.js` reads from the lab's
 * state. Formatting helpers live in `lib/noteFormat.js`, the right claims with their reason
 * in `lib/notesWhy.js`, and `/maps`' answer to note 001's question in `lib/notesVolume.js`.
 * @module lib/notes
 */
import { axisSize, padsFor } from "./labGeometry.js";
import { prod } from "./labSteps.js";
import { ratioLabel, round, times } from "./noteFormat.js";
import { AXES, engineRow, labAxes, outShape, refused } from "./noteState.js";
import { colourIs2d, deepKernelIs2d, hyperparameters, kernelCount } from "./notesChannels.js";
import { swappedIndices } from "./notesIndices.js";
import { WHY_ENTRIES } from "./notesWhy.js";

/**
 * @typedef {object} NoteText
 * @property {string} key an i18n key
 * @property {Record<string, number|string>} [vars] its placeholders' values
 */

/**
 * @typedef {object} NoteRow
 * @property {string} kind "note" (the note's version), "right", "engine" or "info"
 * @property {NoteText} [label] what the row is (default: by kind)
 * @property {string} [formula] language-neutral formula with the numbers filled in
 * @property {number|string|null} [value] its value; null: none (see `pending`); absent: no value
 * @property {string} [ratio] a ratio shown after the value ("×2")
 * @property {boolean} [pending] value null because the engine's answer is on its way
 * @property {boolean} [wrong] the value disagrees with the engine's (or the right one)
 */

/**
 * @typedef {object} NoteResult
 * @property {NoteText[]} summary the one-line verdict with the numbers (shown when closed)
 * @property {NoteText[]} explain what is wrong, or the answer, in sentences
 * @property {NoteRow[]} rows the numbers side by side
 * @property {{key: string, knobs: object}|null} action settings that show the point best
 */

/**
 * @typedef {object} NoteEntry
 * @property {string} id stable id, also the i18n key stem `lab.notes.<id>.*`
 * @property {string} note the note's number ("000".."004")
 * @property {string} kind "mistake", "question" or "why" (a right claim, its reason shown)
 * @property {string} quote the note's words (Korean), formulas written out in plain text
 * @property {string} gloss the quote in English
 * @property {(s: object) => (NoteResult|null)} compute the numbers for a lab state
 *   (`dim, size, cin, cout, k, stride, padMode, pad, dilation, flip, input, kernel, bias`, and
 *   the engine's `trace`, `costs`, `notesPool`, `status`, `done`); null: not applicable
 */

/**
 * Note 002's output size, (W1 + F + 2P) / S + 1, as written (not floored).
 * @param {number} w W1
 * @param {number} f F
 * @param {number} p2 2P (all the padding of the axis)
 * @param {number} s S
 * @returns {number}
 */
export function noteOutputSize(w, f, p2, s) {
  return (w + f + p2) / s + 1;
}

function padText(ax) {
  return ax.lo === ax.hi ? `2·${ax.lo}` : `${ax.lo} + ${ax.hi}`;
}

/** 002: W2 = (W1 + F + 2P) / S + 1. */
function outputSize(s) {
  const axes = labAxes(s);
  const names = AXES[s.dim];
  const notes = axes.map((ax) => noteOutputSize(ax.size, ax.eff, ax.lo + ax.hi, ax.stride));
  const rights = axes.map((ax) => (ax.ok ? ax.out : 0));
  const engine = s.trace ? s.trace.outShape : null;
  const rows = [
    ...axes.map((ax, a) => ({ kind: "note", formula: `${names[a]}₂ = (${ax.size} + ${ax.eff} + ${padText(ax)}) / ${ax.stride} + 1`,
      value: round(notes[a]), wrong: notes[a] !== rights[a] })),
    ...axes.map((ax, a) => ({ kind: "right", formula: `${names[a]}₂ = ⌊(${ax.size} − ${ax.eff} + ${padText(ax)}) / ${ax.stride}⌋ + 1`,
      value: ax.ok ? ax.out : null })),
    engineRow(s, engine ? times(engine) : null),
  ];
  const explain = [{ key: "lab.notes.002-size.wrong", vars: {
    exampleNote: noteOutputSize(6, 3, 0, 1), exampleRight: axisSize(6, [0, 0], 3, 1, 1).out } }];
  if (s.dilation > 1) explain.push({ key: "lab.notes.002-size.dilated", vars: { d: s.dilation, k: s.k, f: axes[0].eff } });
  const note = times(notes.map((v) => round(v)));
  let summary = { key: "lab.notes.002-size.summaryFormula", vars: { note, right: times(rights) } };
  if (engine) summary = { key: "lab.notes.002-size.summary", vars: { note, engine: times(engine) } };
  else if (refused(s)) summary = { key: "lab.notes.002-size.summaryRefused", vars: { note } };
  return {
    summary: [summary],
    explain,
    rows,
    action: null,
  };
}

/** 002: a 1-D or 2-D convolution's output keeps the input's size. */
function keepsSize(s) {
  if (s.dim === 3) return null;
  const out = outShape(s);
  const kept = out.every((o, a) => o === s.size[a]);
  const [lo, hi] = padsFor("same", 0, s.k, s.dilation);
  const names = AXES[s.dim].join(", ");
  const vars = { input: times(s.size), output: times(out) };
  return {
    summary: [{ key: kept ? "lab.notes.002-keeps.kept" : "lab.notes.002-keeps.changed", vars }],
    explain: [{ key: "lab.notes.002-keeps.wrong", vars: { total: lo + hi, lo, hi } }],
    rows: [
      { kind: "note", formula: `(${names}) → (${names})`, value: times(s.size), wrong: !kept },
      engineRow(s, s.trace ? times(s.trace.outShape) : null),
    ],
    action: kept ? null : { key: "lab.notes.try.same", knobs: { padMode: "same", stride: 1 } },
  };
}

/** 001: a convolution layer keeps the resolution and increases the channels. */
function convRole(s) {
  const out = outShape(s);
  const same = out.every((o, a) => o === s.size[a]);
  const res = same ? "kept" : prod(out) < prod(s.size) ? "shrinks" : "grows";
  const vars = { input: times(s.size), output: times(out), cin: s.cin, cout: s.cout };
  return {
    summary: [{ key: `lab.notes.001-conv.${res}`, vars }],
    explain: [{ key: "lab.notes.001-conv.wrong" }],
    rows: [
      { kind: "note", formula: `${times(s.size)} × ${s.cin} → ${times(s.size)} × C (C > ${s.cin})`,
        wrong: !same || s.cout <= s.cin },
      engineRow(s, s.trace ? `${times(s.size)} × ${s.cin} → ${times(s.trace.outShape)} × ${s.cout}` : null),
    ],
    action: null,
  };
}

/** The `POST /api/v1/shapes` layer the lab adds after its convolution for note 001's question. */
export const POOL_2X2 = { type: "pool", kind: "max", kernel_size: 2 };

/**
 * The shapes request for note 001's question: the lab's convolution followed by a 2 x 2
 * max pooling with stride 2, or null when there is no such pooling (not 2-D, or an output
 * smaller than 2 x 2).
 * @param {object} convShapes the lab's `POST /api/v1/shapes` body of its convolution
 * @param {number} dim the lab's dimension
 * @param {number[]} out the convolution's output (*O)
 * @returns {object|null}
 */
export function pooledShapesBody(convShapes, dim, out) {
  if (dim !== 2 || !convShapes || out.length !== 2 || out.some((o) => o < 2)) return null;
  return { ...convShapes, layers: [...convShapes.layers, POOL_2X2] };
}

/** 001's question: doubling the channels, then 2 x 2 pooling, halves the information volume. */
function volumeQuestion(s) {
  if (s.dim !== 2) return null;
  const [h, w] = s.size;
  const [oh, ow] = outShape(s);
  const v0 = s.cin * h * w;
  const v1 = s.cout * oh * ow;
  const noteRow = { kind: "note", label: { key: "lab.notes.001-volume.noteCase" },
    formula: "H·W·C → H·W·2C (×2) → H/2·W/2·2C (×1/4)", value: "×1/2" };
  const action = { key: "lab.notes.try.note001", knobs: { cin: 1, cout: 2, padMode: "same", stride: 1, size: [8, 8] } };
  if (oh < 2 || ow < 2) {
    return { summary: [{ key: "lab.notes.001-volume.tooSmall", vars: { oh, ow } }],
      explain: [{ key: "lab.notes.001-volume.answer" }], rows: [noteRow], action };
  }
  const ph = Math.floor(oh / 2);
  const pw = Math.floor(ow / 2);
  const v2 = s.cout * ph * pw;
  const r1 = ratioLabel(v1 / v0);
  const r2 = ratioLabel(v2 / v1);
  const total = ratioLabel(v2 / v0);
  const exact = oh === h && ow === w && s.cout === 2 * s.cin && oh % 2 === 0 && ow % 2 === 0;
  const explain = [{ key: "lab.notes.001-volume.answer" }];
  if (exact) explain.push({ key: "lab.notes.001-volume.exact" });
  if (oh !== h || ow !== w) explain.push({ key: "lab.notes.001-volume.sizeChanged", vars: { h, w, oh, ow } });
  if (s.cout !== 2 * s.cin) explain.push({ key: "lab.notes.001-volume.channels", vars: { cin: s.cin, cout: s.cout, r: ratioLabel(s.cout / s.cin) } });
  if (oh % 2 || ow % 2) explain.push({ key: "lab.notes.001-volume.odd", vars: { oh, ow, ph, pw } });
  const pool = s.notesPool;
  return {
    summary: [{ key: "lab.notes.001-volume.summary", vars: { v0, v1, v2, r1, r2, total } }],
    explain,
    rows: [
      noteRow,
      { kind: "info", label: { key: "lab.notes.001-volume.in" }, formula: `${h} × ${w} × ${s.cin}`, value: v0 },
      { kind: "info", label: { key: "lab.notes.001-volume.conv" }, formula: `${oh} × ${ow} × ${s.cout}`, value: v1, ratio: r1 },
      { kind: "info", label: { key: "lab.notes.001-volume.pool" }, formula: `${ph} × ${pw} × ${s.cout}`, value: v2, ratio: r2 },
      { kind: "right", label: { key: "lab.notes.001-volume.total" }, formula: `${r1} · ${r2}`, value: total },
      engineRow(s, pool ? `${pool.conv} → ${pool.pool}` : null, { key: "lab.notes.001-volume.engine" }),
    ],
    action: exact ? null : action,
  };
}

/** Every entry the lab shows, in the order of its panel. */
export const NOTE_ENTRIES = [
  {
    id: "002-size", note: "002", kind: "mistake",
    quote: "하이퍼 파라미터 — 필터 개수 : K · 필터 크기 : F · 스트라이드 : S · 패딩 : P\n"
      + "출력 데이터 — W_2 = (W_1+F+2P)/S+1 · H_2=(H_1+F+2P)/S+1 · D_2= K",
    gloss: "Hyperparameters: number of filters K, filter size F, stride S, padding P. "
      + "Output: W2 = (W1 + F + 2P)/S + 1, H2 = (H1 + F + 2P)/S + 1, D2 = K.",
    compute: outputSize,
  },
  {
    id: "002-keeps", note: "002", kind: "mistake",
    quote: "1D 합성곱은 필터가 시간을 축으로 좌우만 이동할 수 있는 합성곱입니다. 따라서 입력과 필터에 대한 출력은 W가 됩니다.\n"
      + "2D합성곱은 필터가 다음그림과 같이 방향 두개로 움직이는 형태입니다. 즉 입력(W,H)과 필터(k,k)에 대한 출력은 (W,H)가 되며, "
      + "출력 형태는 2d행렬이 됩니다.",
    gloss: "A 1-D convolution is one whose filter can only move left and right along the time axis. So for an input and "
      + "a filter the output is W. A 2-D convolution is one whose filter moves in two directions, as in the figure. That is, "
      + "for an input (W, H) and a filter (k, k) the output is (W, H), and it is a 2-D matrix.",
    compute: keepsSize,
  },
  {
    id: "001-conv", note: "001", kind: "mistake",
    quote: "Convolution layer는 이미지의 해상도를 유지하면서 채널 수를 늘리는 역할 수행",
    gloss: "The convolution layer keeps the image's resolution while increasing the number of channels.",
    compute: convRole,
  },
  {
    id: "001-volume", note: "001", kind: "question",
    quote: "합성곱 계층이 채널 수를 2배 늘리면 정보량도 2배 증가 but, 이어지는 풀링 계층 stride가 2 x 2로 이미지 크기를 줄여준다면 "
      + "정보량은 1/4, 이는 처음 정보량의 절반 (why? stride가 2 by 2라?)\n해당 부분 조큼 어려워요 설명 가능 하신분?",
    gloss: "If the convolution layer doubles the channels, the information volume doubles too; but if the following pooling "
      + "layer shrinks the image with a 2 x 2 stride, the volume becomes 1/4, which is half of the original (why? because "
      + "the stride is 2 by 2?). This part is a bit hard; can anyone explain?",
    compute: volumeQuestion,
  },
  {
    id: "004-channels", note: "004", kind: "mistake",
    quote: "만약, 입력 커널의 수가 C개면 다음과 같다.\n입력 크기를(H,W,C), 커널 크기를(K(H), K(W), C)라 하고 커널의 수를 C개라 하면 "
      + "출력의 크기는 (O(H), O(W), C)이다.",
    gloss: "If the number of input kernels is C, it goes as follows. Let the input be (H, W, C), the kernel (K_H, K_W, C) and "
      + "the number of kernels C: the output is (O_H, O_W, C).",
    compute: kernelCount,
  },
  {
    id: "004-hyper", note: "004", kind: "mistake",
    quote: "모든 i에 대하여 적용되는 커널은 V로 같고 커널의 사이즈만큼 x상에서 이동하며 적용이 된다.\n"
      + "Neural Network와는 다르게 필요한 hyper parameter의 수가 적은 것을 확인 할 수 있다.(효율적)",
    gloss: "The kernel applied for every i is the same V, moved over x. Unlike a (fully connected) neural network, "
      + "it needs only a few hyperparameters (efficient).",
    compute: hyperparameters,
  },
  {
    id: "000-colour", note: "000", kind: "mistake",
    quote: "데이터의 성격에 따라 사용하는 커널이 다름\n음성이나 텍스트는 1D, 흑백영상은 2D, 컬러영상은 3D..",
    gloss: "The kernel used depends on the data: speech or text 1-D, greyscale images 2-D, colour images 3-D.",
    compute: colourIs2d,
  },
  {
    id: "004-3d", note: "004", kind: "mistake",
    quote: "3 demension상에서의 Convolution연산 과정\n입력 크기를(C,H,W), 커널 크기를(C, K(H), K(W))라 하였을 때 "
      + "출력의 크기는 (1,O(H), O(W))이다.",
    gloss: "Convolution in 3 dimensions: if the input is (C, H, W) and the kernel (C, K_H, K_W), the output is (1, O_H, O_W).",
    compute: deepKernelIs2d,
  },
  {
    id: "003-indices", note: "003", kind: "mistake",
    quote: "딥러닝에서 합성곱 신경망은 입력값 I 에 대해서 필터 F 를 적용하게 되는데, 교차상관을 적용합니다.\n"
      + "S(x,y) = Σ_{i=-N}^{N} Σ_{j=-N}^{N} I(i,j) F(x+i, y+j)",
    gloss: "In deep learning a convolutional network applies a filter F to the input I, and it applies cross-correlation: "
      + "S(x, y) = Σ_{i=−N..N} Σ_{j=−N..N} I(i, j) F(x + i, y + j).",
    compute: swappedIndices,
  },
  ...WHY_ENTRIES,
];

/** The entry that still speaks when the settings give no output: the note's formula gives one. */
const WHEN_REFUSED = "002-size";

/**
 * The entries that apply to a lab state, each with its numbers. Settings the engine refuses
 * leave only the output-size formula (whose +F version still claims a size).
 * @param {object} s lab state
 * @returns {{entry: NoteEntry, result: NoteResult}[]}
 */
export function labNotes(s) {
  const none = refused(s);
  return NOTE_ENTRIES.filter((entry) => !none || entry.id === WHEN_REFUSED)
    .map((entry) => ({ entry, result: entry.compute(s) })).filter((n) => n.result !== null);
}

/** Note 001's question as the maps page quotes it (the same words as the lab's entry). */
export const VOLUME_NOTE = NOTE_ENTRIES.find((e) => e.id === "001-volume");
