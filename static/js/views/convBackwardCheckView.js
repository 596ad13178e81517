/**
 * The check under the convolution-backward animation: the engine's own `conv/backward`
 * answer (dL/dx, dL/dw, dL/db) beside the animation's end result, and whether they match.
 * Both sides are API answers; the page only compares them.
 * @module views/convBackwardCheckView
 */
import { t } from "../lib/i18n.js";
import { cellText, maxAbs } from "../lib/opsNumbers.js";
import { createConvBackwardGridView } from "./convBackwardGridView.js";

/**
 * Make the check panel in `root`.
 * @param {HTMLElement} root
 * @param {(state: object) => number} total the number of animation steps
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createConvBackwardCheckView(root, total) {
  const box = document.createElement("div");
  box.className = "ops-check";
  const title = document.createElement("h3");
  const verdict = document.createElement("p");
  verdict.className = "ops-verdict";
  verdict.dataset.role = "match";
  const row = document.createElement("div");
  row.className = "ops-row";
  const bias = document.createElement("p");
  bias.className = "ops-bias mono";
  box.append(title, verdict, row, bias);
  root.append(box);
  const dx = createConvBackwardGridView(row, "engine-dx");
  const dw = createConvBackwardGridView(row, "engine-dw");

  function update(state) {
    const data = state.data;
    box.hidden = !data;
    if (!data) return;
    const geo = data.geom;
    title.textContent = t("ops.conv.checkTitle");
    dx.update({ rows: geo.h, cols: geo.w, values: data.back.gx, scale: maxAbs(data.back.gx),
                caption: t("ops.conv.engineDx") });
    dw.update({ rows: geo.k, cols: geo.k, values: data.back.gw, scale: maxAbs(data.back.gw),
                caption: t("ops.conv.engineDw") });
    const which = state.mode === "dw" ? "dw" : state.transposed ? "stamps" : "dx";
    const ok = data.match[which];
    const atEnd = state.step >= total(state) - 1;
    verdict.dataset.match = String(ok);
    verdict.dataset.which = which;
    verdict.className = `ops-verdict ${ok ? "ops-verdict-ok" : "message message-error"}`;
    verdict.textContent = `${ok ? "\u2714" : "\u2716"} ${t(ok ? `ops.conv.match.${which}` : "ops.conv.mismatch")}`
      + (atEnd ? "" : ` ${t("ops.conv.matchAtEnd")}`);
    bias.textContent = t("ops.conv.bias", { value: cellText(data.back.gb[0]) });
  }

  return { update, draw: () => false };
}
