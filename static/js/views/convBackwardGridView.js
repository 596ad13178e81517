/**
 * A grid of numbers for the backward sections (convolution and pooling): one table cell per
 * value, coloured on the diverging scale (blue negative, white zero, orange positive) with
 * text that stays readable, and marks for the window, the current cell, padding, zeros a
 * stride inserted, cells never read and maxima. Marks use borders and symbols as well as
 * colour. Every cell carries its value in `data-value` (empty when not computed yet).
 * @module views/convBackwardGridView
 */
import { colourOf, css, textOn } from "../lib/colorScale.js";
import { cellText } from "../lib/opsNumbers.js";

let counter = 0;

/**
 * @typedef {object} GridSpec
 * @property {number} rows
 * @property {number} cols
 * @property {(number|null)[]} values (rows * cols) row-major; null: not reached yet
 * @property {number} scale the largest |value| the colours span
 * @property {string} caption
 * @property {string[]} [kinds] per cell: "pad", "inserted" or anything else (a value)
 * @property {Record<string, number[]>} [marks] class suffix -> flat cells, e.g.
 *   {window: [...], current: [3], max: [...], unread: [...], dest: [...]}
 * @property {string} [note] a short line under the grid
 */

/**
 * Make a grid in `root`.
 * @param {HTMLElement} root where the grid's figure goes
 * @param {string} name its `data-grid` name, for tests and styles
 * @returns {{update: (spec: GridSpec) => void, draw: () => boolean, element: HTMLElement}}
 */
export function createConvBackwardGridView(root, name) {
  const figure = document.createElement("figure");
  figure.className = "ops-figure";
  const scroll = document.createElement("div");
  scroll.className = "ops-scroll";
  const table = document.createElement("table");
  table.className = "ops-grid";
  table.dataset.grid = name;
  const caption = document.createElement("figcaption");
  caption.className = "ops-caption";
  caption.id = `ops-grid-${name}-${(counter += 1)}`;
  table.setAttribute("aria-labelledby", caption.id);
  const body = document.createElement("tbody");
  table.append(body);
  scroll.append(table);
  const note = document.createElement("p");
  note.className = "ops-note";
  figure.append(caption, scroll, note);
  root.append(figure);
  let cells = [];
  let shape = "";

  function build(rows, cols) {
    body.replaceChildren();
    cells = [];
    for (let r = 0; r < rows; r += 1) {
      const tr = document.createElement("tr");
      for (let c = 0; c < cols; c += 1) {
        const td = document.createElement("td");
        td.dataset.row = String(r);
        td.dataset.col = String(c);
        tr.append(td);
        cells.push(td);
      }
      body.append(tr);
    }
    shape = `${rows}x${cols}`;
    table.style.setProperty("--ops-cols", String(cols));
  }

  function update(spec) {
    if (shape !== `${spec.rows}x${spec.cols}`) build(spec.rows, spec.cols);
    caption.textContent = spec.caption;
    note.textContent = spec.note ?? "";
    note.hidden = !spec.note;
    const marked = new Array(cells.length).fill("");
    for (const [mark, list] of Object.entries(spec.marks ?? {})) {
      for (const i of list ?? []) if (i !== null && i >= 0 && i < cells.length) marked[i] += ` ops-mark-${mark}`;
    }
    cells.forEach((td, i) => {
      const value = spec.values[i];
      const kind = spec.kinds ? spec.kinds[i] : "value";
      td.className = `ops-cell ops-kind-${kind}${marked[i]}`;
      td.dataset.kind = kind;
      if (value === null || value === undefined) {
        td.textContent = "";
        delete td.dataset.value;
        td.style.backgroundColor = "";
        td.style.color = "";
        return;
      }
      td.dataset.value = String(value);
      td.textContent = cellText(value);
      if (kind === "pad" || kind === "inserted") {
        td.style.backgroundColor = "";
        td.style.color = "";
      } else {
        const rgb = colourOf(value, -spec.scale, spec.scale, "diverging");
        td.style.backgroundColor = css(rgb);
        td.style.color = textOn(rgb);
      }
    });
  }

  return { update, draw: () => false, element: figure };
}

/**
 * A legend of the grid marks: one sample cell and a sentence per mark.
 * @param {HTMLElement} root
 * @returns {(items: [string, string][]) => void} show `[cell classes, text]` pairs
 */
export function createConvBackwardLegend(root) {
  const list = document.createElement("ul");
  list.className = "ops-legend";
  root.append(list);
  return (items) => {
    list.replaceChildren(...items.map(([classes, text]) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = `ops-cell ${classes}`;
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, text);
      return li;
    }));
  };
}
