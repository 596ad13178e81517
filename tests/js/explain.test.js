// node --test tests/js: the Explain part's helpers (lib/explain.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EXPLAIN_METHODS, HEAT_FLOOR, LAYER_METHODS, MANY_PASS, alphaSummary, ascentSteps, camMap, completeness, cropBox,
  expectedPasses, explainNumbers, explainStatus, heatPixels, heatRange, layerFor, legendRamp, mapLayers, resultKey,
  sparkPath, strongestDrop, visualizable,
} from "../../static/js/lib/explain.js";
import { colourTable } from "../../static/js/lib/mapsSheet.js";

const LENET = {
  name: "lenet5", weights: "trained", labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  run_summary: { layers: [
    { name: "C1", output_shape: [6, 28, 28], macs: 117600 },
    { name: "relu1", output_shape: [6, 28, 28], macs: 0 },
    { name: "S2", output_shape: [6, 14, 14], macs: 0 },
    { name: "C3", output_shape: [16, 10, 10], macs: 240000 },
    { name: "S4", output_shape: [16, 5, 5], macs: 0 },
    { name: "pool", output_shape: [16, 1, 1], macs: 0 },
    { name: "flatten1", output_shape: [16], macs: 0 },
    { name: "output", output_shape: [10], macs: 160 },
  ] },
};
const DONE = { network: "lenet5", status: "done", prediction: { top: [{ index: 3, label: "3", probability: 0.9 }] } };

test("the methods are the server's eight, three of them many-pass and two looking at a layer", () => {
  assert.deepEqual(EXPLAIN_METHODS, ["gradient", "gradient_x_input", "guided", "gradcam", "guided_gradcam",
                                     "smoothgrad", "integrated", "occlusion"]);
  assert.deepEqual([...MANY_PASS].sort(), ["integrated", "occlusion", "smoothgrad"]);
  assert.deepEqual([...LAYER_METHODS].sort(), ["gradcam", "guided_gradcam"]);
});

test("a prediction can be explained once it is there; a network of maps never; seeded ones are marked", () => {
  assert.deepEqual(explainStatus(LENET, DONE), { state: "ready", untrained: false });
  assert.equal(explainStatus(LENET, { ...DONE, status: "running", prediction: null }).state, "waiting");
  assert.equal(explainStatus(LENET, { ...DONE, network: "tinyvgg" }).state, "waiting");
  assert.equal(explainStatus({ name: "edges", labels: [] }, { network: "edges", status: "done", prediction: null }).state, "maps");
  assert.equal(explainStatus({ ...LENET, weights: "seeded" }, DONE).untrained, true);
  assert.equal(explainStatus(undefined, DONE).state, "waiting");
});

test("Grad-CAM's layers are the maps larger than 1 x 1, the last by default", () => {
  const layers = mapLayers(LENET);
  assert.deepEqual(layers.map((l) => l.name), ["C1", "relu1", "S2", "C3", "S4"]);
  assert.deepEqual(layers[3].shape, [16, 10, 10]);
  assert.equal(layerFor("gradcam", layers, null), "S4");
  assert.equal(layerFor("guided_gradcam", layers, "C3"), "C3");
  assert.equal(layerFor("gradcam", layers, "flatten1"), "S4");
  assert.equal(layerFor("occlusion", layers, "C3"), null);
  assert.deepEqual(mapLayers(undefined), []);
});

test("a result's key holds the layer only for the methods that look at one", () => {
  assert.equal(resultKey("gradcam", 3, "C3"), "gradcam|3|C3");
  assert.equal(resultKey("integrated", 3, "C3"), "integrated|3|");
  assert.notEqual(resultKey("gradcam", 3, "C3"), resultKey("gradcam", 3, "S4"));
});

test("progress counts copies: SmoothGrad's samples, the path's steps, occlusion's patch positions", () => {
  assert.equal(expectedPasses("smoothgrad", [1, 32, 32]), 16);
  assert.equal(expectedPasses("integrated", [1, 32, 32], { steps: 50 }), 50);
  assert.equal(expectedPasses("occlusion", [1, 32, 32]), 64);             // patch 4, 8 x 8
  assert.equal(expectedPasses("occlusion", [3, 224, 224]), 64);           // patch 28
  assert.equal(expectedPasses("occlusion", [3, 64, 64], { patch: 10, stride: 10 }), 49); // 0..50 + the edge at 54
  assert.equal(expectedPasses("gradcam", [1, 32, 32]), null);
});

test("signed maps get a diverging scale centred on zero, the others a sequential one from zero", () => {
  assert.deepEqual(heatRange(-0.5, 2, true), { min: -2, max: 2, kind: "diverging" });
  assert.deepEqual(heatRange(0.1, 3, false), { min: 0, max: 3, kind: "sequential" });
  const ramp = legendRamp({ min: -2, max: 2 }, 5);
  assert.deepEqual(Array.from(ramp), [-2, -1, 0, 1, 2]);
});

test("heat pixels take the scale's colours and grow opaque with strength", () => {
  const seq = heatPixels([0, 1.5, 3], heatRange(0, 3, false));
  const lut = colourTable("sequential");
  assert.deepEqual(Array.from(seq.slice(0, 3)), Array.from(lut.slice(0, 3)));
  assert.deepEqual(Array.from(seq.slice(8, 11)), Array.from(lut.slice(3 * 255, 3 * 255 + 3)));
  assert.equal(seq[3], Math.round(255 * HEAT_FLOOR));
  assert.equal(seq[11], 255);
  assert.ok(seq[7] > seq[3] && seq[7] < seq[11]);
  const div = heatPixels([-2, 0, 1], heatRange(-2, 1, true));
  assert.equal(div[3], 255);                                 // -2: the strongest, fully opaque
  assert.equal(div[7], Math.round(255 * HEAT_FLOOR));        // zero: see-through
  assert.ok(Array.from(div.slice(4, 7)).every((v) => v >= 245));    // white in the middle
  const flat = heatPixels([0, 0], heatRange(0, 0, false));
  assert.equal(flat[3], Math.round(255 * HEAT_FLOOR));
});

