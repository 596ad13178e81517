/**
 * The stamps: the input (each cell a button that jumps to its stamp), the kernel, the current
 * stamp (the kernel scaled by the input cell's value), the dilated input (S − 1 zeros between
 * the cells: each cell's stamp starts where it sits), the canvas the stamps add onto (the
 * padding's border, which is cropped, drawn around the output) and the output so far. Every
 * number comes from the engine's trace; this view only places them.
 * @module views/transposeLabStageView
 */
import { t } from "../lib/i18n.js";
import { cellText, maxAbs } from "../lib/opsNumbers.js";
import { canvasGrid, dilatedInput, stampCanvasCells, transposeAxis } from "../lib/transposeLabGeometry.js";
import { outputAfter, stepSummary } from "../lib/transposeLabTrace.js";
import { el } from "../ui/dom.js";
import { createTransposeLabGridView, createTransposeLabLegend } from "./transposeLabGridView.js";

const TIMES = "\u00D7";

function signed(v) {
  const text = cellText(v);
  return text.startsWith("\u2212") ? text : `+${text}`;
}

/**
 * The two axes of the state.
 * @param {object} s
 * @returns {import("../lib/transposeLabGeometry.js").TransposeAxis[]}
 */
export function axesOf(s) {
  return [transposeAxis(s.rows, s.k, s.stride, s.padding, s.dilation, s.outputPadding),
          transposeAxis(s.cols, s.k, s.stride, s.padding, s.dilation, s.outputPadding)];
}

/**
 * Create the stage.
 * @param {HTMLElement} root
 * @param {object} actions the mode's actions (`set`)
 * @returns {{update: (s: object) => void}}
 */
export function createTransposeLabStageView(root, actions) {
  const title = el("h2", { class: "visually-hidden", id: "transposeLab-stage-title" });
  const givens = el("div", { class: "transposeLab-row" });
  const results = el("div", { class: "transposeLab-row" });
  const section = el("section", { class: "transposeLab-stage", "aria-labelledby": title.id },
    title, givens, results);
  root.append(section);
  const g = {
    input: createTransposeLabGridView(givens, "input", (flat) => actions.set({ done: flat + 1, playing: false })),
    kernel: createTransposeLabGridView(givens, "kernel"),
    stamp: createTransposeLabGridView(givens, "stamp"),
    dilated: createTransposeLabGridView(results, "dilated"),
    canvas: createTransposeLabGridView(results, "canvas"),
    output: createTransposeLabGridView(results, "output"),
  };
  const legend = createTransposeLabLegend(section);
  const summary = el("p", { class: "transposeLab-summary", "aria-live": "polite" });
  section.append(summary);
  let scales = null;

  function update(s) {
    const st = s.stamps;
    section.hidden = !st;
    section.dataset.done = String(st ? Math.min(s.done, st.steps) : 0);
    if (!st) return;
    title.textContent = t("transposeLab.stage.title");
    if (!scales || scales.stamps !== st) {
      scales = { stamps: st, out: maxAbs(...st.partial, st.output), stamp: maxAbs(...st.stamp) };
    }
    const done = Math.min(s.done, st.steps);
    const n = done - 1;
    const info = n >= 0 ? stepSummary(st, n) : null;
    const [rowAx, colAx] = axesOf(s);
    const size = (r, c) => `${r}${TIMES}${c}`;

    g.input.update({ rows: s.rows, cols: s.cols, values: s.input, scale: maxAbs(s.input),
      caption: t("transposeLab.grid.input", { size: size(s.rows, s.cols) }),
      marks: { current: n >= 0 ? [n] : [], done: Array.from({ length: Math.max(0, n) }, (_, i) => i) },
      label: (i) => t("transposeLab.grid.inputCell", { r: Math.floor(i / s.cols), c: i % s.cols,
        v: cellText(s.input[i]) }) });
    g.kernel.update({ rows: s.k, cols: s.k, values: s.kernel, scale: maxAbs(s.kernel),
      caption: t("transposeLab.grid.kernel", { size: size(s.k, s.k) }) });
    g.stamp.update({ rows: s.k, cols: s.k, scale: scales.stamp,
      values: info ? st.stamp[n] : new Array(s.k * s.k).fill(null),
      kinds: info ? st.kept[n].map((k) => (k ? "value" : "crop")) : undefined,
      caption: info ? t("transposeLab.grid.stamp", { v: cellText(info.value) }) : t("transposeLab.grid.stampNone") });

    const dil = dilatedInput(s.input, s.rows, s.cols, s.stride);
    g.dilated.update({ rows: dil.rows, cols: dil.cols, values: dil.values, kinds: dil.kinds,
      scale: maxAbs(s.input), marks: { current: n >= 0 ? [dil.at[n]] : [] },
      caption: t("transposeLab.grid.dilated", { size: size(dil.rows, dil.cols), z: s.stride - 1 }) });

    const canvas = canvasGrid(rowAx, colAx);
    const out = outputAfter(st, done);
    const dests = info ? stampCanvasCells(st.origin[n], st.taps, st.pads, canvas.cols) : [];
    const adds = {};
    const values = canvas.outIndex.map((o) => (o >= 0 ? out[o] : null));
    dests.forEach((cell, i) => {
      adds[cell] = signed(st.stamp[n][i]);
      if (!st.kept[n][i]) values[cell] = st.stamp[n][i];  // what the padding throws away
    });
    g.canvas.update({ rows: canvas.rows, cols: canvas.cols, values, kinds: canvas.kinds, scale: scales.out,
      marks: { stamp: dests }, adds,
      caption: t("transposeLab.grid.canvas", { size: size(canvas.rows, canvas.cols),
        p: s.padding, out: size(rowAx.out, colAx.out) }) });
    const [oh, ow] = st.outShape;
    const kept = dests.map((cell) => canvas.outIndex[cell]).filter((o) => o >= 0);
    g.output.update({ rows: oh, cols: ow, values: out, scale: scales.out, marks: { stamp: kept },
      caption: t("transposeLab.grid.output", { size: size(oh, ow), done, total: st.steps }) });

    legend([
      ["transposeLab-kind-value transposeLab-mark-current", t("transposeLab.legend.current")],
      ["transposeLab-kind-value transposeLab-mark-stamp", t("transposeLab.legend.stamp")],
      ["transposeLab-kind-crop", t("transposeLab.legend.crop", { p: s.padding })],
      ["transposeLab-kind-inserted", t("transposeLab.legend.inserted")],
      ["transposeLab-kind-extra", t("transposeLab.legend.extra")],
    ]);
    if (!info) {
      summary.textContent = t("transposeLab.step.ready", { total: st.steps });
    } else {
      const parts = [t("transposeLab.step.summary", { n: done, total: st.steps, r: info.cell[0], c: info.cell[1],
        v: cellText(info.value), r0: info.rows[0], r1: info.rows[1], c0: info.cols[0], c1: info.cols[1] })];
      parts.push(info.cropped ? t("transposeLab.step.cropped", { n: info.cropped, t: info.kept + info.cropped })
        : t("transposeLab.step.allKept"));
      if (done === st.steps) parts.push(t("transposeLab.step.done", { total: st.steps }));
      summary.textContent = parts.join(" ");
    }
  }

  return { update };
}
