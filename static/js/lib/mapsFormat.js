/**
 * Numbers of the maps page as text: shapes, large counts, ratios, times, and the first
 * sentence of a description. DOM-free; the language comes in as an argument.
 * @module lib/mapsFormat
 */

/**
 * A shape as "16 × 224 × 224".
 * @param {number[]} shape
 * @returns {string}
 */
export function shapeText(shape) {
  return shape.length ? shape.join(" × ") : "1";
}

/**
 * A count in short form: 950, 12.3 k, 4.5 M, 1.2 G (Korean: 만 and 억 groups).
 * @param {number} n
 * @param {string} [lang] "en" or "ko"
 * @returns {string}
 */
export function shortCount(n, lang = "en") {
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  const fix = (v) => (v >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3))));
  if (lang === "ko") {
    if (a >= 1e8) return `${sign}${fix(a / 1e8)}억`;
    if (a >= 1e4) return `${sign}${fix(a / 1e4)}만`;
    return `${sign}${a.toLocaleString("ko-KR")}`;
  }
  if (a >= 1e9) return `${sign}${fix(a / 1e9)} G`;
  if (a >= 1e6) return `${sign}${fix(a / 1e6)} M`;
  if (a >= 1e4) return `${sign}${fix(a / 1e3)} k`;
  return `${sign}${a.toLocaleString("en-US")}`;
}

/**
 * A ratio as "×0.5", "×2", "×1.36" (at most 3 significant digits).
 * @param {number|null|undefined} ratio
 * @returns {string} "" when there is none
 */
export function ratioText(ratio) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "";
  return `×${Number(ratio.toPrecision(3))}`;
}

/**
 * Seconds as milliseconds text: "0.4 ms", "12 ms", "1,250 ms".
 * @param {number} seconds
 * @returns {string}
 */
export function msText(seconds) {
  const ms = seconds * 1000;
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/**
 * A value for a range label: 3 significant digits, no exponent for ordinary sizes.
 * @param {number} v
 * @returns {string}
 */
export function valueText(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/**
 * The first sentence of a text (up to the first ". " or ": " after which a list follows is
 * kept whole), for a one-line description.
 * @param {string} text
 * @returns {string}
 */
export function firstSentence(text) {
  const cut = text.search(/\.\s/);
  return cut >= 0 ? text.slice(0, cut + 1) : text;
}
