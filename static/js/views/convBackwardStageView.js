/**
 * The grids of the convolution-backward section. Always: the forward pass's x, w and the
 * gradient arriving, dL/dy. Then, by mode:
 * - dL/dx: the gradient dilated and padded, the kernel rotated 180 degrees (both from the
 *   engine's trace; the rotated kernel slides as it stands, a cross-correlation) and dL/dx
 *   filling cell by cell with the trace's results;
 * - dL/dx as a transposed convolution: each gradient cell stamps g * w (the trace's products
 *   regrouped by destination) and dL/dx accumulates (the engine's convolution of the first
 *   n gradient cells);
 * - dL/dw: the padded input, dL/dy as the kernel (dilated by the stride) and dL/dw filling.
 * @module views/convBackwardStageView
 */
import { t } from "../lib/i18n.js";
import { maxAbs } from "../lib/opsNumbers.js";
import { stampOf, windowCells } from "../lib/convBackwardLayout.js";
import { createConvBackwardGridView, createConvBackwardLegend } from "./convBackwardGridView.js";

/**
 * Make the stage in `root`.
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createConvBackwardStageView(root) {
  const givens = document.createElement("div");
  givens.className = "ops-row ops-givens";
  const stage = document.createElement("div");
  stage.className = "ops-row ops-stage";
  root.append(givens, stage);
  const legend = createConvBackwardLegend(root);
  const grid = (parent, name) => createConvBackwardGridView(parent, name);
  const g = {
    x: grid(givens, "x"), w: grid(givens, "w"), grad: grid(givens, "grad"),
    dxSource: grid(stage, "dx-source"), dxKernel: grid(stage, "dx-kernel"), dxResult: grid(stage, "dx-result"),
    stampSource: grid(stage, "stamp-source"), stamp: grid(stage, "stamp"), stampResult: grid(stage, "stamp-result"),
    dwSource: grid(stage, "dw-source"), dwKernel: grid(stage, "dw-kernel"), dwResult: grid(stage, "dw-result"),
  };
  const show = (names) => {
    for (const [key, view] of Object.entries(g)) {
      if (!["x", "w", "grad"].includes(key)) view.element.hidden = !names.includes(key);
    }
  };
  show([]);

  function update(state) {
    const data = state.data;
    root.hidden = !data;
    if (!data) return;
    const geo = data.geom;
    const size = (r, c) => `${r}\u00D7${c}`;
    g.x.update({ rows: geo.h, cols: geo.w, values: data.x, scale: maxAbs(data.x),
                 caption: t("ops.conv.x", { size: size(geo.h, geo.w) }) });
    g.w.update({ rows: geo.k, cols: geo.k, values: data.w, scale: maxAbs(data.w),
                 caption: t("ops.conv.w", { size: size(geo.k, geo.k) }) });
    g.grad.update({ rows: geo.ho, cols: geo.wo, values: data.grad, scale: maxAbs(data.grad),
                    caption: t("ops.conv.grad", { size: size(geo.ho, geo.wo) }) });
    const step = state.step;
    legend([["ops-mark-window", t("ops.legend.window")], ["ops-mark-current", t("ops.legend.current")],
            ["ops-kind-pad", t("ops.legend.pad")], ["ops-kind-inserted", t("ops.legend.inserted")],
            ["ops-mark-dest", t("ops.legend.dest")], ["ops-kind-dropped", t("ops.legend.dropped")]]);
    if (state.mode === "dw") {
      show(["dwSource", "dwKernel", "dwResult"]);
      const tr = data.dw;
      const xin = data.xin;
      const scale = maxAbs(tr.result);
      g.dwSource.update({ rows: xin.rows, cols: xin.cols, values: xin.data, kinds: xin.kinds,
                          scale: maxAbs(data.x), caption: t("ops.conv.dwSource", { size: size(xin.rows, xin.cols) }),
                          marks: { window: windowCells(tr.origin[step], tr.taps, xin.cols) },
                          note: data.xUnread.length ? t("ops.conv.unreadNote", { n: data.xUnread.length }) : "" });
      g.dwKernel.update({ rows: geo.ho, cols: geo.wo, values: tr.weight, scale: maxAbs(data.grad),
                          caption: t("ops.conv.dwKernel", { s: geo.s }) });
      g.dwResult.update({ rows: geo.k, cols: geo.k, scale,
                          values: tr.result.map((v, i) => (i <= step ? v : null)),
                          caption: t("ops.conv.dwResult", { size: size(geo.k, geo.k) }),
                          marks: { current: [step] } });
    } else if (state.transposed) {
      show(["stampSource", "stamp", "stampResult"]);
      const stamp = stampOf(data.dx, data.arranged, geo, step);
      const cells = geo.h * geo.w;
      const scale = maxAbs(data.dx.result);
      g.stampSource.update({ rows: geo.ho, cols: geo.wo, values: data.grad, scale: maxAbs(data.grad),
                             caption: t("ops.conv.grad", { size: size(geo.ho, geo.wo) }),
                             marks: { current: [step] } });
      g.stamp.update({ rows: geo.k, cols: geo.k, values: stamp.map((c) => c.value),
                       kinds: stamp.map((c) => (c.dest === null ? "dropped" : "value")),
                       scale, caption: t("ops.conv.stamp"),
                       note: stamp.some((c) => c.dest === null) ? t("ops.conv.stampDropped") : "" });
      g.stampResult.update({ rows: geo.h, cols: geo.w, scale,
                             values: Array.from(data.stamps.subarray(step * cells, (step + 1) * cells)),
                             caption: t("ops.conv.stampResult", { n: step + 1 }),
                             marks: { dest: stamp.map((c) => c.dest).filter((d) => d !== null) } });
    } else {
      show(["dxSource", "dxKernel", "dxResult"]);
      const tr = data.dx;
      const a = data.arranged;
      const scale = maxAbs(tr.result);
      g.dxSource.update({ rows: a.rows, cols: a.cols, values: a.data, kinds: a.kinds, scale: maxAbs(data.grad),
                          caption: t("ops.conv.dxSource", { size: size(a.rows, a.cols) }),
                          marks: { window: windowCells(tr.origin[step], tr.taps, a.cols) },
                          note: t("ops.conv.dxSourceNote", { lo: a.lo, between: geo.s - 1 }) });
      g.dxKernel.update({ rows: geo.k, cols: geo.k, values: tr.weight, scale: maxAbs(data.w),
                          caption: t("ops.conv.dxKernel") });
      g.dxResult.update({ rows: geo.h, cols: geo.w, scale,
                          values: tr.result.map((v, i) => (i <= step ? v : null)),
                          caption: t("ops.conv.dxResult", { size: size(geo.h, geo.w) }),
                          marks: { current: [step] } });
    }
  }

  return { update, draw: () => false };
}
