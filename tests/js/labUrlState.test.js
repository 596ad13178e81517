// node --test tests/js: the lab's state in the URL, and its request bodies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeNumbers, decodeState, decodeStep, defaultState, encodeNumbers, encodeState, refusedParams }
  from "../../static/js/lib/labUrlState.js";
import { convBody, countedCosts, shapesBodies } from "../../static/js/lib/labRequest.js";

test("the default is a 7x7 edge under a 3x3 Sobel x kernel", () => {
  const s = defaultState();
  assert.deepEqual(s.size, [7, 7]);
  assert.equal(s.input.length, 49);
  assert.deepEqual(s.kernel, [-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  assert.deepEqual(decodeState(new URLSearchParams("")), s);
  assert.deepEqual(decodeState(new URLSearchParams("lang=ko")), s);
});

test("a state survives the URL, and lang is kept", () => {
  const s = { ...defaultState(), dim: 2, size: [2, 3], cin: 1, cout: 2, k: 1, stride: 2,
    padMode: "full", dilation: 3, flip: true, preset: "noise", input: [0, 0.25, -1, 2, 3.5, 1e-5],
    kernel: [2, -0.5], bias: [0.5, -1], speed: 4 };
  const params = encodeState(s, new URLSearchParams("lang=ko"));
  assert.equal(params.get("lang"), "ko");
  assert.equal(params.get("p"), "full");
  const back = decodeState(new URLSearchParams(params.toString()));
  assert.deepEqual(back, { ...s, input: [0, 0.25, -1, 2, 3.5, 0] });
});

test("bad or mismatched values fall back to defaults instead of failing", () => {
  const s = decodeState(new URLSearchParams("dim=2&size=5x5&k=9&s=0&p=huge&x=1,2,nope&cout=2"));
  assert.equal(s.k, 3);
  assert.equal(s.stride, 1);
  assert.equal(s.padMode, "number");
  assert.equal(s.input.length, 25);
  assert.equal(s.kernel.length, 18);
  assert.deepEqual(s.bias, [0, 0]);
  assert.equal(decodeNumbers("1,,2"), null);
  assert.equal(encodeNumbers([-0, 1 / 3]), "0,0.3333");
});

test("the conv body carries (C_in, *S), (C_out, C_in, *K), bias and the padding's form", () => {
  const s = { ...defaultState(), padMode: "full", dilation: 2 };
  const body = convBody(s);
  assert.deepEqual(body.input.shape, [1, 7, 7]);
  assert.deepEqual(body.weight.shape, [1, 1, 3, 3]);
  assert.deepEqual(body.bias, { shape: [1], data: [0] });
  assert.equal(body.padding, 4);
  assert.equal(body.trace, true);
  assert.equal(convBody({ ...s, padMode: "same" }).padding, "same");
});

test("shapes bodies: 1-D as (C, 1, L) with 1 x K; 3-D counted from the shapes", () => {
  const one = { ...defaultState(), dim: 1, size: [16], k: 3, stride: 2, pad: 1 };
  const b = shapesBodies(one, 8);
  assert.deepEqual(b.conv.input_shape, [1, 1, 16]);
  assert.deepEqual(b.conv.layers[0].kernel_size, [1, 3]);
  assert.deepEqual(b.conv.layers[0].padding, [0, 1]);
  assert.equal(b.dense.layers[1].out_features, 8);
  const three = { ...defaultState(), dim: 3, size: [4, 4, 4], cin: 3, cout: 2, k: 3 };
  assert.equal(shapesBodies(three, 16), null);
  assert.deepEqual(countedCosts(three, [2, 2, 2]),
                   { convParams: 2 * (3 * 27 + 1), denseParams: (192 + 1) * 16, volumeIn: 192, volumeOut: 16 });
});

import { applyKnobs } from "../../static/js/lib/labKnobs.js";

test("knobs keep values consistent with the shapes", () => {
  const s = defaultState();
  const wider = applyKnobs(s, { size: [5, 9] });
  assert.equal(wider.input.length, 45);
  assert.equal(wider.kernel.length, 9);
  const two = applyKnobs(s, { cout: 2 });
  assert.deepEqual(two.kernel.slice(0, 9), s.kernel);
  assert.deepEqual(two.kernel.slice(9), [-1, -2, -1, 0, 0, 0, 1, 2, 1]);
  assert.deepEqual(two.bias, [0, 0]);
  const rgb = applyKnobs(two, { cin: 3 });
  assert.equal(rgb.input.length, 147);
  assert.equal(rgb.kernel.length, 2 * 3 * 9);
  const vol = applyKnobs(s, { dim: 3 });
  assert.deepEqual(vol.size, [5, 5, 5]);
  assert.equal(vol.preset, "edge");
  assert.equal(vol.input.length, 125);
  assert.equal(vol.kernel.length, 27);
  const big = applyKnobs(s, { size: [99, 0], k: 12 });
  assert.deepEqual(big.size, [32, 1]);
  assert.equal(big.k, 7);
  const image = applyKnobs({ ...s, preset: "image" }, { size: [2, 2] }, (size, cin) => [1, 2, 3, 4]);
  assert.deepEqual(image.input, [1, 2, 3, 4]);
  const lost = applyKnobs({ ...s, preset: "image" }, { size: [2, 2] }, () => null);
  assert.equal(lost.preset, "edge");
});

test("a 1-D layer's second kernel is a Laplacian, not a second Sobel", () => {
  const s = applyKnobs(defaultState(), { dim: 1, cout: 2 });
  assert.deepEqual(s.kernel, [-1, 0, 1, 1, -2, 1]);
});

test("a hand-written link naming one knob sets that knob and keeps the other defaults", () => {
  const s = decodeState(new URLSearchParams("k=4"));
  assert.equal(s.k, 4);
  assert.equal(s.kernel.length, 16);
  assert.deepEqual(s.size, defaultState().size);
  assert.deepEqual(refusedParams(new URLSearchParams("k=4"), s), []);
});

test("values a link asks for but the lab cannot use are listed with what is used instead", () => {
  const params = new URLSearchParams("k=99&s=2&p=huge&at=-1&lang=ko");
  const s = decodeState(params);
  assert.equal(s.stride, 2);
  assert.deepEqual(refusedParams(params, s), [
    { key: "k", value: "99", used: "3" },
    { key: "p", value: "huge", used: "0" },
    { key: "at", value: "-1", used: "0" },
  ]);
});

test("the step shown survives the URL while paused, and is left out while playing", () => {
  const s = { ...defaultState(), done: 7, playing: false };
  const params = encodeState(s);
  assert.equal(params.get("at"), "7");
  assert.equal(decodeStep(params), 7);
  assert.equal(encodeState({ ...s, playing: true }, params).has("at"), false);
  assert.equal(decodeStep(new URLSearchParams("at=abc")), 0);
});
