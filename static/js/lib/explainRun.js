/**
 * The maps page's explanations as they run: one method, or every method one after the
 * other ("compare all"), for the current pass's image, class and Grad-CAM layer; and "what
 * does this channel look for" for the enlarged map's layer and channel. Each answer streams
 * (`api.networkExplain`, `api.networkVisualize`) into the page's store; one explanation and
 * one visualisation run at a time, and a newer request, a new image or network, or Stop
 * aborts the one running (its `AbortController`).
 *
 * Store slices it owns: `explain` (see `IDLE_EXPLAIN`) and `visualize` (`IDLE_VISUALIZE`).
 * It reads `run`, `networks`, `source` and `zoom`. DOM-free: the api and the decoding come in
 * as arguments, so node tests drive it with a fake stream.
 * @module lib/explainRun
 */
import {
  EXPLAIN_METHODS, ascentSteps, camMap, cropBox, expectedPasses, explainStatus, layerFor, mapLayers,
  resultKey,
} from "./explain.js";

/**
 * @typedef {object} ExplainResult a decoded `done` line
 * @property {string} method
 * @property {number} target
 * @property {string} label the class's English name (the view words it)
 * @property {number} score
 * @property {number} probability
 * @property {boolean} signed
 * @property {string|null} layer
 * @property {number} passes
 * @property {number} seconds the server's time
 * @property {number} wall seconds from the request to the `done` line, on the page's clock
 * @property {{h: number, w: number, values: Float32Array, min: number, max: number}} heat
 * @property {number[]|null} attributionShape
 * @property {object} details the method's numbers as sent
 * @property {{h: number, w: number, values: ArrayLike<number>, min: number, max: number}|null} cam
 */

/** The explain slice before anything was asked. */
export const IDLE_EXPLAIN = {
  on: false, method: "gradcam", target: null, layer: null, opacity: 0.6,
  runId: 0, network: null, results: {}, input: null, job: null, compare: null,
};

/** The visualize slice before anything was asked. */
export const IDLE_VISUALIZE = {
  id: 0, status: "idle", network: null, layer: null, channel: null, steps: 0, every: 1,
  objectives: [], image: null, patches: [], error: null, seconds: null, startedAt: null, macs: null,
};

const isAbort = (err) => Boolean(err && err.name === "AbortError");
const message = (err) => (err && err.message ? err.message : String(err));

/**
 * @param {{store: import("../state.js").Store<object>,
 *   api: {networkExplain: Function, networkVisualize: Function},
 *   decode: (tensor: object) => Promise<import("./mapsLayer.js").LayerMaps>,
 *   now?: () => number}} options
 * @returns {{explain: (method?: string) => Promise<void>, compare: () => Promise<void>, stop: () => void,
 *   sync: () => void, visualize: (layer: string, channel: number) => Promise<void>, stopVisualize: () => void}}
 */
