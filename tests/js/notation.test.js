import assert from "node:assert/strict";
import { test } from "node:test";

import { notationRows } from "../../static/js/lib/notation.js";
import { defaultState } from "../../static/js/lib/labUrlState.js";

const byId = (rows) => Object.fromEntries(rows.map((r) => [r.id, r]));

test("the notation bridge fills the current numbers under both namings", () => {
  const rows = byId(notationRows({ ...defaultState(), k: 3, stride: 2, padMode: "number", pad: 1, cout: 2, cin: 3 }));
  assert.equal(rows.k.ours, "K");
  assert.equal(rows.k.note002, "F");
  assert.equal(rows.k.value, "3");
  assert.equal(rows.kernels.value, "(2, 3, 3, 3)");
  assert.equal(rows.kernels.note001, "[kh, kw, in, out]");
  assert.equal(rows.input.note001, "(N, H, W, C)");
  // 7 x 7, K 3, P 1, S 2: floor((7 + 2 - 3) / 2) + 1 = 4.
  assert.equal(rows.out.value, "4, 4");
  assert.equal(rows.p.value, "1");
  // The notes' K is the number of filters: the row that clashes with ours is marked.
  assert.deepEqual(notationRows(defaultState()).filter((r) => r.clash).map((r) => r.id), ["cout"]);
});

test("1-D and the engine's own padding and output are used when it has answered", () => {
  const s = { ...defaultState(), dim: 1, size: [9], k: 3, padMode: "same", pad: 0 };
  const rows = byId(notationRows({ ...s, trace: { pads: [[1, 1]], outShape: [9] } }));
  assert.equal(rows.size.value, "1, 9");
  assert.equal(rows.out.value, "1, 9");
  assert.equal(rows.p.value, "1");
  assert.equal(byId(notationRows({ ...s, k: 4 })).p.value, "1+2");
});
