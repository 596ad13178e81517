/**
 * How the notes' panels print numbers and shapes: rounded values, ratios ("×1/4"), shapes
 * ("5 × 5") and tuples ("(5, 5, 3)"). Shared by `lib/notes.js`, `lib/notesWhy.js` and
 * `lib/notesVolume.js`; DOM-free.
 * @module lib/noteFormat
 */

/**
 * A number rounded for display (at most `digits` decimals, no "-0").
 * @param {number} v
 * @param {number} [digits]
 * @returns {number}
 */
export function round(v, digits = 2) {
  const scale = 10 ** digits;
  const r = Math.round(v * scale) / scale;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * A ratio as the pages print it: "×2", "×1/4", "×0.51" (whole numbers and unit fractions exact).
 * @param {number} r
 * @returns {string}
 */
export function ratioLabel(r) {
  if (!Number.isFinite(r)) return "";
  if (r === 0) return "×0";
  if (r >= 1 && Math.abs(r - Math.round(r)) < 1e-9) return `×${Math.round(r)}`;
  const inverse = 1 / r;
  if (r < 1 && Math.abs(inverse - Math.round(inverse)) < 1e-9) return `×1/${Math.round(inverse)}`;
  return `×${Number(r.toPrecision(r < 0.1 ? 2 : 3))}`;
}

/**
 * A shape as the notes print it: "5 × 5".
 * @param {number[]} shape
 * @returns {string}
 */
export const times = (shape) => shape.join(" × ");

/**
 * A shape as a tuple: "(5, 5, 3)".
 * @param {number[]} shape
 * @returns {string}
 */
export const tuple = (shape) => `(${shape.join(", ")})`;
