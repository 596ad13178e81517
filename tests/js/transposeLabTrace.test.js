// node --test tests/js: request bodies and the engine's stamp trace read for drawing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backwardBody, compareOutputs, outputAfter, prepareStamps, stepSummary, transposeBody }
  from "../../static/js/lib/transposeLabTrace.js";
import { defaultState } from "../../static/js/lib/transposeLabState.js";

// The engine's answer for a 1x2 input [2, -1], kernel [[1, 1], [0, 1]], stride 2, padding 1, op 1,
// as POST /api/v1/conv_transpose sent it: output 1x3 ((1-1)*2 - 2 + 1 + 1 + 1 = 1, (2-1)*2 - 2 + 3 = 3).
const ANSWER = {
  output: { shape: [1, 3], dtype: "float64", encoding: "list", data: [2, 0, -1] },
  trace: {
    kind: "conv_transpose", stride: [2, 2], padding: [1, 1], output_padding: [1, 1], dilation: [1, 1],
    groups: 1, canvas: [2, 4], input: [[[[2, -1]]]], weight: [[[[1, 1], [0, 1]]]], bias: [0],
    output: [[[[2, 0, -1]]]],
    index: [[0, 0, 0, 0], [0, 0, 0, 1]], origin: [[-1, -1], [-1, 1]],
    taps: [[0, 0], [0, 1], [1, 0], [1, 1]], channels: [[0], [0]], value: [2, -1],
    stamp: [[[[2, 2], [0, 2]]], [[[-1, -1], [0, -1]]]],
    kept: [[[false, false], [false, true]], [[false, false], [true, true]]],
    partial: [[[[2, 0, 0]]], [[[2, 0, -1]]]],
  },
};

test("the request bodies carry the knobs under the engine's names", () => {
  const s = defaultState();
  const body = transposeBody(s);
  assert.deepEqual(body.input, { shape: [3, 3], data: s.input });
  assert.deepEqual(body.weight, { shape: [3, 3], data: s.kernel });
  assert.equal(body.output_padding, 1);
  assert.equal(body.trace, true);
  const back = backwardBody(s, [6, 6]);
  assert.deepEqual(back.grad_output, { shape: [3, 3], data: s.input });
  assert.deepEqual(back.input.shape, [6, 6]);
  assert.equal(back.input.data.length, 36);
  assert.equal(back.output_padding, undefined);  // the convolution has none
  assert.equal(back.stride, 2);
});

test("the trace is read per step: stamps, kept taps, partial outputs", () => {
  const st = prepareStamps(ANSWER);
  assert.equal(st.steps, 2);
  assert.deepEqual(st.outShape, [1, 3]);
  assert.deepEqual(st.stamp[1], [-1, -1, 0, -1]);
  assert.deepEqual(st.kept[0], [false, false, false, true]);
  assert.deepEqual(outputAfter(st, 0), [0, 0, 0]);
  assert.deepEqual(outputAfter(st, 1), [2, 0, 0]);
  assert.deepEqual(outputAfter(st, 2), ANSWER.output.data);
  assert.deepEqual(outputAfter(st, 9), ANSWER.output.data);
  assert.deepEqual(stepSummary(st, 1), { cell: [0, 1], value: -1, rows: [-1, 0], cols: [1, 2], kept: 2, cropped: 2 });
});

test("the check compares the two engine answers", () => {
  assert.deepEqual(compareOutputs([1, 2, 3], [1, 2, 3]), { same: true, maxDiff: 0 });
  assert.equal(compareOutputs([1, 2, 3], [1, 2, 3.5]).same, false);
  assert.equal(compareOutputs([1, 2, 3], [1, 2, 3.5]).maxDiff, 0.5);
  assert.deepEqual(compareOutputs([1, 2], [1, 2, 3]), { same: false, maxDiff: Infinity });
});
