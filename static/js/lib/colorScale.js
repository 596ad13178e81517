/**
 * Colour scales that colour-blind readers can tell apart, and text colours that stay
 * readable on them. DOM-free: colours are `[r, g, b]` with 0..255 channels.
 *
 * - `sequential`: dark purple -> blue -> green -> yellow (the viridis anchors), for
 *   magnitudes (activations after ReLU, saliency).
 * - `diverging`: blue (negative) -> white (zero) -> orange (positive), the Okabe-Ito hues,
 *   for signed values (kernels, gradients, pre-activations).
 * @module lib/colorScale
 */

/** Okabe-Ito palette: distinguishable with every common colour-vision deficiency. */
export const PALETTE = {
  black: "#000000", orange: "#E69F00", sky: "#56B4E9", green: "#009E73",
  yellow: "#F0E442", blue: "#0072B2", vermillion: "#D55E00", purple: "#CC79A7",
};

const VIRIDIS = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37],
];

const DIVERGING = [[0, 90, 160], [120, 175, 215], [247, 247, 247], [240, 170, 70], [180, 80, 0]];

function interpolate(anchors, t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(x));
  const f = x - i;
  const a = anchors[i];
  const b = anchors[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f),
          Math.round(a[2] + (b[2] - a[2]) * f)];
}

/**
 * Sequential colour of `t` in 0..1 (clamped).
 * @param {number} t
 * @returns {number[]} [r, g, b]
 */
export function sequential(t) {
  return interpolate(VIRIDIS, t);
}

/**
 * Diverging colour of `t` in -1..1 (clamped): blue below zero, white at zero, orange above.
 * @param {number} t
 * @returns {number[]} [r, g, b]
 */
export function diverging(t) {
  return interpolate(DIVERGING, (Math.min(1, Math.max(-1, t)) + 1) / 2);
}

/**
 * A value's colour on a scale fitted to a range: sequential over [min, max], or diverging
 * symmetric around zero over [-m, m] with m = max(|min|, |max|).
 * @param {number} value
 * @param {number} min
 * @param {number} max
 * @param {"sequential"|"diverging"} [kind]
 * @returns {number[]} [r, g, b]
 */
export function colourOf(value, min, max, kind = "diverging") {
  if (kind === "sequential") return sequential(max > min ? (value - min) / (max - min) : 0.5);
  const m = Math.max(Math.abs(min), Math.abs(max));
  return diverging(m > 0 ? value / m : 0);
}

/**
 * Black or white, whichever reads better on `rgb` (relative luminance, WCAG).
 * @param {number[]} rgb
 * @returns {string} "#000" or "#fff"
 */
export function textOn(rgb) {
  const lin = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000" : "#fff";
}

/**
 * CSS text of a colour.
 * @param {number[]} rgb
 * @returns {string}
 */
export function css(rgb) {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}
