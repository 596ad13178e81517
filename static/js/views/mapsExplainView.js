/**
 * Why did it say that: after a prediction, the learner picks a method and a class (one of the
 * top 5, the top one first) and sees the method's heat map over the network's input, with an
 * opacity slider, a legend on the map's scale (diverging for signed maps) and the numbers
 * behind the picture (Grad-CAM's layer and weights, integrated gradients' completeness...).
 * Grad-CAM offers a layer (the layers with maps, the last by default). The many-pass methods
 * show their progress; "Compare all" shows every method side by side (`mapsExplainCompare`).
 * An untrained network says there is nothing learned to explain; a network without classes
 * shows the part disabled with a sentence.
 * @module views/mapsExplainView
 */
import {
  EXPLAIN_METHODS, LAYER_METHODS, MANY_PASS, explainNumbers, explainStatus, heatRange, layerFor, legendRamp,
  mapLayers, resultKey,
} from "../lib/explain.js";
import { t } from "../lib/i18n.js";
import { msText, shapeText, valueText } from "../lib/mapsFormat.js";
import { paintValues } from "../lib/mapsSheet.js";
import { classLabel, networkTitle } from "../lib/netText.js";
import { el, fillWords } from "../ui/dom.js";
import { drawMap, fitCanvas } from "../ui/mapCanvas.js";
import { createExplainCompare } from "./mapsExplainCompare.js";
import { createExplainFrame } from "./mapsExplainFrame.js";
import { showError } from "./errorMessage.js";

const methodName = (m) => t(`maps.explain.method.${m}`);

/** Set a text only when it changes (the view updates on every change of the page's state). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * @param {HTMLElement} root
 * @param {{explainMethod: (m: string) => void, explainTarget: (i: number) => void,
 *   explainLayer: (name: string) => void, explainOpacity: (v: number) => void, explainRun: () => void,
 *   explainCompare: () => void, explainStop: () => void}} actions
 * @returns {{update: (state: object) => void}}
 */
