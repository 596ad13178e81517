/**
 * Trying the head: a new photo, or the camera live, and each class's probability.
 * @module views/teachPredictView
 */
import { number, t } from "../lib/i18n.js";
import { CLASS_COLOURS } from "../lib/teachData.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/**
 * @param {HTMLElement} root
 * @param {{predictFile(file: File): void, toggleLive(): void}} actions
 * @returns {{update(state: object): void}}
 */
export function createTeachPredictView(root, actions) {
  const file = el("input", { type: "file", accept: "image/*", class: "teach-file", id: "teach-predict-file",
                             tabindex: -1, "aria-hidden": "true",
                             on: { change: (e) => { if (e.target.files[0]) actions.predictFile(e.target.files[0]); e.target.value = ""; } } });
  const photo = el("button", { type: "button", id: "teach-predict-photo", i18n: "teach.predictPhoto", on: { click: () => file.click() } });
  const live = el("button", { type: "button", id: "teach-predict-live", on: { click: actions.toggleLive } });
  const status = el("p", { class: "teach-status", id: "teach-predict-status", role: "status", "aria-live": "polite" });
  const image = el("img", { class: "teach-predict-photo", alt: "", hidden: true });
  const bars = el("ul", { class: "teach-bars", id: "teach-bars", "aria-label": t("teach.probabilities") });
  root.replaceChildren(el("h2", { i18n: "teach.predict" }),
    el("p", { class: "teach-class-actions" }, photo, file, live), status, image, bars);
  return {
    update(state) {
      const p = state.predict;
      photo.disabled = !state.head;
      live.disabled = !state.head || state.camera.status !== "on";
      live.textContent = t(p.live ? "teach.predictStopLive" : "teach.predictLive");
      live.setAttribute("aria-pressed", String(p.live));
      bars.setAttribute("aria-label", t("teach.probabilities"));
      image.hidden = !p.url;
      if (p.url) image.src = p.url;
      const result = p.result;
      if (!state.head) status.textContent = t("teach.predictNeedHead");
      else if (p.error) showError(status, p.error, "common.error");
      else if (result) {
        const top = result.top[0];
        status.textContent = t("teach.predictSaid", { label: top.label, probability: `${number(top.probability * 100, 1)}%` });
      } else status.textContent = p.busy ? t("teach.predicting") : "";
      status.classList.toggle("teach-error", Boolean(p.error));
      bars.replaceChildren(...(result ? result.probabilities.map((prob, k) => {
        const fill = el("span", {});
        fill.style.width = `${(prob * 100).toFixed(1)}%`;
        fill.style.setProperty("--class-colour", CLASS_COLOURS[k % CLASS_COLOURS.length]);
        return el("li", { dataset: { class: String(k) } }, el("span", { text: state.head.classes[k] }),
          el("span", { class: "teach-bar" }, fill), el("span", { text: `${number(prob * 100, 1)}%` }));
      }) : []));
    },
  };
}
