/**
 * Tensors as the API sends them, decoded to typed arrays, and encoded for requests.
 *
 * Answers are `{shape, dtype, encoding: "list"|"base64", data}`; stream maps are base64
 * `float16` (times `scale` when given: tiny values travel scaled by a power of two), or
 * `uint8` with `offset` and `scale` (one each, or one per channel along `axis` 0):
 * value = offset + q * scale. All little-endian, row-major.
 * DOM-free (uses `atob`/`btoa`, present in browsers and Node).
 * @module lib/tensor
 */

/**
 * @typedef {object} Tensor
 * @property {number[]} shape
 * @property {Float32Array|Float64Array} data row-major values
 */

/**
 * The number of elements of a shape.
 * @param {number[]} shape
 * @returns {number}
 */
export function sizeOf(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Bytes of a base64 string.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A base64 string of bytes.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function bytesToBase64(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * An IEEE half-precision number from its 16 bits.
 * @param {number} h
 * @returns {number}
 */
export function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function littleEndianView(bytes, Type) {
  // Copy when unaligned; the API's bytes are little-endian, as every browser's typed arrays.
  const aligned = bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice();
  return new Type(aligned.buffer, aligned.byteOffset, aligned.byteLength / Type.BYTES_PER_ELEMENT);
}

function dequantise(q, shape, offset, scale, axis) {
  const out = new Float32Array(q.length);
  if (axis === 0 && Array.isArray(offset)) {
    const per = q.length / shape[0];
    for (let c = 0; c < shape[0]; c += 1) {
      const o = offset[c];
      const s = scale[c];
      for (let i = c * per, end = i + per; i < end; i += 1) out[i] = o + q[i] * s;
    }
  } else {
    for (let i = 0; i < q.length; i += 1) out[i] = offset + q[i] * scale;
  }
  return out;
}

/**
 * Decode any tensor the API answers into a typed array.
 * @param {{shape: number[], dtype?: string, encoding?: string, data: number[]|string,
 *   offset?: number|number[], scale?: number|number[], axis?: number}} tensor
 * @returns {Tensor}
 */
export function decodeTensor(tensor) {
  const { shape } = tensor;
  const n = sizeOf(shape);
  let data;
  if (Array.isArray(tensor.data)) {
    data = Float64Array.from(tensor.data);
  } else {
    const bytes = base64ToBytes(tensor.data);
    const dtype = tensor.dtype ?? "float32";
    if (dtype === "float64") data = Float64Array.from(littleEndianView(bytes, Float64Array));
    else if (dtype === "float32") data = Float32Array.from(littleEndianView(bytes, Float32Array));
    else if (dtype === "float16") {
      const half = littleEndianView(bytes, Uint16Array);
      const scale = tensor.scale ?? 1;
      data = new Float32Array(half.length);
      for (let i = 0; i < half.length; i += 1) data[i] = halfToFloat(half[i]) * scale;
    } else if (dtype === "uint8") {
      data = dequantise(bytes, shape, tensor.offset ?? 0, tensor.scale ?? 1, tensor.axis);
    } else {
      throw new Error(`unknown dtype ${dtype}`);
    }
  }
  if (data.length !== n) throw new Error(`tensor of shape [${shape}] holds ${data.length} numbers`);
  return { shape: shape.slice(), data };
}

/**
 * A request tensor: a list for small ones, base64 float32 above `listMax` numbers.
 * @param {number[]} shape
 * @param {ArrayLike<number>} values row-major, `sizeOf(shape)` of them
 * @param {number} [listMax]
 * @returns {{shape: number[], data: number[]|string, dtype?: string, encoding?: string}}
 */
export function encodeTensor(shape, values, listMax = 4096) {
  if (values.length !== sizeOf(shape)) {
    throw new Error(`shape [${shape}] needs ${sizeOf(shape)} numbers, got ${values.length}`);
  }
  if (values.length <= listMax) return { shape: shape.slice(), data: Array.from(values) };
  const f32 = Float32Array.from(values);
  return { shape: shape.slice(), dtype: "float32", encoding: "base64",
           data: bytesToBase64(new Uint8Array(f32.buffer)) };
}

/**
 * One 2-D slice of a tensor: the last two axes at a leading index.
 * @param {Tensor} tensor shape (..., H, W)
 * @param {number} index flat index over the leading axes (channel, or n*C + c)
 * @returns {{h: number, w: number, data: Float32Array|Float64Array}}
 */
export function plane(tensor, index) {
  const h = tensor.shape.length >= 2 ? tensor.shape[tensor.shape.length - 2] : 1;
  const w = tensor.shape[tensor.shape.length - 1];
  return { h, w, data: tensor.data.subarray(index * h * w, (index + 1) * h * w) };
}

/**
 * Smallest and largest value.
 * @param {ArrayLike<number>} values
 * @returns {{min: number, max: number}}
 */
export function range(values) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? { min, max } : { min: 0, max: 0 };
}
