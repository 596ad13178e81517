import assert from "node:assert/strict";
import { test } from "node:test";

import { TABLES } from "../../static/js/lib/i18n.js";
import { errorParts } from "../../static/js/lib/serverText.js";
import {
  HeadFileError, MAX_CLASSES, canTrain, paddedRange, readHeadFile, trainBody, vectorsOf,
} from "../../static/js/lib/teachData.js";

const photos = (n, d = 3, start = 0) => Array.from({ length: n }, (_, i) =>
  ({ vector: Float32Array.from({ length: d }, (_, j) => start + i * d + j) }));

test("training needs two classes of two photos each", () => {
  assert.equal(canTrain([{ photos: photos(2) }]), false);
  assert.equal(canTrain([{ photos: photos(2) }, { photos: photos(1) }]), false);
  assert.equal(canTrain([{ photos: photos(2) }, { photos: photos(3) }]), true);
});

test("the training body holds every photo's vector, row by row, labelled by its class", () => {
  const classes = [{ name: "cat", photos: photos(2) }, { name: "cup", photos: photos(3, 3, 100) }];
  const body = trainBody(classes, { epochs: 5, learning_rate: 0.1, held_out: 0.2 });
  assert.deepEqual(body.labels, [0, 0, 1, 1, 1]);
  assert.deepEqual(body.classes, ["cat", "cup"]);
  assert.equal(body.features.encoding, "base64");  // float32 bytes, exact
  assert.deepEqual(body.features.shape, [5, 3]);
  assert.equal(body.epochs, 5);
  const rows = vectorsOf(body.features);
  assert.deepEqual(Array.from(rows[0]), [0, 1, 2]);
  assert.deepEqual(Array.from(rows[4]), [106, 107, 108]);
});

test("a head file is read back, and each fault is named by a sentence in both languages", () => {
  const head = { format: "cnnvis-head", classes: ["a", "b"], weight: { shape: [2, 4] }, bias: { shape: [2] } };
  assert.deepEqual(readHeadFile(JSON.stringify(head)), head);
  const cases = [
    ["not json", "teach.headFile.notJson"],
    [JSON.stringify({ ...head, format: "other" }), "teach.headFile.format"],
    [JSON.stringify({ ...head, classes: ["only"] }), "teach.headFile.classes"],
    [JSON.stringify({ ...head, classes: Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`) }), "teach.headFile.classes"],
    [JSON.stringify({ ...head, bias: null }), "teach.headFile.bias"],
    [JSON.stringify({ ...head, weight: 3 }), "teach.headFile.weight"],
    [JSON.stringify({ ...head, weight: { shape: [3, 4] } }), "teach.headFile.rows"],
  ];
  for (const [text, key] of cases) {
    assert.throws(() => readHeadFile(text), (err) => err instanceof HeadFileError && err.key === key, key);
    for (const lang of ["en", "ko"]) assert.ok(key in TABLES[lang], `${key} in ${lang}`);
  }
  let fault;
  try { readHeadFile(JSON.stringify({ ...head, bias: null })); } catch (err) { fault = err; }
  assert.deepEqual(errorParts({ key: fault.key, vars: fault.vars }, "en"), ["the head file has no biases"]);
  assert.deepEqual(errorParts({ key: fault.key, vars: fault.vars }, "ko"), ["헤드 파일에 편향이 없습니다"]);
  const classes = readHeadFileFault(JSON.stringify({ ...head, classes: [] }));
  assert.deepEqual(errorParts({ key: classes.key, vars: classes.vars }, "en"), ["the head must name 2 to 10 classes"]);
});

function readHeadFileFault(text) {
  try { readHeadFile(text); } catch (err) { return err; }
  return null;
}

test("a value range gets room around it and is never empty", () => {
  assert.deepEqual(paddedRange([]), [0, 1]);
  const [lo, hi] = paddedRange([2, 2]);
  assert.ok(lo < 2 && hi > 2);
  const [a, b] = paddedRange([0, 10]);
  assert.ok(Math.abs(a + 0.8) < 1e-9 && Math.abs(b - 10.8) < 1e-9);
});