export function createMapsExplainView(root, actions) {
  const off = el("p", { class: "maps-hint maps-explain-off" });
  const untrained = el("p", { class: "maps-explain-untrained", role: "note", hidden: true });
  const radios = EXPLAIN_METHODS.map((m) => el("input", {
    type: "radio", name: "maps-explain-method", value: m, id: `maps-explain-method-${m}`,
    on: { change: () => actions.explainMethod(m) } }));
  const methods = el("fieldset", { class: "maps-explain-methods" },
    el("legend", { i18n: "maps.explain.method" }),
    ...radios.map((input) => el("label", { for: input.id, dataset: { method: input.value } }, input,
      el("span", { i18n: `maps.explain.method.${input.value}` }))));
  const target = el("select", { id: "maps-explain-target", on: { change: () => actions.explainTarget(Number(target.value)) } });
  const layer = el("select", { id: "maps-explain-layer", on: { change: () => actions.explainLayer(layer.value) } });
  const opacity = el("input", { type: "range", id: "maps-explain-opacity", min: 0, max: 100, step: 5,
                                on: { input: () => actions.explainOpacity(Number(opacity.value) / 100) } });
  const layerBox = el("div", { class: "maps-explain-pick maps-explain-layer" },
    el("label", { for: layer.id, i18n: "maps.explain.layer" }), layer,
    el("span", { class: "maps-hint", i18n: "maps.explain.layerHint" }));
  const runButton = el("button", { type: "button", class: "primary maps-explain-run", i18n: "maps.explain.run",
                                   on: { click: () => actions.explainRun() } });
  const compareButton = el("button", { type: "button", class: "maps-explain-compare-button", i18n: "maps.explain.compare",
                                       on: { click: () => actions.explainCompare() } });
  const stopButton = el("button", { type: "button", class: "maps-explain-stop", i18n: "maps.explain.stop",
                                    on: { click: () => actions.explainStop() } });
  const status = el("p", { class: "maps-explain-status" });
  const progress = el("progress", { class: "progress maps-explain-progress", max: 1, hidden: true,
                                    "data-i18n-attr": "aria-label:maps.explain.progress" });
  const error = el("p", { class: "message message-error maps-explain-error", role: "alert", hidden: true });
  const frame = createExplainFrame("maps-explain-large");
  const heatName = el("span", { id: "maps-explain-heat-name", class: "visually-hidden" });
  frame.root.append(heatName);
  frame.heat.setAttribute("aria-labelledby", heatName.id);
  const caption = el("figcaption", { class: "maps-explain-caption" });
  const legendBar = el("canvas", { class: "maps-legend-bar", width: 256, height: 1, "aria-hidden": "true" });
  const legendLabels = el("div", { class: "maps-legend-labels" });
  const legendText = el("p", { class: "maps-hint maps-explain-legend-text" });
  const legend = el("div", { class: "maps-legend maps-explain-legend", hidden: true }, legendBar, legendLabels, legendText);
  const numbers = el("p", { class: "maps-explain-numbers" });
  const cam = el("canvas", { class: "maps-explain-cam map", role: "img" });
  const camCaption = el("figcaption", { class: "maps-hint" });
  const camFigure = el("figure", { class: "maps-explain-cam-figure", hidden: true }, cam, camCaption);
  const compareRoot = el("div", { class: "maps-explain-compare", hidden: true });
  const controls = el("div", { class: "maps-explain-controls" }, methods,
    el("div", { class: "maps-explain-pickers" },
      el("div", { class: "maps-explain-pick" }, el("label", { for: target.id, i18n: "maps.explain.target" }), target),
      layerBox,
      el("div", { class: "maps-explain-pick" }, el("label", { for: opacity.id, i18n: "maps.explain.opacity" }), opacity)),
    el("div", { class: "maps-explain-buttons" }, runButton, compareButton, stopButton));
  root.append(
    el("h2", { id: "maps-explain-title", i18n: "maps.explain.title" }),
    el("p", { class: "maps-explain-lead", i18n: "maps.explain.lead" }),
    off, untrained, controls,
    el("div", { class: "maps-explain-run-state", "aria-live": "polite" }, status, progress), error,
    el("div", { class: "maps-explain-main" },
      el("figure", { class: "maps-explain-figure" }, frame.root, caption),
      el("div", { class: "maps-explain-side" }, legend, numbers, camFigure)),
    compareRoot);
  const compare = createExplainCompare(compareRoot, actions);

  let seenTargets = null;
  let seenLayers = null;
  let seenShown = null;

  /** The class's name in the interface language (ImageNet's stay English, marked). */
  const labelOf = (network, index, english) => classLabel(network, index, english);

  function fillTargets(run, lang) {
    const key = `${run.id}|${lang}`;
    if (key === seenTargets) return;
    seenTargets = key;
    const top = run.prediction ? run.prediction.top : [];
    target.replaceChildren(...top.map((c) => {
      const label = labelOf(run.network, c.index, c.label);
      const p = c.probability * 100;
      return el("option", { value: String(c.index), lang: label.lang,
                            text: t("maps.explain.targetOption", { label: label.text, p: p < 0.1 ? p.toExponential(1) : p.toFixed(1) }) });
    }));
  }

  function fillLayers(net, lang) {
    const key = `${net ? net.name : ""}|${lang}`;
    if (key === seenLayers) return;
    seenLayers = key;
    layer.replaceChildren(...mapLayers(net).map((l) => el("option", { value: l.name,
      text: t("maps.explain.layerOption", { name: l.name, shape: shapeText(l.shape) }) })));
  }

  function statusText(e, net) {
    const job = e.job;
    if (!job) return t("maps.explain.status.ready");
    const prefix = job.kind === "all" && job.method
      ? t("maps.explain.status.compare", { i: EXPLAIN_METHODS.indexOf(job.method) + 1, n: EXPLAIN_METHODS.length }) : "";
    if (job.status === "running") {
      if (!job.method) return prefix + t("maps.explain.status.starting");
      const total = job.progress?.total ?? job.total;
      if (MANY_PASS.has(job.method) && total) {
        return prefix + t("maps.explain.status.progress", { method: methodName(job.method), done: job.progress?.done ?? 0,
          total, unit: t(`maps.explain.unit.${job.method}`), seconds: msText(job.progress?.seconds ?? 0) });
      }
      return prefix + t("maps.explain.status.running", { method: methodName(job.method) });
    }
    if (job.status === "stopped") return t("maps.explain.status.stopped");
    if (job.status === "error") return t("maps.explain.status.failed");
    if (job.kind === "all") return t("maps.explain.status.compareDone", { n: EXPLAIN_METHODS.length });
    const result = e.results[job.key];
    if (!result) return "";
    return t(job.cached ? "maps.explain.status.cached" : "maps.explain.status.done", {
      method: methodName(job.method), passes: result.passes, seconds: msText(result.seconds), wall: msText(result.wall),
      name: net ? networkTitle(net).text : "" });
  }

  function renderProgress(job) {
    const running = Boolean(job && job.status === "running");
    progress.hidden = !running;
    if (!running) return;
    const total = job.progress?.total ?? job.total;
    if (job.method && MANY_PASS.has(job.method) && total) {
      progress.max = total;
      progress.value = job.progress?.done ?? 0;
    } else {
      progress.removeAttribute("value");          // indeterminate: one pass, no steps to count
    }
  }

  function renderResult(result, e, run, net, lang) {
    const shownKey = `${result ? resultKey(result.method, result.target, result.layer) : "none"}|${run.id}|${lang}|${Boolean(e.input)}`;
    frame.paintPhoto(e.input);
    frame.paintHeat(result);
    root.dataset.shown = result ? resultKey(result.method, result.target, result.layer) : "";
    if (shownKey === seenShown) return;
    seenShown = shownKey;
    legend.hidden = !result;
    camFigure.hidden = true;
    if (!result) {
      caption.textContent = e.input ? t("maps.explain.waitingPicture") : "";
      numbers.replaceChildren();
      delete numbers.dataset.method;
      return;
    }
    const label = labelOf(run.network, result.target, result.label);
    fillWords(caption, "maps.explain.caption", { method: methodName(result.method), label, h: result.heat.h, w: result.heat.w });
    // Named by a hidden element, so a class name kept in English is marked as English in it.
    fillWords(heatName, "maps.explain.heatLabel", { method: methodName(result.method), label,
                                                    min: valueText(result.heat.min), max: valueText(result.heat.max) });
    if (e.input) frame.photo.setAttribute("aria-label", t("maps.explain.photoLabel", { shape: shapeText(e.input.shape) }));
    // The legend: the scale the map is drawn with, its ends and (signed) zero.
    const range = heatRange(result.heat.min, result.heat.max, result.signed);
    const image = new ImageData(256, 1);
    paintValues(image.data, 256, 0, 0, legendRamp(range), 0, 256, 256, range);
    legendBar.getContext("2d").putImageData(image, 0, 0);
    legendLabels.replaceChildren(...[el("span", { text: valueText(range.min) }),
      range.kind === "diverging" ? el("span", { text: "0" }) : null, el("span", { text: valueText(range.max) })].filter(Boolean));
    legend.dataset.kind = range.kind;
    legendText.textContent = t(`maps.explain.legend.${result.method}`);
    // The numbers behind the picture.
    const { key, vars } = explainNumbers(result);
    fillWords(numbers, key, { ...vars, label });
    numbers.dataset.method = result.method;
    if (result.method === "integrated") {
      for (const k of ["sum", "difference", "error"]) numbers.dataset[k] = String(result.details[k]);
    }
    if (result.cam) {
      drawMap(cam, result.cam.values, result.cam.h, result.cam.w, { min: 0, max: Math.max(result.cam.max, 1e-12), kind: "sequential" });
      fitCanvas(cam, result.cam.h, result.cam.w, 112);
      const text = t("maps.explain.cam", { layer: result.layer, h: result.cam.h, w: result.cam.w });
      camCaption.textContent = text;
      cam.setAttribute("aria-label", text);
      camFigure.hidden = false;
    }
    if (net) root.dataset.network = net.name;
  }

  /** Whether the part can run, and why not: the sentences above the controls. */
  function renderAvailability(state, net, can, seeded) {
    const title = net ? networkTitle(net).text : "";
    off.hidden = can === "ready";
    if (can === "maps") setText(off, t("maps.explain.off.maps", { name: title }));
    else if (can === "waiting") setText(off, t(state.run.status === "running" ? "maps.explain.off.running" : "maps.explain.off.waiting"));
    untrained.hidden = !seeded;
    if (seeded) setText(untrained, t("maps.explain.untrained", { name: title }));
  }

  /** The controls as the state has them (disabled until there is a prediction to explain). */
  function renderControls(state, net, ready) {
    const e = state.explain;
    for (const input of [...radios, target, layer, opacity, runButton, compareButton]) input.disabled = !ready;
    controls.classList.toggle("maps-explain-disabled", !ready);
    for (const input of radios) input.checked = input.value === e.method;
    fillLayers(ready ? net : null, state.lang);
    const layers = ready ? mapLayers(net) : [];
    layerBox.hidden = !LAYER_METHODS.has(e.method) || !layers.length;
    const chosenLayer = layerFor("gradcam", layers, e.layer);
    if (chosenLayer) layer.value = chosenLayer;
    opacity.value = String(Math.round(e.opacity * 100));
    stopButton.disabled = !(e.job && e.job.status === "running");
    if (!ready) {
      if (seenTargets !== null) target.replaceChildren();
      seenTargets = null;
      return null;
    }
    fillTargets(state.run, state.lang);
    const top = state.run.prediction.top;
    const chosenTarget = top.some((c) => c.index === e.target) ? e.target : top[0].index;
    target.value = String(chosenTarget);
    return { target: chosenTarget, layer: layerFor(e.method, layers, e.layer) };
  }

  return {
    update(state) {
      const e = state.explain;
      const run = state.run;
      const name = run.network && state.source ? run.network : state.network;
      const net = (state.networks || []).find((n) => n.name === name);
      const { state: can, untrained: seeded } = explainStatus(net, run);
      root.dataset.state = can;
      root.dataset.job = e.job ? e.job.status : "idle";
      root.dataset.method = e.method;
      root.style.setProperty("--maps-explain-opacity", String(e.opacity));
      renderAvailability(state, net, can, seeded);
      const chosen = renderControls(state, net, can === "ready");
      const job = chosen ? e.job : null;
      setText(status, chosen ? statusText(e, net) : "");
      renderProgress(job);
      error.hidden = !(job && job.status === "error");
      if (job && job.status === "error") showError(error, job.error || t("maps.run.cut"));
      const result = chosen ? e.results[resultKey(e.method, chosen.target, chosen.layer)] ?? null : null;
      renderResult(result, chosen ? e : { ...e, input: null }, run, net, state.lang);
      compare.update(state, chosen ? net : null);
    },
  };
}
