/**
 * The transposed-convolution mode's requests and the engine's stamp trace read for drawing:
 * the bodies of `POST /api/v1/conv_transpose` (with the trace) and of `POST /api/v1/conv/backward`
 * (the forward convolution's input gradient, for the same numbers), and per step the stamp,
 * where it lands, what the padding crops and the output so far. Only indexing: every value
 * comes from the engine. DOM-free.
 * @module lib/transposeLabTrace
 */
import { flatten } from "./labSteps.js";

/**
 * The knobs as the engine's arguments.
 * @param {object} state
 * @returns {{stride: number, padding: number, dilation: number}}
 */
function shared(state) {
  return { stride: state.stride, padding: state.padding, dilation: state.dilation };
}

/**
 * `POST /api/v1/conv_transpose` for the state: a bare (H, W) input and a bare (K, K) kernel.
 * @param {object} state
 * @returns {object}
 */
export function transposeBody(state) {
  return {
    input: { shape: [state.rows, state.cols], data: state.input },
    weight: { shape: [state.k, state.k], data: state.kernel },
    ...shared(state), output_padding: state.outputPadding, encoding: "list", trace: true,
  };
}

/**
 * `POST /api/v1/conv/backward` of the convolution this transposed convolution is the gradient
 * of: the same kernel, stride, padding and dilation, applied to an input of the transposed
 * output's size (its values do not matter for dL/dx: zeros), with dL/dy = the transposed
 * convolution's input.
 * @param {object} state
 * @param {number[]} outShape [O_H, O_W] of the transposed convolution
 * @returns {object}
 */
export function backwardBody(state, outShape) {
  return {
    grad_output: { shape: [state.rows, state.cols], data: state.input },
    input: { shape: outShape, data: new Array(outShape[0] * outShape[1]).fill(0) },
    weight: { shape: [state.k, state.k], data: state.kernel },
    ...shared(state), encoding: "list",
  };
}

/**
 * @typedef {object} Stamps the engine's trace, flat per step
 * @property {number} steps one per input cell
 * @property {number[]} outShape [O_H, O_W]
 * @property {number[]} output (O_H * O_W,) the engine's answer
 * @property {number[]} canvas [F_H, F_W] the uncropped extent
 * @property {number[]} pads [P_H, P_W]
 * @property {number[][]} cells (S, 2) the input cell of each step
 * @property {number[][]} origin (S, 2) where the first tap lands, output coordinates
 * @property {number[][]} taps (T, 2) tap offsets
 * @property {number[]} value (S,) the input cell's value
 * @property {number[][]} stamp (S, T) the scaled kernel
 * @property {boolean[][]} kept (S, T) whether each tap lands in the output
 * @property {number[][]} partial (S, O_H * O_W) the output after each step
 */

/**
 * Read a `conv_transpose` answer (one sample, one channel in and out).
 * @param {{output: {shape: number[], data: number[]}, trace: object}} answer
 * @returns {Stamps}
 */
export function prepareStamps(answer) {
  const tr = answer.trace;
  const steps = tr.value.length;
  const outShape = answer.output.shape.slice(-2);
  const taps = tr.taps;
  const stamp = [];
  const kept = [];
  const partial = [];
  for (let s = 0; s < steps; s += 1) {
    stamp.push(flatten(tr.stamp[s]));
    kept.push(tr.kept[s].flat(Infinity));
    partial.push(flatten(tr.partial[s]));
  }
  return {
    steps, outShape, output: flatten(answer.output.data), canvas: tr.canvas, pads: tr.padding,
    cells: tr.index.map((row) => row.slice(2)), origin: tr.origin, taps, value: tr.value, stamp,
    kept, partial,
  };
}

/**
 * The output shown after `done` stamps: the engine's partial sum, or zeros before the first.
 * @param {Stamps} st
 * @param {number} done 0..steps
 * @returns {number[]} (O_H * O_W,)
 */
export function outputAfter(st, done) {
  if (done <= 0) return new Array(st.outShape[0] * st.outShape[1]).fill(0);
  return st.partial[Math.min(done, st.steps) - 1];
}

/**
 * What step `n` (0-based) does, for the sentence under the grids.
 * @param {Stamps} st
 * @param {number} n
 * @returns {{cell: number[], value: number, rows: number[], cols: number[], kept: number, cropped: number}}
 *   the input cell, its value, the output rows and columns its stamp spans (first, last),
 *   how many taps land in the output and how many the padding crops
 */
export function stepSummary(st, n) {
  const [r0, c0] = st.origin[n];
  const last = st.taps[st.taps.length - 1];
  const kept = st.kept[n].filter(Boolean).length;
  return { cell: st.cells[n], value: st.value[n], rows: [r0, r0 + last[0]], cols: [c0, c0 + last[1]],
    kept, cropped: st.kept[n].length - kept };
}

/**
 * Compare the transposed convolution's output with the convolution's input gradient.
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @returns {{same: boolean, maxDiff: number}} same: equal shapes and every pair within 1e-9
 *   relative; maxDiff the largest absolute difference (Infinity when the lengths differ)
 */
export function compareOutputs(a, b) {
  if (!a || !b || a.length !== b.length) return { same: false, maxDiff: Infinity };
  let maxDiff = 0;
  let same = true;
  for (let i = 0; i < a.length; i += 1) {
    const diff = Math.abs(a[i] - b[i]);
    maxDiff = Math.max(maxDiff, diff);
    if (diff > 1e-9 * Math.max(1, Math.abs(a[i]), Math.abs(b[i]))) same = false;
  }
  return { same, maxDiff };
}
