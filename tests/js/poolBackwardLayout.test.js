// node --test tests/js: the pooling-backward batch and window cells.
import { test } from "node:test";
import assert from "node:assert/strict";
import { poolWindow, unreadCells, windowBatch } from "../../static/js/lib/poolBackwardLayout.js";

test("the batch sends each window alone, then windows 0..s together", () => {
  const b = windowBatch([1, 2, 3, 4], [2, 2], [5, 6], [1, 2]);
  assert.equal(b.steps, 2);
  assert.deepEqual(b.input.shape, [4, 1, 2, 2]);
  assert.deepEqual(b.input.data, [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
  assert.deepEqual(b.grad_output.shape, [4, 1, 1, 2]);
  assert.deepEqual(b.grad_output.data, [5, 0, 0, 6, 5, 0, 5, 6]);
});

test("window cells in the padded grid and in the input", () => {
  const taps = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const win = poolWindow([0, 0], taps, 7, [1, 1], [5, 5]);
  assert.deepEqual(win.padded, [0, 1, 7, 8]);
  assert.deepEqual(win.input, [null, null, null, 0]);
  assert.deepEqual(poolWindow([4, 4], taps, 6, [0, 0], [5, 5]).input, [24, null, null, null]);
});

test("cells that feed no output are unread", () => {
  assert.deepEqual(unreadCells([[0], [], [0, 1], []]), [1, 3]);
});