export function createExplainRunner({ store, api, decode, now = () => performance.now() }) {
  let controller = null;
  let jobId = 0;
  let autoRun = 0;
  let visController = null;
  let visId = 0;

  const patchExplain = (patch) => store.setState((s) => ({ explain: { ...s.explain, ...(typeof patch === "function" ? patch(s.explain) : patch) } }));
  const patchJob = (id, patch) => patchExplain((e) => (e.job && e.job.id === id ? { job: { ...e.job, ...patch } } : {}));

  function context() {
    const s = store.state;
    const net = (s.networks || []).find((n) => n.name === s.run.network);
    return { s, run: s.run, net, status: explainStatus(net, s.run) };
  }

  /** The method's class and layer as they will be asked for. */
  function resolve(method) {
    const { s, run, net } = context();
    const top = run.prediction.top;
    const target = top.some((c) => c.index === s.explain.target) ? s.explain.target : top[0].index;
    return { method, target, layer: layerFor(method, mapLayers(net), s.explain.layer) };
  }

  function abort() {
    if (controller) controller.abort();
    controller = null;
  }

  /**
   * One explanation streamed: the input decoded once per pass, progress into the job, the
   * decoded result kept under its key. Resolves with the result (null when stale or aborted).
   */
  async function stream(how, id, signal, runId) {
    const { s, run } = context();
    const began = now();
    const current = () => !signal.aborted && store.state.explain.job?.id === id && store.state.run.id === runId;
    let result = null;
    await api.networkExplain(run.network, { file: s.source.blob }, how.target,
                             { method: how.method, layer: how.layer }, async (line) => {
      if (!current()) return;
      if (line.type === "start") {
        patchJob(id, { startAt: now(), total: expectedPasses(how.method, line.input.shape.slice(-3)) });
        if (!store.state.explain.input) {
          const maps = await decode(line.input);
          if (current() && !store.state.explain.input) {
            patchExplain({ input: { shape: line.input.shape.slice(-3), values: maps.values, min: line.input.min, max: line.input.max } });
          }
        }
      } else if (line.type === "progress") {
        const first = store.state.explain.job.firstProgressAt ?? now();
        patchJob(id, { progress: { done: line.done, total: line.total, seconds: line.seconds }, firstProgressAt: first });
      } else if (line.type === "done") {
        const doneAt = now();
        const maps = await decode(line.heatmap);
        if (!current()) return;
        result = {
          method: line.method, target: line.target, label: line.label, score: line.score,
          probability: line.probability, signed: line.signed, layer: line.layer, passes: line.passes,
          seconds: line.seconds, wall: (doneAt - began) / 1000,
          heat: { h: maps.h, w: maps.w, values: maps.values, min: line.heatmap.min, max: line.heatmap.max },
          attributionShape: line.attribution ? line.attribution.shape : null,
          details: line.details || {}, cam: camMap(line.details),
        };
        const key = resultKey(how.method, how.target, how.layer);
        patchExplain((e) => ({ results: { ...e.results, [key]: result } }));
        patchJob(id, { doneAt });
      }
    }, signal);
    return result;
  }

  /** Explain the prediction with one method (the chosen one by default); a cached answer shows at once. */
  async function explain(method = store.state.explain.method) {
    const { status, run } = context();
    if (status.state !== "ready" || !store.state.source) {
      abort();
      return;
    }
    const how = resolve(method);
    const key = resultKey(how.method, how.target, how.layer);
    const running = store.state.explain.job?.status === "running" ? store.state.explain.job : null;
    jobId += 1;
    const id = jobId;
    const base = { id, kind: "one", method, key, target: how.target, layer: how.layer, progress: null, total: null,
                   error: null, startedAt: now(), startAt: null, firstProgressAt: null, doneAt: null };
    if (store.state.explain.results[key]) {
      // Already here: shown at once. A comparison running goes on; a single method is replaced.
      if (running && running.kind === "all") {
        patchExplain({ on: true, method });
        return;
      }
      abort();
      patchExplain({ on: true, method, job: { ...base, status: "done", cached: true } });
      return;
    }
    abort();
    patchExplain((e) => ({ on: true, method, job: { ...base, status: "running" },
                           compare: e.compare && e.compare.status === "running"
                             ? { ...e.compare, status: "stopped", current: null } : e.compare }));
    controller = new AbortController();
    const { signal } = controller;
    try {
      const result = await stream(how, id, signal, run.id);
      if (store.state.explain.job?.id !== id) return;
      patchJob(id, result ? { status: "done" } : { status: "error", error: null, cut: true });
    } catch (err) {
      if (isAbort(err) || store.state.explain.job?.id !== id) return;
      patchJob(id, { status: "error", error: message(err) });
    }
  }

  /** Every method one after the other, for the chosen class (and Grad-CAM layer); answers already here are reused. */
  async function compare() {
    const { status, run, net } = context();
    abort();
    if (status.state !== "ready" || !store.state.source) return;
    const first = resolve("gradcam");
    const layer = layerFor("gradcam", mapLayers(net), store.state.explain.layer);
    jobId += 1;
    const id = jobId;
    controller = new AbortController();
    const { signal } = controller;
    patchExplain({ on: true, compare: { target: first.target, layer, status: "running", current: null, startedAt: now() },
                   job: { id, kind: "all", method: null, status: "running", progress: null, total: null, error: null,
                          startedAt: now(), startAt: null, firstProgressAt: null, doneAt: null } });
    const patchCompare = (patch) => patchExplain((e) => (e.job?.id === id && e.compare ? { compare: { ...e.compare, ...patch } } : {}));
    try {
      for (const method of EXPLAIN_METHODS) {
        if (signal.aborted || store.state.explain.job?.id !== id) return;
        const how = { method, target: first.target, layer: layerFor(method, mapLayers(net), layer) };
        const key = resultKey(method, how.target, how.layer);
        patchCompare({ current: method });
        if (store.state.explain.results[key]) continue;
        patchJob(id, { method, key, progress: null, total: null, startedAt: now(), startAt: null,
                       firstProgressAt: null, doneAt: null });
        const result = await stream(how, id, signal, run.id);
        if (!result) {
          if (store.state.explain.job?.id === id) {
            patchCompare({ status: "error", current: null });
            patchJob(id, { status: "error", error: null, cut: true });
          }
          return;
        }
      }
      patchCompare({ status: "done", current: null });
      patchJob(id, { status: "done", method: null });
    } catch (err) {
      if (isAbort(err) || store.state.explain.job?.id !== id) return;
      patchCompare({ status: "error", current: null });
      patchJob(id, { status: "error", error: message(err) });
    }
  }

  /** Stop the explanation running (the answers that arrived stay). */
  function stop() {
    const job = store.state.explain.job;
    abort();
    if (job && job.status === "running") {
      patchExplain((e) => ({ job: { ...e.job, status: "stopped" },
                             compare: e.compare && e.compare.status === "running" ? { ...e.compare, status: "stopped", current: null } : e.compare }));
    }
  }

  function stopVisualize(reset = false) {
    if (visController) visController.abort();
    visController = null;
    const v = store.state.visualize;
    if (reset) {
      if (v.status !== "idle") store.setState({ visualize: { ...IDLE_VISUALIZE, id: v.id } });
    } else if (v.status === "running") {
      store.setState({ visualize: { ...v, status: "stopped" } });
    }
  }

  /**
   * Keep the slices in step with the page: a new pass (image or network) stops what runs and
   * forgets its answers; once a learner has asked for an explanation, each new prediction is
   * explained with the chosen method. The enlarged map's channel changing or closing stops and
   * clears its visualisation. Call after every state change (it does nothing when in step).
   */
  function sync() {
    const s = store.state;
    const e = s.explain;
    if (s.run.id !== e.runId) {
      abort();
      const sameNetwork = s.run.network === e.network;
      store.setState({ explain: { ...e, runId: s.run.id, network: s.run.network, results: {}, input: null, job: null,
                                  compare: null, target: null, layer: sameNetwork ? e.layer : null } });
    }
    const { status } = context();
    if (status.state === "ready" && store.state.explain.on && autoRun !== s.run.id && !store.state.explain.job) {
      autoRun = s.run.id;
      explain();
    }
    const v = store.state.visualize;
    if (v.status !== "idle") {
      const zoomed = s.zoom ? s.run.layers.find((l) => l.index === s.zoom.layer) : null;
      if (!zoomed || zoomed.name !== v.layer || s.zoom.channel !== v.channel || s.run.network !== v.network) {
        stopVisualize(true);
      }
    }
  }

  /** Stream "what does this channel look for" for a top-level layer's channel of the current network. */
  async function visualize(layer, channel) {
    stopVisualize();
    const s = store.state;
    const network = s.run.network;
    const net = (s.networks || []).find((n) => n.name === network);
    const steps = ascentSteps(net, layer);
    const every = Math.max(1, Math.ceil(steps / 16));
    visId += 1;
    const id = visId;
    visController = new AbortController();
    const { signal } = visController;
    const patch = (p) => store.setState((st) => (st.visualize.id === id ? { visualize: { ...st.visualize, ...(typeof p === "function" ? p(st.visualize) : p) } } : {}));
    const current = () => !signal.aborted && store.state.visualize.id === id;
    store.setState({ visualize: { ...IDLE_VISUALIZE, id, status: "running", network, layer, channel, steps, every, startedAt: now() } });
    try {
      let finished = false;
      await api.networkVisualize(network, { layer, channel, steps, every, patches: 6 }, async (line) => {
        if (!current()) return;
        if (line.type === "start") patch({ macs: line.macs, steps: line.steps });
        else if (line.type === "progress") {
          const image = line.image ? await decode(line.image) : null;
          if (!current()) return;
          patch((v) => ({ objectives: [...v.objectives, line.objective], step: line.step, seconds: line.seconds,
                          ...(image ? { image: { shape: line.image.shape, values: image.values, min: line.image.min,
                                                 max: line.image.max, step: line.step } } : {}) }));
        } else if (line.type === "done") {
          const image = await decode(line.image);
          const patches = await Promise.all(line.patches.map(async (p) => {
            const input = await decode(p.input);
            const crop = cropBox(input.values, p.input.shape, p.box);
            return { sample: p.sample, value: p.value, y: p.y, x: p.x, box: p.box.slice(), crop,
                     min: p.input.min, max: p.input.max, inputShape: p.input.shape.slice() };
          }));
          if (!current()) return;
          finished = true;
          patch((v) => ({ status: "done", seconds: line.seconds, patches, step: v.steps,
                          image: { shape: line.image.shape, values: image.values, min: line.image.min,
                                   max: line.image.max, step: v.steps } }));
        }
      }, signal);
      if (!finished && current()) patch({ status: "error", error: null });
    } catch (err) {
      if (isAbort(err) || !current()) return;
      patch({ status: "error", error: message(err) });
    }
  }

  return { explain, compare, stop, sync, visualize, stopVisualize: () => stopVisualize(false) };
}
