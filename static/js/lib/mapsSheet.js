/**
 * Sheets of feature maps: where each map sits in one image, which map a point falls on,
 * and the pixels of a map coloured through a colour-blind-safe lookup table.
 * DOM-free: pixels are written into a plain RGBA byte array (an ImageData's `data`).
 * @module lib/mapsSheet
 */
import { diverging, sequential } from "./colorScale.js";

/** Pixels between neighbouring maps on a sheet. */
export const GAP = 1;

/**
 * @typedef {object} SheetLayout
 * @property {number} channels how many maps
 * @property {number} cols maps per row
 * @property {number} rows rows of maps
 * @property {number} h one map's height (pixels)
 * @property {number} w one map's width (pixels)
 * @property {number} gap pixels between maps
 * @property {number} width the sheet's width (pixels)
 * @property {number} height the sheet's height (pixels)
 * @property {boolean} wrapped a vector wrapped into rows (one "map")
 */

/**
 * Lay `channels` maps of `h x w` out on a sheet about twice as wide as tall. A single wide
 * map (a vector of N values) wraps into rows of at most `wrap` values instead.
 * @param {number} channels C
 * @param {number} h
 * @param {number} w
 * @param {{gap?: number, wrap?: number}} [options]
 * @returns {SheetLayout}
 */
export function sheetLayout(channels, h, w, options = {}) {
  const gap = options.gap ?? GAP;
  const wrap = options.wrap ?? 64;
  if (channels === 1 && h === 1 && w > wrap) {
    // A vector: one value a pixel, wrapped into rows (no gaps inside it).
    const rows = Math.ceil(w / wrap);
    return { channels: 1, cols: 1, rows: 1, h: rows, w: wrap, gap, width: wrap, height: rows, wrapped: true };
  }
  const aspect = h > 0 ? w / h : 1;
  const cols = Math.max(1, Math.min(channels, Math.ceil(Math.sqrt((2 * channels) / aspect))));
  const rows = Math.max(1, Math.ceil(channels / cols));
  return { channels, cols, rows, h, w, gap,
           width: cols * w + (cols - 1) * gap, height: rows * h + (rows - 1) * gap, wrapped: false };
}

/**
 * The top-left pixel of map `c` on the sheet.
 * @param {SheetLayout} layout
 * @param {number} c
 * @returns {{x: number, y: number}}
 */
export function cellOrigin(layout, c) {
  const col = c % layout.cols;
  const row = Math.floor(c / layout.cols);
  return { x: col * (layout.w + layout.gap), y: row * (layout.h + layout.gap) };
}

/**
 * The map under sheet pixel (x, y), or -1 for a gap or outside.
 * @param {SheetLayout} layout
 * @param {number} x
 * @param {number} y
 * @returns {number}
 */
export function cellAt(layout, x, y) {
  if (x < 0 || y < 0 || x >= layout.width || y >= layout.height) return -1;
  const col = Math.floor(x / (layout.w + layout.gap));
  const row = Math.floor(y / (layout.h + layout.gap));
  if (x - col * (layout.w + layout.gap) >= layout.w || y - row * (layout.h + layout.gap) >= layout.h) return -1;
  const c = row * layout.cols + col;
  return c < layout.channels ? c : -1;
}

/**
 * The scale that suits a range: sequential for values that are never negative (after ReLU,
 * pooling), diverging around zero otherwise.
 * @param {number} min
 * @param {number} max
 * @returns {"sequential"|"diverging"}
 */
export function scaleKind(min, max) {
  return min >= 0 && max >= 0 ? "sequential" : "diverging";
}

const luts = new Map();

/**
 * 256 colours of a scale, `[r, g, b]` each, from the low end to the high end.
 * @param {"sequential"|"diverging"} kind
 * @returns {Uint8Array} (256, 3)
 */
export function colourTable(kind) {
  if (!luts.has(kind)) {
    const lut = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i += 1) {
      const rgb = kind === "sequential" ? sequential(i / 255) : diverging((2 * i) / 255 - 1);
      lut.set(rgb, 3 * i);
    }
    luts.set(kind, lut);
  }
  return luts.get(kind);
}

/**
 * The range a map is coloured over: its own (per map) or its layer's (per layer). A
 * diverging scale is centred on zero, so its range is [-m, m], m the larger magnitude.
 * @param {{ranges: ArrayLike<number>, min: number, max: number}} maps
 * @param {number} c
 * @param {"map"|"layer"} mode
 * @returns {{min: number, max: number, kind: "sequential"|"diverging"}}
 */
export function colourRange(maps, c, mode) {
  const kind = scaleKind(maps.min, maps.max);
  const min = mode === "layer" ? maps.min : maps.ranges[2 * c];
  const max = mode === "layer" ? maps.max : maps.ranges[2 * c + 1];
  if (kind === "diverging") {
    const m = Math.max(Math.abs(min), Math.abs(max));
    return { min: -m, max: m, kind };
  }
  return { min, max, kind };
}

