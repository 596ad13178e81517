// node --test tests/js: the pooling mode's knobs, presets, examples and URL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { POOL_EXAMPLES, POOL_PRESETS, applyPoolKnobs, decodePoolState, encodePoolState, parseValues,
  poolDefaultState, poolInput, valuesText } from "../../static/js/lib/poolLabState.js";

test("a state survives the URL, and mode and lang stay", () => {
  const state = applyPoolKnobs(poolDefaultState(), { kind: "avg", size: [5, 7], channels: 3, k: 3, stride: 2,
    pad: 1, ceil: true, includePad: false, preset: "random", seed: 4 });
  const params = encodePoolState({ ...state, done: 7, speed: 4 }, new URLSearchParams("mode=pool&lang=ko"));
  assert.equal(params.get("mode"), "pool");
  assert.equal(params.get("lang"), "ko");
  const back = decodePoolState(params);
  for (const key of ["kind", "dim", "size", "channels", "k", "stride", "pad", "dilation", "ceil", "includePad",
    "preset", "seed", "input"]) {
    assert.deepEqual(back[key], state[key], key);
  }
  assert.equal(back.done, 7);
  assert.equal(back.speed, 4);
});

test("a bare ?mode=pool is the default, and bad values fall back one by one", () => {
  assert.deepEqual(decodePoolState(new URLSearchParams("mode=pool")), poolDefaultState());
  const s = decodePoolState(new URLSearchParams("mode=pool&kind=avg&k=99&s=0&p=x&d=3&size=4x40&c=9&x=1,2"));
  assert.equal(s.kind, "avg");
  assert.equal(s.k, 2);
  assert.equal(s.stride, 2);
  assert.equal(s.pad, 0);
  assert.equal(s.dilation, 1, "average pooling has no dilation");
  assert.deepEqual(s.size, [6, 6]);
  assert.equal(s.channels, 1);
  assert.equal(s.input.length, 36, "values of the wrong count come from the preset");
});

test("presets fill every channel, with one strong value per channel in 'feature'", () => {
  for (const name of POOL_PRESETS) {
    assert.equal(poolInput(name, [6, 6], 3).length, 108, name);
    assert.equal(poolInput(name, [12], 2).length, 24, name);
  }
  const x = poolInput("feature", [6, 6], 3);
  assert.deepEqual([0, 1, 2].map((c) => Math.max(...x.slice(c * 36, (c + 1) * 36))), [9, 8, 7]);
  assert.ok(x.every((v) => v <= 2 || [9, 8, 7].includes(v)), "a quiet background around the strong values");
  assert.deepEqual(poolInput("random", [4, 4], 1, 2), poolInput("random", [4, 4], 1, 2));
  assert.notDeepEqual(poolInput("random", [4, 4], 1, 2), poolInput("random", [4, 4], 1, 3));
});

test("knobs: the input follows its shape, average pooling drops dilation, a smaller kernel takes the padding down", () => {
  let s = poolDefaultState();
  s = applyPoolKnobs(s, { channels: 2 });
  assert.equal(s.input.length, 72);
  s = applyPoolKnobs({ ...s, done: 5 }, { dilation: 2 });
  assert.equal(s.dilation, 2);
  assert.equal(s.done, 0, "a new setting starts the animation over");
  s = applyPoolKnobs(s, { kind: "avg" });
  assert.equal(s.dilation, 1);
  s = applyPoolKnobs(s, { k: 3, pad: 1 });
  s = applyPoolKnobs(s, { k: 1 });
  assert.equal(s.pad, 0);
  assert.deepEqual(s.knobNote, { key: "poolLab.note.padLowered", vars: { from: 1, to: 0, k: 1 } });
  s = applyPoolKnobs(s, { dim: 1 });
  assert.deepEqual(s.size, [12]);
  assert.equal(s.input.length, 24);
  s = applyPoolKnobs(s, { dim: 2 });
  assert.deepEqual(s.size, [6, 6]);
});

test("the border-divisor example is one click: 3x3 average, stride 2, padding 1, 5x5, count_include_pad off", () => {
  const s = applyPoolKnobs(poolDefaultState(), { example: "divisors" });
  assert.deepEqual([s.kind, s.size, s.k, s.stride, s.pad, s.ceil, s.includePad], ["avg", [5, 5], 3, 2, 1, false, false]);
  assert.ok(!("example" in s));
  for (const name of Object.keys(POOL_EXAMPLES)) {
    const e = applyPoolKnobs(poolDefaultState(), { example: name });
    assert.ok(2 * e.pad <= e.k, name);
    assert.equal(e.input.length, e.channels * e.size.reduce((a, b) => a * b, 1), name);
  }
});

test("typed values: one row a line, channels apart; the count must match", () => {
  const text = valuesText([1, 2, 3, 4, 5, 6, 7, 8], [2, 2], 2);
  assert.equal(text, "1 2\n3 4\n\n5 6\n7 8");
  assert.deepEqual(parseValues(text, 8), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(parseValues("1, \u22122.5\n3 4", 4), [1, -2.5, 3, 4]);
  assert.equal(parseValues("1 2 3", 4), null);
  assert.equal(parseValues("1 2 x 4", 4), null);
});
