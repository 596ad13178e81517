// node --test tests/js: the lab's input and kernel presets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { INPUT_PRESETS, KERNEL_PRESETS, inputPreset, kernelPreset, seededRandom }
  from "../../static/js/lib/labPresets.js";

test("3x3 kernel presets are the textbook ones", () => {
  assert.deepEqual(kernelPreset("sobelX", 3, 2), [-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  assert.deepEqual(kernelPreset("sobelY", 3, 2), [-1, -2, -1, 0, 0, 0, 1, 2, 1]);
  assert.deepEqual(kernelPreset("laplacian", 3, 2), [0, 1, 0, 1, -4, 1, 0, 1, 0]);
  assert.deepEqual(kernelPreset("sharpen", 3, 2), [0, -1, 0, -1, 5, -1, 0, -1, 0]);
  assert.deepEqual(kernelPreset("emboss", 3, 2), [-2, -1, 0, -1, 1, 1, 0, 1, 2]);
  assert.deepEqual(kernelPreset("identity", 3, 2), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(kernelPreset("gaussian", 3, 2), [0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125,
    0.0625, 0.125, 0.0625]);
});

test("every preset has k**nd values for every size and dimension; smoothing sums to 1", () => {
  for (const nd of [1, 2, 3]) {
    for (const name of KERNEL_PRESETS[nd]) {
      for (const k of [1, 2, 3, 5]) assert.equal(kernelPreset(name, k, nd).length, k ** nd, name);
    }
    const g = kernelPreset("gaussian", 5, nd).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(g - 1) < 0.01);
  }
  assert.deepEqual(kernelPreset("sobelX", 3, 1), [-1, 0, 1]);
  assert.deepEqual(kernelPreset("laplacian", 3, 1), [1, -2, 1]);
});

test("input presets fill every channel, and channels differ", () => {
  for (const nd of [1, 2, 3]) {
    const size = new Array(nd).fill(5);
    for (const name of INPUT_PRESETS[nd]) {
      const v = inputPreset(name, size, 3);
      assert.equal(v.length, 3 * 5 ** nd, name);
      assert.ok(v.every(Number.isFinite));
    }
  }
  const edge = inputPreset("edge", [2, 4], 2);
  assert.deepEqual(edge, [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0]);
});

test("noise is seeded: the same seed gives the same input", () => {
  assert.deepEqual(inputPreset("noise", [4, 4], 1, 7), inputPreset("noise", [4, 4], 1, 7));
  const r = seededRandom(3);
  const x = r();
  assert.ok(x >= 0 && x < 1);
});
