// node --test tests/js: the Explain part's runs (lib/explainRun.js) against a fake stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { IDLE_EXPLAIN, IDLE_VISUALIZE, createExplainRunner } from "../../static/js/lib/explainRun.js";
import { EXPLAIN_METHODS } from "../../static/js/lib/explain.js";
import { decodeLayer } from "../../static/js/lib/mapsLayer.js";
import { createStore } from "../../static/js/state.js";

const NET = {
  name: "lenet5", weights: "trained", labels: ["0", "1", "2", "3"],
  run_summary: { layers: [
    { name: "C3", output_shape: [2, 2, 2], macs: 100 },
    { name: "S4", output_shape: [2, 2, 2], macs: 0 },
    { name: "output", output_shape: [4], macs: 10 },
  ] },
};
const TOP = [{ index: 3, label: "3", probability: 0.9 }, { index: 1, label: "1", probability: 0.05 }];
const tensor = (shape, data) => ({ shape, data, min: Math.min(...data), max: Math.max(...data) });

function page(extra = {}) {
  return createStore({
    networks: [NET], network: "lenet5", source: { blob: "image" }, zoom: null,
    run: { id: 1, network: "lenet5", status: "done", prediction: { top: TOP }, layers: [{ index: 0, name: "C3" }] },
    explain: { ...IDLE_EXPLAIN, runId: 1, network: "lenet5" }, visualize: IDLE_VISUALIZE, ...extra,
  });
}

function doneLine(how, target) {
  const details = how.method === "integrated" ? { steps: 4, sum: 1.1, difference: 1, error: 0.1, baseline_score: 0 }
    : how.method.includes("gradcam") ? { alpha: [0.5, -0.5], cam: tensor([2, 2], [0, 1, 2, 3]), layer_shape: [2, 2, 2] } : {};
  return { type: "done", method: how.method, target: target ?? 3, label: String(target ?? 3), score: 2, probability: 0.9,
           signed: how.method === "integrated", layer: how.layer ?? null, passes: 3, seconds: 0.01,
           heatmap: tensor([2, 2], [0, 1, 2, 4]), attribution: null, details };
}

/** A fake api: each stream sends start, progress for the many-pass methods, done; `hold` keeps them open. */
function fakeApi({ hold = false } = {}) {
  const calls = [];
  const aborted = [];
  const api = {
    async networkExplain(name, source, target, how, onLine, signal) {
      calls.push({ name, source, target, ...how });
      await onLine({ type: "start", input: tensor([1, 2, 2], [0, 0.5, 0.5, 1]), method: how.method, macs: 1 });
      if (["smoothgrad", "integrated", "occlusion"].includes(how.method)) {
        await onLine({ type: "progress", done: 2, total: 4, seconds: 0.001 });
      }
      if (hold) {
        await new Promise((resolve, reject) => signal.addEventListener("abort", () => {
          aborted.push(how.method);
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        }));
      }
      await onLine(doneLine(how, target));
      return null;
    },
    async networkVisualize(name, how, onLine, signal) {
      calls.push({ name, ...how });
      await onLine({ type: "start", steps: how.steps, macs: 5 });
      await onLine({ type: "progress", step: 1, steps: how.steps, objective: 0.5, seconds: 0.01 });
      await onLine({ type: "progress", step: 2, steps: how.steps, objective: 1.5, seconds: 0.02,
                     image: tensor([1, 2, 2], [0, 1, 2, 3]) });
      if (hold) {
        await new Promise((resolve, reject) => signal.addEventListener("abort", () => {
          aborted.push("visualize");
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        }));
      }
      await onLine({ type: "done", seconds: 0.05, image: tensor([1, 2, 2], [3, 2, 1, 0]),
                     patches: [{ sample: "digit-7", value: 6.5, y: 0, x: 1, box: [0, 1, 2, 2],
                                 input: tensor([1, 2, 2], [1, 2, 3, 4]) }] });
      return null;
    },
  };
  return { api, calls, aborted };
}

const decode = async (t) => decodeLayer(t);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("one method streams into the store: the input, the progress, then the decoded map under its key", async () => {
  const store = page();
  const { api, calls } = fakeApi();
  const seen = [];
  store.subscribe((s) => { if (s.explain.job?.progress) seen.push(s.explain.job.progress.done); });
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  await runner.explain("integrated");
  const e = store.state.explain;
  assert.deepEqual(calls, [{ name: "lenet5", source: { file: "image" }, target: 3, method: "integrated", layer: null }]);
  assert.equal(e.on, true);
  assert.equal(e.job.status, "done");
  assert.equal(e.job.total, 32);                         // counted before the first progress line
  assert.equal(e.job.progress.total, 4);                 // then as the server counts
  assert.ok(seen.includes(2));
  assert.deepEqual(e.input.shape, [1, 2, 2]);
  const result = e.results["integrated|3|"];
  assert.deepEqual(Array.from(result.heat.values), [0, 1, 2, 4]);
  assert.equal(result.signed, true);
  assert.equal(result.details.sum, 1.1);
});