/**
 * Colour `count` values into an RGBA image at (x0, y0), `w` values a row.
 * @param {Uint8ClampedArray|Uint8Array} rgba the image's pixels, `stride` pixels a row
 * @param {number} stride the image's width
 * @param {number} x0
 * @param {number} y0
 * @param {ArrayLike<number>} values
 * @param {number} start index of the first value
 * @param {number} count how many values
 * @param {number} w values a row
 * @param {{min: number, max: number, kind: "sequential"|"diverging"}} range
 */
export function paintValues(rgba, stride, x0, y0, values, start, count, w, range) {
  const lut = colourTable(range.kind);
  const flat = !(range.max > range.min);
  const k = flat ? 0 : 255 / (range.max - range.min);
  const lo = range.min;
  let i = start;
  const end = start + count;
  for (let y = y0; i < end; y += 1) {
    let p = 4 * (y * stride + x0);
    const rowEnd = Math.min(end, i + w);
    for (; i < rowEnd; i += 1, p += 4) {
      let q = flat ? 128 : Math.round((values[i] - lo) * k);
      if (!(q >= 0)) q = 0; else if (q > 255) q = 255;
      const j = 3 * q;
      rgba[p] = lut[j];
      rgba[p + 1] = lut[j + 1];
      rgba[p + 2] = lut[j + 2];
      rgba[p + 3] = 255;
    }
  }
}

/**
 * Paint map `c` of a layer into a sheet image laid out by `layout`.
 * @param {Uint8ClampedArray|Uint8Array} rgba (layout.height, layout.width, 4)
 * @param {SheetLayout} layout
 * @param {import("./mapsLayer.js").LayerMaps} maps
 * @param {number} c
 * @param {"map"|"layer"} mode
 */
export function paintCell(rgba, layout, maps, c, mode) {
  const range = colourRange(maps, c, mode);
  if (layout.wrapped) {
    paintValues(rgba, layout.width, 0, 0, maps.values, 0, maps.w, layout.w, range);
    return;
  }
  const { x, y } = cellOrigin(layout, c);
  const per = maps.h * maps.w;
  paintValues(rgba, layout.width, x, y, maps.values, c * per, per, maps.w, range);
}

/**
 * The size of an image as the stream sends it (see {@link imagePixels}).
 * @param {number[]} shape
 * @param {boolean} [channelsFirst] the shape is (C, H, W)
 * @returns {{height: number, width: number, channels: number}}
 */
export function imageSize(shape, channelsFirst = false) {
  if (shape.length === 2) return { height: shape[0], width: shape[1], channels: 1 };
  if (channelsFirst) return { height: shape[1], width: shape[2], channels: shape[0] };
  return { height: shape[0], width: shape[1], channels: shape[2] };
}

/**
 * Fill rows `[from, to)` of an image's RGBA picture (see {@link imagePixels}), so a large
 * picture can be painted a band of rows at a time.
 * @param {Uint8ClampedArray} rgba the whole picture's pixels, `4 * H * W`
 * @param {ArrayLike<number>} values row-major
 * @param {number[]} shape
 * @param {number} min
 * @param {number} max
 * @param {boolean} channelsFirst the shape is (C, H, W)
 * @param {number} from first row
 * @param {number} to one past the last row
 */
export function imageRows(rgba, values, shape, min, max, channelsFirst, from, to) {
  const k = 255 / (max > min ? max - min : 1);
  const { height: h, width: w, channels: c } = imageSize(shape, channelsFirst);
  const n = h * w;
  const colour = c === 3;
  for (let i = from * w; i < to * w; i += 1) {
    let r, g, b;
    if (!colour) {
      r = g = b = values[channelsFirst ? i : i * c];
    } else if (channelsFirst) {
      r = values[i]; g = values[n + i]; b = values[2 * n + i];
    } else {
      r = values[3 * i]; g = values[3 * i + 1]; b = values[3 * i + 2];
    }
    rgba[4 * i] = Math.round((r - min) * k);
    rgba[4 * i + 1] = Math.round((g - min) * k);
    rgba[4 * i + 2] = Math.round((b - min) * k);
    rgba[4 * i + 3] = 255;
  }
}

/**
 * An RGBA picture of an image as the stream sends it: a preprocessing step's `(H, W)` grey
 * or `(H, W, C)` colour picture, or the network's input `(C, H, W)` (`channelsFirst`).
 * Three channels show as colour, any other count as the first channel in grey. Values are
 * stretched from [min, max] to 0..255.
 * @param {ArrayLike<number>} values row-major
 * @param {number[]} shape
 * @param {number} min
 * @param {number} max
 * @param {boolean} [channelsFirst] the shape is (C, H, W)
 * @returns {{width: number, height: number, rgba: Uint8ClampedArray}}
 */
export function imagePixels(values, shape, min, max, channelsFirst = false) {
  const { height, width } = imageSize(shape, channelsFirst);
  const rgba = new Uint8ClampedArray(4 * height * width);
  imageRows(rgba, values, shape, min, max, channelsFirst, 0, height);
  return { width, height, rgba };
}
