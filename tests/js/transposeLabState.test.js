// node --test tests/js: the transposed convolution mode's state in the URL, presets and resizing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyKnobs, decodeState, defaultState, encodeState, presetInput, presetKernel, resizeValues }
  from "../../static/js/lib/transposeLabState.js";

test("the state survives the URL, and other parameters (lang) are kept", () => {
  const s = { ...defaultState(), rows: 2, cols: 4, k: 2, stride: 3, padding: 0, outputPadding: 2,
    dilation: 2, preset: "custom", input: [1, -2.5, 0, 3, 4, 5, 6, 0.25], kernel: [1, 2, 3, 4], speed: 4, done: 5 };
  const params = encodeState(s, new URLSearchParams("lang=ko&mode=transpose"));
  assert.equal(params.get("lang"), "ko");
  assert.equal(params.get("mode"), "transpose");
  assert.equal(params.get("size"), "2x4");
  assert.equal(params.get("op"), "2");
  assert.deepEqual(decodeState(params), { rows: 2, cols: 4, k: 2, stride: 3, padding: 0, outputPadding: 2,
    dilation: 2, preset: "custom", input: s.input, kernel: s.kernel, speed: 4, done: 5 });
});

test("an empty or broken URL gives the default view", () => {
  assert.deepEqual(decodeState(new URLSearchParams("mode=transpose")), defaultState());
  const s = decodeState(new URLSearchParams("mode=transpose&size=9x0&k=12&s=0&p=-1&op=x&d=5&x=1,2&speed=3&at=-2"));
  const base = defaultState();
  for (const key of ["rows", "cols", "k", "stride", "padding", "outputPadding", "dilation", "speed", "done"]) {
    assert.equal(s[key], base[key], key);
  }
  assert.deepEqual(s.input, base.input);  // wrong length: the preset's numbers
});

test("presets: small numbers from a fixed table, all ones, one impulse in the middle", () => {
  assert.deepEqual(presetInput("numbers", 2, 2), [1, 2, 3, -1]);
  assert.deepEqual(presetInput("ones", 1, 3), [1, 1, 1]);
  assert.deepEqual(presetInput("impulse", 3, 3), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(presetInput("impulse", 2, 2), [1, 0, 0, 0]);
  assert.deepEqual(presetKernel("numbers", 2), [1, 0, 2, 1]);
  assert.deepEqual(presetKernel("ones", 2), [1, 1, 1, 1]);
});

test("resizing keeps the shared cells and pads with zeros", () => {
  assert.deepEqual(resizeValues([1, 2, 3, 4], 2, 2, 3, 1), [1, 3, 0]);
  assert.deepEqual(resizeValues([1, 2, 3, 4], 2, 2, 2, 3), [1, 2, 0, 3, 4, 0]);
});

test("knobs: a preset regenerates both grids, typed numbers are resized, the step goes back to 0", () => {
  const s = { ...defaultState(), done: 4 };
  const bigger = applyKnobs(s, { rows: 4 });
  assert.equal(bigger.done, 0);
  assert.deepEqual(bigger.input, presetInput("numbers", 4, 3));
  const ones = applyKnobs(s, { preset: "ones" });
  assert.deepEqual(ones.kernel, new Array(9).fill(1));
  const custom = { ...s, preset: "custom", input: [9, 8, 7, 6, 5, 4, 3, 2, 1] };
  assert.deepEqual(applyKnobs(custom, { cols: 2 }).input, [9, 8, 6, 5, 3, 2]);
  assert.deepEqual(applyKnobs(custom, { k: 2 }).kernel, [1, 0, 2, 1]);
});
