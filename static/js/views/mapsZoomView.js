/**
 * One map enlarged in a dialog: what its filter looks for when the network names its channels
 * (the edge filters), its value range, the colour scale it is drawn with (per map or per
 * layer), the kernel that produced it with all its input channels, and the neighbouring
 * channels a key press away (arrow keys, Home, End); and for a top-level layer with maps,
 * "what does this channel look for?" (`mapsVisualizeView`).
 * @module views/mapsZoomView
 */
import { visualizable } from "../lib/explain.js";
import { t } from "../lib/i18n.js";
import { channelRanges } from "../lib/mapsLayer.js";
import { valueText } from "../lib/mapsFormat.js";
import { channelName } from "../lib/netText.js";
import { colourRange, paintCell, paintValues, sheetLayout } from "../lib/mapsSheet.js";
import { decodeTensor } from "../lib/tensor.js";
import { el, fillWords } from "../ui/dom.js";
import { createMapsVisualizeView } from "./mapsVisualizeView.js";

const kernelCache = new WeakMap();

function decodedWeights(layer) {
  if (!kernelCache.has(layer)) {
    const k = layer.kernels && !layer.kernels.omitted ? decodeTensor(layer.kernels) : null;
    const b = layer.bias && !layer.bias.omitted ? decodeTensor(layer.bias) : null;
    kernelCache.set(layer, { kernels: k, bias: b });
  }
  return kernelCache.get(layer);
}

function paintInto(canvas, layout, maps, mode) {
  canvas.width = layout.width;
  canvas.height = layout.height;
  const image = new ImageData(layout.width, layout.height);
  const total = layout.wrapped ? 1 : maps.channels;
  for (let c = 0; c < total; c += 1) paintCell(image.data, layout, maps, c, mode);
  canvas.getContext("2d").putImageData(image, 0, 0);
}

/**
 * @param {HTMLDialogElement} dialog
 * @param {{zoom: (layer: number|null, channel?: number) => void, setNorm: (mode: string) => void,
 *   visualize: (layer: string, channel: number) => void, stopVisualize: () => void}} actions
 * @returns {{update: (state: object) => void}}
 */
