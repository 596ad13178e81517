// node --test tests/js: decoding and encoding the API's tensors.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  base64ToBytes, bytesToBase64, decodeTensor, encodeTensor, halfToFloat, plane, range, sizeOf,
} from "../../static/js/lib/tensor.js";

function base64Of(typed) {
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString("base64");
}

test("sizeOf multiplies the axes", () => {
  assert.equal(sizeOf([2, 3, 4]), 24);
  assert.equal(sizeOf([]), 1);
});

test("base64 round trip keeps every byte", () => {
  const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 37) % 256);
  assert.deepEqual(base64ToBytes(bytesToBase64(bytes)), bytes);
});

test("halfToFloat reads normal, subnormal, zero and infinite halves", () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x3555), 0.333251953125);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x0000), 0);
  assert.equal(halfToFloat(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test("a list tensor decodes to its numbers", () => {
  const t = decodeTensor({ shape: [2, 2], dtype: "float64", encoding: "list", data: [1, 2.5, -3, 4] });
  assert.deepEqual(Array.from(t.data), [1, 2.5, -3, 4]);
  assert.deepEqual(t.shape, [2, 2]);
});

test("base64 float32 and float64 decode exactly", () => {
  const f32 = Float32Array.from([0.1, -2, 3.5]);
  const a = decodeTensor({ shape: [3], dtype: "float32", encoding: "base64", data: base64Of(f32) });
  assert.deepEqual(Array.from(a.data), Array.from(f32));
  const f64 = Float64Array.from([0.1, -2, 1e-300]);
  const b = decodeTensor({ shape: [3], dtype: "float64", encoding: "base64", data: base64Of(f64) });
  assert.deepEqual(Array.from(b.data), [0.1, -2, 1e-300]);
});

test("base64 float16 decodes through halfToFloat", () => {
  const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800]);
  const t = decodeTensor({ shape: [1, 3], dtype: "float16", encoding: "base64", data: base64Of(halves) });
  assert.deepEqual(Array.from(t.data), [1, -2, 0.5]);
  const scaled = decodeTensor({ shape: [3], dtype: "float16", encoding: "base64", data: base64Of(halves),
                                scale: 2 ** -30 });
  assert.deepEqual(Array.from(scaled.data), [2 ** -30, -(2 ** -29), 2 ** -31]);
});

test("uint8 maps dequantise with one offset and scale per channel", () => {
  const q = Uint8Array.from([0, 255, 10, 20]);
  const t = decodeTensor({ shape: [2, 1, 2], dtype: "uint8", encoding: "base64", data: base64Of(q),
                           offset: [-1, 5], scale: [2 / 255, 0.5], axis: 0 });
  assert.deepEqual(Array.from(t.data).map((v) => Math.round(v * 1e6) / 1e6), [-1, 1, 10, 15]);
  const whole = decodeTensor({ shape: [4], dtype: "uint8", encoding: "base64", data: base64Of(q),
                               offset: 1, scale: 0.5 });
  assert.deepEqual(Array.from(whole.data), [1, 128.5, 6, 11]);
});

test("a tensor whose data does not fit its shape is refused", () => {
  assert.throws(() => decodeTensor({ shape: [3], data: [1, 2] }), /holds 2 numbers/);
  assert.throws(() => decodeTensor({ shape: [1], dtype: "int7", encoding: "base64", data: "AA==" }),
                /unknown dtype/);
});

test("encodeTensor sends lists when small and base64 float32 when large", () => {
  assert.deepEqual(encodeTensor([2], [1, 2]), { shape: [2], data: [1, 2] });
  const values = Float32Array.from({ length: 10 }, (_, i) => i / 4);
  const big = encodeTensor([10], values, 4);
  assert.equal(big.encoding, "base64");
  assert.deepEqual(Array.from(decodeTensor(big).data), Array.from(values));
  assert.throws(() => encodeTensor([3], [1]), /needs 3 numbers/);
});

test("plane picks one (H, W) map and range finds its extremes", () => {
  const t = { shape: [2, 2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5, -6, 7, 8, 9, 10, 11]) };
  const p = plane(t, 1);
  assert.equal(p.h, 2);
  assert.equal(p.w, 3);
  assert.deepEqual(Array.from(p.data), [-6, 7, 8, 9, 10, 11]);
  assert.deepEqual(range(p.data), { min: -6, max: 11 });
  assert.deepEqual(range([]), { min: 0, max: 0 });
});
