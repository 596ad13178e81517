/**
 * What does this channel look for: inside the enlarged map's dialog, a button that streams
 * gradient ascent on the input for the map's layer and channel, the image forming step by step
 * with the objective (the channel's mean) rising in a small chart, then the sample patches that
 * excite the channel most, each cut out of its sample (the box its strongest unit sees) with
 * its value. Only for top-level layers with maps; the part is absent otherwise.
 * @module views/mapsVisualizeView
 */
import { sparkPath } from "../lib/explain.js";
import { t } from "../lib/i18n.js";
import { msText, valueText } from "../lib/mapsFormat.js";
import { imagePixels } from "../lib/mapsSheet.js";
import { sampleTitle } from "../lib/netText.js";
import { el } from "../ui/dom.js";
import { fitCanvas } from "../ui/mapCanvas.js";
import { showError } from "./errorMessage.js";

const NS = "http://www.w3.org/2000/svg";
const CHART = { width: 240, height: 64 };

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function paintImage(canvas, image) {
  const { width, height, rgba } = imagePixels(image.values, image.shape, image.min, image.max, true);
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(new ImageData(rgba, width, height), 0, 0);
}

/**
 * @param {HTMLElement} root an empty container in the zoom dialog
 * @param {{visualize: (layer: string, channel: number) => void, stopVisualize: () => void}} actions
 * @returns {{update: (state: object, layer: object|null, channel: number) => void}}
 */
