/**
 * How the backward stream's tensors are laid out for drawing: which 2-D maps a gradient
 * holds, how a weight gradient tiles into one picture, and the numbers printed beside it.
 * DOM-free: the views turn these plans into canvases. Nothing here computes what the
 * engine computes; every value comes from the stream.
 * @module lib/backpropLayers
 */
import { colourOf } from "./colorScale.js";
import { classLabels } from "./netText.js";

/** Most maps (channels) one card draws; the rest are counted, not drawn. */
export const MAX_MAPS = 16;

/** Most kernel rows (output channels) and columns (input channels) one tile picture holds. */
export const MAX_TILES = 16;

/** Light grey between tiles, `[r, g, b]`. */
export const GAP_RGB = [214, 219, 227];

/**
 * What a gradient of shape `shape` looks like as pictures.
 *
 * - `(C, H, W)` with H*W > 1: `C` maps of `H x W` ("maps");
 * - `(H, W)`: one map;
 * - `(N,)` or `(C, 1, 1)`: one row of `N` numbers ("vector").
 * @param {number[]} shape
 * @returns {{kind: "maps"|"vector", count: number, h: number, w: number}}
 */
export function mapsOf(shape) {
  if (shape.length === 3 && shape[1] * shape[2] > 1) {
    return { kind: "maps", count: shape[0], h: shape[1], w: shape[2] };
  }
  if (shape.length === 2) return { kind: "maps", count: 1, h: shape[0], w: shape[1] };
  const n = shape.reduce((a, b) => a * b, 1);
  return { kind: "vector", count: 1, h: 1, w: n };
}

/**
 * How a weight gradient tiles into one picture.
 *
 * - `(O, C, kH, kW)`: a grid with one row per output channel and one column per input
 *   channel, each cell a `kH x kW` kernel, one-pixel gaps (at most `max` rows and columns);
 *   with one input channel, the `O` kernels side by side in one row (`inRow`);
 * - `(out, in)` (a linear layer): one `out x in` map;
 * - `(N,)` (a bias): one row.
 * @param {number[]} shape
 * @param {number} [max] most rows and columns of kernels
 * @returns {{rows: number, cols: number, kh: number, kw: number, h: number, w: number,
 *   shownRows: number, shownCols: number, inRow: boolean}} the grid and the picture's size `h x w`
 */
export function tileLayout(shape, max = MAX_TILES) {
  let rows = 1, cols = 1, kh = 1, kw = 1;
  const inRow = shape.length === 4 && shape[1] === 1;
  if (inRow) [cols, , kh, kw] = shape;
  else if (shape.length === 4) [rows, cols, kh, kw] = shape;
  else if (shape.length === 3) [cols, kh, kw] = shape;
  else if (shape.length === 2) [kh, kw] = shape;
  else kw = shape.reduce((a, b) => a * b, 1);
  const shownRows = Math.min(rows, max);
  const shownCols = Math.min(cols, max);
  const gap = shownRows > 1 || shownCols > 1 ? 1 : 0;
  return {
    rows, cols, kh, kw, shownRows, shownCols, inRow,
    h: shownRows * kh + (shownRows - 1) * gap,
    w: shownCols * kw + (shownCols - 1) * gap,
  };
}

/**
 * RGBA pixels of a weight gradient tiled by `tileLayout`, coloured on the diverging scale
 * symmetric around zero over `[-limit, limit]`; gaps are `GAP_RGB`.
 * @param {ArrayLike<number>} values row-major, the whole tensor
 * @param {number[]} shape its shape
 * @param {number} limit the largest magnitude the scale spans (> 0 for colour)
 * @param {number} [max] most rows and columns of kernels
 * @returns {{h: number, w: number, rgba: Uint8ClampedArray}}
 */
export function tileRgba(values, shape, limit, max = MAX_TILES) {
  const L = tileLayout(shape, max);
  const rgba = new Uint8ClampedArray(L.h * L.w * 4);
  for (let i = 0; i < L.h * L.w; i += 1) {
    rgba[4 * i] = GAP_RGB[0]; rgba[4 * i + 1] = GAP_RGB[1]; rgba[4 * i + 2] = GAP_RGB[2];
    rgba[4 * i + 3] = 255;
  }
  const gap = L.h === L.shownRows * L.kh && L.w === L.shownCols * L.kw ? 0 : 1;
  const kernel = L.kh * L.kw;
  for (let r = 0; r < L.shownRows; r += 1) {
    for (let c = 0; c < L.shownCols; c += 1) {
      const base = (r * L.cols + c) * kernel;
      for (let y = 0; y < L.kh; y += 1) {
        for (let x = 0; x < L.kw; x += 1) {
          const v = values[base + y * L.kw + x];
          const [red, green, blue] = colourOf(v, -limit, limit, "diverging");
          const p = 4 * ((r * (L.kh + gap) + y) * L.w + c * (L.kw + gap) + x);
          rgba[p] = red; rgba[p + 1] = green; rgba[p + 2] = blue;
        }
      }
    }
  }
  return { h: L.h, w: L.w, rgba };
}

