/**
 * The pooling mode's grids, one row per channel: the input (with its padding and, with
 * ceil_mode, the cells past it), the output filling cell by cell, and for average pooling each
 * output cell's divisor. The current step's window is a frame that slides over the input, its
 * maximum marked; input cells no window reads are hatched. Hovering (or the arrow keys on a
 * focused grid) shows an output cell's window or the outputs an input cell feeds; clicking an
 * output cell jumps to its step. Every number comes from the engine's trace.
 * @module views/poolLabGridView
 */
import { t } from "../lib/i18n.js";
import { formatValue, prod, ravel, unravel } from "../lib/labSteps.js";
import { cellRole, divisorGrid, inputPos, poolStep, poolStepOf, shownPoolOutputs } from "../lib/poolLabTrace.js";
import { requestFrame } from "../loop.js";
import { el } from "../ui/dom.js";

/** Arrow keys: the axis they move along (from the last) and the direction. */
const MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [1, -1], ArrowDown: [1, 1] };

function tint(value, scale) {
  if (!scale || !Number.isFinite(value) || value === 0) return "";
  const a = Math.min(1, Math.abs(value) / scale) * 0.5;
  return value > 0 ? `rgba(230, 159, 0, ${a.toFixed(3)})` : `rgba(0, 114, 178, ${a.toFixed(3)})`;
}

function rowsOf(shape) {
  return shape.length === 2 ? shape : [1, shape[0]];
}

/** Build one table of `shape` (1 or 2 axes); `cell(pos, td)` fills each cell. */
function table(shape, cell) {
  const [rows, cols] = rowsOf(shape);
  const body = el("tbody");
  for (let r = 0; r < rows; r += 1) {
    const tr = el("tr");
    for (let c = 0; c < cols; c += 1) {
      const td = el("td");
      cell(shape.length === 2 ? [r, c] : [c], td);
      tr.append(td);
    }
    body.append(tr);
  }
  return el("table", { class: "poolLab-grid" }, body);
}

/**
 * Create the grids view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{set: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void, draw: () => boolean}}
 */
