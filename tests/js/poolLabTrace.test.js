// node --test tests/js: indexing into the engine's pooling trace for the lab's pooling mode.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellRole, divisorGrid, inputPos, paddedPos, poolStep, poolStepOf, preparePoolTrace, shownPoolOutputs,
  skippedLines, unvisitedCells } from "../../static/js/lib/poolLabTrace.js";

// The engine's trace of max pooling, kernel 2, stride 2, ceil_mode, on 2 channels of 5 cells:
// the last window starts at 4 and hangs one cell past the input (no padding to count it).
const MAX_1D = {"kind":"max","stride":[2],"dilation":[1],"pads":[[0,1]],"padded":[[[1.0,3.0,3.0,0.0,2.0,0.0],[4.0,0.0,1.0,5.0,5.0,0.0]]],"output":[[[3.0,3.0,2.0],[4.0,5.0,5.0]]],"index":[[0,0,0],[0,0,1],[0,0,2],[0,1,0],[0,1,1],[0,1,2]],"origin":[[0],[2],[4],[0],[2],[4]],"taps":[[0],[1]],"window":[[1.0,3.0],[3.0,0.0],[2.0,0.0],[4.0,0.0],[1.0,5.0],[5.0,0.0]],"result":[3.0,3.0,2.0,4.0,5.0,5.0],"fields":[[0,1],[2,3],[4]],"feeds":[[0],[0],[1],[1],[2]],"kernel":[2],"ceil_mode":true,"count_include_pad":true,"inside":[true,true,true,true,true,false],"unvisited":[false,false,false,false,false],"valid":[[true,true],[true,true],[true,false],[true,true],[true,true],[true,false]],"maxima":[[false,true],[true,false],[true,false],[true,false],[false,true],[true,false]],"first":[1,0,0,0,1,0],"argmax":[1,2,4,0,3,4],"divisor":[1.0,1.0,1.0,1.0,1.0,1.0]};

/**
 * A 2-D average-pooling trace built by plain loops, shaped like the API's (one channel).
 * The divisor is PyTorch's rule written out: the window clipped to H + P (count_include_pad)
 * or to the input.
 */
function loopTrace(h, w, k, s, p, ceil, include, values) {
  const size = (n) => {
    const room = n + 2 * p - k;
    let o = (ceil ? Math.ceil(room / s) : Math.floor(room / s)) + 1;
    if (ceil && (o - 1) * s >= n + p) o -= 1;
    return o;
  };
  const [ho, wo] = [size(h), size(w)];
  const ph = Math.max(p, (ho - 1) * s + k - h - p);
  const pw = Math.max(p, (wo - 1) * s + k - w - p);
  const rows = h + p + ph;
  const cols = w + p + pw;
  const padded = []; const inside = [];
  for (let r = 0; r < rows; r += 1) {
    const pr = []; const ir = [];
    for (let c = 0; c < cols; c += 1) {
      const real = r >= p && r < p + h && c >= p && c < p + w;
      pr.push(real ? values[(r - p) * w + (c - p)] : 0);
      ir.push(real);
    }
    padded.push(pr); inside.push(ir);
  }
  const taps = [];
  for (let i = 0; i < k; i += 1) for (let j = 0; j < k; j += 1) taps.push([i, j]);
  const index = []; const origin = []; const window = []; const valid = []; const divisor = []; const result = [];
  const fields = []; const seen = new Array(h * w).fill(false);
  for (let a = 0; a < ho; a += 1) {
    for (let b = 0; b < wo; b += 1) {
      index.push([0, 0, a, b]); origin.push([a * s, b * s]);
      const win = []; const val = []; const field = []; let sum = 0;
      for (const [i, j] of taps) {
        const r = a * s + i; const c = b * s + j;
        win.push(padded[r][c]); val.push(inside[r][c]); sum += padded[r][c];
        if (inside[r][c]) { field.push((r - p) * w + (c - p)); seen[(r - p) * w + (c - p)] = true; }
      }
      const clip = (start, n) => Math.min(start + k, n + p) - start;
      const real = (start, n) => Math.min(start + k, n) - Math.max(start, 0);
      const d = include ? clip(a * s - p, h) * clip(b * s - p, w) : real(a * s - p, h) * real(b * s - p, w);
      window.push(win); valid.push(val); divisor.push(d); result.push(sum / d); fields.push(field);
    }
  }
  const feeds = seen.map((_, i) => fields.flatMap((f, o) => (f.includes(i) ? [o] : [])));
  const unvisited = [];
  for (let r = 0; r < h; r += 1) unvisited.push(seen.slice(r * w, (r + 1) * w).map((v) => !v));
  return { kind: "avg", stride: [s, s], dilation: [1, 1], pads: [[p, ph], [p, pw]], padded: [[padded]],
    output: [[Array.from({ length: ho }, (_, a) => result.slice(a * wo, (a + 1) * wo))]], index, origin, taps,
    window, result, fields, feeds, kernel: [k, k], ceil_mode: ceil, count_include_pad: include, inside,
    unvisited, valid, maxima: valid.map((v) => v.map(() => false)), first: result.map(() => -1),
    argmax: result.map(() => -1), divisor };
}

