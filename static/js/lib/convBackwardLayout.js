/**
 * Data layout for the convolution-backward animation: where the output gradient's cells
 * go when it is dilated (stride) and zero-padded, which part of the padded input meets it,
 * and how a traced convolution's products regroup into the "stamps" of a transposed
 * convolution. DOM-free. Only placement and zeros happen here; every sum and product
 * shown comes from the engine's traces.
 *
 * One input and one output channel, square kernel, the same stride, padding and dilation
 * on both axes. With K_eff = D(K - 1) + 1:
 * - dL/dx = conv(gradient arranged, kernel rotated 180 degrees, dilation D), where the
 *   arranged gradient puts g[o] at lo + o*S (S - 1 zeros between cells) with
 *   lo = K_eff - 1 - P zeros before ("full" padding less the forward padding) and enough
 *   after to make H + K_eff - 1 cells per axis.
 * - dL/dw = conv(input padded by P and cut to the cells the forward pass read,
 *   kernel g, dilation S, stride D).
 * @module lib/convBackwardLayout
 */

/**
 * Span of a dilated kernel.
 * @param {number} k kernel size
 * @param {number} d dilation
 * @returns {number} K_eff = d(k - 1) + 1
 */
export function effectiveKernel(k, d) {
  return d * (k - 1) + 1;
}

/**
 * @typedef {object} Geometry
 * @property {number} h input height
 * @property {number} w input width
 * @property {number} k kernel size
 * @property {number} s stride
 * @property {number} p padding
 * @property {number} d dilation
 * @property {number} ho output height (from the engine's forward answer)
 * @property {number} wo output width
 */

/**
 * @typedef {object} Arranged
 * @property {number} rows
 * @property {number} cols
 * @property {number[]} data (rows * cols) row-major
 * @property {string[]} kinds per cell: "grad" (a gradient cell), "inserted" (a zero
 *   between two of them, from the stride) or "pad" (zero padding)
 * @property {number[]} source per cell: flat index of its gradient cell, -1 for zeros
 * @property {number[]} position per gradient cell (ho * wo): its flat index here
 * @property {number} lo zeros before the first gradient cell on each axis
 */

/**
 * The output gradient placed for dL/dx: dilated by the stride and zero-padded.
 * @param {ArrayLike<number>} grad (ho * wo) row-major dL/dy
 * @param {Geometry} g
 * @returns {Arranged} (h + K_eff - 1) x (w + K_eff - 1)
 */
export function arrangeGradient(grad, g) {
  const keff = effectiveKernel(g.k, g.d);
  const lo = keff - 1 - g.p;
  if (lo < 0) throw new Error(`padding ${g.p} is larger than K_eff - 1 = ${keff - 1}`);
  const rows = g.h + keff - 1;
  const cols = g.w + keff - 1;
  const data = new Array(rows * cols).fill(0);
  const kinds = new Array(rows * cols).fill("pad");
  const source = new Array(rows * cols).fill(-1);
  const position = [];
  const lastR = lo + (g.ho - 1) * g.s;
  const lastC = lo + (g.wo - 1) * g.s;
  for (let r = lo; r <= lastR; r += 1) {
    for (let c = lo; c <= lastC; c += 1) kinds[r * cols + c] = "inserted";
  }
  for (let oy = 0; oy < g.ho; oy += 1) {
    for (let ox = 0; ox < g.wo; ox += 1) {
      const at = (lo + oy * g.s) * cols + lo + ox * g.s;
      data[at] = grad[oy * g.wo + ox];
      kinds[at] = "grad";
      source[at] = oy * g.wo + ox;
      position.push(at);
    }
  }
  return { rows, cols, data, kinds, source, position, lo };
}

/**
 * The input as dL/dw meets it: padded by P, cut to the rows and columns the forward
 * pass read ((ho - 1) S + K_eff per axis; a stride can leave the last ones unread).
 * @param {ArrayLike<number>} input (h * w) row-major x
 * @param {Geometry} g
 * @returns {{rows: number, cols: number, data: number[], kinds: string[], unread: number[]}}
 *   kinds "input" or "pad"; `unread` the flat input cells the forward pass never read
 */
export function arrangeInput(input, g) {
  const keff = effectiveKernel(g.k, g.d);
  const rows = (g.ho - 1) * g.s + keff;
  const cols = (g.wo - 1) * g.s + keff;
  const data = [];
  const kinds = [];
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const y = r - g.p;
      const x = c - g.p;
      const inside = y >= 0 && y < g.h && x >= 0 && x < g.w;
      data.push(inside ? input[y * g.w + x] : 0);
      kinds.push(inside ? "input" : "pad");
    }
  }
  const unread = [];
  for (let y = 0; y < g.h; y += 1) {
    for (let x = 0; x < g.w; x += 1) {
      if (y + g.p >= rows || x + g.p >= cols) unread.push(y * g.w + x);
    }
  }
  return { rows, cols, data, kinds, unread };
}

/**
 * A batch for watching stamps accumulate: item n keeps the first n + 1 gradient cells
 * (row-major) of the arranged gradient and zeroes the others. Convolved by the engine,
 * item n is dL/dx after n + 1 stamps.
 * @param {Arranged} arranged
 * @returns {{shape: number[], data: number[]}} (N, 1, rows, cols) with N gradient cells
 */
export function prefixBatch(arranged) {
  const n = arranged.position.length;
  const size = arranged.rows * arranged.cols;
  const data = new Array(n * size).fill(0);
  for (let item = 0; item < n; item += 1) {
    for (let j = 0; j <= item; j += 1) {
      const at = arranged.position[j];
      data[item * size + at] = arranged.data[at];
    }
  }
  return { shape: [n, 1, arranged.rows, arranged.cols], data };
}

/**
 * The stamp of gradient cell `o` in a transposed convolution, read from the dL/dx trace:
 * the trace's products whose gradient value came from cell `o`, regrouped by where they
 * land. Stamp cell (ky, kx) is g[o] * w[ky, kx] (the unrotated kernel).
 * @param {{taps: number[][], products: number[]}} trace taps (K*K, 2) offsets k' * D of the
 *   rotated kernel; products flattened (h * w * K * K)
 * @param {Arranged} arranged
 * @param {Geometry} g
 * @param {number} o flat index of the gradient cell (ho * wo)
 * @returns {{k: number[], dest: number|null, value: number|null}[]} (K*K) in kernel order;
 *   `dest` the flat dL/dx cell it lands on, null (with value null) where it falls on padding
 */
export function stampOf(trace, arranged, g, o) {
  const at = arranged.position[o];
  const pr = Math.floor(at / arranged.cols);
  const pc = at % arranged.cols;
  const kk = g.k * g.k;
  const out = new Array(kk);
  trace.taps.forEach(([dy, dx], tap) => {
    const y = pr - dy;
    const x = pc - dx;
    const ky = g.k - 1 - Math.floor(tap / g.k);
    const kx = g.k - 1 - (tap % g.k);
    const inside = y >= 0 && y < g.h && x >= 0 && x < g.w;
    const dest = inside ? y * g.w + x : null;
    out[ky * g.k + kx] = { k: [ky, kx], dest, value: inside ? trace.products[dest * kk + tap] : null };
  });
  return out;
}

/**
 * Flat cells of a window in a grid of `cols` columns: origin plus every tap.
 * @param {number[]} origin [row, col]
 * @param {number[][]} taps (T, 2) offsets
 * @param {number} cols
 * @returns {number[]} (T,)
 */
export function windowCells(origin, taps, cols) {
  return taps.map(([dy, dx]) => (origin[0] + dy) * cols + origin[1] + dx);
}
