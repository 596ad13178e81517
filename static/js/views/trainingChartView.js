/**
 * One training curve (loss or accuracy per step) drawn as SVG as the progress lines
 * arrive: round ticks, the x axis over all the steps asked for, the values received kept
 * on the element (`data-values`, `data-first-mean`, `data-last-mean`) for anyone to check.
 * @module views/trainingChartView
 */
import { t } from "../lib/i18n.js";
import { firstAndLast, linePath, niceTicks } from "../lib/trainingSeries.js";
import { el } from "../ui/dom.js";

const NS = "http://www.w3.org/2000/svg";
const W = 480;
const H = 220;
const M = { left: 44, right: 12, top: 10, bottom: 30 };

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * Create a chart of `metric`.
 * @param {HTMLElement} root an empty container
 * @param {"loss"|"accuracy"} metric which series of the state to draw
 * @returns {{update(state: {lang: string, runId: number, total: number, steps: number[],
 *   losses: number[], accuracies: number[]}): void, draw(): void}}
 */
export function createTrainingChartView(root, metric) {
  const values = (state) => (metric === "loss" ? state.losses : state.accuracies);
  const title = el("span", { class: "training-chart-title" });
  const now = el("span", { class: "training-chart-now mono" });
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: `training-svg training-svg-${metric}` });
  const grid = svg("g");
  const ticks = svg("g");
  const line = svg("path", { class: `training-line training-line-${metric}`, d: "" });
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const plot = svg("g", { transform: `translate(${M.left} ${M.top})` });
  plot.append(grid, line);
  chart.append(plot, ticks,
               svg("line", { class: "training-axis", x1: M.left, y1: M.top + plotH, x2: M.left + plotW, y2: M.top + plotH }),
               svg("line", { class: "training-axis", x1: M.left, y1: M.top, x2: M.left, y2: M.top + plotH }));
  const figure = el("figure", { class: "training-chart", dataset: { metric } },
                    el("figcaption", {}, title, now), chart);
  root.append(figure);
  let seen = { count: -1, lang: null, runId: null, total: -1 };

  function axes(xMax, yMin, yMax, yTicks, percent) {
    grid.replaceChildren();
    ticks.replaceChildren();
    for (const v of yTicks) {
      const y = plotH - ((v - yMin) / (yMax - yMin)) * plotH;
      grid.append(svg("line", { class: "training-grid", x1: 0, y1: y, x2: plotW, y2: y }));
      const label = svg("text", { class: "training-tick", x: M.left - 6, y: M.top + y + 4, "text-anchor": "end" });
      label.textContent = percent ? `${Math.round(v * 100)}%` : String(v);
      ticks.append(label);
    }
    for (const v of niceTicks(0, xMax, 4)) {
      if (v > xMax) continue;
      const x = M.left + (v / xMax) * plotW;
      const label = svg("text", { class: "training-tick", x, y: H - 12, "text-anchor": "middle" });
      label.textContent = String(v);
      ticks.append(label);
    }
    const name = svg("text", { class: "training-tick", x: M.left + plotW, y: H - 1, "text-anchor": "end" });
    name.textContent = t("backprop.training.step");
    ticks.append(name);
  }

  return {
    update(state) {
      const v = values(state);
      if (v.length === seen.count && state.lang === seen.lang && state.runId === seen.runId
          && state.total === seen.total) return;
      const xMax = Math.max(state.total, 1);
      const percent = metric === "accuracy";
      const top = percent ? 1 : Math.max(1, ...v);
      const yTicks = percent ? [0, 0.25, 0.5, 0.75, 1] : niceTicks(0, top, 4);
      const yMax = yTicks[yTicks.length - 1];
      axes(xMax, 0, yMax, yTicks, percent);
      line.setAttribute("d", linePath(state.steps, v, { xMin: 0, xMax, yMin: 0, yMax, width: plotW, height: plotH }));
      const name = t(metric === "loss" ? "backprop.training.loss" : "backprop.training.accuracy");
      title.textContent = name;
      const last = v.length ? v[v.length - 1] : null;
      const shown = last === null ? "" : percent ? (100 * last).toFixed(1) : last.toFixed(3);
      now.textContent = last === null ? ""
        : t(percent ? "backprop.training.accuracyNow" : "backprop.training.lossNow", { value: shown });
      chart.setAttribute("aria-label", t("backprop.training.chartLabel", { name, count: v.length, value: shown || "-" }));
      figure.dataset.count = String(v.length);
      figure.dataset.values = JSON.stringify(v.map((x) => Number(x.toPrecision(6))));
      const { first, last: lastMean, size } = firstAndLast(v);
      figure.dataset.window = String(size);
      figure.dataset.firstMean = v.length ? String(first) : "";
      figure.dataset.lastMean = v.length ? String(lastMean) : "";
      seen = { count: v.length, lang: state.lang, runId: state.runId, total: state.total };
    },
    draw() {},
  };
}
