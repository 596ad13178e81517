/**
 * "Through a network": pick a preset, an image (a sample or an upload) and a target, and
 * watch the backward stream draw dL/d every layer's output and weights, from the loss back
 * to the input, then the saliency map. Changing a choice starts a new pass (the running
 * one is aborted); Stop aborts it and keeps what arrived.
 * @module sections/backpropNetwork
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { defaultSample, targetChoices } from "../lib/backpropLayers.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { classLabels, networkTitle, sampleTitle } from "../lib/netText.js";
import { applyI18n, el } from "../ui/dom.js";
import { createBackpropSaliencyView } from "../views/backpropSaliencyView.js";
import { createBackpropStatusView } from "../views/backpropStatusView.js";
import { createBackpropStreamView } from "../views/backpropStreamView.js";

const PREDICTED = "predicted";
const UPLOAD = "upload";

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  const store = createStore({
    lang: getLang(), status: "loading", error: null, networks: [], samples: [],
    network: "lenet5", sample: null, file: null, target: PREDICTED,
    runId: 0, total: 0, layers: [], input: null, done: null, prediction: null,
    predictedTarget: null, labels: [],
  });

  const networkSelect = el("select", { id: "backprop-network-select" });
  const sampleSelect = el("select", { id: "backprop-sample-select" });
  const fileInput = el("input", { id: "backprop-upload", type: "file", accept: "image/png,image/jpeg,image/gif,image/webp,image/bmp" });
  const targetSelect = el("select", { id: "backprop-target-select" });
  const targetLabel = el("label", { for: "backprop-target-select", text: t("backprop.network.target") });
  const runButton = el("button", { type: "button", class: "primary backprop-run", i18n: "backprop.network.run" });
  const stopButton = el("button", { type: "button", class: "backprop-stop", i18n: "backprop.network.stop", disabled: true });
  const field = (label, control) => el("div", { class: "backprop-field" }, label, control);

  const statusRoot = el("div");
  const saliencyRoot = el("section", { class: "backprop-panel", "aria-labelledby": "backprop-saliency-title" });
  const streamRoot = el("div", { "aria-label": t("backprop.network.cards"), role: "region",
                                 "data-i18n-attr": "aria-label:backprop.network.cards" });
  root.append(
    el("h2", { id: "network-title", i18n: "backprop.network.title" }),
    el("p", { class: "backprop-intro", i18n: "backprop.network.intro" }),
    el("form", { class: "backprop-controls", "aria-label": t("backprop.network.controls"),
                 "data-i18n-attr": "aria-label:backprop.network.controls",
                 on: { submit: (e) => { e.preventDefault(); run(); } } },
       field(el("label", { for: "backprop-network-select", i18n: "backprop.network.network" }), networkSelect),
       field(el("label", { for: "backprop-sample-select", i18n: "backprop.network.image" }), sampleSelect),
       field(el("label", { for: "backprop-upload", i18n: "backprop.network.upload" }), fileInput),
       field(targetLabel, targetSelect),
       el("div", { class: "backprop-buttons" }, runButton, stopButton)),
    statusRoot,
    el("p", { class: "backprop-note backprop-legend-text", i18n: "backprop.network.legend" }),
    saliencyRoot,
    streamRoot,
  );
  runButton.type = "submit";

  addView(createBackpropStatusView(statusRoot), store);
  addView(createBackpropSaliencyView(saliencyRoot), store);
  saliencyRoot.querySelector("h3").id = "backprop-saliency-title";
  addView(createBackpropStreamView(streamRoot), store);
  addView({ update: renderControls }, store);

  let controller = null;
  const blobs = new Map();

  function preset(state = store.state) {
    return state.networks.find((n) => n.name === state.network);
  }

  function renderControls(state) {
    root.dataset.state = state.status;
    root.dataset.network = state.network;
    const lang = state.lang;
    if (networkSelect.options.length !== state.networks.length || networkSelect.dataset.lang !== lang) {
      networkSelect.replaceChildren(...state.networks.map((n) => {
        const title = networkTitle(n, lang);
        return el("option", { value: n.name, text: title.text, lang: title.lang,
                              disabled: Boolean(n.unavailable), title: n.unavailable ?? undefined });
      }));
      networkSelect.dataset.lang = lang;
    }
    networkSelect.value = state.network;

    const sampleKey = [state.samples.length, lang, state.file?.name ?? ""].join("|");
    if (sampleSelect.dataset.key !== sampleKey) {
      sampleSelect.dataset.key = sampleKey;
      fillSamples(state);
    }
    sampleSelect.value = state.file ? UPLOAD : state.sample ?? "";

    const p = preset(state);
    const targetKey = [state.network, lang, state.prediction?.top?.[0]?.index ?? ""].join("|");
    if (p && targetSelect.dataset.key !== targetKey) {
      targetSelect.dataset.key = targetKey;
      fillTargets(state, p);
    }
    if (p) targetSelect.value = String(state.target);
    const busy = state.status === "running" || state.status === "predicting";
    stopButton.disabled = !busy;
    runButton.disabled = state.status === "loading";
  }

  function fillSamples(state) {
    const lang = state.lang;
    const groups = new Map();
    for (const s of state.samples) {
      if (!groups.has(s.kind)) {
        groups.set(s.kind, el("optgroup", { label: t(`backprop.network.samples.${s.kind}`) }));
      }
      const title = sampleTitle(s, lang);
      groups.get(s.kind).append(el("option", { value: s.name, text: title.text, lang: title.lang }));
    }
    const options = [...groups.values()];
    if (state.file) options.unshift(el("option", { value: UPLOAD, text: `${t("backprop.network.yourImage")}: ${state.file.name}` }));
    sampleSelect.replaceChildren(...options);
  }

  function fillTargets(state, p) {
    const choices = targetChoices(p, state.lang);
    targetLabel.textContent = t(choices.kind === "class" ? "backprop.network.target" : "backprop.network.targetChannel");
    const predicted = state.prediction?.top?.[0];
    // An option holds text of one language: a name the reader's language lacks (an ImageNet
    // class on a Korean page) is left to its own option below, and the class's number says which.
    const named = predicted ? choices.options[predicted.index] : null;
    const first = choices.kind === "class"
      ? (!predicted ? t("backprop.network.predicted")
        : named && (named.lang ?? state.lang) === state.lang ? t("backprop.network.predictedIs", { label: named.label })
          : t("backprop.network.predictedIndex", { index: predicted.index }))
      : t("backprop.network.mostActive");
    targetSelect.replaceChildren(
      el("option", { value: PREDICTED, text: first }),
      // A class name the reader's language lacks (EfficientNet-Lite0's ImageNet names) is English.
      ...choices.options.map((o) => el("option", {
        value: String(o.value), lang: o.lang,
        text: choices.kind === "class" ? o.label : t("backprop.network.channel", { index: o.value }) })));
  }

  async function imageBlob(state) {
    if (state.file) return state.file;
    if (!blobs.has(state.sample)) blobs.set(state.sample, await api.sampleBlob(state.sample));
    return blobs.get(state.sample);
  }

  async function run() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const state = store.state;
    const p = preset(state);
    if (!p || (!state.file && !state.sample)) return;
    const labels = classLabels(p, state.lang);
    store.setState({
      status: labels.length ? "predicting" : "running", error: null, runId: state.runId + 1,
      total: p.run_summary?.layers?.length ?? 0, layers: [], input: null, done: null,
      prediction: null, predictedTarget: null, labels,
    });
    const layers = [];
    try {
      const blob = await imageBlob(state);
      const source = { file: blob };
      if (labels.length) {
        const forward = await api.networkForward(p.name, source, () => {}, mine.signal);
        const prediction = forward?.prediction ?? null;
        store.setState({ prediction, predictedTarget: prediction?.top?.[0]?.index ?? null, status: "running" });
      }
      const target = state.target === PREDICTED ? null : Number(state.target);
      const done = await api.networkBackward(p.name, source, target, (line) => {
        if (line.type === "start") store.setState({ input: line.input, total: line.layers });
        else if (line.type === "layer") {
          layers.push(line);
          store.setState({ layers: layers.slice() });
        }
      }, mine.signal);
      if (controller === mine) store.setState({ status: "done", done });
    } catch (err) {
      if (controller !== mine) return;  // a newer run took over
      if (err && err.name === "AbortError") store.setState({ status: "stopped" });
      else store.setState({ status: "stopped", error: err });
    } finally {
      if (controller === mine) controller = null;
    }
  }

  networkSelect.addEventListener("change", () => {
    const network = networkSelect.value;
    const next = defaultSample(network, store.state.samples);
    store.setState({ network, sample: store.state.file ? store.state.sample : next, target: PREDICTED });
    run();
  });
  sampleSelect.addEventListener("change", () => {
    if (sampleSelect.value === UPLOAD) return;
    store.setState({ sample: sampleSelect.value, file: null, target: PREDICTED });
    fileInput.value = "";
    run();
  });
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    store.setState({ file, target: PREDICTED });
    run();
  });
  targetSelect.addEventListener("change", () => {
    store.setState({ target: targetSelect.value });
    run();
  });
  stopButton.addEventListener("click", () => controller?.abort());

  onLangChange((lang) => {
    const p = preset();
    store.setState({ lang, labels: p ? classLabels(p, lang) : [] });
    applyI18n(root);
  });

  (async () => {
    try {
      const [{ networks }, { samples }] = await Promise.all([api.networks(), api.samples()]);
      const network = networks.some((n) => n.name === "lenet5") ? "lenet5" : networks[0]?.name;
      store.setState({ networks, samples, network, sample: defaultSample(network, samples), status: "idle" });
      await run();
    } catch (err) {
      store.setState({ status: "stopped", error: err });
    }
  })();
}
