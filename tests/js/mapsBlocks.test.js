// node --test tests/js: how the maps page folds a network into groups and words their headings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setLang } from "../../static/js/lib/i18n.js";
import {
  blockJoin, groupFacts, groupIndex, groupName, groupOf, groupSpan, groupTitle, innerLayers, isStage,
} from "../../static/js/lib/mapsBlocks.js";

const GROUPS = [
  { name: "stem", layers: ["stem", "stem_bn", "stem_relu6"], facts: { kernel: 3, stride: 2, channels: 32 } },
  { name: "stage1", layers: ["b1"], facts: { blocks: 1, kernel: 3, stride: 1, channels: 16 } },
  { name: "stage3", layers: ["b4", "b5"], facts: { blocks: 2, kernel: 5, stride: 2, channels: 40 } },
  { name: "head", layers: ["head", "head_bn", "fc"], facts: { channels: 1280, classes: 1000 } },
];

test("a stage's heading states its blocks, depthwise kernel, stride and channels", () => {
  setLang("en");
  assert.equal(groupTitle(GROUPS[2]), "Stage 3 · 2 blocks · 5 × 5 depthwise · stride 2 · 40 channels");
  assert.equal(groupTitle(GROUPS[1]), "Stage 1 · 1 block · 3 × 3 depthwise · stride 1 · 16 channels");
  assert.equal(groupTitle(GROUPS[0]), "Stem · 3 × 3 convolution · stride 2 · 32 channels");
  assert.equal(groupTitle(GROUPS[3]), "Head · 1,280 channels · 1,000 classes");
});

test("the headings in Korean use the notes' terms", () => {
  setLang("ko");
  try {
    assert.equal(groupTitle(GROUPS[2]), "3단계 · 블록 2개 · 5 × 5 깊이별 합성곱 · 스트라이드 2 · 채널 40개");
    assert.equal(groupTitle(GROUPS[0]), "스템 · 3 × 3 합성곱 · 스트라이드 2 · 채널 32개");
    assert.equal(groupTitle(GROUPS[3]), "헤드 · 채널 1,280개 · 클래스 1,000개");
  } finally {
    setLang("en");
  }
});

test("an unknown group keeps its id and facts it does not have are left out", () => {
  assert.equal(groupName("trunk"), "trunk");
  assert.deepEqual(groupFacts({ name: "trunk", layers: [], facts: {} }), []);
  assert.equal(groupTitle({ name: "trunk", layers: [], facts: { channels: 8 } }), "trunk · 8 channels");
});

test("stages are the groups that count blocks; layers find their group", () => {
  assert.deepEqual(GROUPS.map(isStage), [false, true, true, false]);
  const index = groupIndex(GROUPS);
  assert.equal(index.get("b5"), 2);
  assert.equal(index.get("fc"), 3);
  assert.equal(index.get("nowhere"), undefined);
  assert.equal(groupOf(GROUPS, "b4").name, "stage3");
  assert.equal(groupOf(GROUPS, "x"), null);
  assert.equal(groupIndex(undefined).size, 0);
});

test("a group's span runs from its first input to its last output", () => {
  assert.equal(groupSpan([]), null);
  assert.deepEqual(groupSpan([
    { input_shape: [24, 56, 56], output_shape: [40, 28, 28], params: 15120, macs: 9 },
    { input_shape: [40, 28, 28], output_shape: [40, 28, 28], params: 31720, macs: 1 },
  ]), { from: [24, 56, 56], to: [40, 28, 28], params: 46840, macs: 10 });
});

test("inner layers: a stream line's list, or a summary row's branches flattened", () => {
  const a = { name: "b3.dw" };
  const b = { name: "b3.project" };
  assert.deepEqual(innerLayers({ children: [a, b] }), [a, b]);
  assert.deepEqual(innerLayers({ children: [[a, b], []] }), [a, b]);
  assert.deepEqual(innerLayers({ children: [] }), []);
  assert.deepEqual(innerLayers({}), []);
});

test("a block says whether its input is added back, and why not", () => {
  const body = [{ name: "b3.project_bn", output_shape: [24, 56, 56] }];
  const b3 = blockJoin({ kind: "residual", input_shape: [24, 56, 56], output_shape: [24, 56, 56] }, [body, []]);
  assert.equal(b3.added, true);
  assert.deepEqual(b3.body, body);
  assert.deepEqual(b3.shortcut, []);
  assert.equal(b3.concat, null);
  const b6 = blockJoin({ kind: "group", input_shape: [40, 28, 28], output_shape: [80, 14, 14] });
  assert.equal(b6.added, false);
  assert.ok(b6.shrinks && b6.channels);
  const b9 = blockJoin({ kind: "group", input_shape: [80, 14, 14], output_shape: [112, 14, 14] });
  assert.ok(!b9.shrinks && b9.channels);
});

test("a ResNet block adds its input through a shortcut; an inception block stacks its branches", () => {
  const down = [{ name: "layer2_0.down_conv1", output_shape: [128, 28, 28] },
                { name: "layer2_0.down_batchnorm1", output_shape: [128, 28, 28] }];
  const res = blockJoin({ kind: "residual", input_shape: [64, 56, 56], output_shape: [128, 28, 28] },
                        [[{ name: "layer2_0.batchnorm2", output_shape: [128, 28, 28] }], down]);
  assert.ok(res.added && res.shrinks && res.channels);
  assert.deepEqual(res.shortcut.map((l) => l.name), ["layer2_0.down_conv1", "layer2_0.down_batchnorm1"]);
  const branch = (c) => [{ name: "x", output_shape: [c, 28, 28] }];
  const inc = blockJoin({ kind: "concat", input_shape: [192, 28, 28], output_shape: [256, 28, 28] },
                        [branch(64), branch(128), branch(32), branch(32)]);
  assert.equal(inc.added, false);
  assert.deepEqual(inc.concat, [64, 128, 32, 32]);
});
