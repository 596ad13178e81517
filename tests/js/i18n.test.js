// node --test tests/js: the two language tables and the lookup.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../static/js/i18n/en.js";
import ko from "../../static/js/i18n/ko.js";
import { chooseLang, format, getLang, onLangChange, setLang, t } from "../../static/js/lib/i18n.js";

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("every English string has a Korean one and the other way round", () => {
  const missingKo = Object.keys(en).filter((k) => !(k in ko));
  const missingEn = Object.keys(ko).filter((k) => !(k in en));
  assert.deepEqual(missingKo, [], "keys without Korean text");
  assert.deepEqual(missingEn, [], "keys without English text");
});

test("both languages fill the same placeholders and no string is empty", () => {
  for (const key of Object.keys(en)) {
    assert.ok(en[key].trim() && ko[key].trim(), `empty text for ${key}`);
    assert.deepEqual(placeholders(ko[key]), placeholders(en[key]), `placeholders of ${key}`);
  }
});

test("the Korean table uses the notes' terms for the navigation", () => {
  assert.equal(ko["common.nav.lab"], "합성곱 실습");
  assert.equal(ko["common.nav.maps"], "특징 맵");
  assert.equal(ko["common.nav.backprop"], "역전파");
});

test("format fills known placeholders and keeps unknown ones visible", () => {
  assert.equal(format("{a} and {b}", { a: 1 }), "1 and {b}");
});

test("chooseLang takes the first wish it knows", () => {
  assert.equal(chooseLang(null, "ko-KR", "en"), "ko");
  assert.equal(chooseLang("fr", undefined, "en-GB"), "en");
  assert.equal(chooseLang(), "en");
});

test("t follows setLang, tells listeners, and falls back to the key", () => {
  const heard = [];
  const stop = onLangChange((lang) => heard.push(lang));
  setLang("ko");
  assert.equal(getLang(), "ko");
  assert.equal(t("common.nav.docs"), "API 문서");
  setLang("ko");
  setLang("en");
  stop();
  setLang("ko");
  setLang("en");
  assert.deepEqual(heard, ["ko", "en"]);
  assert.equal(t("no.such.key"), "no.such.key");
});
