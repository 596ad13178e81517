/**
 * The preprocessing steps the server took to turn the image into the network's input
 * (decode, resize, crop, channels, normalisation), each with its picture where the stream
 * sends one, from the uploaded image to the input tensor itself.
 * @module views/mapsStepsView
 */
import { t } from "../lib/i18n.js";
import { shapeText } from "../lib/mapsFormat.js";
import { imagePixels } from "../lib/mapsSheet.js";
import { stepDescription } from "../lib/mapsSteps.js";
import { decodeTensor } from "../lib/tensor.js";
import { el } from "../ui/dom.js";

function pictureCanvas(tensor, channelsFirst) {
  const decoded = tensor.picture
    ? { data: tensor.picture.values, shape: tensor.picture.shape } : decodeTensor(tensor);
  const { width, height, rgba } = imagePixels(decoded.data, decoded.shape, tensor.min, tensor.max, channelsFirst);
  const canvas = el("canvas", { class: "maps-step-image map", width, height, role: "img" });
  canvas.getContext("2d").putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}

function stepName(name) {
  const key = `maps.step.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void}}
 */
export function createMapsStepsView(root) {
  const list = el("ol", { class: "maps-step-list" });
  const empty = el("p", { class: "maps-hint", i18n: "maps.steps.empty" });
  root.append(el("h2", { id: "maps-steps-title", i18n: "maps.steps.title" }), empty, list);
  let seenSource = null;
  let seenSteps = null;
  let seenLang = null;
  let url = null;
  return {
    update(state) {
      const { source, run } = state;
      if (source === seenSource && run.steps === seenSteps && state.lang === seenLang) return;
      seenSource = source;
      seenSteps = run.steps;
      seenLang = state.lang;
      if (url) URL.revokeObjectURL(url);
      url = source ? URL.createObjectURL(source.blob) : null;
      empty.hidden = Boolean(source);
      const items = [];
      if (source) {
        items.push(el("li", { class: "maps-step" },
          el("img", { class: "maps-step-image", src: url, alt: t("maps.steps.originalAlt") }),
          el("strong", { i18n: "maps.steps.original" })));
      }
      for (const step of run.steps) {
        const canvas = step.image ? pictureCanvas({ ...step.image, picture: step.picture }, false) : null;
        if (canvas) canvas.setAttribute("aria-label", stepName(step.name));
        const description = stepDescription(step.description, state.lang);
        items.push(el("li", { class: "maps-step", dataset: { step: step.name } },
          canvas,
          el("strong", { text: stepName(step.name) }),
          el("span", { class: "maps-step-desc", text: description.text, lang: description.lang }),
          el("span", { class: "maps-step-shape mono", text: shapeText(step.shape ?? []) })));
      }
      if (run.input) {
        const canvas = pictureCanvas(run.input, true);
        canvas.setAttribute("aria-label", t("maps.steps.input"));
        items.push(el("li", { class: "maps-step maps-step-input" }, canvas,
          el("strong", { i18n: "maps.steps.input" }),
          el("span", { class: "maps-step-desc", text: t("maps.steps.inputRange", {
            min: run.input.min.toFixed(2), max: run.input.max.toFixed(2) }) }),
          el("span", { class: "maps-step-shape mono", text: shapeText(run.input.shape) })));
      }
      list.replaceChildren(...items);
    },
  };
}
