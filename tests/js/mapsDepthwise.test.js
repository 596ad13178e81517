// node --test tests/js: depthwise separable convolution's numbers from a real block's layers.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  depthwiseKernel, separableBlocks, separableCost, separablePair,
} from "../../static/js/lib/mapsDepthwise.js";

/** A convolution's figures as the stream sends them (no bias: batch norm follows). */
function conv(name, cin, cout, k, h, w, groups = 1, kernels = false) {
  const params = cout * (cin / groups) * k * k;
  return { name, kind: "conv", input_shape: [cin, h * 2, w * 2], output_shape: [cout, h, w], params,
           macs: params * h * w, kernels: kernels ? { shape: [cout, cin / groups, k, k], omitted: true } : null };
}
const other = (name, kind, shape) => ({ name, kind, input_shape: shape, output_shape: shape, params: 0, macs: 0 });

// EfficientNet-Lite0's b6: expand 40 → 240, depthwise 3 x 3 stride 2 (28 → 14), project 240 → 80.
const B6 = {
  name: "b6", kind: "group", input_shape: [40, 28, 28], output_shape: [80, 14, 14],
  children: [
    { ...conv("b6.expand", 40, 240, 1, 28, 28), input_shape: [40, 28, 28] },
    other("b6.expand_bn", "batchnorm", [240, 28, 28]),
    other("b6.expand_relu6", "relu6", [240, 28, 28]),
    conv("b6.dw", 240, 240, 3, 14, 14, 240),
    other("b6.dw_bn", "batchnorm", [240, 14, 14]),
    other("b6.dw_relu6", "relu6", [240, 14, 14]),
    { ...conv("b6.project", 240, 80, 1, 14, 14), input_shape: [240, 14, 14] },
    other("b6.project_bn", "batchnorm", [80, 14, 14]),
  ],
};

test("a depthwise layer is known by its kernels' shape (C, 1, k, k) when a stream sent them", () => {
  assert.equal(depthwiseKernel(conv("dw", 96, 96, 5, 28, 28, 96, true), 0, true), 5);
  assert.equal(depthwiseKernel(conv("full", 96, 96, 3, 28, 28, 1, true), 0, true), 0);
  // A summary row is not asked for kernels: its figures decide (96·5·5 per position is depthwise).
  const row = conv("dw", 96, 96, 5, 28, 28, 96, true);
  let asked = false;
  const watched = new Proxy(row, { get: (o, k) => { if (k === "kernels") asked = true; return o[k]; } });
  assert.equal(depthwiseKernel(watched), 5);
  assert.equal(asked, false);
  assert.equal(depthwiseKernel(other("bn", "batchnorm", [96, 28, 28])), 0);
});

test("without kernels, by its figures: k·k multiply-adds per output, the stage's k when known", () => {
  assert.equal(depthwiseKernel(B6.children[3]), 3);
  assert.equal(depthwiseKernel(B6.children[3], 3), 3);
  assert.equal(depthwiseKernel(B6.children[3], 5), 0);
  // A full 3 x 3 convolution 4 → 4 makes 36 = 6 x 6 per output: the stage's k tells them apart.
  assert.equal(depthwiseKernel(conv("full", 4, 4, 3, 8, 8), 3), 0);
  // A 1 x 1 convolution over 16 channels makes 16 per output, not fewer than its channels.
  assert.equal(depthwiseKernel(conv("pw", 16, 16, 1, 8, 8)), 0);
  assert.equal(depthwiseKernel(B6.children[0]), 0);        // channels change
});

test("a block's pair: the depthwise layer and the 1 x 1 projection after it", () => {
  const pair = separablePair(B6, 3);
  assert.equal(pair.dw.name, "b6.dw");
  assert.equal(pair.pw.name, "b6.project");
  assert.deepEqual([pair.block, pair.k, pair.cin, pair.cout, pair.h, pair.w], ["b6", 3, 240, 80, 14, 14]);
  assert.equal(separablePair({ name: "stem", children: [] }), null);
  assert.equal(separablePair({ name: "b", children: [[...B6.children], []] }, 3).pw.name, "b6.project");
});

test("b6's numbers: 21,360 parameters against 172,800, 8.09 times cheaper", () => {
  const cost = separableCost(separablePair(B6, 3));
  assert.deepEqual(cost.dw, { params: 240 * 9, macs: 240 * 9 * 196 });
  assert.deepEqual(cost.pw, { params: 240 * 80, macs: 240 * 80 * 196 });
  assert.deepEqual(cost.separable, { params: 21360, macs: 21360 * 196 });
  assert.deepEqual(cost.full, { params: 172800, macs: 172800 * 196 });
  assert.equal(cost.times.params, 172800 / 21360);
  assert.equal(cost.times.macs, cost.times.params);
  assert.ok(Math.abs(cost.limit - 1 / (1 / 80 + 1 / 9)) < 1e-12);
  assert.ok(Math.abs(cost.limit - cost.times.params) < 1e-12);    // C_in cancels
  assert.equal(cost.exact, true);
});

test("a layer with a bias still compares, but is not called exact", () => {
  const dw = { ...conv("dw", 32, 32, 3, 8, 8, 32), params: 32 * 9 + 32 };
  const pw = { ...conv("pw", 32, 16, 1, 8, 8), input_shape: [32, 8, 8] };
  const cost = separableCost(separablePair({ name: "x", children: [dw, pw] }, 3));
  assert.equal(cost.exact, false);
  assert.equal(cost.separable.params, 32 * 9 + 32 + 32 * 16);
});

test("every block with a pair, in order", () => {
  const layers = [other("stem_bn", "batchnorm", [32, 112, 112]), B6, { ...B6, name: "b7", children: B6.children }];
  assert.deepEqual(separableBlocks(layers, () => 3).map((p) => p.block), ["b6", "b7"]);
  assert.deepEqual(separableBlocks(layers, () => 5), []);
  assert.deepEqual(separableBlocks(undefined), []);
});
