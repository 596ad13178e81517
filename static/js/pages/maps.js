/**
 * The feature maps page: choose an image (upload, sample, or a drawn digit) and a preset
 * network; the server streams every layer's maps, which arrive card by card.
 *
 * The page owns the run: it reads the stream (`api.networkForward`), has each layer's
 * maps decoded in a worker, and waits for a layer's first maps to be on screen before it
 * reads the next line, so the page shows the pass as it happens and never piles up work.
 * @module pages/maps
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { createDecoder } from "../lib/mapsDecoder.js";
import { IDLE_EXPLAIN, IDLE_VISUALIZE, createExplainRunner } from "../lib/explainRun.js";
import { applyI18n, el } from "../ui/dom.js";
import { createMapsSourceView } from "../views/mapsSourceView.js";
import { createMapsDenseNoteView } from "../views/mapsDenseNoteView.js";
import { createMapsDrawView } from "../views/mapsDrawView.js";
import { createMapsNetworkView } from "../views/mapsNetworkView.js";
import { createMapsRunView } from "../views/mapsRunView.js";
import { createMapsStepsView } from "../views/mapsStepsView.js";
import { createMapsChartView } from "../views/mapsChartView.js";
import { createMapsPredictionView } from "../views/mapsPredictionView.js";
import { createMapsLayersView } from "../views/mapsLayersView.js";
import { createMapsZoomView } from "../views/mapsZoomView.js";
import { createMapsDepthwiseView } from "../views/mapsDepthwiseView.js";
import { createMapsExplainView } from "../views/mapsExplainView.js";

/** The default for photos: a network that has seen real ones (edges when it is unavailable). */
const PHOTO_NETWORK = "efficientnet_lite0";
const FALLBACK_NETWORK = "edges";

const IDLE_RUN = {
  id: 0, status: "idle", network: null, error: null, steps: [], input: null, layers: [], expected: 0,
  prediction: null, seconds: null, startedAt: null, firstMapAt: null, lastMapAt: null, doneAt: null,
};

/**
 * Mount the page into its root.
 * @param {HTMLElement} root
 */
