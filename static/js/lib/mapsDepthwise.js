/**
 * Depthwise separable convolution with a real block's numbers: find a block's depthwise k x k
 * convolution and the pointwise 1 x 1 convolution after it, and set their parameters and
 * multiply-adds against one full k x k convolution with the same input and output channels:
 *
 *   full:      params C_in·C_out·k·k,        MACs C_in·C_out·k·k·H_out·W_out
 *   separable: params C_in·k·k + C_in·C_out, MACs (C_in·k·k + C_in·C_out)·H_out·W_out
 *   cheaper by C_out·k·k / (k·k + C_out) = 1 / (1/C_out + 1/k²)
 *
 * DOM-free; layers are the forward stream's (a block line's `children`) or the summary's rows.
 * @module lib/mapsDepthwise
 */
import { innerLayers } from "./mapsBlocks.js";

/**
 * @typedef {object} LayerFigures
 * @property {string} name
 * @property {string} kind
 * @property {number[]} input_shape (C_in, H, W)
 * @property {number[]} output_shape (C_out, H_out, W_out)
 * @property {number} params
 * @property {number} macs
 * @property {{shape: number[]}|null} [kernels] (C_out, C_in/groups, kH, kW) when sent
 */

const positions = (shape) => (shape.length === 3 ? shape[1] * shape[2] : 0);

/**
 * The kernel size k of a depthwise convolution (one k x k kernel per channel, groups = C), or 0
 * when `layer` is not one. Its kernels' shape (C, 1, k, k) proves it when the stream sent them;
 * otherwise its figures do: C_in = C_out = C and multiply-adds C·k·k·H_out·W_out, with k the
 * stage's kernel (`hint`) or, without one, k·k a square below C (a full 1 x 1 convolution over C
 * channels would make C per position).
 * @param {LayerFigures} layer
 * @param {number} [hint] the kernel size the layer's stage names (0: unknown)
 * @param {boolean} [streamed] the layer is a stream's (its `kernels` may be there); a summary
 *   row has none, and is not asked for them
 * @returns {number}
 */
export function depthwiseKernel(layer, hint = 0, streamed = false) {
  if (!layer || layer.kind !== "conv" || layer.input_shape.length !== 3 || layer.output_shape.length !== 3) return 0;
  const c = layer.input_shape[0];
  if (layer.output_shape[0] !== c) return 0;
  const shape = streamed && layer.kernels && layer.kernels.shape;
  if (Array.isArray(shape) && shape.length === 4) {
    return shape[0] === c && shape[1] === 1 && shape[2] === shape[3] && c > 1 ? shape[2] : 0;
  }
  const hw = positions(layer.output_shape);
  if (!hw || layer.macs % (c * hw) !== 0) return 0;
  const perPosition = layer.macs / (c * hw);                 // k·k for a depthwise layer
  const k = Math.round(Math.sqrt(perPosition));
  if (k * k !== perPosition) return 0;
  if (hint) return k === hint ? k : 0;
  return perPosition < c ? k : 0;
}

/**
 * A 1 x 1 convolution from `channels` channels keeping H x W `(h, w)`.
 * @param {LayerFigures} layer
 * @param {number} channels
 * @param {number} h
 * @param {number} w
 * @returns {boolean}
 */
function isPointwise(layer, channels, h, w, streamed) {
  if (layer.kind !== "conv" || layer.input_shape[0] !== channels || layer.output_shape.length !== 3) return false;
  const [cout, ho, wo] = layer.output_shape;
  if (ho !== h || wo !== w) return false;
  const shape = streamed && layer.kernels && layer.kernels.shape;
  if (Array.isArray(shape) && shape.length === 4) return shape[1] === channels && shape[2] === 1 && shape[3] === 1;
  return layer.macs === channels * cout * h * w;
}

/**
 * @typedef {object} SeparablePair
 * @property {string} block the block's name
 * @property {LayerFigures} dw the depthwise k x k convolution
 * @property {LayerFigures} pw the pointwise 1 x 1 convolution after it
 * @property {number} k
 * @property {number} cin C_in (the depthwise layer's channels)
 * @property {number} cout C_out (the pointwise layer's output channels)
 * @property {number} h H_out
 * @property {number} w W_out
 */

/**
 * A block's depthwise convolution and the pointwise one that follows it, or null.
 * @param {{name: string, children?: object[]|object[][]}} block a stream line or a summary row
 * @param {number} [hint] the kernel size its stage names
 * @param {boolean} [streamed] a stream line (its layers may carry `kernels`), not a summary row
 * @returns {SeparablePair|null}
 */
export function separablePair(block, hint = 0, streamed = false) {
  const kids = innerLayers(block);
  for (let i = 0; i < kids.length; i += 1) {
    const k = depthwiseKernel(kids[i], hint, streamed);
    if (!k) continue;
    const dw = kids[i];
    const [c, h, w] = dw.output_shape;
    const pw = kids.slice(i + 1).find((l) => isPointwise(l, c, h, w, streamed));
    if (pw) return { block: block.name, dw, pw, k, cin: c, cout: pw.output_shape[0], h, w };
  }
  return null;
}

/**
 * @typedef {object} SeparableCost
 * @property {{params: number, macs: number}} dw the depthwise layer (its own figures)
 * @property {{params: number, macs: number}} pw the pointwise layer (its own figures)
 * @property {{params: number, macs: number}} separable the two together
 * @property {{params: number, macs: number}} full one k x k convolution C_in → C_out, same stride
 * @property {{params: number, macs: number}} times full / separable
 * @property {number} limit 1 / (1/C_out + 1/k²): the ratio when neither layer has a bias
 * @property {boolean} exact the layers' own figures are C_in·k·k and C_in·C_out (no biases)
 */

/**
 * Parameters and multiply-adds of a depthwise separable pair against a full convolution.
 * @param {SeparablePair} pair
 * @returns {SeparableCost}
 */
export function separableCost(pair) {
  const { cin, cout, k, h, w } = pair;
  const dw = { params: pair.dw.params, macs: pair.dw.macs };
  const pw = { params: pair.pw.params, macs: pair.pw.macs };
  const separable = { params: dw.params + pw.params, macs: dw.macs + pw.macs };
  const fullParams = cin * cout * k * k;
  const full = { params: fullParams, macs: fullParams * h * w };
  return {
    dw, pw, separable, full,
    times: { params: full.params / separable.params, macs: full.macs / separable.macs },
    limit: 1 / (1 / cout + 1 / (k * k)),
    exact: dw.params === cin * k * k && pw.params === cin * cout
      && dw.macs === cin * k * k * h * w && pw.macs === cin * cout * h * w,
  };
}

/**
 * Every block of a layer list with a depthwise separable pair, in order.
 * @param {object[]} layers top-level layers (stream lines or summary rows)
 * @param {(name: string) => number} [hintOf] the kernel size a block's stage names (0: unknown)
 * @param {boolean} [streamed] stream lines (their layers may carry `kernels`), not summary rows
 * @returns {SeparablePair[]}
 */
export function separableBlocks(layers, hintOf = () => 0, streamed = false) {
  const pairs = [];
  for (const layer of layers || []) {
    const pair = separablePair(layer, hintOf(layer.name), streamed);
    if (pair) pairs.push(pair);
  }
  return pairs;
}
