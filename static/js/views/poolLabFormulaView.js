/**
 * The pooling output-size formula with the current numbers, per axis: the floor (ceil_mode
 * off) and the ceil (ceil_mode on) side by side, the one that applies marked, ceil_mode's rule
 * that the last window must start inside the input or its left padding checked with the
 * numbers, and the engine's own output shape beside it. Then why a setting is refused, in the
 * lab's words and the server's.
 * @module views/poolLabFormulaView
 */
import { t } from "../lib/i18n.js";
import { poolAxes, poolRefusal } from "../lib/poolLabGeometry.js";
import { skippedLines } from "../lib/poolLabTrace.js";
import { el } from "../ui/dom.js";

const AXES = { 1: ["L"], 2: ["H", "W"] };

/**
 * Create the formula view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (s: object) => void}}
 */
export function createPoolLabFormulaView(root, store) {
  const title = el("h2", { class: "poolLab-title" });
  const general = el("p", { class: "poolLab-formula-general mono" });
  const rule = el("p", { class: "poolLab-note" });
  const lines = el("ul", { class: "poolLab-formula-lines" });
  const shape = el("p", { class: "poolLab-formula-shape" });
  const errors = el("div", { class: "poolLab-errors" });
  root.append(el("section", { class: "poolLab-formula" }, title, general, rule, lines, shape, errors));
  let key = "";

  function applies(item, on) {
    item.classList.toggle("poolLab-formula-applies", on);
    const badge = el("span", { class: on ? "poolLab-badge" : "poolLab-badge poolLab-badge-off",
      text: t(on ? "poolLab.formula.applies" : "poolLab.formula.notUsed") });
    item.append(" ", badge);
  }

  function axisItem(ax, name, skipped, axisIndex, dim) {
    const item = el("li", { class: "poolLab-formula-axis", dataset: { axis: name, floor: String(ax.floorOut),
      ceil: String(ax.ceilOut), out: String(ax.out) } });
    const pad = `2·${ax.pad}`;
    const head = `(${ax.size} + ${pad} − ${ax.dilation}·(${ax.k}−1) − 1) / ${ax.stride}`;
    const floorLine = el("p", { class: "poolLab-formula-line mono", dataset: { rounding: "floor" } },
      `${name}_out = ⌊${head}⌋ + 1 = ⌊${ax.numerator} / ${ax.stride}⌋ + 1 = `,
      el("b", { class: "poolLab-formula-out", text: String(ax.floorOut) }));
    applies(floorLine, !ax.ceil);
    const ceilLine = el("p", { class: "poolLab-formula-line mono", dataset: { rounding: "ceil" } },
      `ceil_mode: ⌈${ax.numerator} / ${ax.stride}⌉ + 1 = ${ax.ceilRaw}`);
    const check = `(${ax.ceilRaw} − 1)·${ax.stride} = ${ax.lastStart} ${ax.dropped ? "≥" : "<"} ${ax.size} + ${ax.pad} = ${ax.limit}`;
    ceilLine.append(el("span", { class: "poolLab-formula-rule" }, `; ${check} `,
      el("span", { class: ax.dropped ? "poolLab-bad" : "poolLab-good", text: ax.dropped ? "✗" : "✓" })));
    ceilLine.append(" → ", el("b", { class: "poolLab-formula-out", text: String(ax.ceilOut) }));
    applies(ceilLine, ax.ceil);
    // Note 002's pooling formula, W2 = (W1 - F)/S + 1: no padding, no dilation, no rounding.
    const noteValue = Math.round(((ax.size - ax.k) / ax.stride + 1) * 100) / 100;
    const noteWrong = noteValue !== ax.out;
    const noteLine = el("p", { class: "poolLab-formula-line poolLab-formula-note mono",
      dataset: { rounding: "note002", value: String(noteValue) } },
      el("span", { class: "poolLab-formula-note-label", text: `${t("poolLab.formula.note002")} ` }),
      `${name}₂ = (${ax.size} − ${ax.k}) / ${ax.stride} + 1 = `,
      el("b", { class: noteWrong ? "poolLab-bad" : "poolLab-good", text: String(noteValue) }),
      el("span", { "aria-hidden": "true", text: noteWrong ? " ✗" : " ✓" }),
      el("span", { class: "visually-hidden", text: ` ${t(noteWrong ? "poolLab.formula.noteWrong" : "poolLab.formula.noteRight")}` }));
    item.append(floorLine, ceilLine, noteLine);
    const notes = [];
    if (ax.dropped) notes.push(t("poolLab.formula.dropped", { start: ax.lastStart, limit: ax.limit, o: ax.ceilRaw }));
    if (ax.ceilOut > ax.floorOut) notes.push(t("poolLab.formula.extra", { r: ax.remainder }));
    else if (ax.remainder > 0) notes.push(t("poolLab.formula.same", { r: ax.remainder }));
    if (noteWrong) notes.push(t("poolLab.formula.noteWhy", { out: ax.out }));
    if (skipped > 0) notes.push(t(axisIndex === dim - 1 ? "poolLab.formula.skipCols" : "poolLab.formula.skipRows", { n: skipped }));
    if (notes.length) item.append(el("p", { class: "poolLab-note", text: notes.join(" ") }));
    return item;
  }

  function update(state) {
    const id = [state.lang, state.dim, state.size, state.k, state.stride, state.pad, state.dilation, state.ceil,
      state.kind, state.channels, state.status, state.error && state.error.message].map(String).join("|");
    if (id === key && state.trace === root.trace) return;
    key = id;
    root.trace = state.trace;
    title.textContent = t("poolLab.formula.title");
    general.textContent = t("poolLab.formula.general");
    rule.textContent = t("poolLab.formula.rule");
    lines.textContent = "";
    const axes = poolAxes(state);
    const refusal = poolRefusal(axes);
    const tr = state.trace;
    const skipped = tr ? skippedLines(tr) : axes.map(() => 0);
    axes.forEach((ax, a) => {
      const name = AXES[state.dim][a];
      if (refusal) {
        lines.append(el("li", { class: "poolLab-formula-axis", dataset: { axis: name, out: "0" } },
          `${name}_out: `, el("b", { class: "poolLab-bad", text: t("poolLab.formula.none") })));
      } else {
        lines.append(axisItem(ax, name, skipped[a], a, state.dim));
      }
    });
    shape.textContent = "";
    if (!refusal) {
      const mine = [state.channels, ...axes.map((ax) => ax.out)];
      shape.dataset.shape = mine.join(",");
      shape.append(t("poolLab.formula.shape", { shape: mine.join(" × ") }), " ");
      if (tr) {
        const engine = [tr.channels, ...tr.outShape];
        const same = engine.join(",") === mine.join(",");
        shape.dataset.engine = engine.join(",");
        shape.append(el("span", { class: same ? "poolLab-good" : "poolLab-bad",
          text: t(same ? "poolLab.formula.engineSame" : "poolLab.formula.engineDiffers", { shape: engine.join(" × ") }) }));
      }
    } else {
      delete shape.dataset.shape;
    }
    errors.textContent = "";
    if (refusal) errors.append(el("p", { class: "message message-info poolLab-why-plain", text: t(refusal.key, refusal.vars) }));
    if (state.status === "error" && state.error) {
      // The server speaks English; a message api.js has worded in the page's language is not marked.
      const text = String(state.error.message);
      const english = state.error.sentence === undefined || text === state.error.sentence;
      errors.append(el("p", { class: "message message-error poolLab-error", role: "alert" },
        el("b", { text: t("poolLab.error.server") }), " ",
        el("span", { class: "poolLab-error-text", lang: english ? "en" : null, text })));
    }
  }

  return { update };
}
