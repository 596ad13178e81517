// node --test tests/js: colour scales and readable text on them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { colourOf, css, diverging, sequential, textOn } from "../../static/js/lib/colorScale.js";

test("sequential runs from dark purple to yellow and clamps", () => {
  assert.deepEqual(sequential(0), [68, 1, 84]);
  assert.deepEqual(sequential(1), [253, 231, 37]);
  assert.deepEqual(sequential(-5), sequential(0));
  assert.deepEqual(sequential(Number.NaN), sequential(0));
});

test("sequential gets lighter as the value grows", () => {
  const light = (rgb) => 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  let last = -1;
  for (let t = 0; t <= 1; t += 0.05) {
    const l = light(sequential(t));
    assert.ok(l > last, `lightness not increasing at ${t}`);
    last = l;
  }
});

test("diverging is white at zero, blue below and orange above", () => {
  assert.deepEqual(diverging(0), [247, 247, 247]);
  const [r1, , b1] = diverging(-1);
  const [r2, , b2] = diverging(1);
  assert.ok(b1 > r1, "negative is blue");
  assert.ok(r2 > b2, "positive is orange");
});

test("colourOf centres signed values on zero and stretches magnitudes", () => {
  assert.deepEqual(colourOf(0, -2, 8), diverging(0));
  assert.deepEqual(colourOf(8, -2, 8), diverging(1));
  assert.deepEqual(colourOf(-2, -2, 8), diverging(-0.25));
  assert.deepEqual(colourOf(5, 5, 5, "sequential"), sequential(0.5));
  assert.deepEqual(colourOf(0, 0, 0), diverging(0));
});

test("text on a cell is white on dark colours and black on light ones", () => {
  assert.equal(textOn(sequential(0)), "#fff");
  assert.equal(textOn(sequential(1)), "#000");
  assert.equal(textOn(diverging(0)), "#000");
  assert.equal(textOn(diverging(-1)), "#fff");
  assert.equal(css([1, 2, 3]), "rgb(1, 2, 3)");
});
