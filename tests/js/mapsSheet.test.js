// node --test tests/js: sheets of maps, hit testing, colouring and step images.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cellAt, cellOrigin, colourRange, colourTable, imagePixels, imageRows, imageSize, paintCell, paintValues,
  scaleKind, sheetLayout,
} from "../../static/js/lib/mapsSheet.js";
import { diverging, sequential } from "../../static/js/lib/colorScale.js";

test("sheetLayout puts 32 square maps in 8 columns and 4 rows with 1-pixel gaps", () => {
  const s = sheetLayout(32, 224, 224);
  assert.equal(s.cols, 8);
  assert.equal(s.rows, 4);
  assert.equal(s.width, 8 * 224 + 7);
  assert.equal(s.height, 4 * 224 + 3);
});

test("sheetLayout never makes more columns than maps", () => {
  const s = sheetLayout(1, 5, 5);
  assert.equal(s.cols, 1);
  assert.equal(s.width, 5);
});

test("a long vector wraps into rows of 64 values", () => {
  const s = sheetLayout(1, 1, 1000);
  assert.equal(s.wrapped, true);
  assert.equal(s.width, 64);
  assert.equal(s.height, 16);
});

test("cellAt finds the map under a point, -1 in a gap or past the last map", () => {
  const s = sheetLayout(6, 4, 4); // 4 columns, 2 rows
  assert.equal(s.cols, 4);
  assert.equal(cellAt(s, 0, 0), 0);
  assert.equal(cellAt(s, 5, 0), 1);
  assert.equal(cellAt(s, 4, 0), -1);          // gap
  assert.equal(cellAt(s, 6, 6), 5);
  assert.equal(cellAt(s, 11, 6), -1);         // third column of row 2: no map 6
  assert.equal(cellAt(s, -1, 0), -1);
  assert.deepEqual(cellOrigin(s, 5), { x: 5, y: 5 });
});

test("scaleKind: sequential for non-negative layers, diverging when any value is negative", () => {
  assert.equal(scaleKind(0, 3), "sequential");
  assert.equal(scaleKind(-0.1, 3), "diverging");
});

test("colourRange is the map's own or the layer's, symmetric around zero when diverging", () => {
  const maps = { ranges: [0, 2, 1, 5], min: 0, max: 5 };
  assert.deepEqual(colourRange(maps, 0, "map"), { min: 0, max: 2, kind: "sequential" });
  assert.deepEqual(colourRange(maps, 0, "layer"), { min: 0, max: 5, kind: "sequential" });
  const signed = { ranges: [-1, 3, -4, 2], min: -4, max: 3 };
  assert.deepEqual(colourRange(signed, 0, "map"), { min: -3, max: 3, kind: "diverging" });
  assert.deepEqual(colourRange(signed, 1, "layer"), { min: -4, max: 4, kind: "diverging" });
});

test("colourTable follows the library's scales at both ends", () => {
  const seq = colourTable("sequential");
  assert.deepEqual(Array.from(seq.slice(0, 3)), sequential(0));
  assert.deepEqual(Array.from(seq.slice(765, 768)), sequential(1));
  const div = colourTable("diverging");
  assert.deepEqual(Array.from(div.slice(0, 3)), diverging(-1));
});

test("paintValues colours the low end, the high end, and clamps outside the range", () => {
  const rgba = new Uint8ClampedArray(4 * 3);
  paintValues(rgba, 3, 0, 0, [0, 10, 99], 0, 3, 3, { min: 0, max: 10, kind: "sequential" });
  assert.deepEqual(Array.from(rgba.slice(0, 4)), [...sequential(0), 255]);
  assert.deepEqual(Array.from(rgba.slice(4, 8)), [...sequential(1), 255]);
  assert.deepEqual(Array.from(rgba.slice(8, 12)), [...sequential(1), 255]);
});

test("paintCell writes map c at its place on the sheet and nowhere else", () => {
  const s = sheetLayout(2, 1, 2); // 2 columns: [a a] gap [b b]
  const rgba = new Uint8ClampedArray(4 * s.width * s.height);
  const maps = { values: Float32Array.from([0, 1, 2, 4]), ranges: [0, 1, 2, 4], min: 0, max: 4, h: 1, w: 2 };
  paintCell(rgba, s, maps, 1, "map");
  assert.equal(rgba[3], 0);                                           // map 0 untouched
  assert.deepEqual(Array.from(rgba.slice(12, 16)), [...sequential(0), 255]); // x = 3: map 1's low
  assert.deepEqual(Array.from(rgba.slice(16, 20)), [...sequential(1), 255]);
});

test("imagePixels reads (H, W, 3), (H, W) and channels-first (C, H, W) images", () => {
  const hwc = imagePixels([0, 0.5, 1, 1, 1, 1], [1, 2, 3], 0, 1);
  assert.deepEqual(Array.from(hwc.rgba), [0, 128, 255, 255, 255, 255, 255, 255]);
  const grey = imagePixels([0, 2], [1, 2], 0, 2);
  assert.deepEqual(Array.from(grey.rgba), [0, 0, 0, 255, 255, 255, 255, 255]);
  const chw = imagePixels([0, 1, 1, 0, 0, 0], [3, 1, 2], 0, 1, true);
  assert.deepEqual(Array.from(chw.rgba), [0, 255, 0, 255, 255, 0, 0, 255]);
  const one = imagePixels([0, 4], [1, 1, 2], 0, 4, true);
  assert.deepEqual(Array.from(one.rgba), [0, 0, 0, 255, 255, 255, 255, 255]);
});

test("imageRows paints a picture band by band into the same pixels as imagePixels", () => {
  const values = Array.from({ length: 3 * 5 * 4 }, (_, i) => (i * 7) % 11);
  for (const [shape, channelsFirst] of [[[5, 4, 3], false], [[3, 5, 4], true], [[5, 12], false]]) {
    const whole = imagePixels(values, shape, 0, 10, channelsFirst);
    const { height, width } = imageSize(shape, channelsFirst);
    assert.deepEqual([height, width], [whole.height, whole.width]);
    const rgba = new Uint8ClampedArray(whole.rgba.length);
    for (const [from, to] of [[0, 2], [2, 3], [3, 5]]) {
      imageRows(rgba, values, shape, 0, 10, channelsFirst, from, to);
      // the rows after the band are still untouched
      assert.ok(rgba.slice(4 * to * width).every((v) => v === 0));
    }
    assert.deepEqual(Array.from(rgba), Array.from(whole.rgba));
  }
});
