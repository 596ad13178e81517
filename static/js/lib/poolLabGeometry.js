/**
 * The pooling output-size formula with its numbers, for display: PyTorch's
 * O = floor((H + 2P - D(K-1) - 1) / S) + 1, the ceil_mode variant that rounds up, and
 * ceil_mode's rule that the last window must start inside the input or its left padding,
 * (O - 1) S < H + P, which takes a window back off. The engine computes the pooling and its
 * shape; these numbers explain them (the browser test checks they agree).
 * @module lib/poolLabGeometry
 */
import { axisSize, effectiveKernel } from "./labGeometry.js";

/**
 * @typedef {object} PoolAxis
 * @property {number} size H
 * @property {number} k K
 * @property {number} stride S
 * @property {number} pad P
 * @property {number} dilation D
 * @property {number} eff D(K-1)+1, the cells a window spans
 * @property {number} numerator H + 2P - D(K-1) - 1
 * @property {boolean} ok at least one window fits (numerator >= 0)
 * @property {boolean} padOk P at most K/2
 * @property {number} floorOut floor(numerator / S) + 1
 * @property {number} remainder numerator mod S (cells the floor leaves after the last window)
 * @property {number} ceilRaw ceil(numerator / S) + 1
 * @property {number} lastStart (ceilRaw - 1) S, where ceil's last window would start (padded)
 * @property {number} limit H + P: a window starting there or later starts in the right padding
 * @property {boolean} dropped ceil's last window broke the rule and is taken off
 * @property {number} ceilOut the ceil_mode size after the rule
 * @property {boolean} ceil ceil_mode is on
 * @property {number} out the size that applies
 */

/**
 * The output-size arithmetic of one axis, both roundings.
 * @param {number} size H
 * @param {number} k K
 * @param {number} stride S
 * @param {number} pad P
 * @param {number} dilation D (1 for average pooling)
 * @param {boolean} ceil ceil_mode
 * @returns {PoolAxis}
 */
export function poolAxis(size, k, stride, pad, dilation, ceil) {
  const floor = axisSize(size, [pad, pad], k, stride, dilation);
  const eff = effectiveKernel(k, dilation);
  const ok = floor.ok;
  const ceilRaw = ok ? Math.ceil(floor.numerator / stride) + 1 : 0;
  const lastStart = (ceilRaw - 1) * stride;
  const limit = size + pad;
  const dropped = ok && lastStart >= limit;
  const ceilOut = dropped ? ceilRaw - 1 : ceilRaw;
  return {
    size, k, stride, pad, dilation, eff, numerator: floor.numerator, ok, padOk: 2 * pad <= k,
    floorOut: floor.out, remainder: floor.remainder, ceilRaw, lastStart, limit, dropped, ceilOut,
    ceil: Boolean(ceil), out: ceil ? ceilOut : floor.out,
  };
}

/**
 * Every axis of a pooling state.
 * @param {{size: number[], k: number, stride: number, pad: number, dilation: number, ceil: boolean}} state
 * @returns {PoolAxis[]}
 */
export function poolAxes(state) {
  return state.size.map((h) => poolAxis(h, state.k, state.stride, state.pad, state.dilation, state.ceil));
}

/**
 * Why the engine will refuse a setting, as an i18n key and its numbers, or null.
 * @param {PoolAxis[]} axes
 * @returns {{key: string, vars: object}|null}
 */
export function poolRefusal(axes) {
  const pad = axes.find((a) => !a.padOk);
  if (pad) return { key: "poolLab.why.padding", vars: { p: pad.pad, k: pad.k } };
  const big = axes.find((a) => !a.ok);
  if (big) return { key: "poolLab.why.tooLarge", vars: { eff: big.eff, padded: big.size + 2 * big.pad } };
  return null;
}

/**
 * The body of `POST /api/v1/pool` for a state: the input as (C, *S) with `ndim`, average
 * pooling without dilation and max pooling without count_include_pad (the API refuses
 * options of the other kind).
 * @param {object} state
 * @param {{kind?: string, input?: number[], trace?: boolean}} [over] another kind, other values
 * @returns {object}
 */
export function poolBody(state, over = {}) {
  const kind = over.kind ?? state.kind;
  const body = {
    input: { shape: [state.channels, ...state.size], data: over.input ?? state.input },
    kind, kernel_size: state.k, stride: state.stride, padding: state.pad, ceil_mode: state.ceil,
    ndim: state.dim, encoding: "list", trace: over.trace ?? true,
  };
  if (kind === "max") body.dilation = state.dilation;
  else body.count_include_pad = state.includePad;
  return body;
}

/**
 * Bodies of `POST /api/v1/shapes` for the parameter count: the pooling, and a convolution
 * with the same window from C channels to C (1-D runs as 1 x L).
 * @param {object} state
 * @returns {{pool: object, conv: object}}
 */
export function poolShapesBodies(state) {
  const one = state.dim === 1;
  const pair = (v, first) => (one ? [first, v] : v);
  const inputShape = one ? [state.channels, 1, state.size[0]] : [state.channels, ...state.size];
  const common = { kernel_size: pair(state.k, 1), stride: pair(state.stride, 1), padding: pair(state.pad, 0) };
  const pool = { type: "pool", kind: state.kind, ...common, ceil_mode: state.ceil };
  if (state.kind === "max") pool.dilation = pair(state.dilation, 1);
  else pool.count_include_pad = state.includePad;
  return {
    pool: { input_shape: inputShape, layers: [pool] },
    conv: { input_shape: inputShape, layers: [{ type: "conv", out_channels: state.channels, ...common,
      dilation: pair(state.dilation, 1) }] },
  };
}
