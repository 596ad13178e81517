/**
 * Small helpers shared by the convolution and pooling backward sections: example numbers
 * from a seed, nested arrays flattened, and numbers written for a grid cell. DOM-free.
 * These choose and show inputs; they compute nothing the engine computes.
 * @module lib/opsNumbers
 */

/**
 * A deterministic stream of numbers in [0, 1) from a seed (mulberry32).
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let a = (seed >>> 0) + 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` whole numbers from `lo` to `hi` (both included), the same for the same seed:
 * example inputs, kernels and output gradients a learner can add up by eye.
 * @param {number} seed
 * @param {number} count
 * @param {number} lo
 * @param {number} hi
 * @param {{nonZero?: boolean}} [options] skip 0 (a zero gradient shows nothing)
 * @returns {number[]} (count,)
 */
export function seededIntegers(seed, count, lo, hi, options = {}) {
  const next = seededRandom(seed);
  const out = [];
  while (out.length < count) {
    const v = lo + Math.floor(next() * (hi - lo + 1));
    if (options.nonZero && v === 0) continue;
    out.push(v);
  }
  return out;
}

/**
 * Every number of a nested array (as the engine's traces send them), row-major.
 * @param {unknown} nested e.g. (S, C, kH, kW) lists
 * @returns {number[]}
 */
export function flatten(nested) {
  return Array.isArray(nested) ? nested.flat(Infinity) : [nested];
}

/**
 * A value as a grid cell shows it: whole numbers as they are, others with at most
 * `digits` decimals, a minus sign that reads as one (U+2212), and no "-0".
 * @param {number|null|undefined} value
 * @param {number} [digits]
 * @returns {string} "" for a missing value
 */
export function cellText(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return "0";
  const text = Number.isInteger(rounded) ? String(Math.abs(rounded))
    : String(Math.abs(rounded)).replace(/^0\./, "0.");
  return rounded < 0 ? `\u2212${text}` : text;
}

/**
 * A factor in a written product: negative numbers in parentheses, "(−1)".
 * @param {number} value
 * @param {number} [digits]
 * @returns {string}
 */
export function factorText(value, digits = 2) {
  const text = cellText(value, digits);
  return text.startsWith("\u2212") ? `(${text})` : text;
}

/**
 * Largest absolute value, for a diverging colour scale symmetric around zero.
 * @param {...ArrayLike<number|null>} lists
 * @returns {number} at least 1e-12, so a scale never divides by zero
 */
export function maxAbs(...lists) {
  let m = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 1) {
      const v = list[i];
      if (v !== null && v !== undefined && Math.abs(v) > m) m = Math.abs(v);
    }
  }
  return Math.max(m, 1e-12);
}

/**
 * Whether two answers hold the same numbers (relative tolerance, for sums taken in a
 * different order by two engine routines).
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @param {number} [tolerance]
 * @returns {boolean}
 */
export function sameNumbers(a, b, tolerance = 1e-9) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    if (Math.abs(a[i] - b[i]) > tolerance * Math.max(1, Math.abs(a[i]), Math.abs(b[i]))) return false;
  }
  return true;
}
