/**
 * What training does to the first convolution layer: its kernels, one fixed training
 * sample and that sample's feature maps through those kernels, redrawn whenever a
 * progress line brings them (every `every` steps and at the last step).
 * @module views/trainingMapsView
 */
import { t } from "../lib/i18n.js";
import { MAX_TILES, formatValue, inputRgba, symmetricLimit } from "../lib/backpropLayers.js";
import { decodeTensor, plane } from "../lib/tensor.js";
import { el } from "../ui/dom.js";
import { drawMap, fitCanvas } from "../ui/mapCanvas.js";

/** Pixels a kernel weight gets on screen: big enough to read one weight (about 14 px and more). */
export const WEIGHT_PX = 14;
const KERNEL_PX = 72;

/**
 * Draw the kernels one canvas per (kernel, input channel), each weight a square of at least
 * WEIGHT_PX pixels, the first MAX_TILES kernels.
 * @param {HTMLElement} box emptied and refilled
 * @param {Float32Array|number[]} values (C_out * C_in * kH * kW,)
 * @param {number[]} shape (C_out, C_in, kH, kW)
 * @param {number} limit the diverging scale's half span (zero is white)
 * @param {string} label the caption, for each canvas's accessible name
 */
function drawKernels(box, values, shape, limit, label) {
  const [cout, cin, kh, kw] = shape;
  const px = Math.max(WEIGHT_PX, Math.floor(KERNEL_PX / Math.max(kh, kw)));
  box.textContent = "";
  const per = cin * kh * kw;
  for (let j = 0; j < Math.min(cout, MAX_TILES); j += 1) {
    const group = el("div", { class: "training-kernel", dataset: { kernel: String(j) } },
      el("span", { class: "training-kernel-index", text: String(j + 1), "aria-hidden": "true" }));
    for (let c = 0; c < cin; c += 1) {
      const start = j * per + c * kh * kw;
      const canvas = el("canvas", { class: "map training-kernel-map", role: "img",
        "aria-label": `${label}: ${j + 1}${cin > 1 ? `.${c + 1}` : ""}` });
      drawMap(canvas, values.slice(start, start + kh * kw), kh, kw, { min: -limit, max: limit, kind: "diverging" });
      canvas.style.width = `${kw * px}px`;
      group.append(canvas);
    }
    box.append(group);
  }
}

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
  const kernelBox = el("div", { class: "training-kernels" });
  const kernelCaption = el("figcaption");
  const kernelRange = el("p", { class: "backprop-note mono" });
  const sampleCanvas = el("canvas", { class: "map training-sample", role: "img" });
  const sampleCaption = el("figcaption");
  const mapsBox = el("div", { class: "backprop-maps" });
  const mapsCaption = el("figcaption");
  const empty = el("p", { class: "backprop-note" });
  const figures = [
    el("figure", { class: "training-kernels-figure" }, kernelCaption, kernelBox, kernelRange),
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
        kernelCaption.textContent = t("backprop.training.kernels", { step: state.kernelsStep });
        drawKernels(kernelBox, decodeTensor(k).data, k.shape, limit, kernelCaption.textContent);
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
