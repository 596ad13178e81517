/**
 * The lab's grids: the padded input (one canvas per channel), the kernels as applied, and the
 * output maps filling cell by cell. Each step outlines the window on the padded input and the
 * cell it lands in; hovering (or arrow keys on a focused grid) shows an output cell's receptive
 * field or an input cell's feeds. Every number drawn comes from the engine's trace.
 * This module builds the canvases and decides what each shows; `lib/labLayout.js` places the
 * cells, `labGridPaint.js` paints them and `labGridPointer.js` listens to them.
 * @module views/labGridView
 */
import { t } from "../lib/i18n.js";
import { layoutFor, panelCells } from "../lib/labLayout.js";
import { coveredAxes, feedsOf, fieldCells, formatValue, isPadding, prod, ravel, stepCells,
  stepOutput, unravel } from "../lib/labSteps.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";
import { composePicture, createPngSaver } from "./labGridExport.js";
import { ROTATE_MS, SELECT_FILL, drawGrid, drawTurning, offscreen, paintCells, paintOutput, readColours,
  valueRange } from "./labGridPaint.js";
import { attachPointer, readoutText } from "./labGridPointer.js";

/**
 * @typedef {object} GridEntry one grid's canvas and what is kept to draw it
 * @property {HTMLCanvasElement} canvas
 * @property {string} kind "in", "kernel" or "out"
 * @property {number} channel input channel, kernel index (j * C_in + c) or output channel
 * @property {number[]} shape (*spatial)
 * @property {import("../lib/labLayout.js").GridLayout|null} layout
 * @property {HTMLCanvasElement|null} base the painted cells
 * @property {number[]|null} cursor (*spatial) the keyboard's cell
 * @property {HTMLElement} caption
 */

/**
 * Create the grids view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`set`)
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean, exportPng: () => void}}
 */
