/**
 * "Training, live": train lenet5, lenet5_1998 or tinyvgg on the server (from scratch, or fine-tuning the
 * shipped weights) for a bounded number of steps and
 * watch the loss and accuracy curves, the first layer's kernels and a sample's feature
 * maps change as the progress lines stream in. Stop aborts the request, which stops the
 * training on the server; the curves received so far stay.
 * @module sections/training
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { applyI18n, el } from "../ui/dom.js";
import { createTrainingChartView } from "../views/trainingChartView.js";
import { createTrainingMapsView } from "../views/trainingMapsView.js";
import { createTrainingStatusView } from "../views/trainingStatusView.js";

/** The request fields with their inputs' bounds; the server enforces its own limits. */
const NUMBERS = [
  { key: "steps", i18n: "backprop.training.steps", value: 200, min: 1, max: 1000, step: 1 },
  { key: "learning_rate", i18n: "backprop.training.learningRate", value: 0.002, min: 0.0001, max: 1, step: "any" },
  { key: "batch_size", i18n: "backprop.training.batchSize", value: 32, min: 1, max: 256, step: 1 },
  { key: "seed", i18n: "backprop.training.seed", value: 0, min: 0, max: 2 ** 31 - 1, step: 1 },
  { key: "every", i18n: "backprop.training.every", value: 10, min: 1, max: 1000, step: 1 },
];

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  const store = createStore({
    lang: getLang(), status: "idle", error: null, runId: 0, total: 0,
    steps: [], losses: [], accuracies: [], kernels: null, featureMaps: null, sample: null,
    kernelsStep: 0, done: null,
  });

  const id = (key) => `training-${key.replace("_", "-")}`;
  // The trainable presets, titled like everywhere else (i18n/<lang>/networks.js).
  const networkSelect = el("select", { id: id("network") },
                           el("option", { value: "lenet5", i18n: "net.lenet5.title" }),
                           el("option", { value: "lenet5_1998", i18n: "net.lenet5_1998.title" }),
                           el("option", { value: "tinyvgg", i18n: "net.tinyvgg.title" }));
  const optimizerSelect = el("select", { id: id("optimizer") },
                             el("option", { value: "adam", i18n: "backprop.training.adam" }),
                             el("option", { value: "sgd", i18n: "backprop.training.sgd" }));
  const initSelect = el("select", { id: id("init") },
                        el("option", { value: "scratch", i18n: "backprop.training.initScratch" }),
                        el("option", { value: "trained", i18n: "backprop.training.initTrained" }));
  const inputs = Object.fromEntries(NUMBERS.map((n) => [n.key, el("input", {
    id: id(n.key), type: "number", value: n.value, min: n.min, max: n.max, step: n.step,
    inputmode: n.step === "any" ? "decimal" : "numeric", required: true })]));
  const field = (key, i18n, control) => el("div", { class: "backprop-field" },
                                           el("label", { for: id(key), i18n }), control);
  const startButton = el("button", { type: "submit", class: "primary training-start", i18n: "backprop.training.start" });
  const stopButton = el("button", { type: "button", class: "training-stop", i18n: "backprop.training.stop", disabled: true });
  const form = el("form", { class: "backprop-controls training-controls", "aria-label": t("backprop.training.controls"),
                            "data-i18n-attr": "aria-label:backprop.training.controls" },
                  field("network", "backprop.training.network", networkSelect),
                  field("optimizer", "backprop.training.optimizer", optimizerSelect),
                  field("init", "backprop.training.init", initSelect),
                  ...NUMBERS.map((n) => field(n.key, n.i18n, inputs[n.key])),
                  el("div", { class: "backprop-buttons" }, startButton, stopButton));

  const statusRoot = el("div");
  const lossRoot = el("div");
  const accuracyRoot = el("div");
  const mapsRoot = el("div");
  root.append(
    el("h2", { id: "training-title", i18n: "backprop.training.title" }),
    el("p", { class: "backprop-intro", i18n: "backprop.training.intro" }),
    form, statusRoot,
    el("div", { class: "training-layout" }, lossRoot, accuracyRoot),
    mapsRoot,
  );
  addView(createTrainingStatusView(statusRoot), store);
  addView(createTrainingChartView(lossRoot, "loss"), store);
  addView(createTrainingChartView(accuracyRoot, "accuracy"), store);
  addView(createTrainingMapsView(mapsRoot), store);
  addView({
    update(state) {
      const busy = state.status === "running" || state.status === "starting";
      const hadFocus = document.activeElement === stopButton;
      stopButton.disabled = !busy;
      startButton.disabled = busy;
      if (!busy && hadFocus) startButton.focus();
      root.dataset.state = state.status;
    },
  }, store);

  let controller = null;

  async function start() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const body = { network: networkSelect.value, optimizer: optimizerSelect.value, init: initSelect.value };
    for (const n of NUMBERS) body[n.key] = Number(inputs[n.key].value);
    store.setState((s) => ({
      status: "starting", error: null, runId: s.runId + 1, total: body.steps, steps: [], losses: [],
      accuracies: [], kernels: null, featureMaps: null, sample: null, kernelsStep: 0, done: null,
    }));
    try {
      const done = await api.train(body, (line) => {
        if (controller !== mine) return;
        if (line.type === "start") store.setState({ status: "running", total: line.steps });
        else if (line.type === "progress") {
          store.setState((s) => {
            const patch = {
              steps: [...s.steps, line.step], losses: [...s.losses, line.loss],
              accuracies: [...s.accuracies, line.accuracy],
            };
            if (line.kernels) {
              Object.assign(patch, { kernels: line.kernels, featureMaps: line.feature_maps ?? null,
                                     sample: line.sample ?? s.sample, kernelsStep: line.step });
            }
            return patch;
          });
        }
      }, mine.signal);
      if (controller === mine) store.setState({ status: "done", done });
    } catch (err) {
      if (controller !== mine) return;
      if (err && err.name === "AbortError") store.setState({ status: "stopped" });
      else store.setState({ status: "error", error: err });
    } finally {
      if (controller === mine) controller = null;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    start();
  });
  stopButton.addEventListener("click", () => controller?.abort());
  onLangChange((lang) => {
    store.setState({ lang });
    applyI18n(root);
  });
  store.setState({ lang: getLang() });
}
