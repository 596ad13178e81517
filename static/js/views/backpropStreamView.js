/**
 * The backward stream, one card per layer as its line arrives (from the loss back to the
 * input): dL/d the layer's output as maps, and for layers with weights dL/d each weight
 * tensor as kernel tiles, each with its exact value range from the stream.
 * @module views/backpropStreamView
 */
import { css, diverging, textOn } from "../lib/colorScale.js";
import { t } from "../lib/i18n.js";
import {
  MAX_MAPS, formatShape, formatValue, mapsOf, symmetricLimit, tileLayout, tileRgba, zeroOnTheWire,
} from "../lib/backpropLayers.js";
import { decodeTensor, plane } from "../lib/tensor.js";
import { el, fillWords } from "../ui/dom.js";
import { drawMap } from "../ui/mapCanvas.js";

/** Longest side a map is shown at (CSS pixels). */
const MAP_SIZE = 96;
/** Vectors this short are drawn as cells with their numbers. */
const NUMBERED = 12;

function mapCanvas(values, h, w, limit, label) {
  const canvas = el("canvas", { class: "map backprop-map", role: "img", "aria-label": label });
  drawMap(canvas, values, h, w, { min: -limit, max: limit, kind: "diverging" });
  const side = Math.max(h, w);
  const scale = side >= MAP_SIZE ? MAP_SIZE / side : Math.floor(MAP_SIZE / side);
  canvas.style.width = `${Math.round(w * scale)}px`;
  canvas.style.height = `${Math.round(h * scale)}px`;
  return canvas;
}

function vectorCanvas(values, limit, label) {
  const canvas = el("canvas", { class: "map backprop-vector", role: "img", "aria-label": label });
  drawMap(canvas, values, 1, values.length, { min: -limit, max: limit, kind: "diverging" });
  canvas.style.maxWidth = `${Math.max(values.length * 6, 60)}px`;
  return canvas;
}

/**
 * @param {ArrayLike<number>} values
 * @param {number} limit
 * @param {{text: string, lang: string}[]|null} labels class names (see `lib/netText.js`)
 * @param {object} tensor
 */
function numberedCells(values, limit, labels, tensor) {
  const row = el("ol", { class: "backprop-cells" });
  values.forEach((raw, i) => {
    const v = zeroOnTheWire(raw, tensor) ? 0 : raw;
    const rgb = diverging(limit > 0 ? v / limit : 0);
    const cell = el("li", { class: "backprop-cell" },
                    el("span", { class: "backprop-cell-label", text: labels?.[i]?.text ?? String(i),
                                 lang: labels?.[i]?.lang }),
                    el("span", { class: "backprop-cell-value mono", text: formatValue(v) }));
    cell.style.background = css(rgb);
    cell.style.color = textOn(rgb);
    row.append(cell);
  });
  return row;
}

function rangeText(tensor) {
  return t("backprop.network.range", { min: formatValue(tensor.min), max: formatValue(tensor.max) });
}

function gradOutputFigure(line, labels) {
  const g = line.grad_output;
  const limit = symmetricLimit(g.min, g.max);
  const decoded = decodeTensor(g);
  const plan = mapsOf(g.shape);
  const caption = el("figcaption", {},
                     el("span", { class: "backprop-what", text: t("backprop.network.gradOutput", { shape: formatShape(g.shape) }) }),
                     " ", el("span", { class: "backprop-range mono", text: rangeText(g) }));
  const body = el("div", { class: "backprop-maps" });
  if (plan.kind === "vector") {
    if (decoded.data.length <= NUMBERED) {
      const names = labels && labels.length === decoded.data.length ? labels : null;
      body.append(numberedCells(decoded.data, limit, names, g));
    } else {
      body.append(vectorCanvas(decoded.data, limit, t("backprop.network.gradOutput", { shape: formatShape(g.shape) })));
    }
  } else {
    const shown = Math.min(plan.count, MAX_MAPS);
    for (let c = 0; c < shown; c += 1) {
      const p = plan.count === 1 ? { data: decoded.data } : plane(decoded, c);
      body.append(mapCanvas(p.data, plan.h, plan.w, limit,
                            t("backprop.network.mapLabel", { name: line.name, index: c })));
    }
    if (shown < plan.count) {
      body.append(el("p", { class: "backprop-note", text: t("backprop.network.moreMaps", { shown, count: plan.count }) }));
    }
  }
  return el("figure", { class: "backprop-grad", dataset: { grad: "output", min: g.min, max: g.max } },
            caption, body);
}

