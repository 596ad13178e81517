/**
 * The grids of the pooling-backward section: the input (with its padding, the current
 * window, its maxima and the cells no window reads), dL/dy, for average pooling the divisor
 * of every window, the current window's own share of the input gradient, and dL/dx summed
 * window by window. Shares and sums are the engine's (`pool/backward` of a batch); the
 * windows, maxima and divisors its trace's.
 * @module views/poolBackwardStageView
 */
import { t } from "../lib/i18n.js";
import { maxAbs } from "../lib/opsNumbers.js";
import { poolWindow } from "../lib/poolBackwardLayout.js";
import { createConvBackwardGridView, createConvBackwardLegend } from "./convBackwardGridView.js";

/**
 * Make the stage in `root`.
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createPoolBackwardStageView(root) {
  const row = document.createElement("div");
  row.className = "ops-row ops-stage";
  root.append(row);
  const input = createConvBackwardGridView(row, "pool-input");
  const grad = createConvBackwardGridView(row, "pool-grad");
  const divisor = createConvBackwardGridView(row, "pool-divisor");
  const share = createConvBackwardGridView(row, "pool-share");
  const result = createConvBackwardGridView(row, "pool-result");
  const legend = createConvBackwardLegend(root);

  function update(state) {
    const data = state.data;
    root.hidden = !data;
    if (!data) return;
    const step = state.step;
    const tr = data.trace;
    const size = (r, c) => `${r}\u00D7${c}`;
    const [h, w] = data.shape;
    const [ho, wo] = data.gradShape;
    const win = poolWindow(tr.origin[step], tr.taps, tr.cols, tr.padLo, data.shape);
    const kk = tr.taps.length;
    const maxima = data.kind === "max"
      ? win.padded.filter((_, i) => tr.maxima[step * kk + i] && tr.valid[step * kk + i]) : [];
    const toPadded = (i) => (Math.floor(i / w) + tr.padLo[0]) * tr.cols + (i % w) + tr.padLo[1];
    input.update({
      rows: tr.rows, cols: tr.cols, values: tr.padded, scale: maxAbs(data.x),
      kinds: tr.inside.map((inside) => (inside ? "value" : "pad")),
      caption: t(tr.rows === h && tr.cols === w ? "ops.pool.input" : "ops.pool.inputPadded",
                 { size: size(h, w) }),
      marks: { window: win.padded, max: maxima, unread: data.unread.map(toPadded) },
      note: data.unread.length ? t("ops.pool.unreadNote", { n: data.unread.length }) : "",
    });
    grad.update({ rows: ho, cols: wo, values: data.grad, scale: maxAbs(data.grad),
                  caption: t("ops.pool.grad", { size: size(ho, wo) }), marks: { current: [step] } });
    divisor.element.hidden = data.kind !== "avg";
    if (data.kind === "avg") {
      divisor.update({ rows: ho, cols: wo, values: tr.divisor, scale: maxAbs(tr.divisor),
                       kinds: tr.divisor.map(() => "count"), caption: t("ops.pool.divisor"),
                       marks: { current: [step] } });
    }
    const cells = h * w;
    const own = Array.from(data.shares.subarray(step * cells, (step + 1) * cells));
    const sum = Array.from(data.sums.subarray(step * cells, (step + 1) * cells));
    const dest = own.map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0);
    const scale = maxAbs(data.sums);
    share.update({ rows: h, cols: w, values: own, scale, caption: t("ops.pool.share", { n: step + 1 }),
                   marks: { dest, unread: data.unread } });
    result.update({ rows: h, cols: w, values: sum, scale, caption: t("ops.pool.result", { n: step + 1 }),
                    marks: { dest, unread: data.unread } });
    const items = [["ops-mark-window", t("ops.legend.window")]];
    if (data.kind === "max") items.push(["ops-mark-max", t("ops.legend.max")]);
    if (tr.inside.some((inside) => !inside)) items.push(["ops-kind-pad", t("ops.legend.pad")]);
    items.push(["ops-mark-dest", t("ops.pool.legendDest")], ["ops-mark-unread", t("ops.pool.legendUnread")]);
    legend(items);
  }

  return { update, draw: () => false };
}
