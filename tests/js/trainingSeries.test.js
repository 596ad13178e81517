// node --test tests/js: the numbers behind the training curves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { firstAndLast, linePath, niceTicks, tickStep, windowMean } from "../../static/js/lib/trainingSeries.js";

test("windowMean averages a clamped window and is NaN when empty", () => {
  assert.equal(windowMean([1, 2, 3, 4], 1, 3), 2.5);
  assert.equal(windowMean([1, 2, 3, 4], -5, 100), 2.5);
  assert.ok(Number.isNaN(windowMean([], 0, 3)));
});

test("firstAndLast compares the first and last windows of a falling series", () => {
  const losses = Array.from({ length: 50 }, (_, i) => 3 - i * 0.05);
  const { first, last, size } = firstAndLast(losses, 10);
  assert.equal(size, 10);
  assert.ok(Math.abs(first - (3 - 4.5 * 0.05)) < 1e-9);
  assert.ok(last < first);
  assert.equal(firstAndLast([2, 1], 10).size, 1);
});

test("ticks are round and cover the range", () => {
  assert.equal(tickStep(4.7, 4), 2);
  assert.equal(tickStep(1, 4), 0.5);
  assert.deepEqual(niceTicks(0, 4.7, 4), [0, 2, 4, 6]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.5, 1]);
  assert.deepEqual(niceTicks(0, 200, 4), [0, 50, 100, 150, 200]);
  assert.deepEqual(niceTicks(2, 2), [2, 2.5, 3]);
});

test("linePath maps steps to x and values upwards, clamped into the box", () => {
  const d = linePath([0, 5, 10], [0, 1, 5], { xMin: 0, xMax: 10, yMin: 0, yMax: 2, width: 100, height: 50 });
  assert.equal(d, "M0.0 50.0L50.0 25.0L100.0 0.0");
  assert.equal(linePath([], [], { xMin: 0, xMax: 1, yMin: 0, yMax: 1, width: 1, height: 1 }), "");
});
