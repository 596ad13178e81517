/**
 * The prediction at the end of a pass: the top classes and their softmax probabilities as
 * bars, with a warning when the network is untrained.
 * @module views/mapsPredictionView
 */
import { t } from "../lib/i18n.js";
import { el } from "../ui/dom.js";

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void}}
 */
export function createMapsPredictionView(root) {
  const list = el("ol", { class: "maps-bars" });
  const note = el("p", { class: "maps-hint" });
  root.append(el("h2", { id: "maps-prediction-title", i18n: "maps.prediction.title" }), note, list);
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
      root.dataset.top = prediction ? String(prediction.top[0].index) : "";
      if (run.status !== "done") note.textContent = t("maps.prediction.waiting");
      else if (!prediction) note.textContent = t("maps.prediction.none");
      else note.textContent = net && !net.trained ? t("maps.prediction.untrained") : t("maps.prediction.trained");
      list.replaceChildren(...(prediction ? prediction.top : []).map((item) => {
        const label = state.lang === "ko" ? item.label_ko : item.label;
        const percent = item.probability * 100;
        const bar = el("span", { class: "maps-bar-fill" });
        bar.style.width = `${Math.max(0.5, percent)}%`;
        return el("li", { class: "maps-bar", dataset: { index: String(item.index), label: item.label } },
          el("span", { class: "maps-bar-label", text: label }),
          el("span", { class: "maps-bar-track", "aria-hidden": "true" }, bar),
          el("span", { class: "maps-bar-value", text: `${percent < 0.1 ? percent.toExponential(1) : percent.toFixed(1)} %` }));
      }));
    },
  };
}
