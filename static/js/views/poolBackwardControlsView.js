/**
 * The settings of the pooling-backward section: max or average, input size, kernel,
 * stride, padding, ceil_mode, the tie rule (max) and count_include_pad (average), and new
 * example numbers. Handlers only call `setState`.
 * @module views/poolBackwardControlsView
 */
import { t } from "../lib/i18n.js";
import { addNumberSelects } from "../ui/numberSelects.js";

const SELECTS = [["size", [4, 5, 6, 7]], ["kernel", [2, 3]], ["stride", [1, 2, 3]], ["padding", [0, 1]]];

/** Each kind's first example: ties and overlapping windows for max, a 5x5 input for average. */
export const KIND_DEFAULTS = {
  max: { size: 6, kernel: 3, stride: 2, padding: 0, ceil: false },
  avg: { size: 5, kernel: 2, stride: 2, padding: 0, ceil: false },
};

/**
 * Make the controls in `root`.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createPoolBackwardControlsView(root, store) {
  const reset = { step: -1, playing: false };
  const group = (name, values, key) => {
    const box = document.createElement("fieldset");
    const legend = document.createElement("legend");
    box.append(legend);
    const buttons = values.map((v) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset[key] = v;
      b.addEventListener("click", () => store.setState(
        key === "kind" ? { kind: v, seed: 0, ...KIND_DEFAULTS[v], ...reset } : { [key]: v, ...reset }));
      box.append(b);
      return b;
    });
    box.dataset.group = name;
    return { box, legend, buttons };
  };
  const form = document.createElement("div");
  form.className = "ops-controls";
  const kinds = group("kind", ["max", "avg"], "kind");
  form.append(kinds.box);
  const { labels, selects } = addNumberSelects(form, SELECTS, (key, value) => {
    store.setState({ [key]: value, ...reset });
  });
  const checkbox = (key) => {
    const label = document.createElement("label");
    label.className = "ops-check-label";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.dataset.setting = key;
    input.addEventListener("change", () => store.setState({ [key]: input.checked, ...reset }));
    const text = document.createElement("span");
    label.append(input, text);
    form.append(label);
    return { label, input, text };
  };
  const ceil = checkbox("ceil");
  const countPad = checkbox("countIncludePad");
  const ties = group("ties", ["first", "all", "split"], "ties");
  form.append(ties.box);
  const shuffle = document.createElement("button");
  shuffle.type = "button";
  shuffle.dataset.action = "new-numbers";
  shuffle.addEventListener("click", () => store.setState((s) => ({ seed: s.seed + 1, ...reset })));
  form.append(shuffle);
  root.append(form);

  function update(state) {
    kinds.legend.textContent = t("ops.pool.kind");
    kinds.buttons.forEach((b) => {
      b.textContent = t(`ops.pool.kind.${b.dataset.kind}`);
      b.setAttribute("aria-pressed", String(state.kind === b.dataset.kind));
    });
    for (const [key] of SELECTS) {
      labels[key].textContent = t(`ops.pool.${key}`);
      selects[key].value = String(state[key]);
    }
    ceil.text.textContent = "ceil_mode";
    ceil.input.checked = state.ceil;
    countPad.text.textContent = "count_include_pad";
    countPad.input.checked = state.countIncludePad;
    countPad.label.hidden = state.kind !== "avg";
    ties.box.hidden = state.kind !== "max";
    ties.legend.textContent = t("ops.pool.ties");
    ties.buttons.forEach((b) => {
      b.textContent = t(`ops.pool.ties.${b.dataset.ties}`);
      b.setAttribute("aria-pressed", String(state.ties === b.dataset.ties));
    });
    shuffle.textContent = t("ops.newNumbers");
  }

  return { update, draw: () => false };
}
