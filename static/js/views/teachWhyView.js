/**
 * Why the head says a class: the predicted photo's centre square (what the network sees) with
 * the Grad-CAM heat map of the chosen class laid over it, computed by the server through the
 * network with the learner's head as its classifier (`POST /heads/explain`). One button per
 * class asks for it; the map's own grid (7 x 7 for EfficientNet-Lite0) is named, so the
 * coarse squares are not taken for detail.
 * @module views/teachWhyView
 */
import { heatPixels, heatRange } from "../lib/explain.js";
import { number, t } from "../lib/i18n.js";
import { decodeTensor } from "../lib/tensor.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/** The network's input side: the photo's centre square is resized to it. */
const SIDE = 224;

/**
 * Draw a photo's centre square on `canvas` (SIDE x SIDE), as the network's preprocessing crops it.
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLImageElement} image loaded
 */
function drawCentre(canvas, image) {
  const side = Math.min(image.naturalWidth, image.naturalHeight);
  canvas.width = SIDE;
  canvas.height = SIDE;
  canvas.getContext("2d").drawImage(image, (image.naturalWidth - side) / 2, (image.naturalHeight - side) / 2,
    side, side, 0, 0, SIDE, SIDE);
}

/**
 * @param {HTMLElement} root the prediction's section (this view adds its own part at the end)
 * @param {{explain(target: number): void}} actions
 * @returns {{update(state: object): void}}
 */
export function createTeachWhyView(root, actions) {
  const title = el("h3", { i18n: "teach.why.title" });
  const lead = el("p", { class: "teach-hint", i18n: "teach.why.lead" });
  const buttons = el("div", { class: "teach-why-buttons", role: "group" });
  const photo = el("canvas", { class: "teach-why-photo", width: SIDE, height: SIDE, "aria-hidden": "true" });
  const heat = el("canvas", { class: "teach-why-heat", width: SIDE, height: SIDE, role: "img" });
  const frame = el("div", { class: "teach-why-frame", hidden: true }, photo, heat);
  const caption = el("p", { class: "teach-why-caption", role: "status", "aria-live": "polite" });
  const box = el("div", { class: "teach-why", hidden: true }, title, lead, buttons, frame, caption);
  root.append(box);
  const image = new Image();
  let shownUrl = null;
  let shownResult = null;
  let shownButtons = "";

  function paintPhoto(url) {
    if (url === shownUrl) return;
    shownUrl = url;
    if (!url) return;
    image.onload = () => { if (shownUrl === url) drawCentre(photo, image); };
    image.src = url;
  }

  function paintHeat(result) {
    if (result === shownResult) return;
    shownResult = result;
    if (!result) return;
    const map = decodeTensor(result.heatmap);
    const [h, w] = map.shape;
    heat.width = w;
    heat.height = h;
    const range = heatRange(result.heatmap.min, result.heatmap.max, false);
    heat.getContext("2d").putImageData(new ImageData(heatPixels(map.data, range), w, h), 0, 0);
    heat.dataset.target = String(result.target);
    heat.dataset.max = String(result.heatmap.max);
  }

  return {
    update(state) {
      const p = state.predict;
      const why = state.why;
      const usable = Boolean(state.head && p.result && p.blob && !p.live);
      box.hidden = !usable;
      if (!usable) return;
      const key = JSON.stringify([state.lang, state.head.classes, why.busy, why.target]);
      if (key !== shownButtons) {
        shownButtons = key;
        buttons.setAttribute("aria-label", t("teach.why.title"));
        buttons.replaceChildren(...state.head.classes.map((name, k) => el("button", {
          type: "button", class: "teach-why-class", dataset: { class: String(k) },
          "aria-pressed": String(why.target === k), disabled: why.busy,
          text: t("teach.why.for", { label: name }), on: { click: () => actions.explain(k) } })));
      }
      paintPhoto(p.url);
      paintHeat(why.result);
      frame.hidden = !why.result;
      if (why.error) showError(caption, why.error, "common.error");
      else if (why.busy) caption.textContent = t("teach.why.busy", { label: state.head.classes[why.target] });
      else if (why.result) {
        const r = why.result;
        const [, gh, gw] = r.layer_shape;
        const text = t("teach.why.caption", { label: r.label, probability: `${number(r.probability * 100, 1)}%`,
          layer: r.layer, grid: `${gh} × ${gw}` });
        caption.textContent = text;
        heat.setAttribute("aria-label", text);
      } else caption.textContent = "";
    },
  };
}
