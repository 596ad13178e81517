// node --test tests/js: the notes' "why" claims about pooling, with the lab's numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { preparePoolTrace } from "../../static/js/lib/poolLabTrace.js";
import { channelValues, divisorCheck, otherValues, parameterCounts, perChannel,
  strongFeature } from "../../static/js/lib/poolLabWhy.js";

// The engine's trace: max pooling 2, stride 2, ceil_mode, 2 channels of 5 cells.
const MAX_1D = {"kind":"max","stride":[2],"dilation":[1],"pads":[[0,1]],"padded":[[[1.0,3.0,3.0,0.0,2.0,0.0],[4.0,0.0,1.0,5.0,5.0,0.0]]],"output":[[[3.0,3.0,2.0],[4.0,5.0,5.0]]],"index":[[0,0,0],[0,0,1],[0,0,2],[0,1,0],[0,1,1],[0,1,2]],"origin":[[0],[2],[4],[0],[2],[4]],"taps":[[0],[1]],"window":[[1.0,3.0],[3.0,0.0],[2.0,0.0],[4.0,0.0],[1.0,5.0],[5.0,0.0]],"result":[3.0,3.0,2.0,4.0,5.0,5.0],"fields":[[0,1],[2,3],[4]],"feeds":[[0],[0],[1],[1],[2]],"kernel":[2],"ceil_mode":true,"count_include_pad":true,"inside":[true,true,true,true,true,false],"unvisited":[false,false,false,false,false],"valid":[[true,true],[true,true],[true,false],[true,true],[true,true],[true,false]],"maxima":[[false,true],[true,false],[true,false],[true,false],[false,true],[true,false]],"first":[1,0,0,0,1,0],"argmax":[1,2,4,0,3,4],"divisor":[1.0,1.0,1.0,1.0,1.0,1.0]};

test("the strong value survives max pooling and is blurred by averaging", () => {
  const tr = preparePoolTrace(MAX_1D);
  assert.deepEqual(channelValues(tr, 1), [4, 0, 1, 5, 5]);
  // Channel 1's largest value is the 5 at position 3 (the first of two); window 1 holds it.
  const avg = [2, 1.5, 1, 2, 3, 2.5];
  const f = strongFeature(tr, avg, 1);
  assert.equal(f.value, 5);
  assert.deepEqual(f.pos, [3]);
  assert.deepEqual(f.windows, [1]);
  assert.deepEqual(f.maxGrid, [4, 5, 5]);
  assert.deepEqual(f.avgGrid, [2, 3, 2.5]);
  assert.equal(f.kept, 5);
  assert.equal(f.blurred, 3);
  assert.equal(f.at, 1);
  assert.equal(f.flat, false);
});

test("pooling runs per channel and keeps C", () => {
  const c = perChannel(preparePoolTrace(MAX_1D));
  assert.equal(c.channels, 2);
  assert.deepEqual(c.stepsByChannel, [3, 3]);
  assert.deepEqual([c.inShape, c.outShape, c.perChannel], [[5], [3], 3]);
});

test("pooling has no parameters, the convolution with its window has C*C*K*K + C", () => {
  const p = parameterCounts({ params: 0 }, { params: 84 }, { channels: 3, k: 3, dim: 2 });
  assert.deepEqual(p, { pool: 0, conv: 84, formula: "3·3·3×3 + 3" });
});

test("other values of the same shape, and divisors compared", () => {
  const x = [1, 1, 1, 1];
  const y = otherValues(x);
  assert.equal(y.length, 4);
  assert.notDeepEqual(y, x);
  assert.deepEqual(otherValues(x), y, "the same every time");
  const tr = { outShape: [2, 2], divisor: [4, 6, 6, 9, 4, 6, 6, 9] };
  assert.deepEqual(divisorCheck(tr, { ...tr }), { grid: [4, 6, 6, 9], otherGrid: [4, 6, 6, 9], same: true,
    distinct: [4, 6, 9] });
  assert.equal(divisorCheck(tr, { outShape: [2, 2], divisor: [4, 6, 6, 8, 4, 6, 6, 9] }).same, false);
});
