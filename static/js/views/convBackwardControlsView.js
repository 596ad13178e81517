/**
 * The settings of the convolution-backward section: input size, kernel, stride, padding,
 * dilation, new example numbers, which gradient to watch (dL/dx or dL/dw) and the
 * transposed-convolution toggle. Handlers only call `setState`.
 * @module views/convBackwardControlsView
 */
import { t } from "../lib/i18n.js";
import { addNumberSelects } from "../ui/numberSelects.js";

const SELECTS = [
  ["size", [4, 5, 6, 7]],
  ["kernel", [2, 3]],
  ["stride", [1, 2]],
  ["padding", [0, 1]],
  ["dilation", [1, 2]],
];

/**
 * Make the controls in `root`.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @returns {{update: (state: object) => void, draw: () => boolean}}
 */
export function createConvBackwardControlsView(root, store) {
  const form = document.createElement("div");
  form.className = "ops-controls";
  const { labels, selects } = addNumberSelects(form, SELECTS, (key, value) => {
    store.setState({ [key]: value, step: -1, playing: false });
  });
  const shuffle = document.createElement("button");
  shuffle.type = "button";
  shuffle.dataset.action = "new-numbers";
  shuffle.addEventListener("click", () => store.setState((s) => ({ seed: s.seed + 1, step: -1, playing: false })));
  form.append(shuffle);

  const modes = document.createElement("div");
  modes.className = "ops-modes";
  modes.setAttribute("role", "group");
  const modeButton = (mode) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.mode = mode;
    b.addEventListener("click", () => store.setState({ mode, step: -1, playing: false }));
    modes.append(b);
    return b;
  };
  const dx = modeButton("dx");
  const dw = modeButton("dw");
  const transposed = document.createElement("button");
  transposed.type = "button";
  transposed.dataset.action = "transposed";
  transposed.addEventListener("click", () => store.setState((s) => ({ transposed: !s.transposed, step: -1, playing: false })));
  modes.append(transposed);
  const scope = document.createElement("p");
  scope.className = "ops-scope";
  root.append(form, modes, scope);

  function update(state) {
    for (const [key] of SELECTS) {
      labels[key].textContent = t(`ops.conv.${key}`);
      selects[key].value = String(state[key]);
      selects[key].disabled = state.loading;
    }
    shuffle.textContent = t("ops.newNumbers");
    modes.setAttribute("aria-label", t("ops.conv.show"));
    dx.textContent = t("ops.conv.mode.dx");
    dw.textContent = t("ops.conv.mode.dw");
    dx.setAttribute("aria-pressed", String(state.mode === "dx"));
    dw.setAttribute("aria-pressed", String(state.mode === "dw"));
    transposed.textContent = t("ops.conv.transposed");
    transposed.setAttribute("aria-pressed", String(state.mode === "dx" && state.transposed));
    transposed.disabled = state.mode !== "dx";
    scope.textContent = t("ops.conv.scope");
  }

  return { update, draw: () => false };
}