test("a prepared trace knows its shapes, and the ceil_mode overhang is neither input nor padding", () => {
  const tr = preparePoolTrace(MAX_1D);
  assert.equal(tr.nd, 1);
  assert.equal(tr.channels, 2);
  assert.deepEqual(tr.inShape, [5]);
  assert.deepEqual(tr.paddedShape, [6]);
  assert.deepEqual(tr.outShape, [3]);
  assert.equal(tr.steps, 6);
  assert.deepEqual([0, 4, 5].map((i) => cellRole(tr, [i])), ["value", "value", "beyond"]);
  assert.deepEqual(inputPos(tr, [5]), null);
  assert.deepEqual(inputPos(tr, [4]), [4]);
  assert.deepEqual(paddedPos(tr, [4]), [4]);
});

test("a max step names its maximum, the first one in reading order, and its input position", () => {
  const tr = preparePoolTrace(MAX_1D);
  const last = poolStep(tr, 2);
  assert.equal(last.result, 2);
  assert.deepEqual(last.taps.map((t) => [t.role, t.value, t.max]), [["value", 2, true], ["beyond", 0, false]]);
  assert.deepEqual(last.counts, { value: 1, pad: 0, beyond: 1 });
  assert.deepEqual(last.argmax, [4]);
  // Channel 1, window 1 reads 1 and 5; the 5 at input position 3 wins.
  const s = poolStepOf(tr, 1, 1);
  assert.equal(s, 4);
  const step = poolStep(tr, s);
  assert.equal(step.channel, 1);
  assert.deepEqual(step.outPos, [1]);
  assert.deepEqual(step.argmax, [3]);
  assert.deepEqual(step.taps.map((t) => t.first), [false, true]);
});

test("outputs show up step by step", () => {
  const tr = preparePoolTrace(MAX_1D);
  assert.deepEqual(shownPoolOutputs(tr, 0), ["", "", "", "", "", ""]);
  assert.deepEqual(shownPoolOutputs(tr, 4), ["3", "3", "2", "4", "", ""]);
});

test("the border divisors of 3x3 average pooling, stride 2, padding 1 on 5x5 are 4, 6 and 9", () => {
  const tr = preparePoolTrace(loopTrace(5, 5, 3, 2, 1, false, false, new Array(25).fill(1)));
  assert.deepEqual(divisorGrid(tr), [4, 6, 4, 6, 9, 6, 4, 6, 4]);
  assert.deepEqual(poolStep(tr, 0).counts, { value: 4, pad: 5, beyond: 0 });
});

test("counting a window's cells by role gives the divisor: real cells, plus padding when counted", () => {
  for (const [h, w, k, s, p, ceil] of [[5, 5, 3, 2, 1, false], [5, 5, 2, 2, 1, true], [6, 7, 3, 2, 1, true],
    [7, 5, 2, 3, 0, true], [4, 6, 3, 3, 1, true], [5, 6, 2, 2, 0, true]]) {
    for (const include of [true, false]) {
      const values = Array.from({ length: h * w }, (_, i) => (i * 7) % 5);
      const tr = preparePoolTrace(loopTrace(h, w, k, s, p, ceil, include, values));
      for (let step = 0; step < tr.steps; step += 1) {
        const { counts, divisor } = poolStep(tr, step);
        assert.equal(include ? counts.value + counts.pad : counts.value, divisor, `${h}x${w} k${k} s${s} p${p} step ${step}`);
      }
    }
  }
});

test("unvisited cells and the lines a stride skips", () => {
  // Kernel 2, stride 3 on 7 x 5: rows 2, 5, 6 and column 2 are never read.
  const tr = preparePoolTrace(loopTrace(7, 5, 2, 3, 0, false, true, new Array(35).fill(0)));
  assert.deepEqual(skippedLines(tr), [3, 1]);
  const cells = unvisitedCells(tr);
  const want = [];
  for (let r = 0; r < 7; r += 1) for (let c = 0; c < 5; c += 1) if ([2, 5, 6].includes(r) || c === 2) want.push(r * 5 + c);
  assert.deepEqual(cells, want);
  assert.deepEqual(skippedLines(preparePoolTrace(MAX_1D)), [0]);
});