function paramFigure(name, tensor) {
  const caption = el("figcaption", {},
                     words("span", "backprop-what", "backprop.network.gradParam", { name: id(name), shape: formatShape(tensor.shape) }));
  const figure = el("figure", { class: "backprop-grad backprop-grad-param", dataset: { grad: name } }, caption);
  if (tensor.omitted) {
    const count = tensor.shape.reduce((a, b) => a * b, 1);
    caption.append(" ", el("span", { class: "backprop-note", text: t("backprop.network.omitted", { count: count.toLocaleString() }) }));
    return figure;
  }
  caption.append(" ", el("span", { class: "backprop-range mono", text: rangeText(tensor) }));
  figure.dataset.min = tensor.min;
  figure.dataset.max = tensor.max;
  const limit = symmetricLimit(tensor.min, tensor.max);
  const decoded = decodeTensor(tensor);
  const { h, w, rgba } = tileRgba(decoded.data, tensor.shape, limit);
  const canvas = el("canvas", { class: "map backprop-tiles", role: "img",
                                "aria-label": t("backprop.network.paramLabel", { name }) });
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").putImageData(new ImageData(rgba, w, h), 0, 0);
  if (w > 8 * h && w > 288) {  // a wide matrix (a dense layer's): stretch its rows to be seen
    canvas.style.width = "100%";
    canvas.style.height = `${Math.min(96, Math.max(24, h * 3))}px`;
  } else {
    const scale = Math.max(1, Math.min(8, Math.floor(288 / w), Math.floor(288 / h)));
    canvas.style.width = `${w * scale}px`;
  }
  figure.append(el("div", { class: "backprop-maps" }, canvas));
  const L = tileLayout(tensor.shape);
  if (tensor.shape.length === 4 && !L.inRow) {
    const note = L.shownRows < L.rows || L.shownCols < L.cols
      ? t("backprop.network.moreTiles", { rows: L.shownRows, allRows: L.rows, cols: L.shownCols, allCols: L.cols })
      : t("backprop.network.tiles");
    figure.append(el("p", { class: "backprop-note", text: note }));
  }
  return figure;
}

/** A layer's or a weight's name (an id of the API, such as "relu1" or "C1.weight"), marked English. */
const id = (name) => ({ text: name, lang: "en" });

/** An element holding the text of `key`, ids among its values marked (`fillWords`). */
function words(tag, className, key, vars) {
  const node = el(tag, { class: className });
  fillWords(node, key, vars);
  return node;
}

function card(line, labels) {
  const kindKey = `backprop.network.kind.${line.kind}`;
  const kind = t(kindKey) === kindKey ? id(line.kind) : t(kindKey);
  const article = el("article", {
    class: "backprop-card", dataset: { index: line.index, kind: line.kind, name: line.name },
  },
  words("h4", "backprop-card-title", "backprop.network.layer", { index: line.index, name: id(line.name) }),
  words("p", "backprop-card-meta", "backprop.network.meta", {
    kind, shape: formatShape(line.output_shape), params: line.params.toLocaleString() }),
  gradOutputFigure(line, labels));
  const params = Object.entries(line.grad_params ?? {});
  if (params.length) for (const [name, tensor] of params) article.append(paramFigure(name, tensor));
  else article.append(el("p", { class: "backprop-note", text: t("backprop.network.noWeights") }));
  return article;
}

/**
 * Create the stream of gradient cards.
 * @param {HTMLElement} root an empty container
 * @returns {{update(state: {runId: number, lang: string, layers: object[],
 *   labels: {text: string, lang: string}[]}): void,
 *   draw(): void}}
 */
export function createBackpropStreamView(root) {
  root.classList.add("backprop-stream");
  const list = el("div", { class: "backprop-cards" });
  root.append(list);
  let runId = null;
  let lang = null;
  let shown = 0;
  return {
    update(state) {
      if (state.runId !== runId || state.lang !== lang) {
        list.replaceChildren();
        shown = 0;
        runId = state.runId;
        lang = state.lang;
      }
      for (; shown < state.layers.length; shown += 1) list.append(card(state.layers[shown], state.labels));
      root.dataset.layers = String(shown);
    },
    draw() {},
  };
}
