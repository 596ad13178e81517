/**
 * Draw a 2-D map of numbers into a canvas, one canvas pixel per value; CSS scales it up
 * with `image-rendering: pixelated` so cells stay crisp.
 * @module ui/mapCanvas
 */
import { colourOf } from "../lib/colorScale.js";
import { range } from "../lib/tensor.js";

/**
 * Fill `canvas` with the map `values (h, w)`.
 * @param {HTMLCanvasElement} canvas resized to w x h
 * @param {ArrayLike<number>} values row-major, h * w of them
 * @param {number} h
 * @param {number} w
 * @param {{min?: number, max?: number, kind?: "sequential"|"diverging"|"grey"}} [options]
 *   the range to colour over (default the map's own) and the scale
 */
export function drawMap(canvas, values, h, w, options = {}) {
  const own = options.min === undefined || options.max === undefined ? range(values) : null;
  const min = options.min ?? own.min;
  const max = options.max ?? own.max;
  const kind = options.kind ?? "diverging";
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(w, h);
  const px = image.data;
  const span = max > min ? max - min : 1;
  for (let i = 0; i < h * w; i += 1) {
    const v = values[i];
    let r, g, b;
    if (kind === "grey") {
      r = g = b = Math.round(255 * Math.min(1, Math.max(0, (v - min) / span)));
    } else {
      [r, g, b] = colourOf(v, min, max, kind);
    }
    px[4 * i] = r; px[4 * i + 1] = g; px[4 * i + 2] = b; px[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * Show an `h x w` canvas about `display` CSS pixels across: whole-number enlargement for
 * small maps (crisp cells), shrinking for large ones.
 * @param {HTMLCanvasElement} canvas
 * @param {number} h
 * @param {number} w
 * @param {number} display the target size of the longer side, in CSS pixels
 */
export function fitCanvas(canvas, h, w, display) {
  const side = Math.max(h, w);
  const scale = side >= display ? display / side : Math.floor(display / side);
  canvas.style.width = `${Math.round(w * scale)}px`;
}
