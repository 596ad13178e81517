// node --test tests/js: what the API names by id, worded in the interface language.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../static/js/i18n/en.js";
import ko from "../../static/js/i18n/ko.js";
import {
  channelName, classLabel, classLabels, netText, networkDescription, networkTitle, sampleTitle,
} from "../../static/js/lib/netText.js";

const LENET = { name: "lenet5", title: "LeNet-5, modern variant (handwritten digits)", description: "A modern variant ...",
                labels: ["0", "1"] };

test("a network's title and description come from the language's table", () => {
  assert.deepEqual(networkTitle(LENET, "ko"), { text: "LeNet-5 현대식 변형 (손글씨 숫자)", lang: "ko" });
  assert.deepEqual(networkTitle(LENET, "en"), { text: "LeNet-5, modern variant (handwritten digits)", lang: "en" });
  assert.equal(networkDescription(LENET, "ko").lang, "ko");
  assert.match(networkDescription(LENET, "ko").text, /손글씨 숫자 1,438개/);
});

test("a name no table has keeps the server's English and says so", () => {
  const future = { name: "future_net", title: "Future net", description: "Not yet worded." };
  assert.deepEqual(networkTitle(future, "ko"), { text: "Future net", lang: "en" });
  assert.deepEqual(netText("no.such.key", "as sent", "ko"), { text: "as sent", lang: "en" });
  assert.deepEqual(sampleTitle({ name: "new-sample", title: "new sample" }, "ko"), { text: "new sample", lang: "en" });
});

test("class names: the networks trained here, the numbered untrained ones, ImageNet's in English", () => {
  assert.deepEqual(classLabel("tinyvgg", 3, "star", "ko"), { text: "별", lang: "ko" });
  assert.deepEqual(classLabel("tinyvgg", 3, "star", "en"), { text: "star", lang: "en" });
  assert.deepEqual(classLabel("alexnet", 17, "class 17", "ko"), { text: "클래스 17", lang: "ko" });
  assert.deepEqual(classLabel("alexnet", 17, "class 17", "en"), { text: "class 17", lang: "en" });
  // EfficientNet-Lite0's 1000 ImageNet names have no Korean list: English, marked as such.
  assert.deepEqual(classLabel("efficientnet_lite0", 281, "tabby cat", "ko"), { text: "tabby cat", lang: "en" });
  assert.deepEqual(classLabels(LENET, "ko"), [{ text: "0", lang: "ko" }, { text: "1", lang: "ko" }]);
  assert.deepEqual(classLabels({ name: "edges", labels: [] }, "ko"), []);
});

test("the edge filters' channels are named, other layers' are not", () => {
  const edges = { name: "edges", channels: { bank: ["edge 0 deg", "edge 45 deg"] } };
  assert.deepEqual(channelName(edges, "bank", 1, "ko"), { text: "45도 경계", lang: "ko" });
  assert.deepEqual(channelName(edges, "bank", 1, "en"), { text: "edge 45 deg", lang: "en" });
  assert.equal(channelName(edges, "pool", 1, "ko"), null);
  assert.equal(channelName({ name: "lenet5" }, "conv1", 0, "ko"), null);
});

test("sample titles in both languages", () => {
  assert.deepEqual(sampleTitle({ name: "photo-cat", title: "cat (photo)" }, "ko"), { text: "고양이 (사진)", lang: "ko" });
  assert.deepEqual(sampleTitle({ name: "digit-3", title: "digit 3" }, "ko"), { text: "숫자 3", lang: "ko" });
  assert.deepEqual(sampleTitle({ name: "digit-3", title: "digit 3" }, "en"), { text: "digit 3", lang: "en" });
});

test("the networks part has the same keys in both languages", () => {
  const keys = (table) => Object.keys(table).filter((k) => k.startsWith("net.") || k.startsWith("sample.")).sort();
  assert.deepEqual(keys(ko), keys(en));
  assert.ok(keys(en).length > 80);
});
