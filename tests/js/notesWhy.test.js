import assert from "node:assert/strict";
import { test } from "node:test";

import { NOTE_ENTRIES, labNotes } from "../../static/js/lib/notes.js";
import { LINEAR_A, LINEAR_B, WHY_ENTRIES, linearCheck, linearInputs } from "../../static/js/lib/notesWhy.js";

/** A plain 1-D cross-correlation, valid padding, stride 1, written out for the test. */
function conv1d(x, w, b) {
  const out = [];
  for (let i = 0; i + w.length <= x.length; i += 1) {
    let sum = b;
    for (let k = 0; k < w.length; k += 1) sum += x[i + k] * w[k];
    out.push(sum);
  }
  return out;
}

test("the second input is the first read backwards, the combination a·x + b·y", () => {
  const { y, combo } = linearInputs([1, 2, 3]);
  assert.deepEqual(y, [3, 2, 1]);
  assert.deepEqual(combo, [LINEAR_A * 1 + LINEAR_B * 3, LINEAR_A * 2 + LINEAR_B * 2, LINEAR_A * 3 + LINEAR_B * 1]);
});

test("without a bias the two sides agree; with one they differ by -(a + b - 1)·bias", () => {
  const x = [0.5, -1, 2, 0, 3];
  const w = [1, -2, 0.5];
  const { y, combo } = linearInputs(x);
  for (const bias of [0, 0.5, -1.25]) {
    const outputs = { x: conv1d(x, w, bias), y: conv1d(y, w, bias), combo: conv1d(combo, w, bias) };
    for (let cell = 0; cell < 3; cell += 1) {
      const check = linearCheck(outputs, bias, cell);
      assert.ok(Math.abs(check.gap - check.expected) < 1e-12, `bias ${bias} cell ${cell}`);
      if (bias === 0) assert.ok(Math.abs(check.left - check.right) < 1e-12);
      else assert.ok(Math.abs(check.left - check.right) > 0.1);
    }
  }
});

test("the why entries join the notes panel after the mistakes and need the engine's trace", () => {
  assert.deepEqual(NOTE_ENTRIES.slice(-WHY_ENTRIES.length).map((e) => e.id), ["000-linear", "001-dense"]);
  for (const entry of WHY_ENTRIES) {
    assert.equal(entry.kind, "why");
    assert.equal(entry.compute({ trace: null }), null);
  }
  const trace = { steps: 4, cout: 2, outShape: [2], pads: [[0, 0]], index: [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]] };
  const s = { dim: 1, size: [4], cin: 1, cout: 2, k: 3, stride: 1, padMode: "number", pad: 0, dilation: 1,
    bias: [0, 0.5], trace, done: 3, status: "ready",
    linear: { x: [1, 2, 3, 4], y: [0, 0, 1, 1], combo: [2, 4, 6, 8] } };
  const linear = labNotes(s).find((n) => n.entry.id === "000-linear").result;
  assert.equal(linear.summary[0].key, "lab.notes.000-linear.summaryBias");  // step 3 is channel 1 (bias 0.5)
  assert.deepEqual(linear.rows.map((r) => r.value), [6, 7, -1]);
  const dense = labNotes(s).find((n) => n.entry.id === "001-dense").result;
  assert.deepEqual(dense.rows.map((r) => r.value), ["2 × 2", 4, 50]);
});