export function createLabGridView(root, store, actions) {
  const colours = readColours();
  const inTitle = el("h2", { class: "lab-panel-title" });
  const kTitle = el("h2", { class: "lab-panel-title" });
  const outTitle = el("h2", { class: "lab-panel-title" });
  const inBox = el("div", { class: "lab-canvases" });
  const kBox = el("div", { class: "lab-canvases lab-kernels" });
  const outBox = el("div", { class: "lab-canvases" });
  const kNote = el("p", { class: "lab-note" });
  const outNote = el("p", { class: "lab-note" });
  const legend = el("ul", { class: "lab-legend" });
  const readout = el("p", { class: "lab-readout", "aria-live": "polite" });
  const section = el("section", { class: "lab-grids", "aria-labelledby": "lab-grids-title" },
    el("h2", { class: "visually-hidden", id: "lab-grids-title", i18n: "lab.grids" }),
    el("div", { class: "lab-panels" },
      el("div", { class: "lab-panel lab-panel-input" }, inTitle, inBox),
      el("div", { class: "lab-panel lab-panel-kernel" }, kTitle, kNote, kBox),
      el("div", { class: "lab-panel lab-panel-output" }, outTitle, outNote, outBox)),
    legend, readout);
  root.append(section);

  /** @type {GridEntry[]} */
  let entries = [];
  let state = store.state;
  let structure = "";
  let dirty = true;
  let rotateFrom = -1;
  let lastFlip = null;
  let avail = 0;
  const savePng = createPngSaver("cnnvis-convolution.png");
  let shownTexts = "";
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const getState = () => state;

  const resize = new ResizeObserver(() => {
    const w = Math.floor(section.clientWidth);
    if (w && Math.abs(w - avail) > 4) {
      avail = w;
      actions.set({ gridWidth: w });
    }
  });
  resize.observe(section);

  function makeEntry(box, kind, channel, shape, captionText) {
    const canvas = el("canvas", { class: `lab-canvas lab-canvas-${kind}`, tabindex: "0",
      role: "img", dataset: { kind, channel: String(channel) } });
    const caption = el("figcaption", { text: captionText });
    box.append(el("figure", { class: "lab-figure" }, caption, canvas));
    const entry = { canvas, kind, channel, shape, layout: null, base: null, cursor: null, caption };
    attachPointer(entry, getState, actions.set);
    entries.push(entry);
  }

  function rebuild() {
    const tr = state.trace;
    entries = [];
    inBox.textContent = "";
    kBox.textContent = "";
    outBox.textContent = "";
    const inShape = tr ? tr.paddedShape : state.size;
    for (let c = 0; c < state.cin; c += 1) {
      makeEntry(inBox, "in", c, inShape, t("lab.grid.channel", { c: c + 1 }));
    }
    const kShape = new Array(state.dim).fill(state.k);
    for (let j = 0; j < state.cout; j += 1) {
      for (let c = 0; c < state.cin; c += 1) {
        const caption = state.cin > 1 ? t("lab.grid.kernelChannel", { j: j + 1, c: c + 1 })
          : t("lab.grid.kernel", { j: j + 1 });
        makeEntry(kBox, "kernel", j * state.cin + c, kShape, caption);
      }
    }
    for (let j = 0; j < (tr ? tr.cout : 0); j += 1) {
      makeEntry(outBox, "out", j, tr.outShape, t("lab.grid.map", { j: j + 1, b: formatValue(state.bias[j]) }));
    }
    const width = Math.max(200, (avail || section.clientWidth || 600) - 4);
    const { cell, kCell } = panelCells(inShape, tr ? tr.outShape : null, kShape, width);
    for (const entry of entries) {
      entry.layout = layoutFor(entry.shape, entry.kind === "kernel" ? kCell : cell, width);
      const { width: w, height: h } = entry.layout;
      entry.canvas.width = Math.round(w * dpr);
      entry.canvas.height = Math.round(h * dpr);
      entry.canvas.style.width = `${w}px`;
      entry.canvas.style.aspectRatio = `${w} / ${h}`;
      entry.base = null;
    }
  }

  /** Paint an input channel's or a kernel's cells into its base canvas. */
  function renderBase(entry) {
    const tr = state.trace;
    const input = entry.kind === "in";
    const all = input ? (tr ? tr.padded : state.input) : (tr ? tr.weight : state.kernel);
    const n = prod(entry.shape);
    const values = all.slice(entry.channel * n, (entry.channel + 1) * n);
    entry.base = offscreen(entry.canvas, dpr);
    paintCells(entry.base.getContext("2d"), entry.layout, entry.shape, values, valueRange(all), colours,
      input && tr ? { padding: (pos) => isPadding(tr, pos), covered: coveredAxes(tr) } : {});
  }

  /** The outlines over a grid: the current step's window and cell, the hovered cell, its field or feeds. */
  function marksOf(entry, current) {
    const tr = state.trace;
    const hover = state.hover;
    const mine = hover && hover.kind === entry.kind && hover.channel === entry.channel;
    const marks = [];
    const select = (cells, fill) => marks.push({ cells, colour: colours.select, width: 3, fill });
    const step = (cells) => marks.push({ cells, colour: colours.highlight, width: 3 });
    if (entry.kind === "out") {
      if (hover && hover.kind === "in") select(feedsOf(tr, hover.pos).map((f) => unravel(f, tr.outShape)), SELECT_FILL);
      if (mine) select([hover.pos]);
      if (current >= 0 && stepOutput(tr, current).channel === entry.channel) step([stepOutput(tr, current).pos]);
    } else if (entry.kind === "in") {
      if (hover && hover.kind === "out") select(fieldCells(tr, ravel(hover.pos, tr.outShape)), SELECT_FILL);
      if (mine) select([hover.pos]);
      if (current >= 0) step(stepCells(tr, current));
    } else if (mine) {
      select([hover.pos]);
    }
    return marks;
  }

  function drawEntry(entry, now) {
    const tr = state.trace;
    const current = tr && state.done > 0 && state.done <= tr.steps ? state.done - 1 : -1;
    if (entry.kind === "out") {
      paintOutput(entry, tr, state.done, colours, dpr);
      drawGrid(entry.canvas, entry.base, entry.layout, marksOf(entry, current), dpr);
      return;
    }
    if (!entry.base) renderBase(entry);
    if (entry.kind === "kernel" && rotateFrom >= 0) {
      drawTurning(entry.canvas, entry.base, Math.min(1, (now - rotateFrom) / ROTATE_MS));
      return;
    }
    drawGrid(entry.canvas, entry.base, entry.layout, tr ? marksOf(entry, current) : [], dpr);
    if (tr && entry.kind === "kernel") {
      const hover = state.hover;
      const active = current >= 0 ? stepOutput(tr, current).channel : hover?.kind === "out" ? hover.channel : -1;
      entry.canvas.classList.toggle("lab-canvas-active", active === Math.floor(entry.channel / state.cin));
    }
  }

  function texts() {
    inTitle.textContent = t(state.trace && state.trace.pads.some(([lo, hi]) => lo + hi > 0)
      ? "lab.grid.inputPadded" : "lab.grid.input");
    kTitle.textContent = t("lab.grid.kernels");
    outTitle.textContent = t("lab.grid.output");
    kNote.textContent = t(state.flip ? "lab.grid.flipped" : "lab.grid.notFlipped");
    const tr = state.trace;
    outNote.textContent = tr ? t("lab.grid.outSize", { shape: tr.outShape.join(" × "), c: tr.cout })
      : state.status === "error" ? t("lab.grid.noOutput") : t("common.loading");
    legend.textContent = "";
    for (const [cls, k] of [["window", "lab.legend.window"], ["field", "lab.legend.field"],
      ["pad", "lab.legend.pad"], ["skip", "lab.legend.skip"]]) {
      legend.append(el("li", {}, el("span", { class: `lab-swatch lab-swatch-${cls}`, "aria-hidden": "true" }),
                       el("span", { text: t(k) })));
    }
    for (const entry of entries) {
      // A feature map's caption names its bias: keep it in step when only the bias changes.
      if (entry.kind === "out") entry.caption.textContent = t("lab.grid.map", { j: entry.channel + 1, b: formatValue(state.bias[entry.channel]) });
      entry.canvas.setAttribute("aria-label", t(`lab.grid.aria.${entry.kind}`, {
        caption: entry.caption.textContent, shape: entry.shape.join(" × ") }));
    }
  }

  function update(next) {
    const prev = state;
    state = next;
    const tr = state.trace;
    const shape = `${state.dim}|${state.size}|${state.cin}|${state.cout}|${state.k}|${state.lang}|${state.gridWidth}|`
      + (tr ? `${tr.paddedShape}|${tr.outShape}` : "none");
    if (shape !== structure) {
      structure = shape;
      rebuild();
    } else if (prev.trace !== tr || prev.input !== state.input || prev.kernel !== state.kernel) {
      for (const entry of entries) entry.base = null;
    }
    if (tr && lastFlip !== null && tr.flip !== lastFlip && !reducedMotion()) rotateFrom = performance.now();
    if (tr) lastFlip = tr.flip;
    const textKey = `${structure}|${state.flip}|${state.status}|${tr ? tr.steps : 0}|${state.bias}`;
    if (textKey !== shownTexts) {
      shownTexts = textKey;
      texts();
    }
    const read = readoutText(state);
    if (readout.textContent !== read) readout.textContent = read;
    section.dataset.done = String(state.done);
    dirty = true;
  }

  function draw(now) {
    const rotating = rotateFrom >= 0;
    if (!dirty && !rotating) return false;
    dirty = false;
    for (const entry of entries) drawEntry(entry, now);
    if (rotating && now - rotateFrom >= ROTATE_MS) {
      rotateFrom = -1;
      dirty = true;
      return true;
    }
    return rotating;
  }

  function exportPng() {
    savePng(composePicture([[inTitle.textContent, entries.filter((e) => e.kind === "in")],
      [kTitle.textContent, entries.filter((e) => e.kind === "kernel")],
      [outTitle.textContent, entries.filter((e) => e.kind === "out")]], colours, dpr));
  }

  return { update, draw, exportPng };
}