test("completeness compares the attributions' sum with the score's difference", () => {
  const c = completeness({ sum: 22.47, difference: 22.18, error: 0.29 });
  assert.equal(c.error, 0.29);
  assert.ok(Math.abs(c.percent - (100 * 0.29) / 22.18) < 1e-9);
  assert.equal(completeness({ sum: 1, difference: 1.5 }).error, 0.5);
  assert.equal(completeness({ sum: 1, difference: 0 }).percent, Infinity);
});

test("Grad-CAM's weights and occlusion's strongest patch are summed up", () => {
  assert.deepEqual(alphaSummary([-0.5, 0.25, 0.75, 0]), { k: 4, positive: 2, min: -0.5, max: 0.75 });
  assert.deepEqual(alphaSummary([]), { k: 0, positive: 0, min: 0, max: 0 });
  assert.deepEqual(strongestDrop([0.1, 0.6, -0.2], [[0, 0], [0, 4], [4, 0]]), { drop: 0.6, y: 0, x: 4 });
});

const heat = { h: 2, w: 2, values: Float32Array.from([0.5, -1, 2, 0.5]), min: -1, max: 2 };

test("the numbers behind each method name its own figures", () => {
  const base = { score: 22.1758, probability: 0.999, passes: 3, layer: null, heat, details: {} };
  const gxi = explainNumbers({ ...base, method: "gradient_x_input" });
  assert.equal(gxi.key, "maps.explain.numbers.gradient_x_input");
  assert.equal(gxi.vars.sum, "2");
  assert.equal(gxi.vars.score, "22.2");
  const cam = explainNumbers({ ...base, method: "gradcam", layer: "C3",
                               details: { alpha: [0.1, -0.2, 0.3], layer_shape: [16, 10, 10] } });
  assert.deepEqual([cam.vars.layer, cam.vars.k, cam.vars.lh, cam.vars.lw, cam.vars.positive, cam.vars.amin, cam.vars.amax],
                   ["C3", 16, 10, 10, 2, "-0.2", "0.3"]);
  const ig = explainNumbers({ ...base, method: "integrated",
                              details: { steps: 32, sum: 22.4669, difference: 22.1778, error: 0.2891, baseline_score: -0.00198 } });
  assert.deepEqual([ig.vars.steps, ig.vars.sum, ig.vars.difference, ig.vars.error, ig.vars.percent],
                   [32, "22.5", "22.2", "0.289", "1.3"]);
  const occ = explainNumbers({ ...base, method: "occlusion", details: { patch: 4, stride: 4, positions: 3,
                                                                        drops: [0.1, 0.5, 0.2], origins: [[0, 0], [0, 4], [0, 8]] } });
  assert.deepEqual([occ.vars.patch, occ.vars.drop, occ.vars.y, occ.vars.x], [4, "50", 0, 4]);
  const sg = explainNumbers({ ...base, method: "smoothgrad", details: { samples: 16, sigma: 0.15, noise: 0.5 } });
  assert.deepEqual([sg.vars.samples, sg.vars.sigma, sg.vars.noise], [16, 0.15, "0.5"]);
  assert.equal(explainNumbers({ ...base, method: "gradient" }).vars.max, "2");
});

test("Grad-CAM's map at its layer's size decodes from the details", () => {
  assert.equal(camMap({}), null);
  const m = camMap({ cam: { shape: [1, 2], data: [0.5, 1], min: 0.5, max: 1 } });
  assert.deepEqual([m.h, m.w, Array.from(m.values), m.max], [1, 2, [0.5, 1], 1]);
});

test("the ascent's steps fit a budget of multiply-adds, from 8 to 64", () => {
  assert.equal(ascentSteps(LENET, "C3"), 64);
  assert.equal(ascentSteps(LENET, "C3", 3 * 357600 * 20), 20);
  assert.equal(ascentSteps(LENET, "C3", 1), 8);
  assert.equal(ascentSteps(LENET, "nowhere"), 64);
  assert.equal(visualizable({ output_shape: [16, 10, 10] }), true);
  assert.equal(visualizable({ output_shape: [120] }), false);
  assert.equal(visualizable(null), false);
});

test("the objective's curve spans its box, lowest at the bottom", () => {
  assert.equal(sparkPath([], 100, 50), "");
  assert.equal(sparkPath([1, 3, 2], 100, 50, 0), "M0 50 L50 0 L100 25");
  assert.equal(sparkPath([2, 2], 10, 10, 0), "M0 5 L10 5");
});

test("a patch is cut out of its sample, channel by channel, clipped to the input", () => {
  // (2, 3, 4): value = 100 c + 10 y + x
  const values = Float32Array.from({ length: 24 }, (_, i) => 100 * Math.floor(i / 12) + 10 * Math.floor((i % 12) / 4) + (i % 4));
  const crop = cropBox(values, [2, 3, 4], [1, 1, 3, 3]);
  assert.deepEqual(crop.shape, [2, 2, 2]);
  assert.deepEqual(Array.from(crop.values), [11, 12, 21, 22, 111, 112, 121, 122]);
  const edge = cropBox(values, [2, 3, 4], [-2, 2, 9, 9]);
  assert.deepEqual(edge.shape, [2, 3, 2]);
  assert.deepEqual(Array.from(edge.values.slice(0, 6)), [2, 3, 12, 13, 22, 23]);
});
