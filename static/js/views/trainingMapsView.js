/**
 * What training does to the first convolution layer: its kernels, one fixed training
 * sample and that sample's feature maps through those kernels, redrawn whenever a
 * progress line brings them (every `every` steps and at the last step).
 * @module views/trainingMapsView
 */
import { t } from "../lib/i18n.js";
import { formatValue, inputRgba, symmetricLimit, tileRgba } from "../lib/backpropLayers.js";
import { decodeTensor, plane } from "../lib/tensor.js";
import { el } from "../ui/dom.js";
import { drawMap, fitCanvas } from "../ui/mapCanvas.js";

function putRgba(canvas, { h, w, rgba }, display) {
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").putImageData(new ImageData(rgba, w, h), 0, 0);
  fitCanvas(canvas, h, w, display);
}

/**
 * Create the kernels-and-maps panel.
 * @param {HTMLElement} root an empty container
 * @returns {{update(state: {lang: string, kernels: object|null, featureMaps: object|null,
 *   sample: object|null, kernelsStep: number}): void, draw(): void}}
 */
export function createTrainingMapsView(root) {
  root.classList.add("training-maps");
  const kernelCanvas = el("canvas", { class: "map training-kernels", role: "img" });
  const kernelCaption = el("figcaption");
  const kernelRange = el("p", { class: "backprop-note mono" });
  const sampleCanvas = el("canvas", { class: "map training-sample", role: "img" });
  const sampleCaption = el("figcaption");
  const mapsBox = el("div", { class: "backprop-maps" });
  const mapsCaption = el("figcaption");
  const empty = el("p", { class: "backprop-note" });
  const figures = [
    el("figure", { class: "training-kernels-figure" }, kernelCaption, kernelCanvas, kernelRange),
    el("figure", {}, sampleCaption, sampleCanvas),
    el("figure", { class: "training-maps-figure" }, mapsCaption, mapsBox),
  ];
  root.append(empty, ...figures);
  let seen = { kernels: undefined, lang: null };
  return {
    update(state) {
      if (state.kernels === seen.kernels && state.lang === seen.lang) return;
      const has = Boolean(state.kernels);
      empty.hidden = has;
      empty.textContent = t("backprop.training.kernelsNone");
      for (const f of figures) f.hidden = !has;
      root.dataset.kernelsStep = has ? String(state.kernelsStep) : "";
      if (has) {
        const k = state.kernels;
        const limit = symmetricLimit(k.min, k.max);
        putRgba(kernelCanvas, tileRgba(decodeTensor(k).data, k.shape, limit), 160);
        kernelCaption.textContent = t("backprop.training.kernels", { step: state.kernelsStep });
        kernelCanvas.setAttribute("aria-label", kernelCaption.textContent);
        kernelRange.textContent = t("backprop.training.kernelsRange", { min: formatValue(k.min), max: formatValue(k.max) });
        if (state.sample) {
          const s = decodeTensor(state.sample);
          putRgba(sampleCanvas, inputRgba(s.data, s.shape), 96);
        }
        sampleCaption.textContent = t("backprop.training.sample");
        sampleCanvas.setAttribute("aria-label", sampleCaption.textContent);
        const fm = state.featureMaps;
        mapsCaption.textContent = t("backprop.training.featureMaps");
        if (fm) {
          const decoded = decodeTensor(fm);
          const m = symmetricLimit(fm.min, fm.max);
          const [c, h, w] = fm.shape;
          while (mapsBox.children.length > c) mapsBox.lastChild.remove();
          for (let i = 0; i < c; i += 1) {
            let canvas = mapsBox.children[i];
            if (!canvas) {
              canvas = el("canvas", { class: "map training-feature-map", role: "img" });
              mapsBox.append(canvas);
            }
            drawMap(canvas, plane(decoded, i).data, h, w, { min: -m, max: m, kind: "diverging" });
            canvas.style.width = `${Math.max(h, w) >= 64 ? 64 : w * Math.floor(64 / Math.max(h, w))}px`;
            canvas.setAttribute("aria-label", `${mapsCaption.textContent} ${i + 1}`);
          }
        }
      }
      seen = { kernels: state.kernels, lang: state.lang };
    },
    draw() {},
  };
}
