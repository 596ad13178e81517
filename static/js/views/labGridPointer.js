/**
 * Pointing at the lab's grids: hover or tap a cell, or focus a grid and move its cursor with
 * the arrow keys (Page Up/Down through 3-D slices), to set `hover` (the grids view then shows
 * an output cell's receptive field or an input cell's feeds); Enter or Space on an output cell
 * jumps to its step; Escape clears. And the sentence read out for the hovered cell.
 * Handlers only call the page's `set` action.
 * @module views/labGridPointer
 */
import { t } from "../lib/i18n.js";
import { cellAtClient, moveCursor } from "../lib/labLayout.js";
import { feedsOf, formatValue, isPadding, prod, ravel, stepOf } from "../lib/labSteps.js";

function samePos(a, b) {
  return a.join(",") === b.join(",");
}

/**
 * Listen to a grid's canvas: pointer moves and taps, keys, focus and blur.
 * @param {{canvas: HTMLCanvasElement, kind: string, channel: number, shape: number[],
 *   layout: import("../lib/labLayout.js").GridLayout|null, cursor: number[]|null}} entry
 *   the grid (`kind` "in", "kernel" or "out"; its `cursor` (*spatial) is kept here)
 * @param {() => object} getState the lab's current state (`hover`, `trace`)
 * @param {(patch: object) => void} set the page's `set` action
 */
export function attachPointer(entry, getState, set) {
  const { canvas } = entry;
  const hoverAt = (pos) => {
    entry.cursor = pos;
    set({ hover: { kind: entry.kind, channel: entry.channel, pos } });
  };
  const pointAt = (event) => {
    if (!entry.layout) return;
    const pos = cellAtClient(entry.layout, canvas.getBoundingClientRect(), event.clientX, event.clientY);
    if (!pos) return;
    const h = getState().hover;
    if (h && h.kind === entry.kind && h.channel === entry.channel && samePos(h.pos, pos)) return;
    hoverAt(pos);
  };
  canvas.addEventListener("pointermove", pointAt);
  canvas.addEventListener("pointerdown", pointAt);
  canvas.addEventListener("pointerleave", (e) => {
    if (e.pointerType === "mouse") set({ hover: null });
  });
  canvas.addEventListener("keydown", (e) => {
    const pos = entry.cursor ?? new Array(entry.shape.length).fill(0);
    const moved = moveCursor(pos, entry.shape, e.key);
    const { trace } = getState();
    if (moved) {
      hoverAt(moved);
      e.preventDefault();
    } else if ((e.key === "Enter" || e.key === " ") && entry.kind === "out" && trace) {
      const s = stepOf(trace, entry.channel, ravel(pos, entry.shape));
      set({ done: s + 1, playing: false });
      e.preventDefault();
    } else if (e.key === "Escape") {
      set({ hover: null });
    }
  });
  canvas.addEventListener("focus", () => {
    hoverAt(entry.cursor ?? new Array(entry.shape.length).fill(0));
  });
  canvas.addEventListener("blur", () => set({ hover: null }));
}

function where(state, pos) {
  const names = state.dim === 3 ? ["d", "r", "c"] : state.dim === 2 ? ["r", "c"] : ["c"];
  return pos.map((p, a) => t(`lab.read.${names[a]}`, { i: p + 1 })).join(", ");
}

/**
 * The sentence for the hovered cell: its value and place; for an input cell how many outputs it
 * feeds (or that it is padding), for an output cell how many input cells its field holds.
 * @param {object} state the lab state (`hover`, `trace`, `dim`, `k`, `cin`, `size`, `input`, `kernel`)
 * @returns {string} "" when nothing is hovered
 */
export function readoutText(state) {
  const h = state.hover;
  const tr = state.trace;
  if (!h) return "";
  if (h.kind === "kernel") {
    const kShape = new Array(state.dim).fill(state.k);
    const src = tr ? tr.weight : state.kernel;
    const v = src[h.channel * prod(kShape) + ravel(h.pos, kShape)];
    return t("lab.read.kernel", { j: Math.floor(h.channel / state.cin) + 1, at: where(state, h.pos),
      v: formatValue(v, 4) });
  }
  if (!tr) {
    if (h.kind !== "in") return "";
    const n = prod(state.size);
    return t("lab.read.inputPlain", { c: h.channel + 1, at: where(state, h.pos),
      v: formatValue(state.input[h.channel * n + ravel(h.pos, state.size)], 4) });
  }
  if (h.kind === "in") {
    const n = prod(tr.paddedShape);
    const v = formatValue(tr.padded[h.channel * n + ravel(h.pos, tr.paddedShape)], 4);
    if (isPadding(tr, h.pos)) return t("lab.read.padding", { c: h.channel + 1, v });
    const real = h.pos.map((p, a) => p - tr.pads[a][0]);
    return t("lab.read.input", { c: h.channel + 1, at: where(state, real), v, n: feedsOf(tr, h.pos).length });
  }
  const flat = ravel(h.pos, tr.outShape);
  const s = stepOf(tr, h.channel, flat);
  return t("lab.read.output", { j: h.channel + 1, at: where(state, h.pos), v: formatValue(tr.result[s], 4),
    n: (tr.fields[flat] ?? []).length });
}
