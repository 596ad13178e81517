/**
 * The inside of a block's card on the maps page: its inner layers (name, kind, shapes,
 * parameters, multiply-adds; the depthwise and pointwise convolutions marked), what the block
 * does with its input at the end (a residual block adds it back, the "+" of the skip
 * connection; any other block says why it cannot), and a "Show inside" button. The forward
 * stream sends a block's inner maps only when asked (`?inner=<block>`); the page re-runs the
 * pass for that and hands the decoded maps back here, where each inner layer gets a small
 * labelled sheet. Painting is the layers view's: this part only makes the sheets' jobs.
 * @module views/mapsBlockInside
 */
import { getLang, number, t } from "../lib/i18n.js";
import { blockJoin } from "../lib/mapsBlocks.js";
import { depthwiseKernel, separablePair } from "../lib/mapsDepthwise.js";
import { shapeText, shortCount, valueText } from "../lib/mapsFormat.js";
import { sheetLayout } from "../lib/mapsSheet.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/**
 * A sheet waiting to be painted map by map (see the layers view's painter).
 * @typedef {object} SheetJob
 * @property {HTMLCanvasElement} sheet
 * @property {import("../lib/mapsSheet.js").SheetLayout} layout
 * @property {import("../lib/mapsLayer.js").LayerMaps} maps
 * @property {number} next the next map to paint
 * @property {ImageData|null} cell
 * @property {boolean} complete
 * @property {HTMLElement} node gets `data-drawn="true"` when the sheet is complete
 */

/**
 * What the page holds for one block's inside (`state.insides.blocks[name]`).
 * @typedef {object} InsideEntry
 * @property {boolean} open the learner asked to see the inner maps
 * @property {"loading"|"done"|"error"} status
 * @property {object[]} [children] the block's inner layers with their decoded `maps`
 * @property {unknown} [error] what went wrong (an `ApiError`, or a sentence already worded)
 */

const kindText = (kind) => {
  const key = `maps.kind.${kind}`;
  const text = t(key);
  return text === key ? kind : text;
};

/**
 * The sentence saying what happens to a block's input at its end.
 * @param {{name: string, kind: string, input_shape: number[], output_shape: number[]}} block
 * @param {object[][]} branches the block's layers branch by branch
 * @returns {string}
 */
export function joinText(block, branches) {
  const j = blockJoin(block, branches);
  const last = j.body.length ? j.body[j.body.length - 1].name : block.name;
  if (j.added && j.shortcut.length) {
    return t("maps.inner.addedShortcut", { shortcut: j.shortcut.map((l) => l.name).join(", "),
                                           from: shapeText(j.from), to: shapeText(j.to), last });
  }
  if (j.added) return t("maps.inner.added", { shape: shapeText(j.from), last });
  if (j.concat) {
    return t("maps.inner.concat", { n: j.concat.length, from: shapeText(j.from),
                                    sum: j.concat.map((c) => number(c)).join(" + "), c: number(j.to[0]) });
  }
  const vars = { from: shapeText(j.from), to: shapeText(j.to), c0: number(j.from[0]), c1: number(j.to[0]),
                 h0: j.from[1], w0: j.from[2], h1: j.to[1], w1: j.to[2],
                 s: j.shrinks ? Math.max(1, Math.round(j.from[1] / j.to[1])) : 1 };
  if (j.shrinks && j.channels) return t("maps.inner.notAddedBoth", vars);
  if (j.shrinks) return t("maps.inner.notAddedStride", vars);
  if (j.channels) return t("maps.inner.notAddedChannels", vars);
  return t("maps.inner.notAdded");
}

/**
 * The inside part of a block's card.
 * @param {object} layer the block's stream line (with `children`)
 * @param {{hint: number, level: number, branches?: object[][],
 *   toggle: (name: string, open: boolean) => void}} options `hint`: the kernel size the block's
 *   stage names; `level`: the heading level to use; `branches`: the block's layers branch by
 *   branch (the network summary's row), else its children as one branch
 * @returns {{node: HTMLElement, jobs: SheetJob[], update: (entry: InsideEntry|undefined) => void,
 *   fillText: () => void}}
 */
export function createBlockInside(layer, options) {
  const kids = layer.children;
  const pair = separablePair(layer, options.hint, true);
  const listId = `maps-inner-${layer.index}-${layer.name}`;
  let entry;
  let builtFrom = null;
  const jobs = [];

  const title = el(`h${Math.min(6, options.level)}`, { class: "maps-inner-title" });
  const button = el("button", { type: "button", class: "maps-inner-toggle", "aria-expanded": "false",
                                "aria-controls": listId, on: { click: () => options.toggle(layer.name, !isOpen()) } });
  const items = kids.map((kid) => {
    const role = pair && kid.name === pair.dw.name ? "depthwise" : pair && kid.name === pair.pw.name ? "pointwise" : "";
    const item = {
      kid, role,
      kind: el("span", { class: "maps-badge" }),
      badge: role ? el("span", { class: `maps-badge maps-badge-${role}` }) : null,
      stats: el("dl", { class: "maps-stats maps-inner-stats" }),
      box: el("figure", { class: "maps-inner-sheet", hidden: true }),
      caption: null, sheet: null,
    };
    item.li = el("li", { class: "maps-inner-layer", dataset: { name: kid.name, kind: kid.kind, role, drawn: "false" } },
      el("div", { class: "maps-inner-layer-head" }, el("code", { class: "maps-inner-name", text: kid.name }),
        item.kind, item.badge),
      item.stats, item.box);
    return item;
  });
  const list = el("ol", { class: "maps-inner-list", id: listId }, ...items.map((i) => i.li));
  const join = el("p", { class: "maps-inner-join", dataset: { added: String(layer.kind === "residual") } });
  const status = el("p", { class: "maps-inner-status", role: "status" });
  const node = el("section", { class: "maps-inner", dataset: { state: "idle", block: layer.name } },
    el("div", { class: "maps-inner-head" }, title, button), list, join, status);

  function isOpen() {
    return Boolean(entry && entry.open && entry.status !== "error");
  }

  function build(children) {
    builtFrom = children;
    jobs.length = 0;
    for (const item of items) {
      const child = children.find((c) => c.name === item.kid.name);
      if (!child || !child.maps) continue;
      const maps = child.maps;
      const layout = sheetLayout(maps.channels, maps.h, maps.w);
      item.maps = maps;
      item.sheet = el("canvas", { class: "maps-inner-canvas map", width: layout.width, height: layout.height, role: "img" });
      item.caption = el("figcaption", { class: "maps-sheet-caption" });
      item.box.replaceChildren(item.sheet, item.caption);
      item.li.dataset.drawn = "false";
      jobs.push({ sheet: item.sheet, layout, maps, next: 0, cell: null, complete: false, node: item.li });
    }
    fillSheets();
  }

  function fillSheets() {
    for (const item of items) {
      if (!item.sheet) continue;
      const m = item.maps;
      const vars = { name: item.kid.name, n: number(m.channels), h: m.h, w: m.w, min: valueText(m.min), max: valueText(m.max) };
      item.sheet.setAttribute("aria-label", t("maps.inner.sheetLabel", vars));
      item.caption.textContent = m.vector
        ? t("maps.layers.vectorCaption", { n: number(m.w), min: vars.min, max: vars.max })
        : t("maps.layers.caption", vars);
    }
  }

  function fillState() {
    const open = isOpen();
    const state = entry ? entry.status : "idle";
    node.dataset.state = state;
    node.dataset.open = String(open);
    button.textContent = t(open ? "maps.inner.hide" : "maps.inner.show");
    button.setAttribute("aria-label", t(open ? "maps.inner.hideLabel" : "maps.inner.showLabel",
                                        { name: layer.name, n: kids.length }));
    button.setAttribute("aria-expanded", String(open));
    button.setAttribute("aria-busy", String(state === "loading"));
    for (const item of items) item.box.hidden = !(open && item.sheet);
    if (state === "loading") status.textContent = t("maps.inner.loading", { name: layer.name });
    else if (state === "error") showError(status, entry.error, "maps.inner.failed", { name: layer.name });
    else if (state === "done" && open) status.textContent = t("maps.inner.loaded", { name: layer.name, n: kids.length });
    else status.textContent = "";
    status.hidden = !status.textContent;
  }

  function fillText() {
    title.textContent = t("maps.inner.title", { name: layer.name, n: kids.length });
    for (const item of items) {
      const k = item.kid;
      item.kind.textContent = kindText(k.kind);
      if (item.badge) {
        item.badge.textContent = item.role === "depthwise"
          ? t("maps.inner.depthwise", { k: depthwiseKernel(k, options.hint, true) }) : t("maps.inner.pointwise");
      }
      const stats = [
        ["maps.layers.shape", shapeText(k.output_shape), t("maps.layers.from", { shape: shapeText(k.input_shape) }), "shape"],
        ["maps.layers.params", number(k.params), "", "params"],
        ["maps.layers.macs", number(k.macs), k.macs >= 1e4 ? `(${shortCount(k.macs, getLang())})` : "", "macs"],
      ];
      item.stats.replaceChildren(...stats.map(([key, value, note, stat]) => el("div", { class: "maps-stat" },
        el("dt", { i18n: key }), el("dd", { dataset: { stat } }, value,
          note ? el("span", { class: "maps-stat-note", text: ` ${note}` }) : null))));
    }
    join.textContent = joinText(layer, options.branches && options.branches.length ? options.branches : [kids]);
    fillSheets();
    fillState();
  }

  fillText();
  return {
    node,
    jobs,
    update(next) {
      if (next === entry) return;
      entry = next;
      if (entry && entry.status === "done" && entry.children && entry.children !== builtFrom) build(entry.children);
      fillState();
    },
    fillText,
  };
}
