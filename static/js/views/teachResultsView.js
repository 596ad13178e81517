/**
 * What the head learned: loss and accuracy per epoch (training solid, held-out dashed),
 * the confusion matrix on the held-out photos, and every photo's vector in 2-D.
 * @module views/teachResultsView
 */
import { number, t } from "../lib/i18n.js";
import { CLASS_COLOURS, paddedRange } from "../lib/teachData.js";
import { decodeTensor } from "../lib/tensor.js";
import { el } from "../ui/dom.js";

function canvas(id, labelKey) {
  const c = el("canvas", { id, width: 480, height: 360, role: "img" });
  c.dataset.labelKey = labelKey;
  return c;
}

function drawCurves(ctx, epochs) {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  if (!epochs.length) return;
  const pad = 36;
  const maxLoss = Math.max(...epochs.map((p) => Math.max(p.loss, p.held_out_loss ?? 0)), 1e-6);
  const x = (i) => pad + (i / Math.max(1, epochs.length - 1)) * (w - 2 * pad);
  const series = [
    { key: "loss", scale: (v) => h - pad - (v / maxLoss) * (h - 2 * pad), colour: "#d55e00", dash: [] },
    { key: "held_out_loss", scale: (v) => h - pad - (v / maxLoss) * (h - 2 * pad), colour: "#d55e00", dash: [6, 4] },
    { key: "accuracy", scale: (v) => h - pad - v * (h - 2 * pad), colour: "#0072b2", dash: [] },
    { key: "held_out_accuracy", scale: (v) => h - pad - v * (h - 2 * pad), colour: "#0072b2", dash: [6, 4] },
  ];
  ctx.strokeStyle = "#9aa3b2";
  ctx.setLineDash([]);
  ctx.strokeRect(pad, pad, w - 2 * pad, h - 2 * pad);
  for (const s of series) {
    if (epochs[0][s.key] === null || epochs[0][s.key] === undefined) continue;
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dash);
    ctx.beginPath();
    epochs.forEach((p, i) => (i ? ctx.lineTo(x(i), s.scale(p[s.key])) : ctx.moveTo(x(i), s.scale(p[s.key]))));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.fillStyle = "#1d2330";
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillText(`${t("teach.loss")} (0–${number(maxLoss, 2)})`, pad, pad - 10);
  ctx.fillStyle = "#0072b2";
  ctx.fillText(`${t("teach.accuracy")} (0–100%)`, w / 2, pad - 10);
}

function drawScatter(ctx, points, labels) {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  const n = labels.length;
  const xs = Array.from({ length: n }, (_, i) => points[2 * i]);
  const ys = Array.from({ length: n }, (_, i) => points[2 * i + 1]);
  const [x0, x1] = paddedRange(xs);
  const [y0, y1] = paddedRange(ys);
  const pad = 16;
  for (let i = 0; i < n; i += 1) {
    const px = pad + ((xs[i] - x0) / (x1 - x0)) * (w - 2 * pad);
    const py = h - pad - ((ys[i] - y0) / (y1 - y0)) * (h - 2 * pad);
    ctx.fillStyle = CLASS_COLOURS[labels[i] % CLASS_COLOURS.length];
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/**
 * @param {HTMLElement} root
 * @returns {{update(state: object): void}}
 */
export function createTeachResultsView(root) {
  const curves = canvas("teach-curves", "teach.curvesLabel");
  const scatter = canvas("teach-scatter", "teach.scatterLabel");
  const confusion = el("div", { id: "teach-confusion" });
  const scatterText = el("p", {});
  const legend = el("ul", { class: "teach-legend" });
  root.replaceChildren(el("div", { class: "teach-results" },
    el("figure", {}, el("h3", { i18n: "teach.curves" }), curves),
    el("figure", {}, el("h3", { i18n: "teach.confusion" }), confusion),
    el("figure", {}, el("h3", { i18n: "teach.scatter" }), scatter, legend, scatterText)));
  return {
    update(state) {
      const run = state.train;
      root.hidden = !run.epochs.length;
      curves.setAttribute("aria-label", t("teach.curvesLabel"));
      drawCurves(curves.getContext("2d"), run.epochs);
      const done = run.status === "done" ? run.result : null;
      confusion.replaceChildren();
      legend.replaceChildren();
      scatterText.textContent = "";
      scatter.getContext("2d").clearRect(0, 0, scatter.width, scatter.height);
      if (!done) return;
      const names = done.head.classes;
      const matrix = done.confusion.matrix;
      const count = matrix.flat().reduce((a, b) => a + b, 0);
      confusion.append(el("p", { text: done.confusion.on === "held_out"
        ? t("teach.confusionHeld", { count }) : t("teach.confusionTrain") }),
      el("table", { class: "teach-confusion" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("teach.trueClass") }),
          ...names.map((n) => el("th", { scope: "col", text: n })))),
        el("tbody", {}, ...matrix.map((row, i) => el("tr", {}, el("th", { scope: "row", text: names[i] }),
          ...row.map((v, j) => el("td", { text: String(v),
            class: i === j ? "teach-diag" : v ? "teach-miss" : "" })))))));
      const points = decodeTensor(done.projection.points).data;
      drawScatter(scatter.getContext("2d"), points, run.labels);
      scatter.setAttribute("aria-label", t("teach.scatterLabel", { count: run.labels.length }));
      const share = done.projection.explained.reduce((a, b) => a + b, 0);
      scatterText.textContent = t("teach.scatterText", { share: `${number(share * 100, 0)}%` });
      names.forEach((n, k) => {
        const dot = el("span", {});
        dot.style.background = CLASS_COLOURS[k % CLASS_COLOURS.length];
        legend.append(el("li", {}, dot, n));
      });
    },
  };
}
