/**
 * The arithmetic of the current step: per input channel the element-wise products of window
 * and kernel and their sum, then the sum over channels plus the bias landing in the output
 * cell. The numbers are the trace's; the text is announced to screen readers.
 * @module views/labStepView
 */
import { t } from "../lib/i18n.js";
import { formatValue, prod, stepOutput } from "../lib/labSteps.js";
import { el } from "../ui/dom.js";

/** Most taps whose products are listed one by one; bigger kernels show only the sums. */
const MAX_TERMS = 49;

/**
 * Create the step view.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (s: object) => void}}
 */
export function createLabStepView(root, store) {
  const title = el("h2", { class: "lab-panel-title" });
  const body = el("div", { class: "lab-step-body" });
  const live = el("p", { class: "lab-step-summary", "aria-live": "polite" });
  const section = el("section", { class: "lab-step" }, title, live, body);
  root.append(section);
  let shown = "";

  function update(state) {
    title.textContent = t("lab.step.title");
    const tr = state.trace;
    const s = tr && state.done > 0 ? state.done - 1 : -1;
    const id = `${state.lang}|${s}|${tr ? tr.steps : 0}|${state.status}|${tr && tr.flip}`;
    if (id === shown && tr === section.trace) return;
    shown = id;
    section.trace = tr;
    body.textContent = "";
    if (!tr) { live.textContent = state.status === "error" ? t("lab.step.none") : t("common.loading"); return; }
    if (s < 0) { live.textContent = t("lab.step.ready", { total: tr.steps }); return; }
    const taps = prod(tr.kernel);
    const o = stepOutput(tr, s);
    const at = o.pos.map((p) => p + 1).join(", ");
    for (let c = 0; c < tr.cg; c += 1) {
      const from = (s * tr.cg + c) * taps;
      const row = el("div", { class: "lab-step-channel" });
      if (tr.cg > 1) row.append(el("h3", { text: t("lab.step.channel", { c: tr.channels[s][c] + 1 }) }));
      if (taps <= MAX_TERMS) {
        const cols = tr.kernel[tr.kernel.length - 1];
        const gridEl = el("div", { class: "lab-products", role: "list" });
        gridEl.style.gridTemplateColumns = `repeat(${cols}, minmax(0, max-content))`;
        for (let i = 0; i < taps; i += 1) {
          const x = formatValue(tr.window[from + i]);
          const w = formatValue(tr.weight[(o.channel * tr.cg + c) * taps + i], 4);
          const p = formatValue(tr.products[from + i]);
          gridEl.append(el("span", { class: "lab-product", role: "listitem",
            title: `${x} × ${w} = ${p}` }, el("small", { text: `${x}×${w}` }), el("b", { text: p })));
        }
        row.append(gridEl);
      }
      row.append(el("p", { class: "lab-sum", text: t("lab.step.channelSum", {
        c: tr.channels[s][c] + 1, sum: formatValue(tr.channelSums[s * tr.cg + c], 4) }) }));
      body.append(row);
    }
    const sums = [];
    for (let c = 0; c < tr.cg; c += 1) sums.push(formatValue(tr.channelSums[s * tr.cg + c], 4));
    const total = el("p", { class: "lab-total" });
    total.append(t("lab.step.total", { sums: sums.join(" + "), bias: formatValue(tr.bias[s], 4) }), " ",
                 el("b", { class: "lab-result", text: formatValue(tr.result[s], 4) }));
    body.append(total);
    live.textContent = t("lab.step.summary", { n: s + 1, total: tr.steps, j: o.channel + 1, at,
      v: formatValue(tr.result[s], 4) });
  }

  return { update };
}
