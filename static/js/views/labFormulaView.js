/**
 * The output-size formula with the current numbers filled in (per axis, the floor made
 * visible, the cells a stride never visits counted), a plain explanation and the server's
 * sentence when a setting is impossible, why libraries compute cross-correlation, and the
 * layer's parameters beside a fully connected layer's with the information volume in and out.
 * @module views/labFormulaView
 */
import { number, t } from "../lib/i18n.js";
import { axisSize, impossibility, padsFor, visitedAxis } from "../lib/labGeometry.js";
import { notationRows } from "../lib/notation.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

const AXES = { 1: ["L"], 2: ["H", "W"], 3: ["D", "H", "W"] };

/**
 * Create the formula view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (s: object) => void}}
 */
export function createLabFormulaView(root, store) {
  const title = el("h2", { class: "lab-panel-title" });
  const general = el("p", { class: "lab-formula-general mono" });
  const lines = el("ul", { class: "lab-formula-lines" });
  const why = el("div", { class: "lab-why" });
  // The notation bridge: our names beside the notes' (002: W, F, P, S; 001: NHWC), current values.
  const notationSummary = el("summary");
  const notationHead = el("tr");
  const notationBody = el("tbody");
  const notationNote = el("p", { class: "lab-note" });
  const notation = el("details", { class: "lab-notation", open: true },
    notationSummary,
    el("div", { class: "lab-notation-scroll", tabindex: "0", role: "region", "aria-labelledby": "lab-notation-caption" },
      el("table", { class: "lab-notation-table" },
        el("caption", { class: "visually-hidden", id: "lab-notation-caption" }),
        el("thead", {}, notationHead), notationBody)),
    notationNote);
  const costTitle = el("h2", { class: "lab-panel-title" });
  const costs = el("dl", { class: "lab-costs" });
  const costNote = el("p", { class: "lab-note lab-cost-note" });
  const flipTitle = el("h2", { class: "lab-panel-title" });
  const flipText = el("p", { class: "lab-flip-text" });
  root.append(
    el("section", { class: "lab-formula" }, title, general, lines, why, notation),
    el("section", { class: "lab-cost" }, costTitle, costs, costNote),
    el("section", { class: "lab-flip" }, flipTitle, flipText),
  );
  let key = "";

  function fillNotation(state) {
    notationSummary.textContent = t("lab.notation.title");
    notation.querySelector("caption").textContent = t("lab.notation.title");
    notationHead.replaceChildren(...["ours", "value", "note002", "note001", "meaning"].map((col) =>
      el("th", { scope: "col", text: t(`lab.notation.col.${col}`) })));
    notationBody.replaceChildren(...notationRows(state).map((row) => el("tr", { dataset: { id: row.id },
      class: row.clash ? "lab-notation-clash" : null },
      el("th", { scope: "row" }, el("code", { text: row.ours })),
      el("td", { dataset: { value: row.value } }, el("code", { text: row.value })),
      el("td", {}, row.note002 ? el("code", { text: row.note002 }) : "–"),
      el("td", {}, row.note001 ? el("code", { text: row.note001 }) : "–"),
      el("td", { text: t(`lab.notation.${row.id}`) }))));
    // Symbols and shapes in the sentence are `quoted` in its text and shown as code.
    notationNote.replaceChildren(...t("lab.notation.note").split("`").map((part, i) =>
      (i % 2 ? el("code", { text: part }) : part)));
  }

  function update(state) {
    const id = [state.lang, state.dim, state.size, state.cin, state.cout, state.k, state.stride, state.padMode, state.pad,
      state.dilation, state.flip, state.status, state.error && state.error.message, state.costs, state.trace]
      .map(String).join("|")
      + (state.costs ? JSON.stringify(state.costs) : "");
    if (id === key) return;
    key = id;
    title.textContent = t("lab.formula.title");
    general.textContent = t("lab.formula.general");
    lines.textContent = "";
    const names = AXES[state.dim];
    const tr = state.trace;
    const axes = state.size.map((size, a) => {
      const pads = tr ? tr.pads[a] : padsFor(state.padMode, state.pad, state.k, state.dilation);
      return axisSize(size, pads, state.k, state.stride, state.dilation);
    });
    const reason = impossibility(state, axes);
    const refused = reason !== null;
    axes.forEach((ax, a) => {
      const pad = ax.lo === ax.hi ? `2·${ax.lo}` : `${ax.lo} + ${ax.hi}`;
      const item = el("li", { class: "lab-formula-line mono", dataset: { axis: names[a], out: String(ax.out) } });
      const head = `${names[a]}_out = ⌊(${ax.size} + ${pad} − ${state.dilation}·(${state.k}−1) − 1) / ${ax.stride}⌋ + 1`;
      if (refused && ax.ok) {
        item.dataset.out = "0";
        item.append(`${head}: `, el("b", { class: "lab-formula-bad", text: t("lab.formula.refused") }));
      } else if (ax.ok) {
        item.append(`${head} = ⌊${ax.numerator} / ${ax.stride}⌋ + 1 = ${ax.quotient} + 1 = `,
                    el("b", { class: "lab-formula-out", text: String(ax.out) }));
        const notes = [];
        if (ax.remainder > 0) notes.push(t("lab.formula.floor", { n: ax.numerator, s: ax.stride, q: ax.quotient, r: ax.remainder }));
        const skipped = visitedAxis(ax.padded, ax.out, ax.stride, state.k, state.dilation).filter((v) => !v).length;
        if (skipped > 0) notes.push(t(a === state.dim - 1 ? "lab.formula.skipCols" : "lab.formula.skipRows", { n: skipped }));
        if (notes.length) item.append(el("span", { class: "lab-formula-note", text: ` ${notes.join(" ")}` }));
      } else {
        item.append(`${head}: `, el("b", { class: "lab-formula-bad", text: t("lab.formula.none", { n: ax.numerator }) }));
      }
      lines.append(item);
    });
    why.textContent = "";
    if (reason) why.append(el("p", { class: "message message-info lab-why-plain", text: t(reason.key, reason.vars) }));
    if (state.status === "error" && state.error) {
      const sentence = el("span", { class: "lab-error-text" });
      showError(sentence, state.error);  // worded in the page's language, unknown English marked
      why.append(el("p", { class: "message message-error lab-error", role: "alert" },
                     el("b", { text: t("lab.error.server") }), " ", sentence));
    }

    costTitle.textContent = t("lab.cost.title");
    costs.textContent = "";
    const c = state.costs;
    if (c) {
      const kk = new Array(state.dim).fill(state.k).join("×");
      const row = (term, value) => costs.append(el("dt", { text: term }), el("dd", { text: value }));
      row(t("lab.cost.conv"), t("lab.cost.convValue", { p: number(c.convParams), cout: state.cout,
        cin: state.cin, kk }));
      row(t("lab.cost.dense"), t("lab.cost.denseValue", { p: number(c.denseParams), i: number(c.volumeIn),
        o: number(c.volumeOut), x: number(c.denseParams / c.convParams, 1) }));
      row(t("lab.cost.volume"), t("lab.cost.volumeValue", { i: number(c.volumeIn), o: number(c.volumeOut),
        r: number(c.volumeOut / c.volumeIn, 2) }));
    }
    // A note on the figures (or why there are none) sits beside the list, not as a lone <dd>.
    costs.hidden = !c;
    costNote.textContent = !c ? t(state.status === "error" ? "lab.cost.none" : "common.loading")
      : c.source === "counted" ? t("lab.cost.counted") : "";
    costNote.hidden = costNote.textContent === "";
    fillNotation(state);
    flipTitle.textContent = t("lab.flip.title");
    flipText.textContent = t(state.flip ? "lab.flip.on" : "lab.flip.off");
  }

  return { update };
}
