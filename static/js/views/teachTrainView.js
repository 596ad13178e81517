/**
 * Training: the settings, Train / Stop, what is happening (feature vectors, then epochs),
 * the warnings, and exporting or importing the head.
 * @module views/teachTrainView
 */
import { number, t } from "../lib/i18n.js";
import { canTrain } from "../lib/teachData.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

const pct = (v) => (v === null || v === undefined ? t("teach.none") : `${number(v * 100, 0)}%`);

function field(key, input) {
  return el("label", {}, el("span", { i18n: key }), input);
}

/**
 * @param {HTMLElement} root
 * @param {{setSettings(patch: object): void, train(): void, stop(): void, exportHead(): void,
 *   importHead(file: File): void}} actions
 * @returns {{update(state: object): void}}
 */
export function createTeachTrainView(root, actions) {
  const num = (key, attrs) => el("input", { type: "number", id: `teach-${key}`, ...attrs,
    on: { change: (e) => { const v = Number(e.target.value); if (Number.isFinite(v)) actions.setSettings({ [key]: v }); } } });
  const epochs = num("epochs", { min: 1, max: 500, step: 1 });
  const rate = num("learning_rate", { min: 0.0001, max: 1, step: 0.001 });
  const held = num("held_out", { min: 0, max: 0.5, step: 0.05 });
  const train = el("button", { type: "button", class: "primary", id: "teach-train", i18n: "teach.train", on: { click: actions.train } });
  const stop = el("button", { type: "button", id: "teach-stop", i18n: "teach.stop", on: { click: actions.stop } });
  const status = el("p", { class: "teach-status", id: "teach-status", role: "status", "aria-live": "polite" });
  const warnings = el("ul", { class: "teach-warnings", id: "teach-warnings" });
  const exportButton = el("button", { type: "button", id: "teach-export", i18n: "teach.export", on: { click: actions.exportHead } });
  const file = el("input", { type: "file", accept: ".json,application/json", class: "teach-file", id: "teach-import-file",
                             tabindex: -1, "aria-hidden": "true",
                             on: { change: (e) => { if (e.target.files[0]) actions.importHead(e.target.files[0]); e.target.value = ""; } } });
  const importButton = el("button", { type: "button", id: "teach-import", i18n: "teach.import", on: { click: () => file.click() } });
  root.replaceChildren(el("h2", { i18n: "teach.training" }),
    el("div", { class: "teach-settings" }, field("teach.epochs", epochs), field("teach.learningRate", rate),
      field("teach.heldOut", held), train, stop),
    status, warnings, el("p", { class: "teach-class-actions" }, exportButton, importButton, file));
  return {
    update(state) {
      const { train: run, settings } = state;
      for (const [input, key] of [[epochs, "epochs"], [rate, "learning_rate"], [held, "held_out"]]) {
        if (document.activeElement !== input) input.value = String(settings[key]);
      }
      const busy = run.status === "features" || run.status === "training";
      train.disabled = busy || !canTrain(state.classes) || Boolean(state.unavailable);
      stop.disabled = !busy;
      exportButton.disabled = !state.head;
      let text = "";
      const failed = state.unavailable || run.status === "error" || state.importError;
      if (state.unavailable) showError(status, state.unavailable, "teach.unavailable", {}, "reason");
      else if (run.status === "error") showError(status, run.error, "common.error");
      else if (state.importError) showError(status, state.importError, "teach.importError");
      else if (run.status === "features") text = t("teach.featuresProgress", { done: run.done, total: run.total });
      else if (run.status === "training" && run.epochs.length) {
        const p = run.epochs[run.epochs.length - 1];
        text = t("teach.trainProgress", { epoch: p.epoch, epochs: p.epochs, loss: number(p.loss, 3),
                                          accuracy: pct(p.accuracy), held: pct(p.held_out_accuracy) });
      } else if (state.importedClasses) text = t("teach.imported", { classes: state.importedClasses.join(", ") });
      else if (run.status === "done" && run.result) {
        text = t("teach.trained", { seconds: number(run.result.seconds, 2), accuracy: pct(run.result.accuracy),
                                    held: pct(run.result.held_out_accuracy) });
      }
      else if (!canTrain(state.classes)) text = t("teach.needPhotos");
      if (!failed) status.textContent = text;
      status.classList.toggle("teach-error", Boolean(failed));
      const list = run.status === "done" && run.result ? run.result.warnings : [];
      warnings.replaceChildren(...list.map((w) => el("li", { dataset: { warning: w.id },
        text: t(`teach.warn.${w.id}`, { classes: w.classes.map((k) => run.result.head.classes[k]).join(", ") }) })));
    },
  };
}
