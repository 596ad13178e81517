/**
 * The notes' "why" claims that are right, shown with the convolution lab's numbers: the lab
 * agrees with the note and shows the reason at work. Same entry shape as `lib/notes.js`
 * (kind "why"); DOM-free and language-free.
 *
 * - 000: convolution without the activation is a linear map: conv(a·x + b·y) = a·conv(x) +
 *   b·conv(y), checked on the engine's answers for the lab's input x and a second input y (x
 *   read backwards); with a bias the map is affine and the difference is exactly (a + b − 1)·bias.
 * - 001: fully connected layers come after the convolutions: the layer's C_out × H × W output is
 *   flattened into one vector, the dense layer's weights see every position at once, and no H
 *   or W is left for a convolution to slide over.
 * @module lib/notesWhy
 */

/** The two coefficients of the linear combination (a + b ≠ 1, so a bias shows). */
export const LINEAR_A = 2;
export const LINEAR_B = 1;

import { prod, stepOutput } from "./labSteps.js";
import { round, times } from "./noteFormat.js";

/**
 * The second input of the linearity check and the combination the engine convolves.
 * @param {number[]} input the lab's x (C_in * prod(S),)
 * @returns {{y: number[], combo: number[]}} y = x read backwards, combo = a·x + b·y
 */
export function linearInputs(input) {
  const y = input.slice().reverse();
  return { y, combo: input.map((v, i) => LINEAR_A * v + LINEAR_B * y[i]) };
}

/**
 * The numbers of the linearity check at one output cell (the current step's, else the first).
 * @param {{x: number[], y: number[], combo: number[]}} outputs the engine's outputs (C_out * prod(O),)
 *   for x, y and a·x + b·y
 * @param {number} bias the cell's channel's bias
 * @param {number} cell flat index into the outputs
 * @returns {{left: number, right: number, gap: number, expected: number}}
 */
export function linearCheck(outputs, bias, cell) {
  const left = outputs.combo[cell];
  const right = LINEAR_A * outputs.x[cell] + LINEAR_B * outputs.y[cell];
  return { left, right, gap: left - right, expected: -(LINEAR_A + LINEAR_B - 1) * bias };
}

/** 000: convolution without its activation is linear. */
function linear(s) {
  const tr = s.trace;
  if (!tr) return null;
  const current = s.done > 0 && s.done <= tr.steps ? s.done - 1 : 0;
  const { channel, flat } = stepOutput(tr, current);
  const cell = channel * prod(tr.outShape) + flat;
  const bias = s.bias[channel] ?? 0;
  const have = s.linear && s.linear.x.length > cell;
  const check = have ? linearCheck(s.linear, bias, cell) : null;
  const affine = Math.abs(bias) > 0;
  const vars = { a: LINEAR_A, b: LINEAR_B, bias: round(bias), gap: round(-(LINEAR_A + LINEAR_B - 1) * bias) };
  const rows = [
    { kind: "engine", label: { key: "lab.notes.000-linear.combo", vars }, formula: `conv(${LINEAR_A}·x + ${LINEAR_B}·y)`,
      value: check ? round(check.left) : null, pending: !check },
    { kind: "right", label: { key: "lab.notes.000-linear.sum", vars }, formula: `${LINEAR_A}·conv(x) + ${LINEAR_B}·conv(y)`,
      value: check ? round(check.right) : null, pending: !check },
  ];
  if (affine) {
    rows.push({ kind: "info", label: { key: "lab.notes.000-linear.gap", vars },
      formula: `−(${LINEAR_A} + ${LINEAR_B} − 1)·${round(bias)}`, value: check ? round(check.gap) : null, pending: !check });
  }
  return {
    summary: [{ key: affine ? "lab.notes.000-linear.summaryBias" : "lab.notes.000-linear.summary", vars }],
    explain: [{ key: "lab.notes.000-linear.why", vars }, ...(affine ? [{ key: "lab.notes.000-linear.bias", vars }] : [])],
    rows,
    action: null,
  };
}

/** 001: fully connected layers come after the convolution and pooling layers. */
function denseLast(s) {
  const tr = s.trace;
  if (!tr) return null;
  const out = [tr.cout, ...tr.outShape];
  const n = prod(out);
  const classes = 10;
  const vars = { shape: times(out), n, classes, params: n * classes + classes };
  return {
    summary: [{ key: "lab.notes.001-dense.summary", vars }],
    explain: [{ key: "lab.notes.001-dense.why", vars }],
    rows: [
      { kind: "engine", label: { key: "lab.notes.001-dense.maps" }, value: times(out) },
      { kind: "info", label: { key: "lab.notes.001-dense.flat" }, formula: times(out), value: n },
      { kind: "info", label: { key: "lab.notes.001-dense.dense", vars }, formula: `${n} × ${classes} + ${classes}`,
        value: n * classes + classes },
    ],
    action: null,
  };
}

/** The "why" entries, in the order of the notes panel (after the mistakes). */
export const WHY_ENTRIES = [
  {
    id: "000-linear", note: "000", kind: "why",
    quote: "활성화 함수를 제외한 Convolution 연산도 선형변환의 한 종류",
    gloss: "The convolution operation, leaving out the activation function, is a kind of linear transformation too.",
    compute: linear,
  },
  {
    id: "001-dense", note: "001", kind: "why",
    quote: "완전 연결 계층은 합성곱이나 풀링 계층들 뒤에 배치하는 것이 보통\n"
      + "완전 연결 계층 후에 합성곱이나 풀링 계층을 두는 것은 개념적으로 어울리지 않고 기술적으로도 번거로움",
    gloss: "Fully connected layers usually go after the convolution or pooling layers. Putting convolution or pooling "
      + "layers after a fully connected layer does not fit conceptually and is awkward technically.",
    compute: denseLast,
  },
];
