/**
 * The lab's grids: the padded input (one canvas per channel), the kernels as applied, and the
 * output maps filling cell by cell. Each step outlines the window on the padded input and the
 * cell it lands in; hovering (or arrow keys on a focused grid) shows an output cell's receptive
 * field or an input cell's feeds. Every number drawn comes from the engine's trace.
 * @module views/labGridView
 */
import { colourOf, css, textOn } from "../lib/colorScale.js";
import { t } from "../lib/i18n.js";
import { coveredAxes, feedsOf, fieldCells, formatValue, isPadding, prod, ravel, shownOutputs,
  stepCells, stepOf, stepOutput, unravel } from "../lib/labSteps.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";

const GAP = 10;
const LABEL = 16;
const ROTATE_MS = 700;

function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * Where the cells of a 1-D row, a 2-D grid or a 3-D stack of slices go.
 * @param {number[]} shape (*spatial)
 * @param {number} cell pixels per cell
 * @param {number} avail pixels available across
 */
function layoutFor(shape, cell, avail) {
  const nd = shape.length;
  const cols = shape[nd - 1];
  const rows = nd >= 2 ? shape[nd - 2] : 1;
  const slices = nd === 3 ? shape[0] : 1;
  const label = nd === 3 ? LABEL : 0;
  const sliceW = cols * cell;
  const sliceH = rows * cell + label;
  const perRow = Math.max(1, Math.min(slices, Math.floor((avail + GAP) / (sliceW + GAP))));
  return {
    nd, cols, rows, slices, cell, label, perRow,
    width: perRow * (sliceW + GAP) - GAP,
    height: Math.ceil(slices / perRow) * (sliceH + GAP) - GAP,
    origin(slice) {
      return [(slice % perRow) * (sliceW + GAP), Math.floor(slice / perRow) * (sliceH + GAP) + label];
    },
    rect(pos) {
      const slice = nd === 3 ? pos[0] : 0;
      const [x0, y0] = this.origin(slice);
      return [x0 + pos[nd - 1] * cell, y0 + (nd >= 2 ? pos[nd - 2] : 0) * cell];
    },
    at(x, y) {
      for (let s = 0; s < slices; s += 1) {
        const [x0, y0] = this.origin(s);
        const c = Math.floor((x - x0) / cell);
        const r = Math.floor((y - y0) / cell);
        if (c >= 0 && c < cols && r >= 0 && r < rows) {
          return nd === 3 ? [s, r, c] : nd === 2 ? [r, c] : [c];
        }
      }
      return null;
    },
  };
}

function cellSizeFor(shapes, avail, max) {
  let cell = max;
  for (const shape of shapes) {
    const cols = shape[shape.length - 1];
    cell = Math.min(cell, Math.floor(avail / cols));
  }
  return Math.max(8, cell);
}

function key(pos) {
  return pos.join(",");
}

/**
 * Create the grids view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`set`)
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean, exportPng: () => void}}
 */
