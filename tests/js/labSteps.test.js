// node --test tests/js: indexing into the engine's trace (a real answer of POST /api/v1/conv).
import { test } from "node:test";
import assert from "node:assert/strict";
import { coveredAxes, feedsOf, fieldCells, flatten, formatValue, isPadding, prepareTrace, ravel,
  shownOutputs, stepCells, stepOf, stepOutput, unravel } from "../../static/js/lib/labSteps.js";

// 4x4 edge, two kernels (Sobel x, ones), bias [0.5, -1], padding 1, stride 2: the server's trace.
const TRACE = {
  flip: false, pads: [[1, 1], [1, 1]],
  padded: [[[[0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 0], [0, 0, 0, 1, 1, 0], [0, 0, 0, 1, 1, 0],
    [0, 0, 0, 1, 1, 0], [0, 0, 0, 0, 0, 0]]]],
  weight: [[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]], [[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]],
  output: [[[[0.5, 3.5], [0.5, 4.5]], [[-1, 3], [-1, 5]]]],
  index: [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 0, 1, 1], [0, 1, 0, 0], [0, 1, 0, 1],
    [0, 1, 1, 0], [0, 1, 1, 1]],
  origin: [[0, 0], [0, 2], [2, 0], [2, 2], [0, 0], [0, 2], [2, 0], [2, 2]],
  taps: [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2]],
  channels: [[0], [0], [0], [0], [0], [0], [0], [0]],
  window: new Array(8).fill([[[0, 0, 0], [0, 0, 0], [0, 0, 0]]]),
  products: new Array(8).fill([[[0, 0, 0], [0, 0, 0], [0, 0, 0]]]),
  channel_sums: [[0], [3], [0], [4], [0], [4], [0], [6]],
  bias: [0.5, 0.5, 0.5, 0.5, -1, -1, -1, -1],
  result: [0.5, 3.5, 0.5, 4.5, -1, 3, -1, 5],
  fields: [[0, 1, 4, 5], [1, 2, 3, 5, 6, 7], [4, 5, 8, 9, 12, 13], [5, 6, 7, 9, 10, 11, 13, 14, 15]],
  feeds: [[0], [0, 1], [1], [1], [0, 2], [0, 1, 2, 3], [1, 3], [1, 3], [2], [2, 3], [3], [3], [2],
    [2, 3], [3], [3]],
};

test("ravel and unravel are inverse, row-major", () => {
  assert.equal(ravel([1, 2], [3, 4]), 6);
  assert.deepEqual(unravel(6, [3, 4]), [1, 2]);
  assert.deepEqual(unravel(23, [2, 3, 4]), [1, 2, 3]);
  assert.deepEqual(flatten([[1, [2]], [3]]), [1, 2, 3]);
});

test("a trace is read into its shapes", () => {
  const tr = prepareTrace(TRACE);
  assert.equal(tr.nd, 2);
  assert.equal(tr.steps, 8);
  assert.equal(tr.cout, 2);
  assert.equal(tr.cg, 1);
  assert.deepEqual(tr.paddedShape, [6, 6]);
  assert.deepEqual(tr.inShape, [4, 4]);
  assert.deepEqual(tr.outShape, [2, 2]);
  assert.deepEqual(tr.kernel, [3, 3]);
  assert.equal(tr.weight.length, 18);
});

test("a step's window cells, its output cell, and back", () => {
  const tr = prepareTrace(TRACE);
  const cells = stepCells(tr, 3);
  assert.equal(cells.length, 9);
  assert.deepEqual(cells[0], [2, 2]);
  assert.deepEqual(cells[8], [4, 4]);
  assert.deepEqual(stepOutput(tr, 5), { channel: 1, pos: [0, 1], flat: 1 });
  assert.equal(stepOf(tr, 1, 1), 5);
});

test("receptive fields and feeds in padded coordinates; padding feeds nothing", () => {
  const tr = prepareTrace(TRACE);
  assert.deepEqual(fieldCells(tr, 0), [[1, 1], [1, 2], [2, 1], [2, 2]]);
  assert.deepEqual(feedsOf(tr, [2, 2]), [0, 1, 2, 3]);
  assert.deepEqual(feedsOf(tr, [0, 0]), []);
  assert.equal(isPadding(tr, [0, 3]), true);
  assert.equal(isPadding(tr, [1, 1]), false);
});

test("every padded row and column is read here; shown outputs fill step by step", () => {
  const tr = prepareTrace(TRACE);
  const [rows, cols] = coveredAxes(tr);
  assert.equal(rows.length, 6);
  assert.deepEqual(cols, [true, true, true, true, true, false]);
  assert.deepEqual(shownOutputs(tr, 0), ["", "", "", "", "", "", "", ""]);
  assert.deepEqual(shownOutputs(tr, 3), ["0.5", "3.5", "0.5", "", "", "", "", ""]);
  assert.deepEqual(shownOutputs(tr, 8), ["0.5", "3.5", "0.5", "4.5", "-1", "3", "-1", "5"]);
});

test("values print with at most two decimals and never as -0", () => {
  assert.equal(formatValue(-0), "0");
  assert.equal(formatValue(-0.001), "0");
  assert.equal(formatValue(1 / 3), "0.33");
  assert.equal(formatValue(2), "2");
  assert.equal(formatValue(-1.005, 3), "-1.005");
});
