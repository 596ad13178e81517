// node --test tests/js: two networks' summaries aligned row by row, and which networks to compare.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alignLayers, comparePairs } from "../../static/js/lib/netCompare.js";

const row = (name, kind, params = 0) => ({ name, kind, output_shape: [1], params, macs: 0 });

// The top-level rows of GET /api/v1/networks for lenet5_1998 and lenet5 (names, kinds, parameters).
const OLD = [row("C1", "conv", 156), row("tanh1", "scaled_tanh"), row("S2", "subsample", 12),
  row("tanh2", "scaled_tanh"), row("C3", "conv", 1516), row("tanh3", "scaled_tanh"), row("S4", "subsample", 32),
  row("tanh4", "scaled_tanh"), row("C5", "conv", 48120), row("tanh5", "scaled_tanh"), row("flatten1", "flatten"),
  row("F6", "linear", 10164), row("tanh6", "scaled_tanh"), row("output", "linear", 840), row("softmax1", "softmax")];
const NEW = [row("C1", "conv", 156), row("relu1", "relu"), row("S2", "pool"), row("C3", "conv", 2416),
  row("relu2", "relu"), row("S4", "pool"), row("flatten1", "flatten"), row("C5", "linear", 48120),
  row("relu3", "relu"), row("F6", "linear", 10164), row("relu4", "relu"), row("output", "linear", 850),
  row("softmax1", "softmax")];

const names = (pairs) => pairs.map((p) => [p.left?.name ?? null, p.right?.name ?? null]);

test("the layers both networks name share a row; the ones between pair up in order", () => {
  const pairs = alignLayers(OLD, NEW);
  assert.deepEqual(names(pairs), [
    ["C1", "C1"], ["tanh1", "relu1"], ["S2", "S2"], ["tanh2", null], ["C3", "C3"], ["tanh3", "relu2"],
    ["S4", "S4"], ["tanh4", "flatten1"], ["C5", "C5"], ["tanh5", "relu3"], ["flatten1", null],
    ["F6", "F6"], ["tanh6", "relu4"], ["output", "output"], ["softmax1", "softmax1"]]);
  assert.deepEqual(pairs.filter((p) => p.shared).map((p) => p.left.name),
                   ["C1", "S2", "C3", "S4", "C5", "F6", "output", "softmax1"]);
});

test("rows whose parameters differ are marked, a missing row counting as none", () => {
  const pairs = alignLayers(OLD, NEW);
  assert.deepEqual(pairs.filter((p) => p.differ).map((p) => [p.left?.name, p.right?.name]),
                   [["S2", "S2"], ["C3", "C3"], ["S4", "S4"], ["output", "output"]]);
  const [extra] = alignLayers([row("a", "conv", 5)], []);
  assert.equal(extra.right, null);
  assert.equal(extra.differ, true);
  assert.equal(alignLayers([row("a", "relu")], []).at(0).differ, false);
});

test("every row of both networks appears once, in order", () => {
  for (const [a, b] of [[OLD, NEW], [NEW, OLD], [OLD, []], [[], NEW], [NEW, NEW]]) {
    const pairs = alignLayers(a, b);
    assert.deepEqual(pairs.map((p) => p.left).filter(Boolean), a);
    assert.deepEqual(pairs.map((p) => p.right).filter(Boolean), b);
    assert.equal(pairs.length >= Math.max(a.length, b.length), true);
  }
  assert.equal(alignLayers(NEW, NEW).every((p) => p.shared && !p.differ), true);
});

test("a network is compared with the one its `compare` names, each pair once", () => {
  const nets = [{ name: "edges", compare: null }, { name: "lenet5", compare: null },
                { name: "lenet5_1998", compare: "lenet5" }, { name: "x", compare: "gone" },
                { name: "y", compare: "y" }];
  const pairs = comparePairs(nets);
  assert.deepEqual(pairs.map((p) => [p.left.name, p.right.name]), [["lenet5_1998", "lenet5"]]);
  const both = comparePairs([{ name: "a", compare: "b" }, { name: "b", compare: "a" }]);
  assert.deepEqual(both.map((p) => [p.left.name, p.right.name]), [["a", "b"]]);
  assert.deepEqual(comparePairs([]), []);
});
