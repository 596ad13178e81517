/**
 * The pooling mode's knobs: max or average, 1-D or 2-D, the input's size and channels, kernel,
 * stride, padding, dilation (max pooling only), ceil_mode and count_include_pad (average
 * only); the input preset, one-click examples, and the input values as text to edit.
 * Handlers only call the page's actions; `update` shows the state.
 * @module views/poolLabControlsView
 */
import { t } from "../lib/i18n.js";
import { POOL_EXAMPLES, POOL_LIMITS, POOL_PRESETS, parseValues, valuesText } from "../lib/poolLabState.js";
import { prod } from "../lib/labSteps.js";
import { el } from "../ui/dom.js";

const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/**
 * Create the controls.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{knobs: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void}}
 */
export function createPoolLabControlsView(root, store, actions) {
  const title = el("h2", { class: "poolLab-title" });
  const labels = {};
  const field = (name, control, hintKey) => {
    const text = el("span", { class: "poolLab-field-label" });
    labels[name] = text;
    const label = el("label", { class: "poolLab-field", dataset: { field: name } }, text, control);
    if (hintKey) label.append(el("small", { class: "poolLab-hint", dataset: { hint: hintKey } }));
    return label;
  };
  const select = (name, values, onChange) => {
    const s = el("select", { name, on: { change: (e) => onChange(e.target.value) } });
    for (const v of values) s.append(el("option", { value: String(v), text: String(v) }));
    return s;
  };

  const kindButtons = ["max", "avg"].map((kind) => el("button", { type: "button", class: "poolLab-kind",
    dataset: { kind }, on: { click: () => actions.knobs({ kind }) } }));
  const kindText = el("span", { class: "poolLab-field-label", id: "poolLab-kind-label" });
  const kindGroup = el("div", { class: "poolLab-field", role: "group", "aria-labelledby": "poolLab-kind-label" },
    kindText, el("span", { class: "poolLab-toggle" }, ...kindButtons));

  const dim = el("select", { name: "dim", on: { change: (e) => actions.knobs({ dim: Number(e.target.value) }) } },
    el("option", { value: "1" }), el("option", { value: "2" }));
  const sizeBox = el("span", { class: "poolLab-size" });
  const sizeText = el("span", { class: "poolLab-field-label", id: "poolLab-size-label" });
  const sizeGroup = el("div", { class: "poolLab-field", role: "group", "aria-labelledby": "poolLab-size-label" },
    sizeText, sizeBox);
  const channels = select("channels", range(1, POOL_LIMITS.channels), (v) => actions.knobs({ channels: Number(v) }));
  const k = select("k", range(1, POOL_LIMITS.k), (v) => actions.knobs({ k: Number(v) }));
  const stride = select("stride", range(1, POOL_LIMITS.stride), (v) => actions.knobs({ stride: Number(v) }));
  const pad = select("pad", range(0, POOL_LIMITS.pad), (v) => actions.knobs({ pad: Number(v) }));
  const dilation = select("dilation", range(1, POOL_LIMITS.dilation), (v) => actions.knobs({ dilation: Number(v) }));
  const ceil = el("input", { type: "checkbox", name: "ceil", on: { change: (e) => actions.knobs({ ceil: e.target.checked }) } });
  const include = el("input", { type: "checkbox", name: "includePad",
    on: { change: (e) => actions.knobs({ includePad: e.target.checked }) } });
  const preset = el("select", { name: "preset", on: { change: (e) => actions.knobs({ preset: e.target.value }) } });
  for (const name of POOL_PRESETS) preset.append(el("option", { value: name }));
  const reroll = el("button", { type: "button", class: "poolLab-reroll",
    on: { click: () => actions.knobs({ preset: "random", seed: (store.state.seed % 999) + 1 }) } });
  const note = el("p", { class: "message message-info poolLab-knob-note", hidden: true, role: "status" });

  const exTitle = el("h3", { class: "poolLab-subtitle" });
  const exList = el("div", { class: "poolLab-examples" });
  const exButtons = Object.keys(POOL_EXAMPLES).map((name) => {
    const b = el("button", { type: "button", class: "poolLab-example", dataset: { example: name },
      on: { click: () => actions.knobs({ example: name }) } });
    exList.append(b);
    return b;
  });

  const valuesSummary = el("summary");
  const valuesArea = el("textarea", { class: "poolLab-values mono", rows: "8", spellcheck: "false", id: "poolLab-values" });
  const valuesLabel = el("label", { for: "poolLab-values", class: "poolLab-note" });
  const apply = el("button", { type: "button", class: "poolLab-apply", on: { click: applyValues } });
  const valuesError = el("p", { class: "message message-error poolLab-values-error", hidden: true, role: "alert" });
  const editor = el("details", { class: "poolLab-editor" }, valuesSummary, valuesLabel, valuesArea, apply, valuesError);

  const form = el("section", { class: "poolLab-controls", "aria-labelledby": "poolLab-controls-title" },
    title, kindGroup,
    field("dim", dim), sizeGroup, field("channels", channels), field("k", k), field("stride", stride),
    field("pad", pad, "poolLab.knob.padHint"), field("dilation", dilation, "poolLab.knob.dilationHint"),
    field("ceil", ceil, "poolLab.knob.ceilHint"), field("includePad", include, "poolLab.knob.includeHint"),
    field("preset", preset), reroll, note, exTitle, exList, editor);
  title.id = "poolLab-controls-title";
  root.append(form);

  let sizeSelects = [];
  let sizeKey = "";
  let valuesShown = null;

  function applyValues() {
    const s = store.state;
    const count = s.channels * prod(s.size);
    const values = parseValues(valuesArea.value, count);
    if (!values) {
      valuesError.hidden = false;
      valuesError.textContent = t("poolLab.edit.bad", { n: count });
      return;
    }
    valuesError.hidden = true;
    actions.set({ input: values, done: 0, playing: false });
  }

  function sizes(state) {
    const id = `${state.dim}|${state.lang}`;
    if (id !== sizeKey) {
      sizeKey = id;
      sizeBox.textContent = "";
      const names = state.dim === 1 ? ["L"] : ["H", "W"];
      sizeSelects = names.map((name, a) => {
        const s = select(`size-${name}`, range(1, POOL_LIMITS.size[state.dim]), (v) => {
          const size = store.state.size.slice();
          size[a] = Number(v);
          actions.knobs({ size });
        });
        s.setAttribute("aria-label", t("poolLab.knob.axis", { name }));
        sizeBox.append(el("span", { class: "poolLab-size-axis mono" }, `${name} `, s));
        return s;
      });
    }
    sizeSelects.forEach((s, a) => { s.value = String(state.size[a]); });
  }

  function update(state) {
    title.textContent = t("poolLab.controls");
    kindText.textContent = t("poolLab.knob.kind");
    for (const b of kindButtons) {
      b.textContent = t(`poolLab.kind.${b.dataset.kind}`);
      b.setAttribute("aria-pressed", String(b.dataset.kind === state.kind));
    }
    for (const [name, text] of Object.entries(labels)) text.textContent = t(`poolLab.knob.${name}`);
    for (const hint of form.querySelectorAll("[data-hint]")) hint.textContent = t(hint.dataset.hint);
    sizeText.textContent = t("poolLab.knob.size");
    dim.options[0].textContent = t("poolLab.knob.dim1");
    dim.options[1].textContent = t("poolLab.knob.dim2");
    dim.value = String(state.dim);
    sizes(state);
    channels.value = String(state.channels);
    k.value = String(state.k);
    stride.value = String(state.stride);
    pad.value = String(state.pad);
    dilation.value = String(state.dilation);
    dilation.disabled = state.kind === "avg";
    ceil.checked = state.ceil;
    include.checked = state.includePad;
    include.disabled = state.kind === "max";
    form.querySelector("[data-field='dilation'] small").hidden = state.kind !== "avg";
    form.querySelector("[data-field='includePad'] small").hidden = state.kind !== "max";
    for (const option of preset.options) option.textContent = t(`poolLab.preset.${option.value}`);
    preset.value = state.preset;
    reroll.textContent = t("poolLab.knob.reroll");
    note.hidden = !state.knobNote;
    note.textContent = state.knobNote ? t(state.knobNote.key, state.knobNote.vars) : "";
    exTitle.textContent = t("poolLab.examples");
    for (const b of exButtons) b.textContent = t(`poolLab.example.${b.dataset.example}`);
    valuesSummary.textContent = t("poolLab.edit.title");
    valuesLabel.textContent = t("poolLab.edit.help", { c: state.channels, shape: state.size.join(" × ") });
    apply.textContent = t("poolLab.edit.apply");
    if (valuesShown !== state.input) {
      valuesShown = state.input;
      valuesArea.value = valuesText(state.input, state.size, state.channels);
      valuesError.hidden = true;
    }
  }

  return { update };
}
