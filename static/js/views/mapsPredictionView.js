/**
 * The prediction at the end of a pass: the top classes and their softmax probabilities as
 * bars. An untrained network's bars are folded away behind a plain warning (its numbers mean
 * nothing), and a network trained on one kind of picture (digits, drawn shapes) warns when
 * it is shown another kind, since it must still answer with one of its classes.
 * @module views/mapsPredictionView
 */
import { t } from "../lib/i18n.js";
import { classLabel } from "../lib/netText.js";
import { el } from "../ui/dom.js";

/** Which sources are of the kind a network trained here has seen (its `sample_kind`). */
const TRAINED_ON = {
  digit: (source) => source.kind === "drawing" || (source.kind === "sample" && source.sample.kind === "digit"),
  shape: (source) => source.kind === "sample" && source.sample.kind === "shape",
};

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void}}
 */
export function createMapsPredictionView(root) {
  const list = el("ol", { class: "maps-bars" });
  const note = el("p", { class: "maps-hint" });
  const warning = el("p", { class: "maps-warning", role: "note", hidden: true });
  const anyway = el("details", { class: "maps-anyway", hidden: true },
    el("summary", { i18n: "maps.prediction.showAnyway" }));
  root.append(el("h2", { id: "maps-prediction-title", i18n: "maps.prediction.title" }), note, warning, list, anyway);
  let seenRun = null;
  let seenLang = null;
  return {
    update(state) {
      const run = state.run;
      if (run === seenRun && state.lang === seenLang) return;
      seenRun = run;
      seenLang = state.lang;
      const prediction = run.status === "done" ? run.prediction : null;
      const net = state.networks.find((n) => n.name === run.network);
      const meaningless = Boolean(net && net.weights === "seeded");
      root.dataset.top = prediction ? String(prediction.top[0].index) : "";
      root.dataset.meaningless = String(meaningless);
      if (run.status !== "done") note.textContent = t("maps.prediction.waiting");
      else if (!prediction) note.textContent = t("maps.prediction.none");
      else note.textContent = meaningless ? t("maps.prediction.untrained") : t("maps.prediction.trained");
      const seen = net && TRAINED_ON[net.sample_kind];
      const far = Boolean(prediction && seen && state.source && !seen(state.source));
      warning.hidden = !far;
      if (far) warning.textContent = t(`maps.prediction.far.${net.name}`);
      const bars = (prediction ? prediction.top : []).map((item) => {
        // EfficientNet-Lite0's ImageNet names have no Korean list: they stay English, marked so.
        const label = classLabel(run.network, item.index, item.label);
        const percent = item.probability * 100;
        const bar = el("span", { class: "maps-bar-fill" });
        bar.style.width = `${Math.max(0.5, percent)}%`;
        return el("li", { class: "maps-bar", dataset: { index: String(item.index), label: item.label } },
          el("span", { class: "maps-bar-label", text: label.text, lang: label.lang }),
          el("span", { class: "maps-bar-track", "aria-hidden": "true" }, bar),
          el("span", { class: "maps-bar-value", text: `${percent < 0.1 ? percent.toExponential(1) : percent.toFixed(1)} %` }));
      });
      // An untrained network's classes stay folded: shown only to whoever asks, greyed.
      anyway.hidden = !(meaningless && bars.length);
      list.classList.toggle("maps-bars-meaningless", meaningless);
      if (meaningless) {
        list.replaceChildren();
        anyway.replaceChildren(anyway.firstChild, el("ol", { class: "maps-bars maps-bars-meaningless" }, ...bars));
      } else {
        list.replaceChildren(...bars);
      }
    },
  };
}