test("Grad-CAM asks for the chosen class and layer (the last map layer by default); a known answer needs no request", async () => {
  const store = page();
  const { api, calls } = fakeApi();
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  await runner.explain("gradcam");
  store.setState((s) => ({ explain: { ...s.explain, target: 1, layer: "C3" } }));
  await runner.explain("gradcam");
  assert.deepEqual(calls.map((c) => [c.method, c.target, c.layer]), [["gradcam", 3, "S4"], ["gradcam", 1, "C3"]]);
  const cam = store.state.explain.results["gradcam|1|C3"].cam;
  assert.deepEqual([cam.h, cam.w, cam.max], [2, 2, 3]);
  store.setState((s) => ({ explain: { ...s.explain, target: 3, layer: null } }));
  await runner.explain("gradcam");
  assert.equal(calls.length, 2);
  assert.equal(store.state.explain.job.cached, true);
});

test("another method aborts the one running; a new pass stops everything and forgets the answers", async () => {
  const store = page();
  const { api, aborted } = fakeApi({ hold: true });
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  const first = runner.explain("smoothgrad");
  await tick();
  assert.equal(store.state.explain.job.status, "running");
  assert.equal(store.state.explain.job.progress.done, 2);
  const second = runner.explain("occlusion");
  await first;
  assert.deepEqual(aborted, ["smoothgrad"]);
  assert.equal(store.state.explain.job.method, "occlusion");
  store.setState((s) => ({ run: { ...s.run, id: 2, status: "running", prediction: null } }));
  runner.sync();
  await second;
  assert.deepEqual(aborted, ["smoothgrad", "occlusion"]);
  assert.equal(store.state.explain.runId, 2);
  assert.equal(store.state.explain.job, null);
  assert.deepEqual(store.state.explain.results, {});
});

test("once asked, each new prediction is explained with the chosen method", async () => {
  const store = page();
  const { api, calls } = fakeApi();
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  runner.sync();
  assert.equal(calls.length, 0);                          // nothing asked yet
  await runner.explain("gradient");
  store.setState((s) => ({ run: { ...s.run, id: 2, status: "running", prediction: null } }));
  runner.sync();
  assert.equal(calls.length, 1);                          // not before the prediction
  store.setState((s) => ({ run: { ...s.run, status: "done", prediction: { top: TOP } } }));
  runner.sync();
  runner.sync();
  await tick();
  assert.deepEqual(calls.map((c) => c.method), ["gradient", "gradient"]);
  assert.equal(store.state.explain.job.status, "done");
});

test("nothing runs for a network of maps or before a prediction", async () => {
  const store = page({ networks: [{ ...NET, labels: [] }] });
  const { api, calls } = fakeApi();
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  await runner.explain("gradcam");
  await runner.compare();
  assert.equal(calls.length, 0);
  assert.equal(store.state.explain.job, null);
});

test("compare all runs every method in order, reusing answers already here", async () => {
  const store = page();
  const { api, calls } = fakeApi();
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  await runner.explain("gradcam");
  await runner.compare();
  assert.deepEqual(calls.map((c) => c.method), ["gradcam", ...EXPLAIN_METHODS.filter((m) => m !== "gradcam")]);
  const e = store.state.explain;
  assert.equal(e.compare.status, "done");
  assert.equal(Object.keys(e.results).length, 8);
  assert.equal(e.job.status, "done");
});

test("stop keeps what arrived and marks the comparison stopped", async () => {
  const store = page();
  const { api, aborted } = fakeApi({ hold: true });
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  const all = runner.compare();
  await tick();
  assert.equal(store.state.explain.compare.current, "gradient");
  runner.stop();
  await all;
  assert.deepEqual(aborted, ["gradient"]);
  assert.equal(store.state.explain.job.status, "stopped");
  assert.equal(store.state.explain.compare.status, "stopped");
});

test("what a channel looks for: the objective step by step, the image, then the patches cut out", async () => {
  const store = page({ zoom: { layer: 0, channel: 1 } });
  const { api, calls } = fakeApi();
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  await runner.visualize("C3", 1);
  const v = store.state.visualize;
  assert.deepEqual(calls, [{ name: "lenet5", layer: "C3", channel: 1, steps: 64, every: 4, patches: 6 }]);
  assert.equal(v.status, "done");
  assert.deepEqual(v.objectives, [0.5, 1.5]);
  assert.deepEqual(Array.from(v.image.values), [3, 2, 1, 0]);
  assert.equal(v.patches.length, 1);
  assert.deepEqual(v.patches[0].crop.shape, [1, 2, 1]);
  assert.deepEqual(Array.from(v.patches[0].crop.values), [2, 4]);
  assert.deepEqual([v.patches[0].min, v.patches[0].max], [1, 4]);
});

test("another channel or a closed dialog stops the visualisation and clears it", async () => {
  const store = page({ zoom: { layer: 0, channel: 1 } });
  const { api, aborted } = fakeApi({ hold: true });
  const runner = createExplainRunner({ store, api, decode, now: () => 0 });
  const run = runner.visualize("C3", 1);
  await tick();
  assert.equal(store.state.visualize.status, "running");
  assert.equal(store.state.visualize.image.step, 2);
  runner.sync();
  assert.equal(store.state.visualize.status, "running");   // still the zoomed channel
  store.setState({ zoom: { layer: 0, channel: 2 } });
  runner.sync();
  await run;
  assert.deepEqual(aborted, ["visualize"]);
  assert.equal(store.state.visualize.status, "idle");
});