export function mount(root) {
  const store = createStore({
    lang: getLang(), networks: [], samples: [], loadError: null, network: PHOTO_NETWORK, sourceTab: "upload",
    source: null, run: IDLE_RUN, norm: "map", zoom: null,
    // Blocks whose inside the learner opened, for one run: {run, blocks: {name: InsideEntry}}.
    insides: { run: 0, blocks: {} }, explainBlock: null,
    // Why did it say that (lib/explainRun.js owns both slices).
    explain: IDLE_EXPLAIN, visualize: IDLE_VISUALIZE,
  });
  const decoder = createDecoder(new URL("../workers/mapsDecode.js", import.meta.url));
  let controller = null;
  let pendingDrawing = null;
  let samplesAsked = false;
  let choices = 0;  // counts the images chosen, so a slow sample cannot override a later choice

  const header = el("header", { class: "maps-intro" },
    el("h1", { i18n: "maps.title" }), el("p", { i18n: "maps.intro" }));
  const setup = el("div", { class: "maps-setup" });
  const details = el("div", { class: "maps-details" });
  const depthwiseRoot = el("section", { class: "maps-depthwise", "aria-labelledby": "maps-depthwise-title" });
  const layersRoot = el("section", { class: "maps-layers", "aria-labelledby": "maps-layers-title" });
  const explainRoot = el("section", { class: "maps-explain", "aria-labelledby": "maps-explain-title" });
  root.replaceChildren(header, setup, explainRoot, details, depthwiseRoot, layersRoot);
  // Explanations and "what a channel looks for" stream on their own; a new image or network,
  // another method or channel, or Stop aborts them (the runner keeps them in step with the run).
  const explainer = createExplainRunner({ store, api, decode: (tensor) => decoder.decode(tensor) });
  let syncing = false;
  store.subscribe(() => {
    if (syncing) return;
    syncing = true;
    queueMicrotask(() => {
      syncing = false;
      explainer.sync();
    });
  });

  /** Start a pass of the chosen network over `source` (a previous pass is stopped). */
  async function run(source) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const network = store.state.network;
    const id = store.state.run.id + 1;
    const startedAt = performance.now();
    delete root.dataset.firstMap;
    delete root.dataset.lastMap;
    delete root.dataset.doneAt;
    root.dataset.runStart = String(startedAt);
    root.dataset.state = "running";
    store.setState({ run: { ...IDLE_RUN, id, status: "running", network, startedAt }, zoom: null });
    const current = () => store.state.run.id === id && !signal.aborted;
    let arrived = Promise.resolve();
    const patchRun = (patch) => {
      if (current()) store.setState((s) => ({ run: { ...s.run, ...patch } }));
    };
    try {
      await api.networkForward(network, { file: source.blob }, async (line) => {
        if (!current()) return;
        if (line.type === "start") {
          // The step pictures and the input decode in the worker too (hundreds of kB each).
          const pictures = await Promise.all([...line.steps.map((s) => (s.image ? decoder.decode(s.image) : null)),
                                              decoder.decode(line.input)]);
          if (!current()) return;
          const steps = line.steps.map((s, i) => (s.image ? { ...s, picture: pictures[i] } : s));
          patchRun({ steps, input: { ...line.input, picture: pictures[pictures.length - 1] },
                     expected: line.layers, trained: line.trained });
        } else if (line.type === "layer") {
          // Decoding runs in the worker while the next lines are read; `arrived` keeps the
          // layers in order. The first layer's maps are on screen before the next line is
          // read; later layers are painted by the loop within its frame budget as they come.
          const decoding = decoder.decode(line.output);
          const { output, ...rest } = line;
          arrived = arrived.then(async () => {
            const maps = await decoding;
            patchRun({ layers: [...store.state.run.layers, { ...rest, maps }] });
          });
          arrived.catch(() => {});   // reported where it is awaited (the first layer, or done)
          if (line.index === 0) {
            await arrived;
            await layers.whenPainted(id, line.index);
          }
        } else if (line.type === "done") {
          const doneAt = performance.now();   // when the line arrived
          root.dataset.doneAt = String(doneAt);
          await arrived;
          if (!current()) return;
          if (source.kind === "drawing") root.dataset.classified = String(source.version);
          patchRun({ status: "done", prediction: line.prediction, seconds: line.seconds, doneAt });
        }
      }, signal);
      if (current() && store.state.run.status !== "done") {
        patchRun({ status: "error", error: t("maps.run.cut") });
      }
    } catch (err) {
      if (err && err.name === "AbortError") return;
      patchRun({ status: "error", error: err });
    } finally {
      if (store.state.run.id === id) {
        root.dataset.state = store.state.run.status;
        if (pendingDrawing && store.state.run.status !== "running") {
          const next = pendingDrawing;
          pendingDrawing = null;
          choose(next);
        }
      }
    }
  }

  /**
   * Fetch a block's inner maps: the same forward pass again over the current image, asking
   * the stream for that block's inner layers (`?inner=<block>`). Only that block's line is
   * kept; the pass is stopped once it has arrived. A newer pass makes the answer moot.
   */
  async function fetchInside(block) {
    const run = store.state.run;
    const source = store.state.source;
    if (!source || !run.network) return;
    const runId = run.id;
    const patch = (entry) => store.setState((s) => (s.insides.run === runId
      ? { insides: { run: runId, blocks: { ...s.insides.blocks, [block]: { ...s.insides.blocks[block], ...entry } } } }
      : {}));
    const stale = () => store.state.run.id !== runId;
    store.setState((s) => ({ insides: { run: runId, blocks: { ...(s.insides.run === runId ? s.insides.blocks : {}),
                                                               [block]: { open: true, status: "loading" } } } }));
    const inner = new AbortController();
    let got = false;
    try {
      // One pass at a time: a block opened while the first pass still streams waits for it.
      if (store.state.run.status === "running") {
        await new Promise((resolve) => {
          const stop = store.subscribe((s) => {
            if (s.run.id === runId && s.run.status === "running") return;
            stop();
            resolve();
          });
        });
        if (stale()) return;
      }
      await api.networkForward(run.network, { file: source.blob }, async (line) => {
        if (stale()) {
          inner.abort();
          return;
        }
        if (line.type !== "layer" || line.name !== block) return;
        const children = await Promise.all(line.children.map(async ({ output, ...child }) => (
          { ...child, maps: output ? await decoder.decode(output) : null })));
        got = true;
        patch({ status: "done", children });
        inner.abort();                       // the rest of the pass is not needed
      }, inner.signal, { inner: [block] });
      if (!got) patch({ status: "error", error: t("maps.run.cut") });
    } catch (err) {
      if (got || stale()) return;
      patch({ status: "error", error: err });
    }
  }

  /** A new image was chosen: remember it and run the network over it. */
  function choose(source) {
    choices += 1;  // a sample still on its way is no longer the learner's choice
    store.setState({ source });
    run(source);
  }

  const actions = {
    chooseFile(file) {
      choose({ kind: "file", label: file.name || t("maps.source.uploaded"), blob: file });
    },
    async chooseSample(sample) {
      // The old pass is moot once another image is chosen; until the sample's bytes arrive the
      // page says it is loading, never "done" with the old image's prediction.
      controller?.abort();
      root.dataset.state = "loading";
      const mine = ++choices;
      try {
        const blob = await api.sampleBlob(sample.name);
        if (mine === choices) choose({ kind: "sample", label: sample.name, sample, blob });
      } catch (err) {
        if (mine !== choices) return;
        root.dataset.state = "error";
        store.setState({ run: { ...store.state.run, status: "error", error: err } });
      }
    },
    /** A drawing changed: classify it, after the pass that is running (never stopping it). */
    drawing(blob, version) {
      const source = { kind: "drawing", label: t("maps.source.drawing"), blob, version };
      // A drawing is a digit: keep a digit network (either LeNet-5), else switch to the modern one.
      const current = store.state.networks?.find((n) => n.name === store.state.network);
      if (current?.sample_kind !== "digit") store.setState({ network: "lenet5" });
      if (store.state.run.status === "running") pendingDrawing = source;
      else choose(source);
    },
    /** The drawing was cleared: its pass, maps and prediction go with it (a new drawing starts afresh). */
    drawingCleared() {
      pendingDrawing = null;
      if (store.state.source?.kind !== "drawing") return;
      controller?.abort();
      for (const key of ["firstMap", "lastMap", "doneAt", "runStart"]) delete root.dataset[key];
      root.dataset.state = "idle";
      store.setState((s) => ({ source: null, run: { ...IDLE_RUN, id: s.run.id + 1 }, zoom: null }));
    },
    chooseNetwork(name) {
      if (name === store.state.network) return;
      store.setState({ network: name });
      if (store.state.source) run(store.state.source);
    },
    setTab(tab) {
      store.setState({ sourceTab: tab });
      // The sample list (and its thumbnails) loads when the learner first asks for it.
      if (tab === "samples" && !samplesAsked) {
        samplesAsked = true;
        api.samples().then((list) => store.setState({ samples: list.samples }),
                           (err) => store.setState({ loadError: err.message }));
      }
    },
    setNorm(norm) { store.setState({ norm }); },
    /** Show a block's inner maps (fetched the first time, and again after a failure). */
    showInside(block) {
      const { insides, run } = store.state;
      const entry = insides.run === run.id ? insides.blocks[block] : undefined;
      const line = run.layers.find((l) => l.name === block);
      if (line && line.children && line.children.some((c) => c.kind === "conv")) store.setState({ explainBlock: block });
      if (entry && entry.status === "loading") return;
      if (entry && entry.status === "done") {
        store.setState({ insides: { run: run.id, blocks: { ...insides.blocks, [block]: { ...entry, open: true } } } });
        return;
      }
      fetchInside(block);
    },
    hideInside(block) {
      const { insides, run } = store.state;
      const entry = insides.run === run.id ? insides.blocks[block] : undefined;
      if (entry) store.setState({ insides: { run: run.id, blocks: { ...insides.blocks, [block]: { ...entry, open: false } } } });
    },
    /** Explain depthwise separable convolution with this block's numbers. */
    explain(block) { store.setState({ explainBlock: block }); },
    zoom(layer, channel) { store.setState({ zoom: layer === null ? null : { layer, channel } }); },
    /** Explain the prediction with this method (a cached answer shows at once). */
    explainMethod(method) {
      store.setState((s) => ({ explain: { ...s.explain, method } }));
      explainer.explain(method);
    },
    explainTarget(index) {
      store.setState((s) => ({ explain: { ...s.explain, target: index } }));
      explainer.explain();
    },
    explainLayer(layer) {
      store.setState((s) => ({ explain: { ...s.explain, layer } }));
      explainer.explain();
    },
    explainOpacity(opacity) { store.setState((s) => ({ explain: { ...s.explain, opacity } })); },
    explainRun() { explainer.explain(); },
    explainCompare() { explainer.compare(); },
    explainStop() { explainer.stop(); },
    /** What a top-level layer's channel looks for, streamed into the zoom dialog. */
    visualize(layer, channel) { explainer.visualize(layer, channel); },
    stopVisualize() { explainer.stopVisualize(); },
    busy() { return store.state.run.status === "running"; },
  };

  const sourceRoot = el("section", { class: "maps-source", "aria-labelledby": "maps-source-title" });
  const networkRoot = el("section", { class: "maps-networks", "aria-labelledby": "maps-networks-title" });
  const runRoot = el("section", { class: "maps-run", "aria-live": "polite" });
  const predictionRoot = el("section", { class: "maps-prediction", "aria-labelledby": "maps-prediction-title" });
  // The run's status, errors and prediction sit under the image picker, where the learner
  // acted, beside the (long) network list; on a phone they follow the network list.
  setup.append(sourceRoot, networkRoot, runRoot, predictionRoot);
  const stepsRoot = el("section", { class: "maps-steps", "aria-labelledby": "maps-steps-title" });
  const chartRoot = el("section", { class: "maps-chart", "aria-labelledby": "maps-chart-title" });
  details.append(stepsRoot, chartRoot);
  const zoomRoot = el("dialog", { class: "maps-zoom", "aria-labelledby": "maps-zoom-title" });
  root.append(zoomRoot);

  const source = createMapsSourceView(sourceRoot, actions);
  const draw = createMapsDrawView(source.drawRoot, actions);
  const layers = createMapsLayersView(layersRoot, actions, {
    onFirstMap(time) {
      root.dataset.firstMap = String(time);
      store.setState((s) => ({ run: { ...s.run, firstMapAt: time } }));
    },
    onLastMap(time) {
      root.dataset.lastMap = String(time);
      store.setState((s) => ({ run: { ...s.run, lastMapAt: time } }));
    },
  });
  addView(source, store);
  addView(draw.view, draw.store);
  addView(createMapsNetworkView(networkRoot, actions), store);
  addView(createMapsDenseNoteView(networkRoot), store);
  addView(createMapsRunView(runRoot), store);
  addView(createMapsPredictionView(predictionRoot), store);
  addView(createMapsStepsView(stepsRoot), store);
  addView(createMapsChartView(chartRoot), store);
  addView(createMapsDepthwiseView(depthwiseRoot, actions), store);
  addView(createMapsExplainView(explainRoot, actions), store);
  addView(layers, store);
  addView(createMapsZoomView(zoomRoot, actions), store);

  onLangChange((lang) => {
    applyI18n(root);
    store.setState({ lang });
  });

  api.networks().then((nets) => {
    const usable = (name) => nets.networks.some((n) => n.name === name && !n.unavailable);
    const network = usable(store.state.network) ? store.state.network : FALLBACK_NETWORK;
    store.setState({ networks: nets.networks, network });
    root.dataset.loaded = "true";
  }, (err) => {
    store.setState({ loadError: err.message });
    root.dataset.loaded = "error";
  });
}
