/**
 * Information volume (H x W x C of each layer's output, a line with dots) and parameters
 * (bars) across the chosen network's layers, on one logarithmic axis. Drawn as SVG from
 * the preset's summary, so it is there before the pass; layers that have arrived are marked.
 * @module views/mapsChartView
 */
import { number, t } from "../lib/i18n.js";
import { chartModel } from "../lib/mapsChart.js";
import { ratioText, shortCount } from "../lib/mapsFormat.js";
import { networkTitle } from "../lib/netText.js";
import { el } from "../ui/dom.js";

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const child of children) if (child) node.append(child);
  return node;
}

function tip(text) {
  const title = svg("title");
  title.textContent = text;
  return title;
}

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void}}
 */
export function createMapsChartView(root) {
  const caption = el("p", { class: "maps-hint", i18n: "maps.chart.caption" });
  const box = el("div", { class: "maps-chart-box" });
  const legend = el("p", { class: "maps-chart-legend" },
    el("span", { class: "maps-key maps-key-volume", "aria-hidden": "true" }), el("span", { i18n: "maps.chart.volume" }),
    el("span", { class: "maps-key maps-key-params", "aria-hidden": "true" }), el("span", { i18n: "maps.chart.params" }));
  root.append(el("h2", { id: "maps-chart-title", i18n: "maps.chart.title" }), caption, legend, box);
  let seenNet = null;
  let seenLang = null;
  let dots = [];
  return {
    update(state) {
      const net = state.networks.find((n) => n.name === state.network);
      if (net && (net !== seenNet || state.lang !== seenLang)) {
        seenNet = net;
        seenLang = state.lang;
        const layers = net.run_summary.layers;
        const width = Math.max(360, 16 * layers.length + 60);
        const m = chartModel(layers, { width, height: 220 });
        const plot = svg("svg", { viewBox: `0 0 ${m.width} ${m.height}`, class: "maps-chart-svg", role: "img",
                                  "aria-label": t("maps.chart.label", { name: networkTitle(net).text }) });
        for (const tick of m.ticks) {
          plot.append(svg("line", { x1: m.plot.x0, x2: m.plot.x1, y1: tick.y, y2: tick.y, class: "maps-chart-grid" }));
          const label = svg("text", { x: m.plot.x0 - 4, y: tick.y + 4, "text-anchor": "end", class: "maps-chart-tick" });
          label.textContent = shortCount(tick.value, "en");
          plot.append(label);
        }
        for (const bar of m.params) {
          const l = layers[bar.index];
          plot.append(svg("rect", { x: bar.x, y: bar.y, width: bar.width, height: Math.max(1, m.plot.y0 - bar.y),
                                    class: "maps-chart-bar" },
            tip(t("maps.chart.barTip", { name: l.name, params: number(l.params) }))));
        }
        const path = m.volume.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
        plot.append(svg("path", { d: path, class: "maps-chart-line" }));
        dots = m.volume.map((p) => {
          const l = layers[p.index];
          const dot = svg("circle", { cx: p.x, cy: p.y, r: 3.5, class: "maps-chart-dot" },
            tip(t("maps.chart.dotTip", { name: l.name, volume: number(l.volume), ratio: ratioText(l.ratio) })));
          plot.append(dot);
          return dot;
        });
        const every = Math.max(1, Math.ceil(layers.length / 20));
        for (const p of m.volume) {
          if (p.index % every !== 0) continue;
          const label = svg("text", { x: p.x, y: m.plot.y0 + 16, "text-anchor": "middle", class: "maps-chart-tick" });
          label.textContent = String(p.index);
          plot.append(label);
        }
        const axis = svg("text", { x: m.plot.x1, y: m.height - 2, "text-anchor": "end", class: "maps-chart-tick" });
        axis.textContent = t("maps.chart.axis");
        plot.append(axis);
        box.replaceChildren(plot);
      }
      const arrived = state.run.network === state.network ? state.run.layers.length : 0;
      dots.forEach((dot, i) => dot.classList.toggle("maps-chart-arrived", i < arrived));
    },
  };
}