export function createPoolLabGridView(root, store, actions) {
  const rowsBox = el("div", { class: "poolLab-rows" });
  const legend = el("ul", { class: "poolLab-legend" });
  const readout = el("p", { class: "poolLab-readout", "aria-live": "polite" });
  const section = el("section", { class: "poolLab-grids", "aria-labelledby": "poolLab-grids-title" },
    el("h2", { class: "visually-hidden", id: "poolLab-grids-title" }), rowsBox, legend, readout);
  root.append(section);
  new ResizeObserver(() => { moved = true; requestFrame(); }).observe(section);

  let state = store.state;
  let entries = [];
  let builtFor = null;
  let builtLang = "";
  let moved = true;
  let lastDone = -1;

  function build() {
    const tr = state.trace;
    builtFor = tr ?? state.input;
    builtLang = state.lang;
    entries = [];
    rowsBox.textContent = "";
    const inShape = tr ? tr.paddedShape : state.size;
    const outShape = tr ? tr.outShape : null;
    const values = tr ? tr.padded : state.input;
    const scale = Math.max(1e-9, ...values.map(Math.abs));
    const plane = prod(inShape);
    const divisors = tr ? divisorGrid(tr) : [];
    for (let c = 0; c < state.channels; c += 1) {
      const inCells = [];
      const input = table(inShape, (pos, td) => {
        const flat = ravel(pos, inShape);
        const role = tr ? cellRole(tr, pos) : "value";
        const v = values[c * plane + flat];
        td.dataset.pos = pos.join(",");
        td.dataset.kind = role;
        td.className = `poolLab-cell poolLab-cell-${role}`;
        if (role === "value") {
          const at = tr ? ravel(inputPos(tr, pos), tr.inShape) : flat;
          td.dataset.in = String(at);
          td.dataset.value = String(v);
          td.textContent = formatValue(v);
          td.style.backgroundColor = tint(v, scale);
          if (tr && tr.unvisited[at]) { td.dataset.unvisited = "true"; td.classList.add("poolLab-cell-skip"); }
        } else if (role === "pad" && tr.kind === "avg") {
          td.textContent = "0";
        }
        inCells[flat] = td;
      });
      input.dataset.grid = "in";
      input.dataset.channel = String(c);
      const frame = el("div", { class: "poolLab-frame", "aria-hidden": "true", hidden: true });
      const inWrap = el("div", { class: "poolLab-wrap", tabindex: "0", role: "group", dataset: { grid: "in", channel: String(c) } },
        input, frame);
      const inCaption = el("figcaption", { text: t(tr && tr.pads.some(([lo, hi]) => lo + hi > 0)
        ? "poolLab.grid.inputPadded" : "poolLab.grid.input", { c: c + 1, shape: (tr ? tr.inShape : state.size).join(" × ") }) });
      inWrap.setAttribute("aria-label", t("poolLab.grid.aria.in", { c: c + 1 }));
      const row = el("div", { class: "poolLab-channel", dataset: { channel: String(c) } },
        el("figure", { class: "poolLab-figure" }, inCaption, el("div", { class: "poolLab-scroll" }, inWrap)));
      const entry = { channel: c, inCells, outCells: [], frame, inWrap, outWrap: null, placed: false, outScale: 1 };
      if (tr) {
        entry.outScale = Math.max(1e-9, ...tr.result.map(Math.abs));
        const output = table(outShape, (pos, td) => {
          const flat = ravel(pos, outShape);
          td.dataset.pos = pos.join(",");
          td.dataset.flat = String(flat);
          td.dataset.step = String(poolStepOf(tr, c, flat));
          td.className = "poolLab-cell poolLab-cell-out";
          td.append(el("span", { class: "poolLab-out-value" }));
          if (tr.kind === "avg") {
            td.dataset.divisor = String(divisors[flat]);
            td.append(el("small", { class: "poolLab-div", text: `÷${formatValue(divisors[flat])}` }));
          }
          entry.outCells[flat] = td;
        });
        output.dataset.grid = "out";
        output.dataset.channel = String(c);
        entry.outWrap = el("div", { class: "poolLab-wrap", tabindex: "0", role: "group",
          dataset: { grid: "out", channel: String(c) } }, output);
        entry.outWrap.setAttribute("aria-label", t(tr.kind === "avg" ? "poolLab.grid.aria.outAvg" : "poolLab.grid.aria.out", { c: c + 1 }));
        row.append(el("span", { class: "poolLab-arrow", "aria-hidden": "true", text: "→" }),
          el("figure", { class: "poolLab-figure" },
            el("figcaption", { text: t(tr.kind === "avg" ? "poolLab.grid.outputAvg" : "poolLab.grid.output",
              { c: c + 1, shape: outShape.join(" × ") }) }),
            el("div", { class: "poolLab-scroll" }, entry.outWrap)));
      }
      attach(entry);
      entries.push(entry);
      rowsBox.append(row);
    }
    moved = true;
    lastDone = -1;
  }

  function attach(entry) {
    const c = entry.channel;
    entry.inWrap.addEventListener("pointerover", (e) => {
      const td = e.target.closest("td[data-in]");
      if (td) actions.set({ hover: { kind: "in", channel: c, flat: Number(td.dataset.in) } });
    });
    entry.inWrap.addEventListener("keydown", (e) => moveInput(e, entry));
    for (const wrap of [entry.inWrap, entry.outWrap]) {
      wrap?.addEventListener("pointerleave", () => actions.set({ hover: null }));
      wrap?.addEventListener("blur", () => actions.set({ hover: null }));
    }
    if (!entry.outWrap) return;
    entry.outWrap.addEventListener("pointerover", (e) => {
      const td = e.target.closest("td[data-flat]");
      if (td) actions.set({ hover: { kind: "out", channel: c, flat: Number(td.dataset.flat) } });
    });
    entry.outWrap.addEventListener("click", (e) => {
      const td = e.target.closest("td[data-step]");
      if (td) actions.set({ done: Number(td.dataset.step) + 1, playing: false });
    });
    entry.outWrap.addEventListener("keydown", (e) => moveOutput(e, entry));
  }

  /** Arrow keys on an output grid: the window moves to the neighbouring output cell. */
  function moveOutput(e, entry) {
    const state = store.state; // fresh: keys may come faster than frames
    const tr = state.trace;
    if (!tr) return;
    const shape = tr.outShape;
    const n = prod(shape);
    const s = state.done - 1;
    let flat = s >= 0 && Math.floor(s / n) === entry.channel ? s % n : -1;
    if (e.key === "Home") flat = 0;
    else if (e.key === "End") flat = n - 1;
    else if (MOVES[e.key]) {
      const [fromLast, dir] = MOVES[e.key];
      const axis = shape.length - 1 - fromLast;
      if (axis < 0) return;
      const pos = flat < 0 ? new Array(shape.length).fill(0) : unravel(flat, shape);
      if (flat >= 0) pos[axis] = Math.max(0, Math.min(shape[axis] - 1, pos[axis] + dir));
      flat = ravel(pos, shape);
    } else return;
    e.preventDefault();
    actions.set({ done: poolStepOf(tr, entry.channel, flat) + 1, playing: false,
      hover: { kind: "out", channel: entry.channel, flat } });
  }

  /** Arrow keys on an input grid: a cursor that shows the outputs the cell feeds. */
  function moveInput(e, entry) {
    const state = store.state;
    const shape = state.trace ? state.trace.inShape : state.size;
    const move = MOVES[e.key];
    if (!move && e.key !== "Home") return;
    const cur = state.hover && state.hover.kind === "in" && state.hover.channel === entry.channel ? state.hover.flat : -1;
    let flat = 0;
    if (move && cur >= 0) {
      const axis = shape.length - 1 - move[0];
      if (axis < 0) return;
      const pos = unravel(cur, shape);
      pos[axis] = Math.max(0, Math.min(shape[axis] - 1, pos[axis] + move[1]));
      flat = ravel(pos, shape);
    }
    e.preventDefault();
    actions.set({ hover: { kind: "in", channel: entry.channel, flat } });
  }

  function paint() {
    const tr = state.trace;
    const s = tr && state.done > 0 ? Math.min(state.done, tr.steps) - 1 : -1;
    const step = s >= 0 ? poolStep(tr, s) : null;
    const hover = state.hover;
    const shown = tr ? shownPoolOutputs(tr, state.done) : [];
    const n = tr ? prod(tr.outShape) : 0;
    for (const entry of entries) {
      for (const td of entry.inCells) {
        if (td) td.classList.remove("poolLab-cell-window", "poolLab-cell-max", "poolLab-cell-argmax",
          "poolLab-cell-field", "poolLab-cell-cursor");
      }
      if (!tr) continue;
      const mine = step && step.channel === entry.channel;
      if (mine) {
        for (const tap of step.taps) {
          const td = entry.inCells[ravel(tap.pos, tr.paddedShape)];
          td.classList.add("poolLab-cell-window");
          if (tap.max) td.classList.add("poolLab-cell-max");
          if (tap.first) td.classList.add("poolLab-cell-argmax");
        }
      }
      if (hover && hover.channel === entry.channel && hover.kind === "out") {
        for (const i of tr.fields[hover.flat] ?? []) {
          entry.inCells[ravel(unravel(i, tr.inShape).map((v, a) => v + tr.pads[a][0]), tr.paddedShape)]
            .classList.add("poolLab-cell-field");
        }
      }
      if (hover && hover.channel === entry.channel && hover.kind === "in") {
        const pos = unravel(hover.flat, tr.inShape).map((v, a) => v + tr.pads[a][0]);
        entry.inCells[ravel(pos, tr.paddedShape)]?.classList.add("poolLab-cell-cursor");
      }
      const fed = hover && hover.kind === "in" && hover.channel === entry.channel ? new Set(tr.feeds[hover.flat] ?? []) : null;
      entry.outCells.forEach((td, flat) => {
        const i = entry.channel * n + flat;
        const text = shown[i];
        const value = td.firstChild;
        if (value.textContent !== text) value.textContent = text;
        if (text === "") delete td.dataset.value;
        else td.dataset.value = String(tr.result[i]);
        td.style.backgroundColor = text === "" ? "" : tint(tr.result[i], entry.outScale);
        td.classList.toggle("poolLab-cell-current", Boolean(mine && step.outFlat === flat));
        td.classList.toggle("poolLab-cell-new", Boolean(mine && step.outFlat === flat && state.done === lastDone + 1));
        td.classList.toggle("poolLab-cell-field", Boolean((fed && fed.has(flat))
          || (hover && hover.kind === "out" && hover.channel === entry.channel && hover.flat === flat)));
      });
      entry.frame.dataset.show = mine ? "true" : "false";
    }
    lastDone = state.done;
    section.dataset.done = String(tr ? Math.min(state.done, tr.steps) : 0);
    readout.textContent = describeHover();
    moved = true;
  }

  function describeHover() {
    const tr = state.trace;
    const hover = state.hover;
    if (!tr || !hover) return "";
    const at = (pos) => pos.map((v) => v + 1).join(", ");
    if (hover.kind === "in") {
      const pos = unravel(hover.flat, tr.inShape);
      const v = formatValue(tr.padded[hover.channel * prod(tr.paddedShape)
        + ravel(pos.map((x, a) => x + tr.pads[a][0]), tr.paddedShape)]);
      const feeds = tr.feeds[hover.flat] ?? [];
      return feeds.length ? t("poolLab.read.input", { c: hover.channel + 1, at: at(pos), v, n: feeds.length })
        : t("poolLab.read.unvisited", { c: hover.channel + 1, at: at(pos), v });
    }
    const pos = unravel(hover.flat, tr.outShape);
    const s = poolStepOf(tr, hover.channel, hover.flat);
    return t(tr.kind === "avg" ? "poolLab.read.outputAvg" : "poolLab.read.output", { c: hover.channel + 1, at: at(pos),
      v: formatValue(tr.result[s]), n: (tr.fields[hover.flat] ?? []).length, d: formatValue(tr.divisor[s]) });
  }

  function legendItems() {
    const tr = state.trace;
    legend.textContent = "";
    const items = [["window", "poolLab.legend.window"]];
    if (!tr || tr.kind === "max") items.push(["max", "poolLab.legend.max"]);
    items.push(["field", "poolLab.legend.field"]);
    if (tr && tr.pads.some(([lo]) => lo > 0)) items.push(["pad", tr.kind === "avg" ? "poolLab.legend.padAvg" : "poolLab.legend.padMax"]);
    if (tr && tr.inShape.some((h, a) => tr.paddedShape[a] > h + 2 * tr.pads[a][0])) items.push(["beyond", "poolLab.legend.beyond"]);
    items.push(["skip", "poolLab.legend.skip"]);
    if (tr && tr.kind === "avg") items.push(["div", "poolLab.legend.divisor"]);
    for (const [cls, key] of items) {
      legend.append(el("li", {}, el("span", { class: `poolLab-swatch poolLab-swatch-${cls}`, "aria-hidden": "true" }),
        el("span", { text: t(key) })));
    }
  }

  function update(next) {
    state = next;
    section.querySelector("h2").textContent = t("poolLab.grids");
    if (builtFor !== (state.trace ?? state.input) || builtLang !== state.lang || entries.length !== state.channels) {
      build();
      legendItems();
    }
    paint();
  }

  /** Place each frame over its window (after layout: positions are read, not computed). */
  function draw() {
    if (!moved) return false;
    moved = false;
    const tr = state.trace;
    const s = tr && state.done > 0 ? Math.min(state.done, tr.steps) - 1 : -1;
    for (const entry of entries) {
      const show = entry.frame.dataset.show === "true" && s >= 0;
      entry.frame.hidden = !show;
      if (!show) { entry.placed = false; continue; }
      const origin = tr.origin[s];
      const end = tr.taps[tr.taps.length - 1].map((v, a) => v + origin[a]);
      const a = entry.inCells[ravel(origin, tr.paddedShape)].getBoundingClientRect();
      const b = entry.inCells[ravel(end, tr.paddedShape)].getBoundingClientRect();
      const box = entry.inWrap.getBoundingClientRect();
      const style = entry.frame.style;
      style.transition = entry.placed ? "" : "none";
      style.transform = `translate(${a.left - box.left}px, ${a.top - box.top}px)`;
      style.width = `${b.right - a.left}px`;
      style.height = `${b.bottom - a.top}px`;
      entry.placed = true;
    }
    return false;
  }

  return { update, draw };
}
