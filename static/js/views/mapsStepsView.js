/**
 * The preprocessing steps the server took to turn the image into the network's input
 * (decode, resize, crop, channels, normalisation), each with its picture where the stream
 * sends one, from the uploaded image to the input tensor itself. The list comes at once with
 * its canvases sized; their pictures (up to 224 x 224 x 3 each) are painted a band of rows at a
 * time within the frames' shared work budget, so they never hold a frame up while the maps arrive.
 * @module views/mapsStepsView
 */
import { t } from "../lib/i18n.js";
import { shapeText } from "../lib/mapsFormat.js";
import { imageRows, imageSize } from "../lib/mapsSheet.js";
import { stepDescription } from "../lib/mapsSteps.js";
import { decodeTensor } from "../lib/tensor.js";
import { workDeadline } from "../loop.js";
import { el } from "../ui/dom.js";

/** Pixels painted per piece of a picture's job: a band of rows, about a millisecond's work. */
const BAND_PIXELS = 16384;

/**
 * A canvas of the picture's size and the job that paints it, a band of rows per call.
 * @returns {{canvas: HTMLCanvasElement, done: boolean, paint: () => boolean}} `paint` answers
 *   true (and sets `done`) once the last band is on the canvas
 */
function pictureCanvas(tensor, channelsFirst) {
  const decoded = tensor.picture
    ? { data: tensor.picture.values, shape: tensor.picture.shape } : decodeTensor(tensor);
  const { height, width } = imageSize(decoded.shape, channelsFirst);
  const canvas = el("canvas", { class: "maps-step-image map", width, height, role: "img" });
  const band = Math.max(1, Math.floor(BAND_PIXELS / Math.max(1, width)));
  let image = null;
  let row = 0;
  const picture = {
    canvas,
    done: false,
    paint() {
      image ??= new ImageData(width, height);
      const to = Math.min(height, row + band);
      imageRows(image.data, decoded.data, decoded.shape, tensor.min, tensor.max, channelsFirst, row, to);
      canvas.getContext("2d").putImageData(image, 0, 0, 0, row, width, to - row);
      row = to;
      if (row < height) return false;
      image = null;
      picture.done = true;
      canvas.dataset.drawn = "true";
      return true;
    },
  };
  return picture;
}

function stepName(name) {
  const key = `maps.step.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createMapsStepsView(root) {
  const list = el("ol", { class: "maps-step-list" });
  const empty = el("p", { class: "maps-hint", i18n: "maps.steps.empty" });
  root.append(el("h2", { id: "maps-steps-title", i18n: "maps.steps.title" }), empty, list);
  let seenSource = null;
  let seenSteps = null;
  let seenLang = null;
  let url = null;
  let jobs = [];
  let pictures = new Map(); // step (or input) -> its picture, kept while only the language changes

  /** The canvas of `key`'s picture, made (and queued for painting) once per run. */
  function canvasOf(key, tensor, channelsFirst) {
    let picture = pictures.get(key);
    if (!picture) {
      picture = pictureCanvas(tensor, channelsFirst);
      pictures.set(key, picture);
    }
    if (!picture.done) jobs.push(picture);
    return picture.canvas;
  }

  return {
    update(state) {
      const { source, run } = state;
      if (source === seenSource && run.steps === seenSteps && state.lang === seenLang) return;
      if (source !== seenSource || run.steps !== seenSteps) pictures = new Map();
      seenSource = source;
      seenSteps = run.steps;
      seenLang = state.lang;
      if (url) URL.revokeObjectURL(url);
      url = source ? URL.createObjectURL(source.blob) : null;
      empty.hidden = Boolean(source);
      const items = [];
      jobs = [];
      if (source) {
        items.push(el("li", { class: "maps-step" },
          el("img", { class: "maps-step-image", src: url, alt: t("maps.steps.originalAlt") }),
          el("strong", { i18n: "maps.steps.original" })));
      }
      for (const step of run.steps) {
        const canvas = step.image ? canvasOf(step, { ...step.image, picture: step.picture }, false) : null;
        canvas?.setAttribute("aria-label", stepName(step.name));
        const description = stepDescription(step.description, state.lang);
        items.push(el("li", { class: "maps-step", dataset: { step: step.name } },
          canvas,
          el("strong", { text: stepName(step.name) }),
          el("span", { class: "maps-step-desc", text: description.text, lang: description.lang }),
          el("span", { class: "maps-step-shape mono", text: shapeText(step.shape ?? []) })));
      }
      if (run.input) {
        const canvas = canvasOf(run.input, run.input, true);
        canvas.setAttribute("aria-label", t("maps.steps.input"));
        items.push(el("li", { class: "maps-step maps-step-input" }, canvas,
          el("strong", { i18n: "maps.steps.input" }),
          el("span", { class: "maps-step-desc", text: t("maps.steps.inputRange", {
            min: run.input.min.toFixed(2), max: run.input.max.toFixed(2) }) }),
          el("span", { class: "maps-step-shape mono", text: shapeText(run.input.shape) })));
      }
      list.replaceChildren(...items);
    },
    draw() {
      // Only in time the frame has left: the pictures wait behind the maps, never the other way.
      const deadline = workDeadline();
      while (jobs.length && performance.now() < deadline) {
        if (jobs[0].paint()) jobs.shift();
      }
      return jobs.length > 0;
    },
  };
}