export function createMapsVisualizeView(root, actions) {
  let asked = null;
  const button = el("button", { type: "button", class: "maps-visualize-button", i18n: "maps.visualize.button",
                                on: { click: () => { if (asked) actions.visualize(asked.layer, asked.channel); } } });
  const stop = el("button", { type: "button", class: "maps-visualize-stop", i18n: "maps.visualize.stop", hidden: true,
                              on: { click: () => actions.stopVisualize() } });
  const lead = el("p", { class: "maps-hint", i18n: "maps.visualize.lead" });
  const status = el("p", { class: "maps-visualize-status", "aria-live": "polite" });
  const progress = el("progress", { class: "progress maps-visualize-progress", max: 1, value: 0, hidden: true,
                                    "data-i18n-attr": "aria-label:maps.visualize.progress" });
  const error = el("p", { class: "message message-error maps-visualize-error", role: "alert", hidden: true });
  const image = el("canvas", { class: "maps-visualize-image map", role: "img", width: 1, height: 1 });
  const imageCaption = el("figcaption", { class: "maps-hint" });
  const line = svg("path", { class: "maps-visualize-line", fill: "none" });
  const chart = svg("svg", { class: "maps-visualize-chart", viewBox: `0 0 ${CHART.width} ${CHART.height}`,
                             role: "img", preserveAspectRatio: "none" });
  chart.append(line);
  const chartCaption = el("figcaption", { class: "maps-hint" });
  const forming = el("div", { class: "maps-visualize-forming", hidden: true },
    el("figure", { class: "maps-visualize-figure" }, image, imageCaption),
    el("figure", { class: "maps-visualize-chart-figure" }, chart, chartCaption));
  const patchList = el("ol", { class: "maps-visualize-patches" });
  const patches = el("div", { class: "maps-visualize-patch-box", hidden: true },
    el("h4", { i18n: "maps.visualize.patches" }), el("p", { class: "maps-hint", i18n: "maps.visualize.patchesHint" }), patchList);
  root.append(el("h3", { i18n: "maps.visualize.title" }), lead,
    el("div", { class: "maps-visualize-buttons" }, button, stop), status, progress, error, forming, patches);

  let seenImage = null;
  let seenObjectives = null;
  let seenPatches = null;
  let seenLang = null;

  function renderPatches(v) {
    patchList.replaceChildren(...v.patches.map((p) => {
      const canvas = el("canvas", { class: "maps-visualize-patch map", role: "img" });
      paintImage(canvas, { values: p.crop.values, shape: p.crop.shape, min: p.min, max: p.max });
      fitCanvas(canvas, p.crop.shape[1], p.crop.shape[2], 72);
      const title = sampleTitle({ name: p.sample });
      const [top, left, bottom, right] = p.box;
      canvas.setAttribute("aria-label", t("maps.visualize.patchLabel", { sample: title.text, top, left, bottom: bottom - 1, right: right - 1 }));
      return el("li", { class: "maps-visualize-patch-item", dataset: { sample: p.sample, value: String(p.value) } },
        el("figure", {}, canvas, el("figcaption", {},
          el("span", { text: title.text, lang: title.lang }),
          el("span", { class: "maps-visualize-value", text: t("maps.visualize.patchValue", { value: valueText(p.value), y: p.y, x: p.x }) }))));
    }));
  }

  return {
    update(state, layer, channel) {
      const v = state.visualize;
      root.hidden = !layer;
      if (!layer) { asked = null; return; }
      asked = { layer: layer.name, channel };
      const mine = v.status !== "idle" && v.layer === layer.name && v.channel === channel;
      root.dataset.state = mine ? v.status : "idle";
      const running = mine && v.status === "running";
      // The button stays enabled (pressing it again starts over): disabling it would take the
      // keyboard's focus out of the dialog, and with it the arrow keys.
      root.setAttribute("aria-busy", String(running));
      stop.hidden = !running;
      progress.hidden = !running;
      error.hidden = !(mine && v.status === "error");
      if (mine && v.status === "error") showError(error, v.error || t("maps.run.cut"));
      forming.hidden = !(mine && (v.image || v.objectives.length));
      patches.hidden = !(mine && v.patches.length);
      if (!mine) {
        // Another channel's (or none): nothing of it stays on screen.
        if (seenImage || seenObjectives || seenPatches) {
          patchList.replaceChildren();
          image.width = image.height = 1;
          delete image.dataset.step;
          line.setAttribute("d", "");
        }
        status.textContent = "";
        seenImage = seenObjectives = seenPatches = null;
        return;
      }
      const objectives = v.objectives;
      progress.max = Math.max(1, v.steps);
      progress.value = objectives.length;
      if (v.status === "running") {
        status.textContent = objectives.length
          ? t("maps.visualize.status.running", { step: objectives.length, steps: v.steps,
                                                 objective: valueText(objectives[objectives.length - 1]), seconds: msText(v.seconds ?? 0) })
          : t("maps.visualize.status.starting", { steps: v.steps, layer: v.layer });
      } else if (v.status === "done") {
        status.textContent = t("maps.visualize.status.done", { steps: v.steps, seconds: msText(v.seconds ?? 0),
          from: valueText(objectives[0] ?? 0), to: valueText(Math.max(...objectives)) });
      } else if (v.status === "stopped") {
        status.textContent = t("maps.visualize.status.stopped");
      } else {
        status.textContent = "";
      }
      const langChanged = state.lang !== seenLang;
      seenLang = state.lang;
      if (v.image && (v.image !== seenImage || langChanged)) {
        seenImage = v.image;
        paintImage(image, v.image);
        fitCanvas(image, v.image.shape[1], v.image.shape[2], 224);
        image.dataset.step = String(v.image.step);
        const label = t("maps.visualize.imageLabel", { c: v.channel + 1, layer: v.layer, step: v.image.step, steps: v.steps });
        image.setAttribute("aria-label", label);
        imageCaption.textContent = label;
      }
      if (objectives !== seenObjectives || langChanged) {
        seenObjectives = objectives;
        line.setAttribute("d", sparkPath(objectives, CHART.width, CHART.height));
        chart.dataset.points = String(objectives.length);
        const text = objectives.length
          ? t("maps.visualize.objective", { first: valueText(objectives[0]), last: valueText(objectives[objectives.length - 1]),
                                            max: valueText(Math.max(...objectives)) })
          : "";
        chart.setAttribute("aria-label", text);
        chartCaption.textContent = text;
      }
      if (v.patches !== seenPatches || langChanged) {
        seenPatches = v.patches;
        renderPatches(v);
      }
    },
  };
}
