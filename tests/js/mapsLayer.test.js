// node --test tests/js: decoding a streamed layer into maps with their ranges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { channelRanges, decodeLayer, mapsShape } from "../../static/js/lib/mapsLayer.js";
import { createDecoder } from "../../static/js/lib/mapsDecoder.js";

const b64 = (bytes) => Buffer.from(bytes).toString("base64");

// Two 2x2 maps quantised per channel: value = offset[c] + q * scale[c].
const uint8Maps = {
  shape: [2, 2, 2], dtype: "uint8", encoding: "base64", axis: 0,
  data: b64([0, 255, 51, 102, 0, 0, 255, 255]),
  offset: [-1, 3], scale: [0.01, 0.004], min: -1, max: 4.02,
};

test("mapsShape keeps (C, H, W), makes a vector one 1 x N map", () => {
  assert.deepEqual(mapsShape([16, 5, 7]), { channels: 16, h: 5, w: 7, vector: false });
  assert.deepEqual(mapsShape([120]), { channels: 1, h: 1, w: 120, vector: true });
  assert.deepEqual(mapsShape([4, 6]), { channels: 1, h: 4, w: 6, vector: false });
});

test("channelRanges finds each map's min and max", () => {
  assert.deepEqual(Array.from(channelRanges([1, -2, 5, 0, 7, 7], 2)), [-2, 5, 0, 7]);
});

test("decodeLayer dequantises per channel and reports the ranges", () => {
  const maps = decodeLayer(uint8Maps);
  assert.equal(maps.channels, 2);
  assert.equal(maps.h, 2);
  assert.equal(maps.w, 2);
  const want = [-1, 1.55, -0.49, 0.02, 3, 3, 4.02, 4.02];
  maps.values.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `value ${i}: ${v}`));
  assert.ok(Math.abs(maps.ranges[1] - 1.55) < 1e-5);
  assert.ok(Math.abs(maps.min + 1) < 1e-6 && Math.abs(maps.max - 4.02) < 1e-5);
});

test("decodeLayer reads a float16 vector", () => {
  // 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800 (little-endian)
  const maps = decodeLayer({ shape: [3], dtype: "float16", encoding: "base64",
                             data: b64([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38]) });
  assert.equal(maps.vector, true);
  assert.deepEqual(Array.from(maps.values), [1, -2, 0.5]);
  assert.equal(maps.min, -2);
  assert.equal(maps.max, 1);
});

test("decodeLayer refuses a tensor whose data does not fit its shape", () => {
  assert.throws(() => decodeLayer({ shape: [2, 2, 2], data: [1, 2, 3] }), /holds 3 numbers/);
});

test("the decoder without a worker decodes in this thread", async () => {
  const decoder = createDecoder(null);
  const maps = await decoder.decode(uint8Maps);
  assert.equal(maps.values.length, 8);
  decoder.close();
});