/**
 * The magnitude a diverging scale spans so that zero is white: max(|min|, |max|).
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
export function symmetricLimit(min, max) {
  return Math.max(Math.abs(min), Math.abs(max));
}

/**
 * A gradient value in few characters: 3 significant digits, scientific when tiny or huge.
 * @param {number} value
 * @returns {string}
 */
export function formatValue(value) {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split("e");
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/**
 * A shape as learners write it: "(6, 28, 28)".
 * @param {number[]} shape
 * @returns {string}
 */
export function formatShape(shape) {
  return `(${shape.join(", ")})`;
}

/**
 * The choices of a target: the predicted class first, then each class (or, for a network
 * whose output is maps, each output channel). A class is named in the reader's language where
 * `i18n/<lang>/networks.js` names it, else in the server's English (`lang` says which).
 * @param {{name: string, labels?: string[], run_summary?: {output_shape: number[]}}} preset
 * @param {string} lang "en" or "ko"
 * @returns {{kind: "class"|"channel", options: {value: number, label: string, lang?: string}[]}}
 */
export function targetChoices(preset, lang) {
  const labels = classLabels(preset, lang);
  if (labels.length) {
    return { kind: "class", options: labels.map((w, value) => ({ value, label: w.text, lang: w.lang })) };
  }
  const channels = preset.run_summary?.output_shape?.[0] ?? 0;
  return { kind: "channel",
           options: Array.from({ length: channels }, (_, value) => ({ value, label: String(value) })) };
}

/**
 * The sample a network reads best: digits for the LeNet-5s, shapes for tinyvgg, photos otherwise.
 * @param {string} network
 * @param {{name: string, kind: string}[]} samples
 * @returns {string|null} the sample's name
 */
export function defaultSample(network, samples) {
  const wanted = { lenet5: ["digit-3", "digit"], lenet5_1998: ["digit-3", "digit"], tinyvgg: ["shape-star", "shape"],
                   efficientnet_lite0: ["photo-cat", "photo"] }[network]
    ?? ["scene", "photo"];
  const exact = samples.find((s) => s.name === wanted[0]);
  const kind = samples.find((s) => s.kind === wanted[1]);
  return (exact ?? kind ?? samples[0])?.name ?? null;
}

/**
 * RGBA pixels showing a network's input `(C, H, W)` as a picture: one channel as grey, three
 * as red, green and blue, each channel stretched over its own range (inputs are
 * standardised, so their raw numbers are not 0..255).
 * @param {ArrayLike<number>} values row-major
 * @param {number[]} shape (C, H, W)
 * @returns {{h: number, w: number, rgba: Uint8ClampedArray}}
 */
export function inputRgba(values, shape) {
  const [c, h, w] = shape.length === 3 ? shape : [1, shape[0], shape[1]];
  const n = h * w;
  const rgba = new Uint8ClampedArray(n * 4);
  const channels = Math.min(c, 3);
  for (let k = 0; k < channels; k += 1) {
    let lo = Infinity, hi = -Infinity;
    for (let i = k * n; i < (k + 1) * n; i += 1) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    const span = hi > lo ? hi - lo : 1;
    for (let i = 0; i < n; i += 1) {
      const v = Math.round((255 * (values[k * n + i] - lo)) / span);
      if (channels === 1) { rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; }
      else rgba[4 * i + k] = v;
    }
  }
  for (let i = 0; i < n; i += 1) rgba[4 * i + 3] = 255;
  return { h, w, rgba };
}

/**
 * Whether a decoded value is zero as far as the wire can tell: a uint8 tensor holds
 * `offset + q * scale`, so anything within half a step of zero may be an exact zero that
 * the quantisation moved.
 * @param {number} value a decoded value of `tensor`
 * @param {{dtype?: string, scale?: number|number[]}} tensor the tensor as sent
 * @param {number} [channel] the channel, for per-channel scales
 * @returns {boolean}
 */
export function zeroOnTheWire(value, tensor, channel = 0) {
  if (value === 0) return true;
  if (tensor.dtype !== "uint8") return false;
  const scale = Array.isArray(tensor.scale) ? tensor.scale[channel] : tensor.scale;
  return Math.abs(value) <= (scale ?? 0) / 2;
}