export function createMapsZoomView(dialog, actions) {
  const title = el("h2", { id: "maps-zoom-title" });
  const named = el("p", { class: "maps-zoom-channel", hidden: true });
  const canvas = el("canvas", { class: "maps-zoom-map map", role: "img" });
  const range = el("p", { class: "maps-zoom-range" });
  const legendBar = el("canvas", { class: "maps-legend-bar", width: 256, height: 1, "aria-hidden": "true" });
  const legendLabels = el("div", { class: "maps-legend-labels" });
  const normInputs = ["map", "layer"].map((mode) => el("input", {
    type: "radio", name: "maps-zoom-norm", value: mode, id: `maps-zoom-norm-${mode}`,
    on: { change: () => actions.setNorm(mode) } }));
  const norm = el("fieldset", { class: "maps-toolbar" }, el("legend", { i18n: "maps.layers.norm" }),
    ...normInputs.map((input) => el("label", { for: input.id }, input, el("span", { i18n: `maps.layers.norm.${input.value}` }))));
  const kernelTitle = el("h3", { i18n: "maps.zoom.kernel" });
  const kernelText = el("p", { class: "maps-hint" });
  const kernelCanvas = el("canvas", { class: "maps-zoom-kernel map", role: "img" });
  const prev = el("button", { type: "button", i18n: "maps.zoom.prev", on: { click: () => step(-1) } });
  const next = el("button", { type: "button", i18n: "maps.zoom.next", on: { click: () => step(1) } });
  const close = el("button", { type: "button", class: "maps-zoom-close", i18n: "common.close",
                               on: { click: () => actions.zoom(null) } });
  dialog.append(
    el("div", { class: "maps-zoom-head" }, title, close),
    el("div", { class: "maps-zoom-body" },
      el("div", { class: "maps-zoom-main" }, named, canvas,
        el("div", { class: "maps-legend" }, legendBar, legendLabels), range),
      el("div", { class: "maps-zoom-side" }, norm, kernelTitle, kernelText, kernelCanvas)),
    el("div", { class: "maps-zoom-nav" }, prev,
      el("span", { class: "maps-hint", i18n: "maps.zoom.keys" }), next));
  const visualizeRoot = el("section", { class: "maps-visualize", hidden: true });
  dialog.append(visualizeRoot);
  const visualize = createMapsVisualizeView(visualizeRoot, actions);

  let state = null;
  let shown = null;

  function current() {
    if (!state || !state.zoom) return null;
    return state.run.layers.find((l) => l.index === state.zoom.layer) ?? null;
  }

  function step(delta, absolute = null) {
    const layer = current();
    if (!layer) return;
    const n = layer.maps.vector ? 1 : layer.maps.channels;
    const c = Math.min(n - 1, Math.max(0, absolute ?? state.zoom.channel + delta));
    actions.zoom(layer.index, c);
  }

  dialog.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement) return;   // radios use the arrows themselves
    const keys = { ArrowLeft: () => step(-1), ArrowRight: () => step(1), ArrowUp: () => step(-1),
                   ArrowDown: () => step(1), Home: () => step(0, 0), End: () => step(0, Infinity) };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  dialog.addEventListener("close", () => { if (state && state.zoom) actions.zoom(null); });

  function render(layer, c, mode) {
    const maps = layer.maps;
    const n = maps.vector ? 1 : maps.channels;
    title.textContent = maps.vector
      ? t("maps.zoom.vectorTitle", { name: layer.name, n: maps.w })
      : t("maps.zoom.title", { name: layer.name, c: c + 1, n });
    const net = state.networks?.find((x) => x.name === state.run.network);
    const channel = net && !maps.vector ? channelName(net, layer.name, c) : null;
    named.hidden = !channel;
    if (channel) fillWords(named, "maps.zoom.channelName", { channel });
    else named.replaceChildren();
    const layout = maps.vector ? sheetLayout(1, 1, maps.w) : sheetLayout(1, maps.h, maps.w);
    const one = maps.vector ? maps : {
      ...maps, channels: 1, values: maps.values.subarray(c * maps.h * maps.w, (c + 1) * maps.h * maps.w),
      ranges: maps.ranges.subarray(2 * c, 2 * c + 2),
    };
    const r = colourRange(maps, c, mode);
    // The map coloured over its own or its layer's range (the same range `colourRange` gives).
    canvas.width = layout.width;
    canvas.height = layout.height;
    const image = new ImageData(layout.width, layout.height);
    paintValues(image.data, layout.width, 0, 0, one.values, 0, one.values.length, layout.w, r);
    canvas.getContext("2d").putImageData(image, 0, 0);
    canvas.setAttribute("aria-label", title.textContent);
    const lo = one.ranges[0];
    const hi = one.ranges[1];
    range.dataset.min = String(lo);
    range.dataset.max = String(hi);
    range.textContent = `${t("maps.zoom.range", { min: valueText(lo), max: valueText(hi) })} ${
      t(mode === "layer" ? "maps.zoom.scaleLayer" : "maps.zoom.scaleMap", { min: valueText(r.min), max: valueText(r.max) })}`;
    const legend = new ImageData(256, 1);
    const ramp = Float32Array.from({ length: 256 }, (_, i) => r.min + ((r.max - r.min) * i) / 255);
    paintValues(legend.data, 256, 0, 0, ramp, 0, 256, 256, r);
    legendBar.getContext("2d").putImageData(legend, 0, 0);
    legendLabels.replaceChildren(...[el("span", { text: valueText(r.min) }),
      r.kind === "diverging" ? el("span", { text: "0" }) : null, el("span", { text: valueText(r.max) })].filter(Boolean));
    prev.disabled = c <= 0;
    next.disabled = c >= n - 1;
    renderKernel(layer, c);
  }

  function renderKernel(layer, c) {
    const shape = layer.kernels?.shape;
    kernelCanvas.hidden = true;
    if (!layer.kernels) {
      kernelText.textContent = t("maps.zoom.noKernel", { kind: layer.kind });
      return;
    }
    if (layer.kernels.omitted) {
      kernelText.textContent = t("maps.zoom.omitted", { shape: shape.join(" × ") });
      return;
    }
    const { kernels, bias } = decodedWeights(layer);
    const [, cin, kh, kw] = shape.length === 4 ? shape : [shape[0], 1, shape[1] ?? 1, shape[2] ?? 1];
    const per = cin * kh * kw;
    const values = kernels.data.subarray(c * per, (c + 1) * per);
    const ranges = channelRanges(values, cin);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < cin; i += 1) { min = Math.min(min, ranges[2 * i]); max = Math.max(max, ranges[2 * i + 1]); }
    const maps = { values, ranges, min: Math.min(min, -1e-12), max, channels: cin, h: kh, w: kw };
    paintInto(kernelCanvas, sheetLayout(cin, kh, kw), maps, "layer");
    kernelCanvas.style.width = `${Math.min(360, kernelCanvas.width * Math.max(4, Math.floor(96 / Math.max(kh, kw))))}px`;
    kernelCanvas.hidden = false;
    kernelCanvas.setAttribute("aria-label", t("maps.zoom.kernelLabel", { c: c + 1, cin, kh, kw }));
    const b = bias ? bias.data[c] : null;
    kernelText.textContent = t("maps.zoom.kernelText", {
      c: c + 1, cin, kh, kw, min: valueText(min), max: valueText(max),
    }) + (b !== null && b !== undefined ? ` ${t("maps.zoom.bias", { bias: valueText(b) })}` : "");
  }

  return {
    update(s) {
      state = s;
      const layer = current();
      if (!layer) {
        shown = null;
        visualize.update(s, null, 0);
        if (dialog.open) dialog.close();
        return;
      }
      visualize.update(s, visualizable(layer) && !layer.maps.vector ? layer : null, s.zoom.channel);
      for (const input of normInputs) input.checked = input.value === s.norm;
      const key = `${s.run.id}:${layer.index}:${s.zoom.channel}:${s.norm}:${s.lang}`;
      if (key !== shown) {
        shown = key;
        render(layer, s.zoom.channel, s.norm);
      }
      if (!dialog.open) dialog.showModal();
    },
  };
}
