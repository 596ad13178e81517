/**
 * One grid of numbers of the transposed-convolution mode: a table cell per value, coloured on
 * the diverging scale (blue negative, white zero, orange positive) with text that stays
 * readable, and marks drawn with borders and symbols as well as colour: the current cell, a
 * stamp's destination (with what it adds, "+v"), cells the padding crops, zeros the stride
 * inserted, output_padding cells no stamp reaches. Every cell carries its value in
 * `data-value` (absent when there is none) and its kind in `data-kind`.
 * @module views/transposeLabGridView
 */
import { colourOf, css, textOn } from "../lib/colorScale.js";
import { cellText } from "../lib/opsNumbers.js";
import { el } from "../ui/dom.js";

let counter = 0;

/**
 * @typedef {object} GridSpec
 * @property {number} rows
 * @property {number} cols
 * @property {(number|null)[]} values (rows * cols,) row-major; null: nothing to show
 * @property {number} scale the largest |value| the colours span
 * @property {string} caption
 * @property {string[]} [kinds] per cell: "value", "crop", "inserted", "extra" or "untouched"
 * @property {Record<string, number[]>} [marks] class suffix -> flat cells ("current", "stamp")
 * @property {Record<number, string>} [adds] flat cell -> the "+v" a stamp adds there
 * @property {(flat: number) => string} [label] each cell's accessible name, when cells are buttons
 */

/**
 * Make a grid in `root`.
 * @param {HTMLElement} root
 * @param {string} name its `data-grid` name, for tests and styles
 * @param {(flat: number) => void} [onCell] make every cell a button that calls this
 * @returns {{update: (spec: GridSpec) => void, element: HTMLElement}}
 */
export function createTransposeLabGridView(root, name, onCell) {
  counter += 1;
  const caption = el("figcaption", { class: "transposeLab-caption", id: `transposeLab-${name}-${counter}` });
  const body = el("tbody");
  const table = el("table", { class: "transposeLab-grid", dataset: { grid: name },
    "aria-labelledby": caption.id }, body);
  const figure = el("figure", { class: "transposeLab-figure", dataset: { figure: name } },
    caption, el("div", { class: "transposeLab-scroll" }, table));
  root.append(figure);
  let cells = [];
  let buttons = [];
  let shape = "";

  function build(rows, cols) {
    body.replaceChildren();
    cells = [];
    buttons = [];
    for (let r = 0; r < rows; r += 1) {
      const tr = el("tr");
      for (let c = 0; c < cols; c += 1) {
        const flat = r * cols + c;
        const td = el("td", { dataset: { row: String(r), col: String(c) } });
        if (onCell) {
          const button = el("button", { type: "button", class: "transposeLab-cell-button",
            on: { click: () => onCell(flat) } });
          td.append(button);
          buttons.push(button);
        }
        tr.append(td);
        cells.push(td);
      }
      body.append(tr);
    }
    shape = `${rows}x${cols}`;
  }

  function update(spec) {
    if (shape !== `${spec.rows}x${spec.cols}`) build(spec.rows, spec.cols);
    caption.textContent = spec.caption;
    const marked = new Array(cells.length).fill("");
    for (const [mark, list] of Object.entries(spec.marks ?? {})) {
      for (const i of list ?? []) if (i >= 0 && i < cells.length) marked[i] += ` transposeLab-mark-${mark}`;
    }
    cells.forEach((td, i) => {
      const value = spec.values[i];
      const kind = spec.kinds ? spec.kinds[i] : "value";
      td.className = `transposeLab-cell transposeLab-kind-${kind}${marked[i]}`;
      td.dataset.kind = kind;
      const add = spec.adds ? spec.adds[i] : undefined;
      if (add === undefined) delete td.dataset.add;
      else td.dataset.add = add;
      const target = onCell ? buttons[i] : td;
      if (onCell) buttons[i].setAttribute("aria-label", spec.label ? spec.label(i) : cellText(value));
      if (value === null || value === undefined) {
        target.textContent = "";
        delete td.dataset.value;
        td.style.backgroundColor = "";
        td.style.color = "";
        return;
      }
      td.dataset.value = String(value);
      target.textContent = cellText(value);
      if (kind === "value" || kind === "out") {
        const rgb = colourOf(value, -spec.scale, spec.scale, "diverging");
        td.style.backgroundColor = css(rgb);
        td.style.color = textOn(rgb);
      } else {
        td.style.backgroundColor = "";
        td.style.color = "";
      }
    });
  }

  return { update, element: figure };
}

/**
 * A legend: one sample cell and a sentence per mark.
 * @param {HTMLElement} root
 * @returns {(items: [string, string][]) => void} show `[cell classes, text]` pairs
 */
export function createTransposeLabLegend(root) {
  const list = el("ul", { class: "transposeLab-legend" });
  root.append(list);
  return (items) => {
    list.replaceChildren(...items.map(([classes, text]) => el("li", {},
      el("span", { class: `transposeLab-cell transposeLab-swatch ${classes}`, "aria-hidden": "true" }),
      text)));
  };
}
