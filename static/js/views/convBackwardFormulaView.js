/**
 * The formula beside the convolution-backward animation, with the current step's numbers
 * filled in from the engine's trace (window values, kernel values, products, the sum).
 * @module views/convBackwardFormulaView
 */
import { t } from "../lib/i18n.js";
import { cellText, factorText } from "../lib/opsNumbers.js";
import { stampOf } from "../lib/convBackwardLayout.js";
import { el } from "../ui/dom.js";

/**
 * The formula box both operation sections show: the general formula, the current step's
 * numbers (`data-role="formula"`, read by the tests) and the words.
 * @param {boolean} monoNumbers set the numbers line in the monospaced font
 * @returns {{box: HTMLElement, general: HTMLElement, numbers: HTMLElement, words: HTMLElement}}
 */
export function createFormulaBox(monoNumbers) {
  const general = el("p", { class: "ops-formula-general mono" });
  const numbers = el("p", { class: `ops-formula-numbers${monoNumbers ? " mono" : ""}`,
                            dataset: { role: "formula" } });
  const words = el("p", { class: "ops-formula-words" });
  return { box: el("div", { class: "ops-formula" }, general, numbers, words), general, numbers, words };
}

/**
 * Make the formula panel in `root`.
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createConvBackwardFormulaView(root) {
  const { box, general, numbers, words } = createFormulaBox(true);
  root.append(box);

  const terms = (window, weight) => window.map((v, i) => `${factorText(v)}\u00D7${factorText(weight[i])}`).join(" + ");

  function update(state) {
    const data = state.data;
    box.hidden = !data;
    if (!data) return;
    const geo = data.geom;
    const step = state.step;
    const kk = geo.k * geo.k;
    if (state.mode === "dw") {
      const tr = data.dw;
      const n = geo.ho * geo.wo;
      const m = Math.floor(step / geo.k);
      const k = step % geo.k;
      general.textContent = "\u2202L/\u2202w[m, n] = \u03A3\u1D62,\u2C7C x\u0303[D\u00B7m + S\u00B7i, D\u00B7n + S\u00B7j] \u00B7 \u2202L/\u2202y[i, j]";
      numbers.textContent = `\u2202L/\u2202w[${m}, ${k}] = ${terms(tr.window.slice(step * n, (step + 1) * n), tr.weight)} = ${cellText(tr.result[step])}`;
      words.textContent = t("ops.conv.dwWords", { s: geo.s, d: geo.d });
    } else if (state.transposed) {
      const stamp = stampOf(data.dx, data.arranged, geo, step);
      const oy = Math.floor(step / geo.wo);
      const ox = step % geo.wo;
      const g = data.grad[step];
      general.textContent = "\u2202L/\u2202x[S\u00B7i \u2212 P + D\u00B7m, S\u00B7j \u2212 P + D\u00B7n] += \u2202L/\u2202y[i, j] \u00B7 w[m, n]";
      const landed = stamp.filter((c) => c.dest !== null)
        .map((c) => `${factorText(g)}\u00D7${factorText(data.w[c.k[0] * geo.k + c.k[1]])} = ${cellText(c.value)}`);
      numbers.textContent = `\u2202L/\u2202y[${oy}, ${ox}] = ${cellText(g)}: ${landed.join(", ")}`;
      words.textContent = t("ops.conv.stampWords", { s: geo.s, p: geo.p });
    } else {
      const tr = data.dx;
      const i = Math.floor(step / geo.w);
      const j = step % geo.w;
      // A cross-correlation (\u22C6) with the rotated kernel: the window reads g\u0303[i + D\u00B7m].
      general.textContent = "\u2202L/\u2202x[i, j] = \u03A3\u2098,\u2099 g\u0303[i + D\u00B7m, j + D\u00B7n] \u00B7 rot180(w)[m, n] = (g\u0303 \u22C6 rot180(w))[i, j]";
      numbers.textContent = `\u2202L/\u2202x[${i}, ${j}] = ${terms(tr.window.slice(step * kk, (step + 1) * kk), tr.weight)} = ${cellText(tr.result[step])}`;
      words.textContent = t("ops.conv.dxWords", { keff: geo.d * (geo.k - 1) + 1, p: geo.p, lo: data.arranged.lo, d: geo.d });
    }
  }

  return { update, draw: () => false };
}
