/**
 * The request bodies the lab sends: `POST /api/v1/conv` (with the trace) and
 * `POST /api/v1/shapes` (the layer's and a fully connected layer's sizes).
 * @module lib/labRequest
 */
import { paddingValue } from "./labGeometry.js";
import { prod } from "./labSteps.js";

/**
 * The convolution request of a lab state: input (C_in, *S), kernels (C_out, C_in, *K), bias.
 * @param {object} state the lab state
 * @returns {object} the JSON body
 */
export function convBody(state) {
  const kShape = new Array(state.dim).fill(state.k);
  return {
    input: { shape: [state.cin, ...state.size], data: state.input },
    weight: { shape: [state.cout, state.cin, ...kShape], data: state.kernel },
    bias: { shape: [state.cout], data: state.bias },
    stride: state.stride,
    padding: paddingValue(state.padMode, state.pad, state.k, state.dilation),
    dilation: state.dilation,
    flip: state.flip,
    ndim: state.dim,
    trace: true,
    encoding: "list",
  };
}

/**
 * The two `POST /api/v1/shapes` bodies comparing the layer with a fully connected layer that
 * maps the same input to as many outputs. 1-D runs as (C, 1, L) with a 1 x K kernel; 3-D is
 * not described by /shapes (null).
 * @param {object} state
 * @param {number} outVolume C_out * prod(O), from the convolution's answer
 * @returns {{conv: object, dense: object}|null}
 */
export function shapesBodies(state, outVolume) {
  if (state.dim === 3) return null;
  const one = state.dim === 1;
  const pad = paddingValue(state.padMode, state.pad, state.k, state.dilation);
  const inputShape = one ? [state.cin, 1, state.size[0]] : [state.cin, ...state.size];
  const pair = (v) => (one ? [1, v] : v);
  return {
    conv: {
      input_shape: inputShape,
      layers: [{
        type: "conv", out_channels: state.cout, kernel_size: pair(state.k), stride: pair(state.stride),
        dilation: pair(state.dilation), padding: typeof pad === "string" ? pad : one ? [0, pad] : pad,
      }],
    },
    dense: {
      input_shape: inputShape,
      layers: [{ type: "flatten" }, { type: "linear", out_features: outVolume }],
    },
  };
}

/**
 * Sizes of a 3-D layer, counted from its tensors' shapes (what /shapes answers for 2-D):
 * conv parameters C_out (C_in prod(K) + 1); dense (in + 1) out.
 * @param {object} state
 * @param {number[]} outShape (*O)
 * @returns {{convParams: number, denseParams: number, volumeIn: number, volumeOut: number}}
 */
export function countedCosts(state, outShape) {
  const volumeIn = state.cin * prod(state.size);
  const volumeOut = state.cout * prod(outShape);
  return {
    convParams: state.cout * (state.cin * state.k ** state.dim + 1),
    denseParams: (volumeIn + 1) * volumeOut,
    volumeIn,
    volumeOut,
  };
}
