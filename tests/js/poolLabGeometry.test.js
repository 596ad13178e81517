// node --test tests/js: the pooling output-size formula, both roundings and ceil_mode's rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { poolAxes, poolAxis, poolBody, poolRefusal, poolShapesBodies } from "../../static/js/lib/poolLabGeometry.js";

/**
 * Windows counted one by one, as PyTorch places them: window o starts at o*S in the padded
 * input. Floor: it must end inside the padded input. Ceil: it may hang past the end as long as
 * the window before it did not (it starts at most S - 1 past the last full start), and it must
 * start inside the input or its left padding (o*S < H + P).
 */
function countWindows(h, k, s, p, d, ceil) {
  const span = d * (k - 1) + 1;
  const end = h + 2 * p;
  let n = 0;
  for (let o = 0; o < 1000; o += 1) {
    const start = o * s;
    const fits = start + span <= end;
    const hangs = ceil && start <= end - span + s - 1 && start < h + p;
    if (!fits && !hangs) break;
    n += 1;
  }
  return n;
}

test("both roundings agree with windows counted one by one", () => {
  let checked = 0;
  for (let h = 1; h <= 12; h += 1) {
    for (let k = 1; k <= 5; k += 1) {
      for (let s = 1; s <= 5; s += 1) {
        for (let p = 0; 2 * p <= k && p <= 2; p += 1) {
          for (let d = 1; d <= 3; d += 1) {
            const ax = poolAxis(h, k, s, p, d, false);
            if (!ax.ok) continue;
            assert.equal(ax.floorOut, countWindows(h, k, s, p, d, false), `floor h${h} k${k} s${s} p${p} d${d}`);
            assert.equal(ax.ceilOut, countWindows(h, k, s, p, d, true), `ceil h${h} k${k} s${s} p${p} d${d}`);
            assert.equal(ax.out, ax.floorOut);
            assert.equal(poolAxis(h, k, s, p, d, true).out, ax.ceilOut);
            checked += 1;
          }
        }
      }
    }
  }
  assert.ok(checked > 1000);
});

test("ceil_mode's rule takes back a window that would start in the right padding", () => {
  // H 5, K 2, S 2, P 1: ceil((5 + 2 - 1 - 1) / 2) + 1 = 4, but window 4 would start at 6 = H + P.
  const ax = poolAxis(5, 2, 2, 1, 1, true);
  assert.equal(ax.numerator, 5);
  assert.equal(ax.floorOut, 3);
  assert.equal(ax.ceilRaw, 4);
  assert.equal(ax.lastStart, 6);
  assert.equal(ax.limit, 6);
  assert.equal(ax.dropped, true);
  assert.equal(ax.ceilOut, 3);
  // H 5, K 2, S 2, P 0: ceil gives one more window (starts at 4 < 5), hanging one cell past.
  const more = poolAxis(5, 2, 2, 0, 1, true);
  assert.deepEqual([more.floorOut, more.ceilRaw, more.dropped, more.ceilOut, more.remainder], [2, 3, false, 3, 1]);
});

test("a setting the engine refuses is named before it answers", () => {
  assert.deepEqual(poolRefusal([poolAxis(6, 2, 2, 2, 1, false)]), { key: "poolLab.why.padding", vars: { p: 2, k: 2 } });
  assert.deepEqual(poolRefusal([poolAxis(3, 3, 1, 0, 3, false)]), { key: "poolLab.why.tooLarge", vars: { eff: 7, padded: 3 } });
  assert.equal(poolRefusal(poolAxes({ size: [6, 6], k: 2, stride: 2, pad: 1, dilation: 1, ceil: false })), null);
});

test("the request names only the options of its kind, with the channels and ndim", () => {
  const state = { kind: "max", dim: 1, size: [8], channels: 2, k: 3, stride: 2, pad: 1, dilation: 2, ceil: true,
    includePad: false, input: new Array(16).fill(0) };
  const body = poolBody(state);
  assert.deepEqual(body.input.shape, [2, 8]);
  assert.equal(body.ndim, 1);
  assert.equal(body.dilation, 2);
  assert.ok(!("count_include_pad" in body));
  const avg = poolBody(state, { kind: "avg", trace: false });
  assert.equal(avg.count_include_pad, false);
  assert.ok(!("dilation" in avg));
  assert.equal(avg.trace, false);
  const shapes = poolShapesBodies(state);
  assert.deepEqual(shapes.pool.input_shape, [2, 1, 8]);
  assert.deepEqual(shapes.pool.layers[0].kernel_size, [1, 3]);
  assert.deepEqual(shapes.conv.layers[0], { type: "conv", out_channels: 2, kernel_size: [1, 3], stride: [1, 2],
    padding: [0, 1], dilation: [1, 2] });
});
