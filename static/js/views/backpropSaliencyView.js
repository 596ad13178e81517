/**
 * The saliency map beside the input it explains: |dL/dx| over the pixels (the `done`
 * line's `saliency`, the largest magnitude over colour channels) on the sequential scale,
 * next to the input tensor the network read (the `start` line's `input`).
 * @module views/backpropSaliencyView
 */
import { css, sequential } from "../lib/colorScale.js";
import { t } from "../lib/i18n.js";
import { formatShape, formatValue, inputRgba } from "../lib/backpropLayers.js";
import { decodeTensor } from "../lib/tensor.js";
import { el } from "../ui/dom.js";
import { drawMap, fitCanvas } from "../ui/mapCanvas.js";

const SIZE = 192;

/**
 * Create the saliency panel.
 * @param {HTMLElement} root an empty container
 * @returns {{update(state: {runId: number, lang: string, input: object|null, done: object|null}): void,
 *   draw(): void}}
 */
export function createBackpropSaliencyView(root) {
  root.classList.add("backprop-saliency");
  const title = el("h3", { class: "backprop-subtitle", i18n: "backprop.network.saliency.title" });
  const text = el("p", { class: "backprop-note", i18n: "backprop.network.saliency.text" });
  const inputCanvas = el("canvas", { class: "map backprop-input", role: "img" });
  const inputCaption = el("figcaption");
  const salCanvas = el("canvas", { class: "map backprop-saliency-map", role: "img" });
  const salCaption = el("figcaption");
  const bar = el("span", { class: "backprop-legend-bar", "aria-hidden": "true" });
  const stops = [];
  for (let i = 0; i <= 8; i += 1) stops.push(`${css(sequential(i / 8))} ${(i / 8) * 100}%`);
  bar.style.background = `linear-gradient(to right, ${stops.join(", ")})`;
  const legend = el("p", { class: "backprop-legend" },
                    el("span", { i18n: "backprop.network.saliency.low" }), bar,
                    el("span", { i18n: "backprop.network.saliency.high" }));
  const pictures = el("div", { class: "backprop-saliency-pictures" },
                      el("figure", {}, inputCanvas, inputCaption),
                      el("figure", {}, salCanvas, salCaption, legend));
  root.append(title, text, pictures);
  root.hidden = true;
  let seen = { input: null, done: null, lang: null };
  return {
    update(state) {
      if (state.input !== seen.input || state.lang !== seen.lang) {
        if (state.input) {
          const x = decodeTensor(state.input);
          const { h, w, rgba } = inputRgba(x.data, x.shape);
          inputCanvas.width = w;
          inputCanvas.height = h;
          inputCanvas.getContext("2d").putImageData(new ImageData(rgba, w, h), 0, 0);
          fitCanvas(inputCanvas, h, w, SIZE);
          const label = t("backprop.network.saliency.input", { shape: formatShape(x.shape) });
          inputCaption.textContent = label;
          inputCanvas.setAttribute("aria-label", label);
        }
      }
      if (state.done !== seen.done || state.lang !== seen.lang) {
        const s = state.done?.saliency;
        root.hidden = !s;
        root.dataset.drawn = s ? "true" : "false";
        if (s) {
          const decoded = decodeTensor(s);
          const [h, w] = s.shape;
          drawMap(salCanvas, decoded.data, h, w, { min: 0, max: s.max, kind: "sequential" });
          fitCanvas(salCanvas, h, w, SIZE);
          const label = t("backprop.network.saliency.map", { max: formatValue(s.max) });
          salCaption.textContent = label;
          salCanvas.setAttribute("aria-label", label);
          root.dataset.max = String(s.max);
        }
      }
      for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
      seen = { input: state.input, done: state.done, lang: state.lang };
    },
    draw() {},
  };
}
