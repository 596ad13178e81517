// node --test tests/js: Korean twins of the server's preprocessing sentences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stepDescription } from "../../static/js/lib/mapsSteps.js";

test("English stays as the server wrote it", () => {
  assert.deepEqual(stepDescription("centre 224x224 cut out", "en"), { text: "centre 224x224 cut out", lang: "en" });
});

test("known sentences turn Korean with their numbers", () => {
  assert.deepEqual(stepDescription("short side resized to 256 pixels", "ko"),
                   { text: "짧은 변을 256 픽셀로 크기 조정", lang: "ko" });
  assert.equal(stepDescription("(x - 0.15) / 0.3", "ko").text, "(x - 0.15) / 0.3");
  assert.deepEqual(stepDescription("centre square 300x300", "ko"), { text: "가운데 정사각형 300x300", lang: "ko" });
  // EfficientNet-Lite0's normalisation (engine/network/transform.py efficientnet)
  assert.deepEqual(stepDescription("each RGB value v (0..255) mapped to (v - 127) / 128, about -1..1", "ko"),
                   { text: "RGB 값 v(0..255)마다 (v - 127) / 128로 바꿈, 약 -1..1", lang: "ko" });
});

test("the decoding step's joined parts are translated one by one", () => {
  const out = stepDescription("read a 640x480 JPEG image (L); converted L to RGB", "ko");
  assert.deepEqual(out, { text: "640x480 JPEG 이미지를 읽음 (L); L을 RGB로 변환", lang: "ko" });
});

test("an unknown sentence stays English and says so", () => {
  assert.deepEqual(stepDescription("something new", "ko"), { text: "something new", lang: "en" });
});
