// node --test tests/js: which step an animation shows at a frame time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_STEP_MS, clampStep, playbackStep, playFrom, stepDuration } from "../../static/js/lib/opsPlayback.js";

test("steps advance with time and stop at the last one", () => {
  const base = { startStep: 2, startT: 1000, total: 5, speed: 1 };
  assert.deepEqual(playbackStep({ ...base, t: 1000 }), { step: 2, done: false });
  assert.deepEqual(playbackStep({ ...base, t: 1000 + BASE_STEP_MS }), { step: 3, done: false });
  assert.deepEqual(playbackStep({ ...base, t: 1000 + 10 * BASE_STEP_MS }), { step: 4, done: true });
  assert.deepEqual(playbackStep({ ...base, t: 1000 + BASE_STEP_MS, speed: 2 }).step, 4);
});

test("play starts over from the end, steps are clamped, speed divides the duration", () => {
  assert.equal(playFrom(4, 5), 0);
  assert.equal(playFrom(2, 5), 2);
  assert.equal(clampStep(-3, 5), 0);
  assert.equal(clampStep(9, 5), 4);
  assert.equal(stepDuration(2), BASE_STEP_MS / 2);
});
