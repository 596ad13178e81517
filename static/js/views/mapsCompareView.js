/**
 * A network beside the one it is compared with (the preset's `compare`, e.g. LeNet-5 as built in
 * 1998 beside its modern variant): a folded section under the network list whose table shows
 * both summaries row by row (each layer's name, kind, output shape and parameters; rows whose
 * parameters differ are marked), both networks' totals, and what each is (its full description).
 * @module views/mapsCompareView
 */
import { getLang, number, t } from "../lib/i18n.js";
import { alignLayers, comparePairs } from "../lib/netCompare.js";
import { networkDescription, networkTitle } from "../lib/netText.js";
import { el, fillWords } from "../ui/dom.js";

/** A layer kind in the interface language (the maps page's words; the id when it has none). */
function kindWord(kind) {
  const key = `maps.kind.${kind}`;
  const word = t(key);
  return word === key ? kind : word;
}

/** A title worded for a sentence: plain text, marked with its language when it differs. */
function titleNode(net) {
  const title = networkTitle(net);
  return title.lang === getLang() ? title.text : el("span", { text: title.text, lang: title.lang });
}

/** One network's two cells of a row: the layer (name, kind, output shape) and its parameters. */
function cells(row) {
  if (!row) return [el("td", { class: "maps-compare-none" }), el("td", { class: "maps-compare-none" })];
  return [
    el("td", { class: "maps-compare-layer" },
      el("code", { class: "maps-compare-name", text: row.name }), " ",
      el("span", { class: "maps-compare-kind", text: kindWord(row.kind) }),
      // Compact ("16×10×10"), and a narrow column breaks it only after a "×".
      el("span", { class: "maps-compare-shape", text: row.output_shape.join("×\u200b") })),
    el("td", { class: "maps-compare-params", text: number(row.params) }),
  ];
}

/** The comparison of `left` with `right`, folded. */
function section(left, right, open) {
  const summary = el("summary");
  fillWords(summary, "net.compare.title", { a: networkTitle(left), b: networkTitle(right) });
  const head = (net) => el("th", { scope: "colgroup", colspan: 2 }, titleNode(net));
  const sub = () => [el("th", { scope: "col", i18n: "net.compare.layer" }),
                     el("th", { scope: "col", class: "maps-compare-params", i18n: "net.compare.params" })];
  const rows = alignLayers(left.summary.layers, right.summary.layers).map((p) => el("tr", {
    class: p.differ ? "maps-compare-differ" : null, dataset: { differ: String(p.differ) } },
  ...cells(p.left), ...cells(p.right),
  el("td", { class: "maps-compare-mark" }, p.differ
    ? el("span", { title: t("net.compare.differ") }, el("span", { "aria-hidden": "true", text: "≠" }),
         el("span", { class: "visually-hidden", text: t("net.compare.differ") }))
    : null)));
  const total = (net) => [el("th", { scope: "row", i18n: "net.compare.total" }),
                          el("td", { class: "maps-compare-params", text: number(net.summary.params) })];
  const totals = el("p", { class: "maps-compare-totals" });
  fillWords(totals, "net.compare.totals", {
    a: networkTitle(left), pa: number(left.summary.params), ma: number(left.summary.macs),
    b: networkTitle(right), pb: number(right.summary.params), mb: number(right.summary.macs) });
  const table = el("table", { class: "maps-compare-table" },
    el("caption", { class: "visually-hidden", text: summary.textContent }),
    el("thead", {}, el("tr", {}, head(left), head(right), el("td")),
       el("tr", {}, ...sub(), ...sub(), el("th", { scope: "col" },
         el("span", { class: "visually-hidden", i18n: "net.compare.differ" })))),
    el("tbody", {}, ...rows),
    el("tfoot", {}, el("tr", {}, ...total(left), ...total(right), el("td"))));
  // What each network is, in full (the network list shows only the first sentence).
  const about = el("dl", { class: "maps-compare-about" }, ...[left, right].flatMap((net) => {
    const description = networkDescription(net);
    return [el("dt", {}, titleNode(net)), el("dd", { text: description.text, lang: description.lang })];
  }));
  return el("details", { class: "maps-compare", open: open || null,
                         dataset: { compare: `${left.name} ${right.name}` } },
    summary,
    el("p", { class: "maps-compare-intro", i18n: "net.compare.intro" }),
    el("div", { class: "maps-compare-box" }, table),
    totals, about);
}

/**
 * @param {HTMLElement} root where the comparisons go (under the network list)
 * @returns {{update: (state: object) => void}}
 */
export function createMapsCompareView(root) {
  let seen = null;
  let seenLang = null;
  return {
    update(state) {
      if (state.networks === seen && state.lang === seenLang) return;
      seen = state.networks;
      seenLang = state.lang;
      const open = new Set([...root.querySelectorAll("details[open]")].map((d) => d.dataset.compare));
      root.replaceChildren(...comparePairs(state.networks).map(({ left, right }) => (
        section(left, right, open.has(`${left.name} ${right.name}`)))));
    },
  };
}