export function createLabGridView(root, store, actions) {
  const colours = {
    pad: cssVar("--pad", "#e9ecf2"), highlight: cssVar("--highlight", "#d55e00"),
    select: cssVar("--select", "#cc79a7"), skip: cssVar("--skip", "#9aa3b2"),
    rule: cssVar("--rule", "#dfe3ea"), fg: cssVar("--fg", "#1d2330"), muted: cssVar("--muted", "#5b6475"),
  };
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

  /** @type {{canvas: HTMLCanvasElement, kind: string, channel: number, shape: number[], layout: object, base: HTMLCanvasElement|null, cursor: number[]|null, caption: HTMLElement}[]} */
  let entries = [];
  let state = store.state;
  let structure = "";
  let dirty = true;
  let rotateFrom = -1;
  let lastFlip = null;
  let avail = 0;
  let lastUrl = null;
  let shownTexts = "";
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);

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
    canvas.addEventListener("pointermove", (e) => pointAt(entry, e));
    canvas.addEventListener("pointerdown", (e) => pointAt(entry, e));
    canvas.addEventListener("pointerleave", (e) => {
      if (e.pointerType === "mouse") actions.set({ hover: null });
    });
    canvas.addEventListener("keydown", (e) => onKey(entry, e));
    canvas.addEventListener("focus", () => {
      entry.cursor = entry.cursor ?? new Array(entry.shape.length).fill(0);
      hoverFrom(entry, entry.cursor);
    });
    canvas.addEventListener("blur", () => actions.set({ hover: null }));
    entries.push(entry);
    return entry;
  }

  function hoverFrom(entry, pos) {
    if (entry.kind === "kernel") {
      actions.set({ hover: { kind: "kernel", channel: entry.channel, pos } });
    } else {
      actions.set({ hover: { kind: entry.kind, channel: entry.channel, pos } });
    }
  }

  function pointAt(entry, event) {
    if (!entry.layout) return;
    const rect = entry.canvas.getBoundingClientRect();
    const scale = entry.layout.width / rect.width;
    const pos = entry.layout.at((event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale);
    if (!pos) return;
    const h = state.hover;
    if (h && h.kind === entry.kind && h.channel === entry.channel && key(h.pos) === key(pos)) return;
    entry.cursor = pos;
    hoverFrom(entry, pos);
  }

  function onKey(entry, e) {
    const nd = entry.shape.length;
    const pos = (entry.cursor ?? new Array(nd).fill(0)).slice();
    const move = { ArrowLeft: [nd - 1, -1], ArrowRight: [nd - 1, 1], ArrowUp: [nd - 2, -1],
      ArrowDown: [nd - 2, 1], PageUp: [nd - 3, -1], PageDown: [nd - 3, 1] }[e.key];
    if (move && move[0] >= 0) {
      const [axis, by] = move;
      pos[axis] = Math.max(0, Math.min(entry.shape[axis] - 1, pos[axis] + by));
      entry.cursor = pos;
      hoverFrom(entry, pos);
      e.preventDefault();
    } else if ((e.key === "Enter" || e.key === " ") && entry.kind === "out" && state.trace) {
      const s = stepOf(state.trace, entry.channel, ravel(pos, entry.shape));
      actions.set({ done: s + 1, playing: false });
      e.preventDefault();
    } else if (e.key === "Escape") {
      actions.set({ hover: null });
    }
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
    if (tr) {
      for (let j = 0; j < tr.cout; j += 1) {
        makeEntry(outBox, "out", j, tr.outShape, t("lab.grid.map", { j: j + 1, b: formatValue(state.bias[j]) }));
      }
    }
    const width = Math.max(200, (avail || section.clientWidth || 600) - 4);
    const kCell = cellSizeFor([kShape], Math.min(width, 240), 40);
    // Side by side when the input, the kernel and the output fit in one row with readable cells.
    const cols = (shape) => (shape.length === 3 ? shape[0] : 1) * shape[shape.length - 1];
    const kWidth = Math.max(cols(kShape) * kCell, 176);
    const rowCell = Math.floor((width - kWidth - 100) / (cols(inShape) + (tr ? cols(tr.outShape) : 0)));
    const most = state.dim === 3 ? 32 : 44;
    const cell = rowCell >= 24 ? Math.min(rowCell, most)
      : cellSizeFor([inShape, ...(tr ? [tr.outShape] : [])], width, most);
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

  function valuesOf(entry) {
    const tr = state.trace;
    if (entry.kind === "in") {
      const n = prod(entry.shape);
      const src = tr ? tr.padded : state.input;
      return src.slice(entry.channel * n, (entry.channel + 1) * n);
    }
    if (entry.kind === "kernel") {
      const n = prod(entry.shape);
      const src = tr ? tr.weight : state.kernel;
      return src.slice(entry.channel * n, (entry.channel + 1) * n);
    }
    const n = prod(entry.shape);
    return tr.result.slice(entry.channel * n, (entry.channel + 1) * n);
  }

  function rangeOf(values) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
    return { min: Math.min(min, 0), max: Math.max(max, 0) };
  }

  function textFit(ctx, text, cell) {
    let size = Math.min(14, Math.floor(cell * 0.36));
    ctx.font = `${size}px ui-monospace, monospace`;
    while (size > 8 && ctx.measureText(text).width > cell - 3) {
      size -= 1;
      ctx.font = `${size}px ui-monospace, monospace`;
    }
    return size >= 8 && ctx.measureText(text).width <= cell - 2;
  }

  function paintCells(ctx, entry, values, range, options = {}) {
    const { layout } = entry;
    const { cell } = layout;
    const n = prod(entry.shape);
    const showText = cell >= 20;
    const covered = options.covered;
    const from = options.from ?? 0;
    const to = options.to ?? n;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let s = 0; s < layout.slices && layout.nd === 3 && from === 0; s += 1) {
      const [x0, y0] = layout.origin(s);
      ctx.fillStyle = colours.muted;
      ctx.font = "11px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.fillText(t("lab.grid.slice", { d: s + 1 }), x0, y0 - LABEL / 2);
      ctx.textAlign = "center";
    }
    for (let i = from; i < to; i += 1) {
      const pos = unravel(i, entry.shape);
      const [x, y] = layout.rect(pos);
      const text = options.texts ? options.texts[i] : formatValue(values[i]);
      const padding = options.padding && options.padding(pos);
      let fill;
      if (padding) fill = colours.pad;
      else if (text === "") fill = "#ffffff";
      else fill = css(colourOf(values[i], range.min, range.max, "diverging"));
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, cell, cell);
      ctx.strokeStyle = padding ? "#b9c1cf" : colours.rule;
      ctx.lineWidth = 1;
      if (padding) ctx.setLineDash([3, 2]);
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
      ctx.setLineDash([]);
      if (covered && !pos.every((v, a) => covered[a][v])) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, y, cell, cell);
        ctx.clip();
        ctx.strokeStyle = colours.skip;
        ctx.lineWidth = 1.5;
        for (let d = -cell; d < cell; d += 6) {
          ctx.beginPath();
          ctx.moveTo(x + d, y + cell);
          ctx.lineTo(x + d + cell, y);
          ctx.stroke();
        }
        ctx.restore();
      }
      if (showText && text !== "" && textFit(ctx, text, cell)) {
        ctx.fillStyle = padding ? colours.muted : textOn(padding ? [233, 236, 242]
          : colourOf(values[i], range.min, range.max, "diverging"));
        ctx.fillText(text, x + cell / 2, y + cell / 2 + 0.5);
      }
    }
  }

  function outline(ctx, entry, cells, colour, width, fill) {
    const { cell } = entry.layout;
    for (const pos of cells) {
      const [x, y] = entry.layout.rect(pos);
      if (fill) {
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, cell, cell);
      }
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.strokeRect(x + width / 2, y + width / 2, cell - width, cell - width);
    }
  }

  function renderBase(entry) {
    const base = document.createElement("canvas");
    base.width = entry.canvas.width;
    base.height = entry.canvas.height;
    const ctx = base.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const tr = state.trace;
    const values = valuesOf(entry);
    if (entry.kind === "in") {
      const all = tr ? tr.padded : state.input;
      paintCells(ctx, entry, values, rangeOf(all), {
        padding: tr ? (pos) => isPadding(tr, pos) : null,
        covered: tr ? coveredAxes(tr) : null,
      });
    } else if (entry.kind === "kernel") {
      paintCells(ctx, entry, values, rangeOf(tr ? tr.weight : state.kernel));
    }
    entry.base = base;
  }

  /**
   * Paint the output's cells into its base canvas: only the cells filled since the last
   * frame while playing forward, all of them after a jump back or a new answer.
   */
  function paintOutput(entry) {
    const tr = state.trace;
    const n = prod(entry.shape);
    const filled = Math.max(0, Math.min(n, state.done - entry.channel * n));
    const full = !entry.base || entry.baseTrace !== tr || filled < entry.filled;
    if (!full && filled === entry.filled) return;
    if (full) {
      entry.base = entry.base ?? document.createElement("canvas");
      entry.base.width = entry.canvas.width;
      entry.base.height = entry.canvas.height;
      entry.baseTrace = tr;
      entry.filled = 0;
      entry.values = valuesOf(entry);
      entry.range = rangeOf(tr.result);
      entry.shown = shownOutputs(tr, state.done).slice(entry.channel * n, (entry.channel + 1) * n);
    } else {
      for (let i = entry.filled; i < filled; i += 1) entry.shown[i] = formatValue(entry.values[i]);
    }
    const ctx = entry.base.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintCells(ctx, entry, entry.values, entry.range, { texts: entry.shown,
      from: full ? 0 : entry.filled, to: full ? n : filled });
    entry.filled = filled;
    entry.canvas.dataset.shown = entry.shown.join(",");
    entry.canvas.dataset.rows = String(entry.layout.rows);
    entry.canvas.dataset.cols = String(entry.layout.cols);
    entry.canvas.dataset.slices = String(entry.layout.slices);
  }

  function drawEntry(entry, now) {
    const ctx = entry.canvas.getContext("2d");
    const tr = state.trace;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
    const current = tr && state.done > 0 && state.done <= tr.steps ? state.done - 1 : -1;
    const hover = state.hover;
    if (entry.kind === "out") {
      paintOutput(entry);
      ctx.drawImage(entry.base, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (hover && hover.kind === "in") {
        const feeds = feedsOf(tr, hover.pos).map((f) => unravel(f, tr.outShape));
        outline(ctx, entry, feeds, colours.select, 3, "rgba(204, 121, 167, 0.35)");
      }
      if (hover && hover.kind === "out" && hover.channel === entry.channel) {
        outline(ctx, entry, [hover.pos], colours.select, 3);
      }
      if (current >= 0) {
        const o = stepOutput(tr, current);
        if (o.channel === entry.channel) outline(ctx, entry, [o.pos], colours.highlight, 3);
      }
      return;
    }
    if (!entry.base) renderBase(entry);
    if (entry.kind === "kernel" && rotateFrom >= 0) {
      const f = Math.min(1, (now - rotateFrom) / ROTATE_MS);
      const angle = Math.PI * (1 - (f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2));
      const cx = entry.canvas.width / 2;
      const cy = entry.canvas.height / 2;
      ctx.translate(cx, cy);
      ctx.rotate(angle);
      ctx.translate(-cx, -cy);
      ctx.drawImage(entry.base, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      return;
    }
    ctx.drawImage(entry.base, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!tr) return;
    if (entry.kind === "in") {
      if (hover && hover.kind === "out") {
        outline(ctx, entry, fieldCells(tr, ravel(hover.pos, tr.outShape)), colours.select, 3,
                "rgba(204, 121, 167, 0.35)");
      }
      if (hover && hover.kind === "in" && hover.channel === entry.channel) {
        outline(ctx, entry, [hover.pos], colours.select, 3);
      }
      if (current >= 0) outline(ctx, entry, stepCells(tr, current), colours.highlight, 3);
    } else if (entry.kind === "kernel") {
      const j = Math.floor(entry.channel / state.cin);
      const active = current >= 0 ? stepOutput(tr, current).channel : hover?.kind === "out" ? hover.channel : -1;
      entry.canvas.classList.toggle("lab-canvas-active", active === j);
      if (hover && hover.kind === "kernel" && hover.channel === entry.channel) {
        outline(ctx, entry, [hover.pos], colours.select, 3);
      }
    }
  }

  function readoutText() {
    const h = state.hover;
    const tr = state.trace;
    if (!h) return "";
    if (h.kind === "kernel") {
      const n = prod(new Array(state.dim).fill(state.k));
      const src = tr ? tr.weight : state.kernel;
      const v = src[h.channel * n + ravel(h.pos, new Array(state.dim).fill(state.k))];
      return t("lab.read.kernel", { j: Math.floor(h.channel / state.cin) + 1, at: where(h.pos), v: formatValue(v, 4) });
    }
    if (!tr) {
      if (h.kind !== "in") return "";
      const n = prod(state.size);
      return t("lab.read.inputPlain", { c: h.channel + 1, at: where(h.pos),
        v: formatValue(state.input[h.channel * n + ravel(h.pos, state.size)], 4) });
    }
    if (h.kind === "in") {
      const n = prod(tr.paddedShape);
      const v = formatValue(tr.padded[h.channel * n + ravel(h.pos, tr.paddedShape)], 4);
      if (isPadding(tr, h.pos)) return t("lab.read.padding", { c: h.channel + 1, v });
      const real = h.pos.map((p, a) => p - tr.pads[a][0]);
      return t("lab.read.input", { c: h.channel + 1, at: where(real), v, n: feedsOf(tr, h.pos).length });
    }
    const flat = ravel(h.pos, tr.outShape);
    const s = stepOf(tr, h.channel, flat);
    return t("lab.read.output", { j: h.channel + 1, at: where(h.pos), v: formatValue(tr.result[s], 4),
      n: (tr.fields[flat] ?? []).length });
  }

  function where(pos) {
    const names = state.dim === 3 ? ["d", "r", "c"] : state.dim === 2 ? ["r", "c"] : ["c"];
    return pos.map((p, a) => t(`lab.read.${names[a]}`, { i: p + 1 })).join(", ");
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
    const textKey = `${structure}|${state.flip}|${state.status}|${tr ? tr.steps : 0}`;
    if (textKey !== shownTexts) {
      shownTexts = textKey;
      texts();
    }
    const read = readoutText();
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
    const pad = 16;
    const blocks = [[inTitle.textContent, entries.filter((e) => e.kind === "in")],
      [kTitle.textContent, entries.filter((e) => e.kind === "kernel")],
      [outTitle.textContent, entries.filter((e) => e.kind === "out")]];
    let width = 0;
    let height = pad;
    for (const [, list] of blocks) {
      if (!list.length) continue;
      height += 28;
      for (const e of list) { width = Math.max(width, e.layout.width); height += 20 + e.layout.height + 8; }
    }
    const out = document.createElement("canvas");
    out.width = Math.round((width + 2 * pad) * dpr);
    out.height = Math.round((height + pad) * dpr);
    const ctx = out.getContext("2d");
    ctx.scale(dpr, dpr);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width + 2 * pad, height + pad);
    let y = pad;
    for (const [title, list] of blocks) {
      if (!list.length) continue;
      ctx.fillStyle = colours.fg;
      ctx.font = "bold 16px system-ui, sans-serif";
      ctx.fillText(title, pad, y + 18);
      y += 28;
      for (const e of list) {
        ctx.font = "13px system-ui, sans-serif";
        ctx.fillStyle = colours.muted;
        ctx.fillText(e.caption.textContent, pad, y + 14);
        y += 20;
        ctx.drawImage(e.canvas, pad, y, e.layout.width, e.layout.height);
        y += e.layout.height + 8;
      }
    }
    out.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: "cnnvis-convolution.png", class: "visually-hidden" });
      document.body.append(a);
      a.click();
      a.remove();
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = url;
    }, "image/png");
  }

  return { update, draw, exportPng };
}
