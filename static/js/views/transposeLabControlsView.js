/**
 * The transposed convolution's knobs (input rows and columns, kernel size, stride, padding,
 * output_padding, dilation, the numbers' preset) and the input and kernel values, one number
 * field per cell. Settings the engine refuses can be chosen: its sentence explains them.
 * @module views/transposeLabControlsView
 */
import { t } from "../lib/i18n.js";
import { LIMITS } from "../lib/transposeLabGeometry.js";
import { PRESETS } from "../lib/transposeLabState.js";
import { el } from "../ui/dom.js";

const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The knobs: state key, the values offered. */
const KNOBS = [
  ["rows", range(1, LIMITS.size)], ["cols", range(1, LIMITS.size)], ["k", range(1, LIMITS.k)],
  ["stride", range(1, LIMITS.stride)], ["padding", range(0, LIMITS.padding)],
  ["outputPadding", range(0, LIMITS.outputPadding)], ["dilation", range(1, LIMITS.dilation)],
];

/**
 * Create the controls.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the mode's actions (`knobs`, `values`)
 * @returns {{update: (s: object) => void}}
 */
export function createTransposeLabControlsView(root, store, actions) {
  const title = el("h2", { class: "transposeLab-panel-title" });
  const form = el("form", { class: "transposeLab-controls", on: { submit: (e) => e.preventDefault() } }, title);
  const labels = {};
  const selects = {};
  for (const [key, values] of [...KNOBS, ["preset", PRESETS]]) {
    const text = el("span", { class: "transposeLab-field-label" });
    const select = el("select", { name: key,
      on: { change: (e) => actions.knobs({ [key]: key === "preset" ? e.target.value : Number(e.target.value) }) } });
    for (const v of values) select.append(el("option", { value: String(v), text: String(v) }));
    form.append(el("label", { class: "transposeLab-field" }, text, select));
    labels[key] = text;
    selects[key] = select;
  }
  const editTitle = el("h2", { class: "transposeLab-panel-title" });
  const inputTitle = el("h3", { class: "transposeLab-edit-title" });
  const kernelTitle = el("h3", { class: "transposeLab-edit-title" });
  const inputBox = el("div", { class: "transposeLab-editor-grid", dataset: { edit: "input" } });
  const kernelBox = el("div", { class: "transposeLab-editor-grid", dataset: { edit: "kernel" } });
  const editor = el("form", { class: "transposeLab-editor", on: { submit: (e) => e.preventDefault() } },
    editTitle, inputTitle, inputBox, kernelTitle, kernelBox);
  root.append(form, editor);

  let shapeKey = "";
  let fields = { input: [], kernel: [] };

  function buildEditor(box, which, rows, cols) {
    box.replaceChildren();
    box.style.setProperty("--transposeLab-cols", String(cols));
    const list = [];
    for (let i = 0; i < rows * cols; i += 1) {
      const input = el("input", { type: "number", step: "any", class: "transposeLab-value",
        name: `${which}-${i}`, inputmode: "decimal",
        on: { change: (e) => {
          const v = Number(e.target.value);
          const current = store.state[which];
          if (e.target.value.trim() === "" || !Number.isFinite(v) || Math.abs(v) > 1e6) {
            e.target.value = String(current[i]);
            return;
          }
          const next = current.slice();
          next[i] = v;
          actions.values({ [which]: next });
        } } });
      list.push(input);
      box.append(input);
    }
    return list;
  }

  function update(state) {
    title.textContent = t("transposeLab.knobs.title");
    for (const [key, text] of Object.entries(labels)) text.textContent = t(`transposeLab.knobs.${key}`);
    for (const option of selects.preset.options) option.textContent = t(`transposeLab.preset.${option.value}`);
    for (const [key] of KNOBS) selects[key].value = String(state[key]);
    selects.preset.value = state.preset;
    editTitle.textContent = t("transposeLab.edit.title");
    inputTitle.textContent = t("transposeLab.edit.input", { rows: state.rows, cols: state.cols });
    kernelTitle.textContent = t("transposeLab.edit.kernel", { k: state.k });
    const key = `${state.rows}x${state.cols}x${state.k}`;
    if (key !== shapeKey) {
      shapeKey = key;
      fields = { input: buildEditor(inputBox, "input", state.rows, state.cols),
                 kernel: buildEditor(kernelBox, "kernel", state.k, state.k) };
    }
    for (const [which, cols] of [["input", state.cols], ["kernel", state.k]]) {
      fields[which].forEach((input, i) => {
        const row = Math.floor(i / cols);
        const col = i % cols;
        input.setAttribute("aria-label", t(`transposeLab.edit.${which}Cell`, { r: row, c: col }));
        if (document.activeElement !== input) input.value = String(state[which][i]);
      });
    }
  }

  return { update };
}
