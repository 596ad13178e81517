// node --test tests/js: the output gradient arranged for dL/dx, the input for dL/dw, stamps.
// The loops here are the test's own oracle for the identity the page relies on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { arrangeGradient, arrangeInput, effectiveKernel, prefixBatch, stampOf, windowCells }
  from "../../static/js/lib/convBackwardLayout.js";

function outSize(n, k, s, p, d) { return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1; }

// Cross-correlation, stride 1 unless given, of a (r x c) grid with a (kr x kc) kernel.
function correlate(x, r, c, w, kr, kc, { dil = 1, stride = 1 } = {}) {
  const orows = Math.floor((r - dil * (kr - 1) - 1) / stride) + 1;
  const ocols = Math.floor((c - dil * (kc - 1) - 1) / stride) + 1;
  const out = [];
  for (let i = 0; i < orows; i += 1) for (let j = 0; j < ocols; j += 1) {
    let sum = 0;
    for (let a = 0; a < kr; a += 1) for (let b = 0; b < kc; b += 1) {
      sum += x[(i * stride + a * dil) * c + j * stride + b * dil] * w[a * kc + b];
    }
    out.push(sum);
  }
  return out;
}

// dL/dx and dL/dw by scattering, straight from the forward definition.
function backward(x, w, grad, g) {
  const gx = new Array(g.h * g.w).fill(0);
  const gw = new Array(g.k * g.k).fill(0);
  for (let oy = 0; oy < g.ho; oy += 1) for (let ox = 0; ox < g.wo; ox += 1) {
    for (let a = 0; a < g.k; a += 1) for (let b = 0; b < g.k; b += 1) {
      const y = oy * g.s + a * g.d - g.p;
      const xx = ox * g.s + b * g.d - g.p;
      if (y < 0 || y >= g.h || xx < 0 || xx >= g.w) continue;
      gx[y * g.w + xx] += grad[oy * g.wo + ox] * w[a * g.k + b];
      gw[a * g.k + b] += grad[oy * g.wo + ox] * x[y * g.w + xx];
    }
  }
  return { gx, gw };
}

const rotate = (w) => w.slice().reverse();

for (const [h, k, s, p, d] of [[5, 3, 1, 0, 1], [5, 3, 2, 0, 1], [6, 3, 2, 1, 1], [5, 2, 1, 1, 1],
  [7, 3, 2, 1, 2], [6, 2, 2, 0, 1], [5, 3, 1, 1, 2]]) {
  test(`arranged layouts give dL/dx and dL/dw by plain correlation (H${h} K${k} S${s} P${p} D${d})`, () => {
    const ho = outSize(h, k, s, p, d);
    const g = { h, w: h, k, s, p, d, ho, wo: ho };
    const x = Array.from({ length: h * h }, (_, i) => ((i * 7) % 5) - 2);
    const w = Array.from({ length: k * k }, (_, i) => ((i * 3) % 4) - 1);
    const grad = Array.from({ length: ho * ho }, (_, i) => ((i * 5) % 7) - 3);
    const want = backward(x, w, grad, g);
    const arranged = arrangeGradient(grad, g);
    assert.equal(arranged.rows, h + effectiveKernel(k, d) - 1);
    assert.deepEqual(correlate(arranged.data, arranged.rows, arranged.cols, rotate(w), k, k, { dil: d }), want.gx);
    const xin = arrangeInput(x, g);
    assert.deepEqual(correlate(xin.data, xin.rows, xin.cols, grad, ho, ho, { dil: s, stride: d }), want.gw);
  });
}

test("cells are marked as gradient, stride zeros or padding", () => {
  const g = { h: 5, w: 5, k: 3, s: 2, p: 0, d: 1, ho: 2, wo: 2 };
  const a = arrangeGradient([1, 2, 3, 4], g);
  assert.equal(a.lo, 2);
  assert.deepEqual(a.position, [2 * 7 + 2, 2 * 7 + 4, 4 * 7 + 2, 4 * 7 + 4]);
  assert.equal(a.kinds[2 * 7 + 3], "inserted");
  assert.equal(a.kinds[3 * 7 + 3], "inserted");
  assert.equal(a.kinds[0], "pad");
  assert.equal(a.kinds[2 * 7 + 5], "pad");
  assert.equal(a.source[4 * 7 + 4], 3);
  const xin = arrangeInput(Array.from({ length: 36 }, (_, i) => i), { ...g, h: 6, w: 6 });
  assert.equal(xin.rows, 5);
  assert.deepEqual(xin.unread, [5, 11, 17, 23, 29, 30, 31, 32, 33, 34, 35]);
});

test("the prefix batch keeps the first n + 1 gradient cells", () => {
  const a = arrangeGradient([1, 2, 3, 4], { h: 3, w: 3, k: 2, s: 1, p: 0, d: 1, ho: 2, wo: 2 });
  const batch = prefixBatch(a);
  assert.deepEqual(batch.shape, [4, 1, 4, 4]);
  const item = (n) => batch.data.slice(n * 16, n * 16 + 16);
  assert.deepEqual(item(0).filter((v) => v), [1]);
  assert.deepEqual(item(2).filter((v) => v), [1, 2, 3]);
  assert.deepEqual(item(3).filter((v) => v), [1, 2, 3, 4]);
});

test("a stamp regroups the trace's products by where they land", () => {
  // 3x3 input, 2x2 kernel w = [1, 0, -1, 2], g = [1, 2, 3, 4]: a trace of the rotated kernel
  // over the arranged gradient, products written out here as the engine sends them.
  const g = { h: 3, w: 3, k: 2, s: 1, p: 0, d: 1, ho: 2, wo: 2 };
  const grad = [1, 2, 3, 4];
  const wRot = [2, -1, 0, 1];
  const a = arrangeGradient(grad, g);
  const taps = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const products = [];
  for (let i = 0; i < 3; i += 1) for (let j = 0; j < 3; j += 1) {
    taps.forEach(([dy, dx], t) => products.push(a.data[(i + dy) * a.cols + j + dx] * wRot[t]));
  }
  const stamp = stampOf({ taps, products }, a, g, 3);  // g = 4 at output (1, 1)
  assert.deepEqual(stamp.map((c) => c.value), [4, 0, -4, 8]);  // 4 * w
  assert.deepEqual(stamp.map((c) => c.dest), [4, 5, 7, 8]);
  assert.deepEqual(windowCells([1, 2], taps, 5), [7, 8, 12, 13]);
});

test("padding larger than K_eff - 1 is refused", () => {
  assert.throws(() => arrangeGradient([1], { h: 3, w: 3, k: 1, s: 1, p: 1, d: 1, ho: 5, wo: 5 }));
});
