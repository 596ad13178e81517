// node --test tests/js: the transposed convolution's size arithmetic, dilated input and canvas.
import { test } from "node:test";
import assert from "node:assert/strict";
import { canvasAxis, canvasGrid, dilatedInput, forwardAxis, impossibility, stampCanvasCells, transposeAxis }
  from "../../static/js/lib/transposeLabGeometry.js";

// The formula written out, independently of the module.
const formula = (h, k, s, p, d, op) => (h - 1) * s - 2 * p + d * (k - 1) + op + 1;

test("output size is (H-1)S - 2P + D(K-1) + output_padding + 1 for every small setting", () => {
  for (let h = 1; h <= 5; h += 1) for (let k = 1; k <= 4; k += 1) for (let s = 1; s <= 3; s += 1)
    for (let p = 0; p <= 3; p += 1) for (let d = 1; d <= 2; d += 1) for (let op = 0; op <= 2; op += 1) {
      const ax = transposeAxis(h, k, s, p, d, op);
      assert.equal(ax.out, formula(h, k, s, p, d, op));
      assert.equal(ax.canvas, (h - 1) * s + d * (k - 1) + 1);
      assert.equal(ax.ok, op < Math.max(s, d) && ax.out >= 1);
    }
});

test("the 2x upsampling layer: 3 cells, K3 S2 P1 op1 give 6, and the convolution maps 6 back to 3", () => {
  const ax = transposeAxis(3, 3, 2, 1, 1, 1);
  assert.equal(ax.out, 6);
  assert.equal(ax.canvas, 7);
  const f = forwardAxis(6, 3, 2, 1, 1);
  assert.equal(f.numerator, 5);
  assert.equal(f.out, 3);
  assert.equal(f.remainder, 1);  // 5 and 6 both map back to 3
  assert.equal(forwardAxis(5, 3, 2, 1, 1).out, 3);
});

test("the forward convolution undoes the size whenever output_padding is below the stride", () => {
  for (let h = 1; h <= 5; h += 1) for (let k = 1; k <= 4; k += 1) for (let s = 1; s <= 3; s += 1)
    for (let p = 0; p <= 3; p += 1) for (let d = 1; d <= 2; d += 1) for (let op = 0; op < s; op += 1) {
      const ax = transposeAxis(h, k, s, p, d, op);
      if (!ax.ok) continue;
      assert.equal(forwardAxis(ax.out, k, s, p, d).out, h, JSON.stringify({ h, k, s, p, d, op }));
    }
  // output_padding below the dilation but not the stride: PyTorch allows it, the convolution gives H + 1.
  const ax = transposeAxis(3, 3, 1, 0, 2, 1);
  assert.equal(ax.ok, true);
  assert.equal(forwardAxis(ax.out, 3, 1, 0, 2).out, 4);
});

test("impossible settings are named with their numbers", () => {
  assert.deepEqual(impossibility([transposeAxis(3, 3, 2, 1, 1, 2), transposeAxis(3, 3, 2, 1, 1, 2)]),
    { key: "transposeLab.why.outputPadding", vars: { op: 2, s: 2, d: 1 } });
  assert.deepEqual(impossibility([transposeAxis(2, 3, 1, 3, 1, 0), transposeAxis(2, 3, 1, 0, 1, 0)]),
    { key: "transposeLab.why.empty", vars: { out: -2, p: 3, canvas: 4 } });
  assert.equal(impossibility([transposeAxis(3, 3, 2, 1, 1, 1), transposeAxis(3, 3, 2, 1, 1, 1)]), null);
});

test("the dilated input puts S-1 zeros between cells", () => {
  const d = dilatedInput([1, 2, 3, 4], 2, 2, 3);
  assert.equal(d.rows, 4);
  assert.equal(d.cols, 4);
  assert.deepEqual(d.values, [1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4]);
  assert.deepEqual(d.at, [0, 3, 12, 15]);
  assert.equal(d.kinds.filter((k) => k === "value").length, 4);
  assert.deepEqual(dilatedInput([5], 1, 1, 2).values, [5]);
});

test("the canvas crops P on each end, and output_padding past the stamps is marked", () => {
  // 3 cells, K3 S2 P1 op1: stamps reach 7, output 6 sits at 1..6.
  assert.deepEqual(canvasAxis(transposeAxis(3, 3, 2, 1, 1, 1)).kinds,
    ["crop", "out", "out", "out", "out", "out", "out"]);
  // P0 op1: output 8 is one longer than the 7 stamped cells.
  const a = canvasAxis(transposeAxis(3, 3, 2, 0, 1, 1));
  assert.deepEqual(a.kinds, ["out", "out", "out", "out", "out", "out", "out", "extra"]);
  assert.deepEqual(a.outIndex, [0, 1, 2, 3, 4, 5, 6, 7]);
  // P2 op0: two cropped on each end.
  assert.deepEqual(canvasAxis(transposeAxis(2, 3, 2, 2, 1, 0)).outIndex, [-1, -1, 0, -1, -1]);
  const g = canvasGrid(transposeAxis(2, 2, 1, 0, 1, 0), transposeAxis(2, 2, 2, 1, 1, 1));
  assert.equal(g.rows, 3);
  assert.equal(g.cols, 4);
  assert.deepEqual(g.kinds.slice(0, 4), ["crop", "out", "out", "out"]);
  assert.deepEqual(g.outIndex.slice(4, 8), [-1, 3, 4, 5]);
});

test("a stamp's taps land at origin + tap + P on the canvas", () => {
  const taps = [[0, 0], [0, 1], [1, 0], [1, 1]];
  assert.deepEqual(stampCanvasCells([-1, 1], taps, [1, 1], 5), [2, 3, 7, 8]);
});
