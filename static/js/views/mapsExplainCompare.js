/**
 * "Compare all": every method's heat map for the same class side by side, small multiples in
 * the server's order, each labelled with its method (a button that shows it large) and the
 * seconds it took, filling in as the methods run one after the other.
 * @module views/mapsExplainCompare
 */
import { EXPLAIN_METHODS, MANY_PASS, layerFor, mapLayers, resultKey } from "../lib/explain.js";
import { t } from "../lib/i18n.js";
import { msText } from "../lib/mapsFormat.js";
import { classLabel } from "../lib/netText.js";
import { el, fillWords } from "../ui/dom.js";
import { createExplainFrame } from "./mapsExplainFrame.js";

/**
 * @param {HTMLElement} root
 * @param {{explainMethod: (m: string) => void}} actions
 * @returns {{update: (state: object, net: object|null) => void}}
 */
export function createExplainCompare(root, actions) {
  const title = el("h3", { class: "maps-explain-compare-title" });
  const hint = el("p", { class: "maps-hint" });
  const panels = EXPLAIN_METHODS.map((method) => {
    const frame = createExplainFrame("maps-explain-small");
    // The same input as the large picture's (named there): here only the heat map is named.
    frame.photo.setAttribute("aria-hidden", "true");
    const button = el("button", { type: "button", class: "maps-explain-panel-name",
                                  on: { click: () => actions.explainMethod(method) } });
    const note = el("span", { class: "maps-explain-panel-note" });
    const item = el("li", { class: "maps-explain-panel", dataset: { method } },
      el("figure", {}, frame.root, el("figcaption", {}, button, note)));
    return { method, frame, button, note, item };
  });
  root.append(title, hint, el("ol", { class: "maps-explain-panels" }, ...panels.map((p) => p.item)));

  return {
    update(state, net) {
      const e = state.explain;
      const c = e.compare;
      root.hidden = !c || !net;
      if (!c || !net) return;
      const layers = mapLayers(net);
      const top = state.run.prediction?.top?.find((x) => x.index === c.target);
      const label = classLabel(state.run.network, c.target, top ? top.label : String(c.target));
      fillWords(title, "maps.explain.compare.title", { label });
      hint.textContent = t("maps.explain.compare.hint", { layer: c.layer ?? "" });
      root.dataset.state = c.status;
      const job = e.job;
      for (const p of panels) {
        const layer = layerFor(p.method, layers, c.layer);
        const result = e.results[resultKey(p.method, c.target, layer)] ?? null;
        p.frame.paintPhoto(e.input);
        p.frame.paintHeat(result);
        const name = t(`maps.explain.method.${p.method}`);
        p.button.textContent = layer ? `${name} · ${layer}` : name;
        p.button.setAttribute("aria-pressed", String(p.method === e.method));
        p.button.setAttribute("aria-label", t("maps.explain.panel.show", { method: p.button.textContent }));
        let panelState;
        if (result) {
          panelState = "done";
          p.note.textContent = t("maps.explain.panel.seconds", { seconds: msText(result.seconds) });
          p.note.dataset.seconds = String(result.seconds);
          p.frame.heat.setAttribute("aria-label", t("maps.explain.panel.heat", { method: name }));
        } else if (c.current === p.method && job && job.status === "running") {
          panelState = "running";
          const total = job.progress?.total ?? job.total;
          p.note.textContent = MANY_PASS.has(p.method) && total
            ? t("maps.explain.panel.progress", { done: job.progress?.done ?? 0, total })
            : t("maps.explain.panel.running");
        } else {
          panelState = c.status === "running" ? "waiting" : "stopped";
          p.note.textContent = t(`maps.explain.panel.${panelState}`);
        }
        p.item.dataset.state = panelState;
      }
    },
  };
}
