/**
 * The training run's status: step of total with a progress bar, whether it finished or was
 * stopped, the first and last windows' mean loss, and the server's sentence on failure.
 * @module views/trainingStatusView
 */
import { t } from "../lib/i18n.js";
import { formatValue } from "../lib/backpropLayers.js";
import { firstAndLast } from "../lib/trainingSeries.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/**
 * Create the status block.
 * @param {HTMLElement} root an empty container
 * @returns {{update(state: object): void, draw(): void}}
 */
export function createTrainingStatusView(root) {
  root.classList.add("training-status");
  const line = el("p", { class: "training-status-line", role: "status" });
  const progress = el("progress", { class: "progress training-progress", max: "1", value: "0" });
  const fell = el("p", { class: "training-fell mono" });
  const error = el("p", { class: "message message-error training-error", role: "alert" });
  root.append(line, progress, fell, error);
  return {
    update(state) {
      const step = state.steps.length ? state.steps[state.steps.length - 1] : 0;
      const key = `backprop.training.status.${state.status}`;
      const seconds = state.done ? state.done.seconds.toFixed(1) : "";
      line.textContent = state.status === "error" ? "" : t(key, { step, total: state.total, seconds });
      progress.max = Math.max(state.total, 1);
      progress.value = step;
      progress.hidden = state.status === "idle" || state.status === "error";
      progress.setAttribute("aria-label", t("backprop.training.progress"));
      const n = state.losses.length;
      fell.hidden = n < 2;
      if (n >= 2) {
        const { first, last, size } = firstAndLast(state.losses);
        fell.textContent = t("backprop.training.fell", { n: size, first: formatValue(first), last: formatValue(last) });
      }
      error.hidden = !state.error;
      showError(error, state.error);
      root.dataset.step = String(step);
    },
    draw() {},
  };
}
