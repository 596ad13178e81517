/**
 * Output-size arithmetic of the convolution lab, for display only: the formula
 * O = floor((H + P_lo + P_hi - D(K-1) - 1) / S) + 1 with its numbers, the padding each
 * mode means, and which padded rows a stride never visits. The engine computes the
 * convolution itself; these numbers explain its answer (and its refusals).
 * @module lib/labGeometry
 */

/** Padding choices of the lab: a number the learner sets, or one of three names. */
export const PAD_MODES = ["number", "valid", "same", "full"];

/**
 * The span of a dilated kernel: D(K-1)+1 cells.
 * @param {number} k kernel size along one axis
 * @param {number} d dilation
 * @returns {number}
 */
export function effectiveKernel(k, d) {
  return d * (k - 1) + 1;
}

/**
 * Padding `[lo, hi]` of one axis for a padding choice. "same" puts the odd cell on the high
 * side (as the engine and PyTorch do); "full" pads K_eff - 1 on both sides.
 * @param {string} mode one of PAD_MODES
 * @param {number} pad the learner's number (mode "number")
 * @param {number} k kernel size
 * @param {number} d dilation
 * @returns {number[]} [lo, hi]
 */
export function padsFor(mode, pad, k, d) {
  if (mode === "valid") return [0, 0];
  if (mode === "full") return [effectiveKernel(k, d) - 1, effectiveKernel(k, d) - 1];
  if (mode === "same") {
    const total = d * (k - 1);
    const lo = Math.floor(total / 2);
    return [lo, total - lo];
  }
  return [pad, pad];
}

/**
 * The `padding` field of a `POST /api/v1/conv` body: "valid" and "same" go as names,
 * "full" as its number, a number as itself.
 * @param {string} mode
 * @param {number} pad
 * @param {number} k
 * @param {number} d
 * @returns {number|string}
 */
export function paddingValue(mode, pad, k, d) {
  if (mode === "valid" || mode === "same") return mode;
  if (mode === "full") return effectiveKernel(k, d) - 1;
  return pad;
}

/**
 * @typedef {object} AxisSize
 * @property {number} size input cells H
 * @property {number} lo padding before
 * @property {number} hi padding after
 * @property {number} padded H + lo + hi
 * @property {number} eff D(K-1)+1
 * @property {number} numerator H + lo + hi - D(K-1) - 1
 * @property {number} stride S
 * @property {number} quotient floor(numerator / S) (meaningless when not ok)
 * @property {number} remainder numerator mod S: cells after the last window
 * @property {number} out the output size (0 when not ok)
 * @property {boolean} ok whether at least one window fits
 */

/**
 * The output-size formula of one axis with every number in it.
 * @param {number} size H
 * @param {number[]} pads [lo, hi]
 * @param {number} k K
 * @param {number} stride S
 * @param {number} dilation D
 * @returns {AxisSize}
 */
export function axisSize(size, pads, k, stride, dilation) {
  const [lo, hi] = pads;
  const eff = effectiveKernel(k, dilation);
  const padded = size + lo + hi;
  const numerator = padded - eff;
  const ok = numerator >= 0 && stride >= 1;
  const quotient = ok ? Math.floor(numerator / stride) : 0;
  return {
    size, lo, hi, padded, eff, numerator, stride, quotient,
    remainder: ok ? numerator - quotient * stride : 0,
    out: ok ? quotient + 1 : 0,
    ok,
  };
}

/**
 * Which padded cells of one axis some window reads: cell `o*S + k*D` for every output
 * `o` and tap `k`. Cells left false are rows (or columns) the stride never visits.
 * @param {number} padded padded length
 * @param {number} out output size
 * @param {number} stride
 * @param {number} k kernel size
 * @param {number} dilation
 * @returns {boolean[]} (padded,)
 */
export function visitedAxis(padded, out, stride, k, dilation) {
  const seen = new Array(padded).fill(false);
  for (let o = 0; o < out; o += 1) {
    for (let t = 0; t < k; t += 1) {
      const i = o * stride + t * dilation;
      if (i < padded) seen[i] = true;
    }
  }
  return seen;
}

/**
 * Why a setting cannot work, as a key of the lab's strings and its numbers, or null.
 * @param {{padMode: string, stride: number}} knobs
 * @param {AxisSize[]} axes
 * @returns {{key: string, vars: object}|null}
 */
export function impossibility(knobs, axes) {
  if (knobs.padMode === "same" && knobs.stride !== 1) {
    return { key: "lab.why.sameStride", vars: { s: knobs.stride } };
  }
  const bad = axes.find((a) => !a.ok);
  if (bad) return { key: "lab.why.tooLarge", vars: { eff: bad.eff, padded: bad.padded } };
  return null;
}
