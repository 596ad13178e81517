/**
 * Size arithmetic of the lab's transposed convolution, for display only: the output-size
 * formula O = (H − 1)·S − 2P + D·(K − 1) + output_padding + 1 with its numbers, the forward
 * convolution that maps O back to H (whose input gradient this is), the dilated input (S − 1
 * zeros between the input's cells) and the stamp canvas with its cropped border. The engine
 * computes the values; these numbers place and explain them. DOM-free.
 * @module lib/transposeLabGeometry
 */

/** Bounds of the mode's knobs (a 2-D, one-channel transposed convolution). */
export const LIMITS = { size: 5, k: 4, stride: 3, padding: 3, outputPadding: 2, dilation: 2 };

/**
 * @typedef {object} TransposeAxis
 * @property {number} h input cells H
 * @property {number} k kernel size K
 * @property {number} s stride S
 * @property {number} p padding P (cropped from both ends)
 * @property {number} d dilation D
 * @property {number} op output_padding
 * @property {number} span D·(K − 1) + 1, the cells one stamp covers
 * @property {number} canvas (H − 1)·S + span, the uncropped stamps' extent
 * @property {number} out (H − 1)·S − 2P + D·(K − 1) + output_padding + 1 (may be < 1)
 * @property {boolean} opOk output_padding < max(S, D), PyTorch's rule
 * @property {boolean} ok at least one output cell and a valid output_padding
 */

/**
 * The output size of one axis with every number in the formula.
 * @param {number} h
 * @param {number} k
 * @param {number} s
 * @param {number} p
 * @param {number} d
 * @param {number} op
 * @returns {TransposeAxis}
 */
export function transposeAxis(h, k, s, p, d, op) {
  const span = d * (k - 1) + 1;
  const canvas = (h - 1) * s + span;
  const out = canvas - 2 * p + op;
  const opOk = op < Math.max(s, d);
  return { h, k, s, p, d, op, span, canvas, out, opOk, ok: opOk && out >= 1 };
}

/**
 * @typedef {object} ForwardAxis
 * @property {number} size the forward convolution's input, O
 * @property {number} numerator O + 2P − D·(K − 1) − 1
 * @property {number} quotient floor(numerator / S)
 * @property {number} remainder numerator mod S: the sizes O − r … O + S − 1 − r all map to the same H
 * @property {number} out floor(numerator / S) + 1
 * @property {boolean} ok whether a window fits at all
 */

/**
 * The forward convolution with the same K, S, P, D applied to O cells:
 * ⌊(O + 2P − D·(K − 1) − 1) / S⌋ + 1. For a valid transposed convolution with
 * output_padding < S it gives back H.
 * @param {number} o
 * @param {number} k
 * @param {number} s
 * @param {number} p
 * @param {number} d
 * @returns {ForwardAxis}
 */
export function forwardAxis(o, k, s, p, d) {
  const numerator = o + 2 * p - d * (k - 1) - 1;
  const ok = numerator >= 0;
  const quotient = ok ? Math.floor(numerator / s) : 0;
  return { size: o, numerator, quotient, remainder: ok ? numerator - quotient * s : 0,
    out: ok ? quotient + 1 : 0, ok };
}

/**
 * Why a setting cannot run, as a key of the mode's strings and its numbers, or null.
 * The engine refuses these too; this only words the refusal before the answer comes.
 * @param {TransposeAxis[]} axes
 * @returns {{key: string, vars: object}|null}
 */
export function impossibility(axes) {
  const badOp = axes.find((a) => !a.opOk);
  if (badOp) return { key: "transposeLab.why.outputPadding", vars: { op: badOp.op, s: badOp.s, d: badOp.d } };
  const empty = axes.find((a) => a.out < 1);
  if (empty) return { key: "transposeLab.why.empty", vars: { out: empty.out, p: empty.p, canvas: empty.canvas } };
  return null;
}

/**
 * The input with S − 1 zeros between its cells: cell (r, c) sits at (r·S, c·S).
 * @param {number[]} values (rows * cols,) row-major
 * @param {number} rows
 * @param {number} cols
 * @param {number} s stride
 * @returns {{rows: number, cols: number, values: number[], kinds: string[], at: number[]}}
 *   the dilated grid ((rows − 1)·S + 1, (cols − 1)·S + 1) row-major, each cell's kind
 *   ("value" or "inserted"), and where every input cell went (flat dilated index per input cell)
 */
export function dilatedInput(values, rows, cols, s) {
  const dr = (rows - 1) * s + 1;
  const dc = (cols - 1) * s + 1;
  const out = new Array(dr * dc).fill(0);
  const kinds = new Array(dr * dc).fill("inserted");
  const at = [];
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const i = r * s * dc + c * s;
      out[i] = values[r * cols + c];
      kinds[i] = "value";
      at.push(i);
    }
  }
  return { rows: dr, cols: dc, values: out, kinds, at };
}

/**
 * One axis of the stamp canvas as the page draws it: every position the stamps reach, the
 * cropped padding on both ends, and output_padding cells past the last stamp.
 * @param {TransposeAxis} ax
 * @returns {{length: number, kinds: string[], outIndex: number[]}} per canvas position:
 *   kind "crop" (cut by the padding), "out" (an output cell) or "extra" (an output cell no
 *   stamp reaches: output_padding past the canvas), and its output index (−1 when cropped)
 */
export function canvasAxis(ax) {
  const length = Math.max(ax.canvas, ax.p + Math.max(ax.out, 0));
  const kinds = [];
  const outIndex = [];
  for (let c = 0; c < length; c += 1) {
    const o = c - ax.p;
    const inside = o >= 0 && o < ax.out;
    kinds.push(!inside ? "crop" : c >= ax.canvas ? "extra" : "out");
    outIndex.push(inside ? o : -1);
  }
  return { length, kinds, outIndex };
}

/**
 * The 2-D stamp canvas: the product of two axes.
 * @param {TransposeAxis} rowAxis
 * @param {TransposeAxis} colAxis
 * @returns {{rows: number, cols: number, kinds: string[], outIndex: number[]}} row-major; a
 *   cell is "crop" if either axis crops it, "extra" if either axis is past the stamps, else
 *   "out"; outIndex is the flat output index (row-major over (O_H, O_W)) or −1
 */
export function canvasGrid(rowAxis, colAxis) {
  const r = canvasAxis(rowAxis);
  const c = canvasAxis(colAxis);
  const kinds = [];
  const outIndex = [];
  for (let i = 0; i < r.length; i += 1) {
    for (let j = 0; j < c.length; j += 1) {
      const crop = r.kinds[i] === "crop" || c.kinds[j] === "crop";
      kinds.push(crop ? "crop" : r.kinds[i] === "extra" || c.kinds[j] === "extra" ? "extra" : "out");
      outIndex.push(crop ? -1 : r.outIndex[i] * colAxis.out + c.outIndex[j]);
    }
  }
  return { rows: r.length, cols: c.length, kinds, outIndex };
}

/**
 * Where a stamp's taps land on the canvas (flat, row-major), from the engine's trace: the
 * origin i·S − P is in output coordinates, so the canvas position adds P back.
 * @param {number[]} origin [row, col] of the first tap, output coordinates
 * @param {number[][]} taps (T, 2) offsets k·D
 * @param {number[]} pads [P_H, P_W]
 * @param {number} cols the canvas width
 * @returns {number[]} (T,) flat canvas positions
 */
export function stampCanvasCells(origin, taps, pads, cols) {
  return taps.map(([a, b]) => (origin[0] + a + pads[0]) * cols + (origin[1] + b + pads[1]));
}
