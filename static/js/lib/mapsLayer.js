/**
 * A streamed layer's output, decoded once into what the maps page draws from: the values
 * as a Float32Array, laid out as maps `(C, H, W)` (a vector `(N,)` becomes one 1 x N map),
 * with each map's value range. DOM-free; the decoding worker and the node tests use it.
 * @module lib/mapsLayer
 */
import { decodeTensor } from "./tensor.js";

/**
 * @typedef {object} LayerMaps
 * @property {number[]} shape the tensor's shape as sent
 * @property {boolean} vector true for a 1-D output (dense layers, softmax)
 * @property {number} channels C (1 for a vector)
 * @property {number} h H (1 for a vector)
 * @property {number} w W (N for a vector)
 * @property {Float32Array} values (C, H, W) row-major
 * @property {Float32Array} ranges (C, 2): each map's min and max
 * @property {number} min the smallest value of the layer
 * @property {number} max the largest value of the layer
 */

/**
 * The maps view of a shape: `(C, H, W)` stays, `(N,)` is one 1 x N map, `(H, W)` one map.
 * @param {number[]} shape
 * @returns {{channels: number, h: number, w: number, vector: boolean}}
 */
export function mapsShape(shape) {
  if (shape.length >= 3) {
    const [h, w] = shape.slice(-2);
    return { channels: shape.slice(0, -2).reduce((a, b) => a * b, 1), h, w, vector: false };
  }
  if (shape.length === 2) return { channels: 1, h: shape[0], w: shape[1], vector: false };
  return { channels: 1, h: 1, w: shape[0] ?? 1, vector: true };
}

/**
 * Each map's smallest and largest value.
 * @param {ArrayLike<number>} values (C, H*W) row-major
 * @param {number} channels C
 * @returns {Float32Array} (C, 2) min, max per map
 */
export function channelRanges(values, channels) {
  const ranges = new Float32Array(2 * channels);
  const per = channels ? values.length / channels : 0;
  for (let c = 0; c < channels; c += 1) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = c * per, end = i + per; i < end; i += 1) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    ranges[2 * c] = per ? lo : 0;
    ranges[2 * c + 1] = per ? hi : 0;
  }
  return ranges;
}

/**
 * Decode a layer line's `output` (any tensor the API sends) into maps with their ranges.
 * @param {object} tensor `{shape, dtype, encoding, data, offset?, scale?, axis?, min?, max?}`
 * @returns {LayerMaps}
 */
export function decodeLayer(tensor) {
  const decoded = decodeTensor(tensor);
  const values = decoded.data instanceof Float32Array ? decoded.data : Float32Array.from(decoded.data);
  const { channels, h, w, vector } = mapsShape(decoded.shape);
  const ranges = channelRanges(values, channels);
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < channels; c += 1) {
    min = Math.min(min, ranges[2 * c]);
    max = Math.max(max, ranges[2 * c + 1]);
  }
  if (!channels) { min = 0; max = 0; }
  return { shape: decoded.shape, vector, channels, h, w, values, ranges, min, max };
}
