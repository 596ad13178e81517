// node --test tests/js: the lab's output-size arithmetic (for display).
import { test } from "node:test";
import assert from "node:assert/strict";
import { axisSize, effectiveKernel, impossibility, paddingValue, padsFor, visitedAxis }
  from "../../static/js/lib/labGeometry.js";

test("effective kernel of a dilated kernel is D(K-1)+1", () => {
  assert.equal(effectiveKernel(3, 1), 3);
  assert.equal(effectiveKernel(3, 2), 5);
  assert.equal(effectiveKernel(1, 4), 1);
});

test("padding modes: valid none, same splits D(K-1) with the odd cell high, full K_eff-1", () => {
  assert.deepEqual(padsFor("valid", 3, 3, 1), [0, 0]);
  assert.deepEqual(padsFor("same", 0, 3, 1), [1, 1]);
  assert.deepEqual(padsFor("same", 0, 4, 1), [1, 2]);
  assert.deepEqual(padsFor("same", 0, 3, 2), [2, 2]);
  assert.deepEqual(padsFor("full", 0, 3, 2), [4, 4]);
  assert.deepEqual(padsFor("number", 2, 3, 1), [2, 2]);
  assert.equal(paddingValue("full", 0, 3, 1), 2);
  assert.equal(paddingValue("same", 0, 3, 1), "same");
  assert.equal(paddingValue("number", 1, 3, 1), 1);
});

test("the notes' examples: 7 with K3 S2 P0 gives 3, the floor drops a remainder", () => {
  const a = axisSize(7, [0, 0], 3, 2, 1);
  assert.equal(a.out, 3);
  assert.equal(a.numerator, 4);
  assert.equal(a.remainder, 0);
  const b = axisSize(8, [0, 0], 3, 2, 1);
  assert.equal(b.out, 3);
  assert.equal(b.remainder, 1);
  assert.equal(axisSize(32, [1, 1], 3, 1, 1).out, 32);
  assert.equal(axisSize(5, [0, 0], 3, 1, 2).out, 1);
});

test("a kernel larger than the padded input is impossible, with its numbers", () => {
  const a = axisSize(4, [0, 0], 3, 1, 4);
  assert.equal(a.ok, false);
  assert.equal(a.out, 0);
  const why = impossibility({ padMode: "number", stride: 1 }, [a]);
  assert.equal(why.key, "lab.why.tooLarge");
  assert.deepEqual(why.vars, { eff: 9, padded: 4 });
  assert.equal(impossibility({ padMode: "same", stride: 2 }, [axisSize(7, [1, 1], 3, 2, 1)]).key,
               "lab.why.sameStride");
  assert.equal(impossibility({ padMode: "number", stride: 1 }, [axisSize(7, [0, 0], 3, 1, 1)]), null);
});

test("a stride of 2 on 8 cells with K3 never visits the last cell", () => {
  const seen = visitedAxis(8, 3, 2, 3, 1);
  assert.deepEqual(seen, [true, true, true, true, true, true, true, false]);
  assert.ok(visitedAxis(7, 5, 1, 3, 1).every(Boolean));
  // K1 with stride 3 skips two of every three
  assert.deepEqual(visitedAxis(7, 3, 3, 1, 1), [true, false, false, true, false, false, true]);
});
