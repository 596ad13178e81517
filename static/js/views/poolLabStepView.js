/**
 * The arithmetic of the current pooling step: max pooling lists the window's values and marks
 * its maximum (padding never wins); average pooling writes the sum out and divides it by the
 * engine's divisor, saying what that divisor counts (the input cells only, or the padding too,
 * never the cells past the padding that ceil_mode reaches). The summary line is announced.
 * @module views/poolLabStepView
 */
import { t } from "../lib/i18n.js";
import { formatValue } from "../lib/labSteps.js";
import { poolStep } from "../lib/poolLabTrace.js";
import { el } from "../ui/dom.js";

/**
 * Create the step view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (s: object) => void}}
 */
export function createPoolLabStepView(root, store) {
  const title = el("h2", { class: "poolLab-title" });
  const live = el("p", { class: "poolLab-step-summary", "aria-live": "polite" });
  const sum = el("p", { class: "poolLab-sum" });
  const why = el("p", { class: "poolLab-note" });
  const section = el("section", { class: "poolLab-step" }, title, live, sum, why);
  root.append(section);
  let shown = "";

  function terms(step, kind) {
    const out = [];
    for (const tap of step.taps) {
      if (tap.role === "beyond") continue;
      if (tap.role === "pad" && (kind === "max" || !step.countIncludePad)) continue;
      const text = tap.role === "pad" ? "0" : formatValue(tap.value);
      const cls = tap.role === "pad" ? "poolLab-term poolLab-term-pad" : tap.max ? "poolLab-term poolLab-term-max"
        : "poolLab-term";
      out.push(el(tap.max ? "mark" : "span", { class: cls, dataset: { role: tap.role }, text }));
    }
    return out;
  }

  function update(state) {
    title.textContent = t("poolLab.step.title");
    const tr = state.trace;
    const s = tr && state.done > 0 ? Math.min(state.done, tr.steps) - 1 : -1;
    const id = `${state.lang}|${s}|${state.status}`;
    if (id === shown && tr === section.trace) return;
    shown = id;
    section.trace = tr;
    sum.textContent = "";
    why.textContent = "";
    if (!tr) { live.textContent = state.status === "error" ? t("poolLab.step.none") : t("common.loading"); return; }
    if (s < 0) { live.textContent = t("poolLab.step.ready", { total: tr.steps }); return; }
    const step = { ...poolStep(tr, s), countIncludePad: tr.countIncludePad };
    const at = step.outPos.map((v) => v + 1).join(", ");
    const v = formatValue(step.result, 4);
    const parts = terms(step, tr.kind);
    const joined = [];
    parts.forEach((p, i) => { if (i) joined.push(tr.kind === "max" ? ", " : " + "); joined.push(p); });
    const result = el("b", { class: "poolLab-result", text: v });
    if (tr.kind === "max") {
      sum.append("max(", ...joined, ") = ", result);
      const ties = step.taps.filter((tap) => tap.max).length;
      const notes = [];
      if (step.argmax) notes.push(t("poolLab.step.argmax", { at: step.argmax.map((x) => x + 1).join(", ") }));
      if (ties > 1) notes.push(t("poolLab.step.ties", { n: ties }));
      if (step.counts.pad + step.counts.beyond > 0) notes.push(t("poolLab.step.padMax", { n: step.counts.pad + step.counts.beyond }));
      why.textContent = notes.join(" ");
    } else {
      const d = formatValue(step.divisor);
      sum.append("(", ...joined, ") / ", el("b", { class: "poolLab-divisor", dataset: { divisor: String(step.divisor) }, text: d }),
        " = ", result);
      const notes = [];
      if (tr.countIncludePad && step.counts.pad > 0) {
        notes.push(t("poolLab.step.divisorPad", { d, n: step.counts.value, p: step.counts.pad }));
      } else if (step.counts.pad > 0) {
        notes.push(t("poolLab.step.divisorReal", { d, n: step.counts.value, p: step.counts.pad }));
      } else if (step.counts.beyond > 0) {
        notes.push(t("poolLab.step.divisorCells", { d, n: step.counts.value }));
      } else {
        notes.push(t("poolLab.step.divisorFull", { d }));
      }
      if (step.counts.beyond > 0) notes.push(t("poolLab.step.beyond", { n: step.counts.beyond }));
      why.textContent = notes.join(" ");
    }
    live.textContent = t(tr.kind === "avg" ? "poolLab.step.summaryAvg" : "poolLab.step.summary", {
      n: s + 1, total: tr.steps, c: step.channel + 1, at, v, d: formatValue(step.divisor) });
  }

  return { update };
}
