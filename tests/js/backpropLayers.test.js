// node --test tests/js: how the backward stream's gradients are laid out for drawing.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GAP_RGB, defaultSample, formatShape, formatValue, mapsOf, symmetricLimit, targetChoices,
  tileLayout, tileRgba,
} from "../../static/js/lib/backpropLayers.js";

test("mapsOf splits channels of maps and treats vectors and 1x1 maps as one row", () => {
  assert.deepEqual(mapsOf([6, 28, 28]), { kind: "maps", count: 6, h: 28, w: 28 });
  assert.deepEqual(mapsOf([32, 32]), { kind: "maps", count: 1, h: 32, w: 32 });
  assert.deepEqual(mapsOf([84]), { kind: "vector", count: 1, h: 1, w: 84 });
  assert.deepEqual(mapsOf([512, 1, 1]), { kind: "vector", count: 1, h: 1, w: 512 });
});

test("tileLayout puts one kernel per output x input channel with one-pixel gaps", () => {
  const conv = tileLayout([16, 6, 5, 5]);
  assert.equal(conv.h, 16 * 5 + 15);
  assert.equal(conv.w, 6 * 5 + 5);
  const capped = tileLayout([64, 3, 7, 7], 16);
  assert.equal(capped.shownRows, 16);
  assert.equal(capped.rows, 64);
  assert.equal(capped.h, 16 * 7 + 15);
  const single = tileLayout([6, 1, 5, 5]);
  assert.equal(single.inRow, true);
  assert.deepEqual([single.h, single.w], [5, 6 * 5 + 5]);
  const linear = tileLayout([120, 400]);
  assert.deepEqual([linear.h, linear.w], [120, 400]);
  const bias = tileLayout([10]);
  assert.deepEqual([bias.h, bias.w], [1, 10]);
});

test("tileRgba colours each kernel cell symmetric around zero and greys the gaps", () => {
  // Two output channels x two input channels of 1x1 kernels: [[-1, 0], [0.5, 1]].
  const { h, w, rgba } = tileRgba([-1, 0, 0.5, 1], [2, 2, 1, 1], 1);
  assert.deepEqual([h, w], [3, 3]);
  const px = (y, x) => Array.from(rgba.slice(4 * (y * w + x), 4 * (y * w + x) + 3));
  assert.deepEqual(px(0, 0), [0, 90, 160]);      // -limit: deep blue
  assert.deepEqual(px(0, 2), [247, 247, 247]);   // zero: white
  assert.deepEqual(px(0, 1), GAP_RGB);           // the gap column
  assert.deepEqual(px(1, 0), GAP_RGB);           // the gap row
  assert.deepEqual(px(2, 2), [180, 80, 0]);      // +limit: deep orange
  assert.equal(rgba[3], 255);
  // One input channel: the kernels side by side.
  const row = tileRgba([-1, 1], [2, 1, 1, 1], 1);
  assert.deepEqual([row.h, row.w], [1, 3]);
  assert.deepEqual(Array.from(row.rgba.slice(8, 11)), [180, 80, 0]);
});

test("symmetricLimit and the printed numbers", () => {
  assert.equal(symmetricLimit(-3, 2), 3);
  assert.equal(symmetricLimit(0, 0), 0);
  assert.equal(formatValue(0), "0");
  assert.equal(formatValue(0.123456), "0.123");
  assert.equal(formatValue(-2.5), "-2.5");
  assert.equal(formatValue(3.5762778e-7), "3.58e-7");
  assert.equal(formatValue(-1.2e5), "-1.2e5");
  assert.equal(formatShape([6, 28, 28]), "(6, 28, 28)");
});

test("targetChoices offers classes in the reader's language, or output channels", () => {
  const tiny = { name: "tinyvgg", labels: ["circle", "square"], run_summary: { output_shape: [2] } };
  assert.deepEqual(targetChoices(tiny, "ko").options,
                   [{ value: 0, label: "원", lang: "ko" }, { value: 1, label: "정사각형", lang: "ko" }]);
  assert.deepEqual(targetChoices(tiny, "en").options[1], { value: 1, label: "square", lang: "en" });
  // Names the Korean table lacks (EfficientNet-Lite0's ImageNet classes) stay English.
  const effnet = { name: "efficientnet_lite0", labels: ["tench", "goldfish"], run_summary: { output_shape: [2] } };
  assert.deepEqual(targetChoices(effnet, "ko").options[1], { value: 1, label: "goldfish", lang: "en" });
  const edges = { name: "edges", labels: [], run_summary: { output_shape: [8, 112, 112] } };
  const choices = targetChoices(edges, "en");
  assert.equal(choices.kind, "channel");
  assert.equal(choices.options.length, 8);
});

test("defaultSample picks the data each network was trained on", () => {
  const samples = [{ name: "digit-3", kind: "digit" }, { name: "shape-star", kind: "shape" },
                   { name: "scene", kind: "photo" }, { name: "photo-cat", kind: "photo" }];
  assert.equal(defaultSample("lenet5", samples), "digit-3");
  assert.equal(defaultSample("lenet5_1998", samples), "digit-3");
  assert.equal(defaultSample("efficientnet_lite0", samples), "photo-cat");
  assert.equal(defaultSample("tinyvgg", samples), "shape-star");
  assert.equal(defaultSample("vgg16", samples), "scene");
  assert.equal(defaultSample("vgg16", []), null);
});

test("inputRgba stretches each channel over its own range", async () => {
  const { inputRgba } = await import("../../static/js/lib/backpropLayers.js");
  const grey = inputRgba([-0.5, 2.5], [1, 1, 2]);
  assert.deepEqual(Array.from(grey.rgba), [0, 0, 0, 255, 255, 255, 255, 255]);
  const rgb = inputRgba([0, 1, 5, 5, -1, 1], [3, 1, 2]);
  assert.deepEqual(Array.from(rgb.rgba), [0, 0, 0, 255, 255, 0, 255, 255]);
});

test("zeroOnTheWire: within half a quantisation step of zero reads as zero", async () => {
  const { zeroOnTheWire } = await import("../../static/js/lib/backpropLayers.js");
  const q = { dtype: "uint8", offset: -8.5e37, scale: 3.3e35 };
  assert.equal(zeroOnTheWire(5e30, q), true);
  assert.equal(zeroOnTheWire(-8.5e37, q), false);
  assert.equal(zeroOnTheWire(1e-9, { dtype: "float16" }), false);
  assert.equal(zeroOnTheWire(0, { dtype: "float16" }), true);
  assert.equal(zeroOnTheWire(0.4, { dtype: "uint8", axis: 0, scale: [1, 0.1] }, 0), true);
  assert.equal(zeroOnTheWire(0.4, { dtype: "uint8", axis: 0, scale: [1, 0.1] }, 1), false);
});
