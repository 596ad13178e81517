/**
 * Data layout for the pooling-backward animation: a batch that asks the engine for each
 * window's own share of the input gradient and for the gradient accumulated window by
 * window, and the window's cells in the trace's padded grid and in the input. DOM-free;
 * it moves numbers around and asks, the engine does the arithmetic.
 * @module lib/poolBackwardLayout
 */

/**
 * The pooling-backward batch for `S` windows: items 0 .. S-1 send only window s's
 * gradient (its own share), items S .. 2S-1 send windows 0 .. s (the sum so far).
 * Each item repeats the same input.
 * @param {ArrayLike<number>} input (h * w) row-major
 * @param {number[]} inputShape [h, w]
 * @param {ArrayLike<number>} grad (ho * wo) row-major dL/dy
 * @param {number[]} gradShape [ho, wo]
 * @returns {{input: {shape: number[], data: number[]}, grad_output: {shape: number[], data: number[]}, steps: number}}
 *   input (2S, 1, h, w), grad_output (2S, 1, ho, wo)
 */
export function windowBatch(input, inputShape, grad, gradShape) {
  const steps = gradShape[0] * gradShape[1];
  const x = [];
  const g = new Array(2 * steps * steps).fill(0);
  for (let item = 0; item < 2 * steps; item += 1) {
    for (let i = 0; i < input.length; i += 1) x.push(input[i]);
    const own = item < steps;
    const s = own ? item : item - steps;
    for (let j = own ? s : 0; j <= s; j += 1) g[item * steps + j] = grad[j];
  }
  return {
    input: { shape: [2 * steps, 1, inputShape[0], inputShape[1]], data: x },
    grad_output: { shape: [2 * steps, 1, gradShape[0], gradShape[1]], data: g },
    steps,
  };
}

/**
 * A window's cells: in the trace's padded grid, and in the input where they are real.
 * @param {number[]} origin [row, col] in padded coordinates
 * @param {number[][]} taps (T, 2) offsets
 * @param {number} paddedCols columns of the padded grid
 * @param {number[]} padLo [top, left] padding
 * @param {number[]} inputShape [h, w]
 * @returns {{padded: number[], input: (number|null)[]}} (T,) each; null where the tap is padding
 */
export function poolWindow(origin, taps, paddedCols, padLo, inputShape) {
  const padded = [];
  const input = [];
  for (const [dy, dx] of taps) {
    const r = origin[0] + dy;
    const c = origin[1] + dx;
    padded.push(r * paddedCols + c);
    const y = r - padLo[0];
    const x = c - padLo[1];
    input.push(y >= 0 && y < inputShape[0] && x >= 0 && x < inputShape[1] ? y * inputShape[1] + x : null);
  }
  return { padded, input };
}

/**
 * The input cells no window reads (the trace's `feeds` list nothing for them): a stride
 * larger than the kernel, or a last row a window does not reach. Their gradient is 0.
 * @param {number[][]} feeds per input cell, the outputs it feeds
 * @returns {number[]} flat input cells
 */
export function unreadCells(feeds) {
  const out = [];
  feeds.forEach((list, i) => { if (!list.length) out.push(i); });
  return out;
}
