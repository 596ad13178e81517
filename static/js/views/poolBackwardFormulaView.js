/**
 * What the current window does with its gradient, in words and numbers (the trace's
 * maximum, maxima and divisor; the engine's share per cell), and the check that the
 * window-by-window sum equals the engine's own `pool/backward` answer.
 * @module views/poolBackwardFormulaView
 */
import { t } from "../lib/i18n.js";
import { cellText } from "../lib/opsNumbers.js";
import { poolWindow } from "../lib/poolBackwardLayout.js";
import { el } from "../ui/dom.js";
import { createFormulaBox } from "./convBackwardFormulaView.js";

/**
 * Make the panel in `root`.
 * @param {HTMLElement} root
 * @param {(state: object) => number} total the number of animation steps
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createPoolBackwardFormulaView(root, total) {
  const { box, general, numbers, words } = createFormulaBox(false);
  const verdict = el("p", { class: "ops-verdict", dataset: { role: "match" } });
  root.append(box, verdict);

  function update(state) {
    const data = state.data;
    box.hidden = !data;
    verdict.hidden = !data;
    if (!data) return;
    const step = state.step;
    const tr = data.trace;
    const [, w] = data.shape;
    const [, wo] = data.gradShape;
    const kk = tr.taps.length;
    const win = poolWindow(tr.origin[step], tr.taps, tr.cols, tr.padLo, data.shape);
    const cells = data.shape[0] * w;
    const share = (i) => data.shares[step * cells + i];
    const at = (i) => `(${Math.floor(i / w)}, ${i % w})`;
    const vars = { o: `(${Math.floor(step / wo)}, ${step % wo})`, g: cellText(data.grad[step]) };
    if (data.kind === "max") {
      const maxima = win.input.filter((i, tap) => i !== null && tr.maxima[step * kk + tap]);
      const first = win.input[tr.first[step]];
      general.textContent = t("ops.pool.formulaMax");
      const base = { ...vars, m: cellText(tr.result[step]), n: maxima.length, at: maxima.map(at).join(", ") };
      if (maxima.length <= 1) {
        numbers.textContent = t("ops.pool.maxOne", { ...base, share: cellText(share(first)) });
      } else {
        const rule = state.ties;
        const who = rule === "first" ? first : maxima[0];
        numbers.textContent = `${t("ops.pool.maxTie", base)} ${t(`ops.pool.rule.${rule}`,
          { ...base, first: at(first), share: cellText(share(who)) })}`;
      }
      words.textContent = t("ops.pool.maxWords");
    } else {
      const real = win.input.filter((i) => i !== null);
      general.textContent = t("ops.pool.formulaAvg");
      numbers.textContent = t("ops.pool.avgStep", { ...vars, n: real.length, div: cellText(tr.divisor[step]),
                                                    share: cellText(share(real[0])) });
      words.textContent = t(data.countIncludePad ? "ops.pool.avgWordsPad" : "ops.pool.avgWordsReal");
    }
    const ok = data.match;
    const atEnd = step >= total(state) - 1;
    verdict.dataset.match = String(ok);
    verdict.className = `ops-verdict ${ok ? "ops-verdict-ok" : "message message-error"}`;
    verdict.textContent = `${ok ? "\u2714" : "\u2716"} ${t(ok ? "ops.pool.match" : "ops.pool.mismatch")}`
      + (atEnd ? "" : ` ${t("ops.conv.matchAtEnd")}`);
  }

  return { update, draw: () => false };
}
