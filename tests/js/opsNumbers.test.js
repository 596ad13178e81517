// node --test tests/js: example numbers, cell text and comparisons of the ops sections.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellText, factorText, flatten, maxAbs, sameNumbers, seededIntegers } from "../../static/js/lib/opsNumbers.js";

test("seeded integers repeat for a seed, stay in range and can skip zero", () => {
  const a = seededIntegers(7, 50, -2, 2, { nonZero: true });
  assert.deepEqual(a, seededIntegers(7, 50, -2, 2, { nonZero: true }));
  assert.notDeepEqual(a, seededIntegers(8, 50, -2, 2, { nonZero: true }));
  assert.ok(a.every((v) => Number.isInteger(v) && v >= -2 && v <= 2 && v !== 0));
  assert.equal(new Set(a).size, 4);
});

test("cell text keeps whole numbers, rounds others and writes a real minus", () => {
  assert.equal(cellText(3), "3");
  assert.equal(cellText(-1.5), "\u22121.5");
  assert.equal(cellText(1 / 3), "0.33");
  assert.equal(cellText(-0.0001), "0");
  assert.equal(cellText(null), "");
  assert.equal(factorText(-2), "(\u22122)");
  assert.equal(factorText(2), "2");
});

test("flatten, maxAbs and sameNumbers", () => {
  assert.deepEqual(flatten([[[1, 2]], [[3, 4]]]), [1, 2, 3, 4]);
  assert.equal(maxAbs([1, -3], [null, 2]), 3);
  assert.ok(maxAbs([0]) > 0);
  assert.ok(sameNumbers([1, 2.0000000000001], [1, 2]));
  assert.ok(!sameNumbers([1, 2], [1, 2.1]));
  assert.ok(!sameNumbers([1], [1, 2]));
});
