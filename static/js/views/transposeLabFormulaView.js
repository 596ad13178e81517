/**
 * The transposed convolution's output-size formula with the current numbers filled in, per
 * axis, beside the size the engine answered; what the stamps reach before the padding crops
 * them; and, when a setting cannot run, a plain reason and the engine's own sentence.
 * @module views/transposeLabFormulaView
 */
import { t } from "../lib/i18n.js";
import { impossibility } from "../lib/transposeLabGeometry.js";
import { el } from "../ui/dom.js";
import { axesOf } from "./transposeLabStageView.js";

const NAMES = ["H", "W"];

/**
 * Create the formula view.
 * @param {HTMLElement} root
 * @returns {{update: (s: object) => void}}
 */
export function createTransposeLabFormulaView(root) {
  const title = el("h2", { class: "transposeLab-panel-title" });
  const general = el("p", { class: "transposeLab-formula-general mono" });
  const lines = el("ul", { class: "transposeLab-formula-lines" });
  const canvas = el("p", { class: "transposeLab-formula-canvas" });
  const engine = el("p", { class: "transposeLab-formula-engine" });
  const why = el("div", { class: "transposeLab-why" });
  root.append(el("section", { class: "transposeLab-formula" }, title, general, lines, canvas, engine, why));
  let key = "";

  function update(s) {
    const id = [s.lang, s.rows, s.cols, s.k, s.stride, s.padding, s.outputPadding, s.dilation, s.status,
      s.error ? s.error.english : "", s.stamps ? s.stamps.outShape : ""].map(String).join("|");
    if (id === key) return;
    key = id;
    title.textContent = t("transposeLab.formula.title");
    general.textContent = t("transposeLab.formula.general");
    const axes = axesOf(s);
    const reason = impossibility(axes);
    lines.replaceChildren(...axes.map((ax, a) => {
      const head = `${NAMES[a]}_out = (${ax.h} − 1)·${ax.s} − 2·${ax.p} + ${ax.d}·(${ax.k} − 1) + ${ax.op} + 1`;
      const item = el("li", { class: "transposeLab-formula-line mono",
        dataset: { axis: NAMES[a], out: String(ax.ok ? ax.out : 0) } });
      const sum = `${(ax.h - 1) * ax.s} − ${2 * ax.p} + ${ax.d * (ax.k - 1)} + ${ax.op} + 1`;
      if (ax.ok) {
        item.append(`${head} = ${sum} = `, el("b", { class: "transposeLab-formula-out", text: String(ax.out) }));
      } else {
        item.append(`${head} = ${ax.out}: `, el("b", { class: "transposeLab-formula-bad", text: t("transposeLab.formula.refused") }));
      }
      return item;
    }));
    const [rowAx, colAx] = axes;
    canvas.textContent = t("transposeLab.formula.canvas", { ch: rowAx.canvas, cw: colAx.canvas, p: s.padding,
      op: s.outputPadding });
    const shape = s.stamps ? s.stamps.outShape : null;
    engine.textContent = shape ? t("transposeLab.formula.engine", { shape: shape.join("\u00D7") }) : "";
    engine.dataset.shape = shape ? shape.join("x") : "";
    why.replaceChildren();
    if (reason) why.append(el("p", { class: "message message-info", text: t(reason.key, reason.vars) }));
    if (s.status === "error" && s.error) {
      why.append(el("p", { class: "message message-error transposeLab-error", role: "alert" },
        el("b", { text: t("transposeLab.error.server") }), " ", s.error.text()));
    }
  }

  return { update };
}
