import assert from "node:assert/strict";
import { test } from "node:test";

import { denseFigures, denseTable } from "../../static/js/lib/notesDense.js";

const row = (name, kind, params) => ({ name, kind, params });

test("hidden fully connected layers are every linear layer but the output, with their share", () => {
  const vgg = { name: "vgg16", summary: { params: 138357544, layers: [
    row("conv1", "conv", 1792), row("fc1", "linear", 102764544), row("relu", "relu", 0),
    row("fc2", "linear", 16781312), row("fc3", "linear", 4097000), row("softmax1", "softmax", 0)] } };
  const f = denseFigures(vgg);
  assert.deepEqual(f.hidden.map((h) => h.name), ["fc1", "fc2"]);
  assert.equal(f.hiddenParams, 102764544 + 16781312);
  assert.ok(Math.abs(f.share - 0.8640) < 1e-3);
  const resnet = { name: "resnet18", summary: { params: 11689512, layers: [row("pool", "adaptive_avg_pool", 0), row("fc", "linear", 513000)] } };
  assert.deepEqual(denseFigures(resnet).hidden, []);
  const edges = { name: "edges", summary: { params: 10, layers: [row("conv", "conv", 10)] } };
  assert.equal(denseFigures(edges), null);
  assert.deepEqual(denseTable([vgg, edges, resnet]).map((r) => r.name), ["vgg16", "resnet18"]);
});
