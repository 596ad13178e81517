/**
 * Depthwise separable convolution, explained with a real block's numbers: the depthwise k x k
 * and the pointwise 1 x 1 convolution of one block (the one the learner last opened, b6 until
 * then, or any chosen in the list), their parameters and multiply-adds beside one full k x k
 * convolution with the same input and output channels, and how many times cheaper they are.
 * Shown when the chosen network has depthwise layers. The numbers are the stream's once a
 * pass has sent the block (the network's summary before: the same, they depend on shapes
 * only); the kernels' shapes appear once the block's inside has been fetched.
 * @module views/mapsDepthwiseView
 */
import { number, t } from "../lib/i18n.js";
import { groupName, groupOf } from "../lib/mapsBlocks.js";
import { separableBlocks, separableCost, separablePair } from "../lib/mapsDepthwise.js";
import { shapeText } from "../lib/mapsFormat.js";
import { el } from "../ui/dom.js";

/** The block explained until the learner opens or picks another (first block of stage 4). */
const DEFAULT_BLOCK = "b6";

const times = (x) => number(Number(x.toPrecision(3)), 2);

/**
 * @param {HTMLElement} root
 * @param {{explain: (block: string) => void}} actions
 * @returns {{update: (state: object) => void}}
 */
export function createMapsDepthwiseView(root, actions) {
  const select = el("select", { id: "maps-depthwise-block", class: "maps-depthwise-select",
                                on: { change: () => actions.explain(select.value) } });
  const chosen = el("p", { class: "maps-depthwise-chosen" });
  const caption = el("caption", { class: "maps-depthwise-caption" });
  const rows = {};
  const row = (key) => {
    const cells = { head: el("th", { scope: "row" }), params: el("td"), macs: el("td") };
    rows[key] = cells;
    return el("tr", { dataset: { row: key } }, cells.head, cells.params, cells.macs);
  };
  const table = el("table", { class: "maps-depthwise-table" }, caption,
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", i18n: "maps.dw.col.layer" }),
      el("th", { scope: "col", i18n: "maps.dw.col.params" }),
      el("th", { scope: "col", i18n: "maps.dw.col.macs" }))),
    el("tbody", {}, row("dw"), row("pw"), row("separable"), row("full"), row("times")));
  const cheaper = el("p", { class: "maps-depthwise-cheaper" });
  const why = el("p", { class: "maps-depthwise-why" });
  const kernels = el("p", { class: "maps-depthwise-kernels" });
  const source = el("p", { class: "maps-hint maps-depthwise-source" });
  root.append(
    el("h2", { id: "maps-depthwise-title", i18n: "maps.dw.title" }),
    el("p", { class: "maps-depthwise-lead", i18n: "maps.dw.lead" }),
    el("p", { class: "maps-depthwise-pick" }, el("label", { for: select.id, i18n: "maps.dw.block" }), " ", select),
    chosen, el("div", { class: "maps-depthwise-box" }, table), cheaper, why, kernels, source);
  root.hidden = true;

  let shown = null;

  /** One cell: the number, and below it how it is made when the layer's figures follow the formula. */
  function fill(cell, value, formula) {
    cell.dataset.value = String(value);
    cell.replaceChildren(el("span", { class: "maps-depthwise-number", text: number(value) }),
      formula ? el("span", { class: "maps-depthwise-formula mono", text: formula }) : null);
  }

  function render(view) {
    const { pair, cost, fromStream, kernelShapes, options, stage } = view;
    const { k, cin, cout, h, w } = pair;
    select.replaceChildren(...options.map((p) => el("option", { value: p.block,
      text: t("maps.dw.option", { name: p.block, stage: p.stage, k: p.k, cin: number(p.cin), cout: number(p.cout) }) })));
    select.value = pair.block;
    root.dataset.block = pair.block;
    root.dataset.source = fromStream ? "stream" : "summary";
    chosen.textContent = t("maps.dw.chosen", { name: pair.block, k, dw: pair.dw.name, pw: pair.pw.name,
                                               cin: number(cin), cout: number(cout), h, w });
    caption.textContent = t("maps.dw.caption", { name: `${pair.block} (${stage})` });
    const x = (...n) => `= ${n.map((v) => number(v)).join(" × ")}`;
    const exact = cost.exact;
    rows.dw.head.textContent = t("maps.dw.row.dw", { k, name: pair.dw.name });
    fill(rows.dw.params, cost.dw.params, exact ? x(cin, k, k) : "");
    fill(rows.dw.macs, cost.dw.macs, exact ? x(cost.dw.params, h, w) : "");
    rows.pw.head.textContent = t("maps.dw.row.pw", { name: pair.pw.name });
    fill(rows.pw.params, cost.pw.params, exact ? x(cin, cout) : "");
    fill(rows.pw.macs, cost.pw.macs, exact ? x(cost.pw.params, h, w) : "");
    rows.separable.head.textContent = t("maps.dw.row.separable");
    fill(rows.separable.params, cost.separable.params, `= ${number(cost.dw.params)} + ${number(cost.pw.params)}`);
    fill(rows.separable.macs, cost.separable.macs, `= ${number(cost.dw.macs)} + ${number(cost.pw.macs)}`);
    rows.full.head.textContent = t("maps.dw.row.full", { k, cin: number(cin), cout: number(cout) });
    fill(rows.full.params, cost.full.params, x(cin, cout, k, k));
    fill(rows.full.macs, cost.full.macs, x(cost.full.params, h, w));
    rows.times.head.textContent = t("maps.dw.row.times");
    for (const key of ["params", "macs"]) {
      const cell = rows.times[key];
      cell.dataset.value = String(cost.times[key]);
      cell.replaceChildren(el("span", { class: "maps-depthwise-number", text: `×${times(cost.times[key])}` }),
        el("span", { class: "maps-depthwise-formula mono",
                     text: `= ${number(cost.full[key])} / ${number(cost.separable[key])}` }));
    }
    const same = times(cost.times.params) === times(cost.times.macs);
    cheaper.dataset.times = String(cost.times.params);
    cheaper.textContent = t(same ? "maps.dw.cheaper" : "maps.dw.cheaperTwo", {
      times: times(cost.times.params), timesMacs: times(cost.times.macs), k,
      params: number(cost.separable.params), full: number(cost.full.params) });
    why.hidden = !exact;
    why.textContent = exact ? t("maps.dw.why", { cout: number(cout), kk: k * k, limit: times(cost.limit),
                                                  hw: number(h * w), h, w }) : "";
    kernels.hidden = !kernelShapes;
    kernels.textContent = kernelShapes ? t("maps.dw.kernels", { dw: shapeText(kernelShapes.dw), pw: shapeText(kernelShapes.pw) }) : "";
    source.textContent = t(fromStream ? "maps.dw.source.stream" : "maps.dw.source.summary");
  }

  return {
    update(state) {
      const net = (state.networks || []).find((n) => n.name === state.network);
      if (!net || net.unavailable) {
        root.hidden = true;
        shown = null;
        return;
      }
      const groups = net.groups || [];
      const hintOf = (name) => Number(groupOf(groups, name)?.facts?.kernel) || 0;
      const stageOf = (name) => { const g = groupOf(groups, name); return g ? groupName(g.name) : ""; };
      const summaryPairs = separableBlocks(net.run_summary?.layers || net.summary?.layers || [], hintOf);
      if (!summaryPairs.length) {
        root.hidden = true;
        shown = null;
        return;
      }
      const names = summaryPairs.map((p) => p.block);
      const block = names.includes(state.explainBlock) ? state.explainBlock
        : names.includes(DEFAULT_BLOCK) ? DEFAULT_BLOCK : names[Math.floor(names.length / 2)];
      const run = state.run;
      const line = run.network === state.network ? run.layers.find((l) => l.name === block) : null;
      const inside = line && state.insides && state.insides.run === run.id ? state.insides.blocks[block] : null;
      const children = inside && inside.children ? inside.children : null;
      // The stream's line (its children with their kernels, once the inside is fetched), else the summary's row.
      const fromStream = Boolean(line);
      const streamPair = line && separablePair(children ? { ...line, children } : line, hintOf(block), true);
      const pair = streamPair || summaryPairs.find((p) => p.block === block);
      // Only a stream's layers carry kernels; a summary row is never asked for them.
      const kernelShapes = streamPair && pair.dw.kernels?.shape && pair.pw.kernels?.shape
        ? { dw: pair.dw.kernels.shape, pw: pair.pw.kernels.shape } : null;
      const key = [state.network, block, fromStream, Boolean(kernelShapes), state.lang].join("|");
      root.hidden = false;
      if (key === shown) return;
      shown = key;
      const options = summaryPairs.map((p) => ({ ...p, stage: stageOf(p.block) }));
      render({ pair, cost: separableCost(pair), fromStream, kernelShapes, options, stage: stageOf(block) });
    },
  };
}
