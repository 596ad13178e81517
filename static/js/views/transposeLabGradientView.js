/**
 * Beside the stamps, the convolution whose gradient they are: the ordinary convolution with
 * the same kernel, stride, padding and dilation maps the transposed output's size back to the
 * input's (its formula filled in, and which sizes its floor merges), and its backward pass with
 * respect to its input, asked of the engine (`POST /api/v1/conv/backward` with dL/dy = this
 * mode's input), gives the same numbers as the transposed convolution.
 * @module views/transposeLabGradientView
 */
import { t } from "../lib/i18n.js";
import { cellText, maxAbs } from "../lib/opsNumbers.js";
import { forwardAxis } from "../lib/transposeLabGeometry.js";
import { compareOutputs } from "../lib/transposeLabTrace.js";
import { el } from "../ui/dom.js";
import { createTransposeLabGridView } from "./transposeLabGridView.js";

const NAMES = ["H", "W"];

/**
 * Create the view.
 * @param {HTMLElement} root
 * @returns {{update: (s: object) => void}}
 */
export function createTransposeLabGradientView(root) {
  const title = el("h2", { class: "transposeLab-panel-title", id: "transposeLab-gradient-title" });
  const lead = el("p", { class: "transposeLab-gradient-lead" });
  const lines = el("ul", { class: "transposeLab-formula-lines" });
  const floor = el("p", { class: "transposeLab-note" });
  const claim = el("p", { class: "transposeLab-gradient-claim" });
  const gridBox = el("div", { class: "transposeLab-row" });
  const verdict = el("p", { class: "transposeLab-verdict", role: "status" });
  const direct = el("p", { class: "transposeLab-note" });
  const section = el("section", { class: "transposeLab-gradient", "aria-labelledby": title.id },
    title, lead, lines, floor, claim, gridBox, verdict, direct);
  root.append(section);
  const grid = createTransposeLabGridView(gridBox, "gradient");

  function update(s) {
    const st = s.stamps;
    section.hidden = !st;
    if (!st) return;
    title.textContent = t("transposeLab.grad.title");
    const [oh, ow] = st.outShape;
    const fwd = [forwardAxis(oh, s.k, s.stride, s.padding, s.dilation),
                 forwardAxis(ow, s.k, s.stride, s.padding, s.dilation)];
    const sizes = [s.rows, s.cols];
    lead.textContent = t("transposeLab.grad.lead", { k: s.k, s: s.stride, p: s.padding, d: s.dilation,
      o: `${oh}\u00D7${ow}`, h: `${s.rows}\u00D7${s.cols}` });
    lines.replaceChildren(...fwd.map((f, a) => el("li", {
      class: "transposeLab-formula-line mono", dataset: { axis: NAMES[a], out: String(f.out) } },
    `${NAMES[a]} = ⌊(${f.size} + 2·${s.padding} − ${s.dilation}·(${s.k} − 1) − 1) / ${s.stride}⌋ + 1`
      + ` = ⌊${f.numerator} / ${s.stride}⌋ + 1 = `,
    el("b", { class: f.out === sizes[a] ? "transposeLab-formula-out" : "transposeLab-formula-bad", text: String(f.out) }))));
    const merged = fwd[0];
    floor.textContent = s.stride > 1 && fwd.every((f, a) => f.out === sizes[a])
      ? t("transposeLab.grad.floor", { s: s.stride, lo: merged.size - merged.remainder,
        hi: merged.size - merged.remainder + s.stride - 1, h: s.rows, o: merged.size, op: s.outputPadding })
      : "";
    floor.hidden = !floor.textContent;
    claim.textContent = t("transposeLab.grad.claim");
    claim.hidden = !fwd.every((f, a) => f.out === sizes[a]);

    const back = s.backward;
    grid.element.hidden = !(back && back.gradInput);
    verdict.className = "transposeLab-verdict";
    verdict.dataset.same = "";
    if (!back || back.status === "loading") {
      verdict.textContent = t("transposeLab.grad.loading");
    } else if (back.status === "error") {
      const fwdSize = fwd.map((f) => f.out).join("\u00D7");
      verdict.replaceChildren(t("transposeLab.grad.mismatch", { s: s.stride, o: `${oh}\u00D7${ow}`,
        h: `${s.rows}\u00D7${s.cols}`, fwd: fwdSize, op: s.outputPadding }), " ",
      el("span", { class: "transposeLab-error", lang: "en", text: back.error.english }));
      verdict.dataset.same = "false";
    } else {
      const cmp = compareOutputs(st.output, back.gradInput);
      grid.update({ rows: oh, cols: ow, values: back.gradInput, scale: maxAbs(st.output, back.gradInput),
        caption: t("transposeLab.grad.result", { size: `${oh}\u00D7${ow}` }) });
      verdict.textContent = t(cmp.same ? "transposeLab.grad.same" : "transposeLab.grad.differ",
        { diff: cellText(cmp.maxDiff, 12) });
      verdict.classList.add(cmp.same ? "transposeLab-verdict-ok" : "transposeLab-verdict-bad");
      verdict.dataset.same = String(cmp.same);
    }
    const lo = s.dilation * (s.k - 1) - s.padding;
    const side = (n) => t(n > 0 ? "transposeLab.grad.pad" : n < 0 ? "transposeLab.grad.crop" : "transposeLab.grad.nothing",
      { n: Math.abs(n) });
    direct.textContent = t("transposeLab.grad.direct", { z: s.stride - 1, start: side(lo),
      end: side(lo + s.outputPadding), lo, op: s.outputPadding });
  }

  return { update };
}
