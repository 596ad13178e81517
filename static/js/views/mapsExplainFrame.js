/**
 * One picture of the Explain part: the network's input with a heat map laid over it, two
 * canvases of the same size stacked in one grid cell. The heat canvas's opacity comes from the
 * part's `--maps-explain-opacity` (the slider), so moving it repaints nothing.
 * @module views/mapsExplainFrame
 */
import { heatPixels, heatRange } from "../lib/explain.js";
import { imagePixels } from "../lib/mapsSheet.js";
import { el } from "../ui/dom.js";

/**
 * @param {string} [extraClass] a class for the frame (its size differs large and small)
 * @returns {{root: HTMLElement, photo: HTMLCanvasElement, heat: HTMLCanvasElement,
 *   paintPhoto: (input: {shape: number[], values: ArrayLike<number>, min: number, max: number}|null) => void,
 *   paintHeat: (result: object|null) => void}}
 */
export function createExplainFrame(extraClass = "") {
  const photo = el("canvas", { class: "maps-explain-photo map", role: "img", width: 1, height: 1 });
  const heat = el("canvas", { class: "maps-explain-heat map", role: "img", width: 1, height: 1, hidden: true });
  const root = el("div", { class: `maps-explain-frame ${extraClass}`.trim() }, photo, heat);
  let seenInput;
  let seenResult;
  return {
    root, photo, heat,
    paintPhoto(input) {
      if (input === seenInput) return;
      seenInput = input;
      photo.hidden = !input;
      if (!input) return;
      const { width, height, rgba } = imagePixels(input.values, input.shape, input.min, input.max, true);
      photo.width = width;
      photo.height = height;
      photo.getContext("2d").putImageData(new ImageData(rgba, width, height), 0, 0);
    },
    paintHeat(result) {
      if (result === seenResult) return;
      seenResult = result;
      heat.hidden = !result;
      heat.dataset.drawn = result ? "true" : "false";
      if (!result) return;
      const { h, w, values, min, max } = result.heat;
      const range = heatRange(min, max, result.signed);
      heat.width = w;
      heat.height = h;
      heat.getContext("2d").putImageData(new ImageData(heatPixels(values, range), w, h), 0, 0);
      heat.dataset.min = String(min);
      heat.dataset.max = String(max);
    },
  };
}
