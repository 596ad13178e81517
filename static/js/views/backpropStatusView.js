/**
 * The backward run's status line: progress in layers, the prediction, the loss, a hint
 * when the network is so sure that the gradients vanish, and the server's error sentence.
 * @module views/backpropStatusView
 */
import { t } from "../lib/i18n.js";
import { formatValue } from "../lib/backpropLayers.js";
import { classLabel } from "../lib/netText.js";
import { el, fillWords } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/** Below this loss the gradients are too small to show much (the answer is already sure). */
const SURE_LOSS = 1e-3;

/**
 * Create the status line.
 * @param {HTMLElement} root an empty container
 * @returns {{update(state: object): void, draw(): void}}
 */
export function createBackpropStatusView(root) {
  root.classList.add("backprop-status");
  const line = el("p", { class: "backprop-status-line", role: "status" });
  const progress = el("progress", { class: "progress backprop-progress", max: "1", value: "0" });
  const prediction = el("p", { class: "backprop-prediction" });
  const loss = el("p", { class: "backprop-loss" });
  const sure = el("p", { class: "message message-info backprop-sure", i18n: "backprop.network.sure" });
  const error = el("p", { class: "message message-error backprop-error", role: "alert" });
  root.append(line, progress, prediction, loss, sure, error);
  return {
    update(state) {
      const total = state.total || 0;
      const done = state.layers.length;
      const key = {
        loading: "backprop.network.status.loading",
        predicting: "backprop.network.status.predicting",
        running: "backprop.network.status.running",
        done: "backprop.network.status.done",
        stopped: "backprop.network.status.stopped",
      }[state.status];
      line.textContent = key ? t(key, { done, total }) : "";
      progress.hidden = state.status !== "running" && state.status !== "predicting";
      progress.max = Math.max(total, 1);
      progress.value = done;
      progress.setAttribute("aria-label", line.textContent);
      const top = state.prediction?.top?.[0];
      prediction.hidden = !top;
      if (top) {
        const label = classLabel(state.network, top.index, top.label, state.lang);
        fillWords(prediction, "backprop.network.prediction", {
          label, percent: top.probability >= 0.9995 ? "> 99.9" : (100 * top.probability).toFixed(1) });
      }
      const final = state.done;
      loss.hidden = !final;
      if (final) {
        const target = final.target ?? state.predictedTarget;
        const labelOf = (i) => state.labels?.[i] ?? String(i);
        if (state.labels?.length) {
          fillWords(loss, "backprop.network.loss", { loss: formatValue(final.loss),
                                                     target: target === null || target === undefined ? "" : labelOf(target) });
        } else {
          loss.textContent = target === null || target === undefined
            ? t("backprop.network.lossMostActive", { loss: formatValue(final.loss) })
            : t("backprop.network.lossMaps", { loss: formatValue(final.loss), target });
        }
        loss.dataset.loss = String(final.loss);
      }
      sure.hidden = !(final && state.labels?.length && final.loss < SURE_LOSS);
      sure.textContent = t("backprop.network.sure");
      error.hidden = !state.error;
      showError(error, state.error);
      root.dataset.status = state.status;
    },
    draw() {},
  };
}
