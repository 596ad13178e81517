/**
 * Every knob of a convolution layer: dimension, input size, input channels, number of kernels,
 * kernel size, stride, padding (a number, valid, same or full), dilation, and convolution
 * versus cross-correlation. Impossible settings are allowed: the engine's sentence explains them.
 * @module views/labControlsView
 */
import { t } from "../lib/i18n.js";
import { PAD_MODES } from "../lib/labGeometry.js";
import { LIMITS } from "../lib/labUrlState.js";
import { el } from "../ui/dom.js";

const AXES = { 1: ["L"], 2: ["H", "W"], 3: ["D", "H", "W"] };

/**
 * Create the controls.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`knobs`, `flip`)
 * @returns {{update: (s: object) => void}}
 */
export function createLabControlsView(root, store, actions) {
  const labels = [];
  const field = (i18n, control, extra) => {
    const text = el("span", { class: "lab-field-label" });
    labels.push([text, i18n]);
    return el("label", { class: "lab-field" }, text, control, extra);
  };
  // A value outside a knob's range is not silently dropped: the note under that knob (and
  // only that one) says what the range is. Knobs of one row (the size axes) share a note.
  const notes = new Map();
  const noteFor = (group) => {
    if (!notes.has(group)) {
      notes.set(group, el("p", { class: "lab-note lab-range-note", id: `lab-range-${group}`,
        role: "status", hidden: true, dataset: { knob: group } }));
    }
    return notes.get(group);
  };
  const numberInput = (name, min, max, onValue, group = name) => el("input", {
    type: "number", min: String(min), max: String(max), step: "1", name, inputmode: "numeric",
    "aria-describedby": noteFor(group).id,
    on: { change: (e) => {
      const v = Number(e.target.value);
      const ok = Number.isInteger(v) && v >= min && v <= max;
      actions.set({ knobNote: ok ? null : { knob: group, value: e.target.value, min, max } });
      if (ok) onValue(v);
      else e.target.value = String(e.target.dataset.last ?? min);
    } },
  });

  const dim = el("select", { name: "dim", on: { change: (e) => actions.knobs({ dim: Number(e.target.value) }) } });
  for (const d of [1, 2, 3]) dim.append(el("option", { value: String(d) }));
  const sizeBox = el("span", { class: "lab-size" });
  const cin = el("select", { name: "cin", on: { change: (e) => actions.knobs({ cin: Number(e.target.value) }) } },
                 el("option", { value: "1", text: "1" }), el("option", { value: "3", text: "3" }));
  const cout = numberInput("cout", 1, LIMITS.cout, (v) => actions.knobs({ cout: v }));
  const k = numberInput("k", 1, LIMITS.k, (v) => actions.knobs({ k: v }));
  const stride = numberInput("stride", 1, LIMITS.stride, (v) => actions.knobs({ stride: v }));
  const padMode = el("select", { name: "padMode", on: { change: (e) => actions.knobs({ padMode: e.target.value }) } });
  for (const m of PAD_MODES) padMode.append(el("option", { value: m }));
  const pad = numberInput("pad", 0, LIMITS.pad, (v) => actions.knobs({ pad: v, padMode: "number" }));
  const dilation = numberInput("dilation", 1, LIMITS.dilation, (v) => actions.knobs({ dilation: v }));
  const flip = el("button", { type: "button", class: "lab-flip-toggle", name: "flip", on: { click: () => actions.flip() } });
  const flipHint = el("p", { class: "lab-note" });
  const title = el("h2", { class: "lab-panel-title" });
  const sizeLabel = el("span", { class: "lab-field-label" });
  const padLabel = el("span", { class: "lab-field-label" });
  const padHint = el("span", { class: "visually-hidden" });

  const form = el("form", { class: "lab-controls", on: { submit: (e) => e.preventDefault() } },
    title,
    field("lab.knob.dim", dim),
    el("div", { class: "lab-field" }, sizeLabel, sizeBox, noteFor("size")),
    field("lab.knob.cin", cin),
    field("lab.knob.cout", cout, noteFor("cout")),
    field("lab.knob.k", k, noteFor("k")),
    field("lab.knob.stride", stride, noteFor("stride")),
    el("div", { class: "lab-field" }, padLabel, el("span", { class: "lab-pad" }, padMode, pad, padHint),
      noteFor("pad")),
    field("lab.knob.dilation", dilation, noteFor("dilation")),
    el("div", { class: "lab-field lab-field-flip" }, flip, flipHint));
  root.append(form);

  let shownDim = 0;
  let lang = "";

  function setNumber(input, v) {
    if (document.activeElement !== input) input.value = String(v);
    input.dataset.last = String(v);
  }

  function update(state) {
    if (state.dim !== shownDim) {
      shownDim = state.dim;
      sizeBox.textContent = "";
      AXES[state.dim].forEach((name, a) => {
        const input = numberInput(`size-${name}`, 1, LIMITS.size[state.dim], (v) => {
          const size = store.state.size.slice();
          size[a] = v;
          actions.knobs({ size });
        }, "size");
        input.dataset.axis = String(a);
        sizeBox.append(el("label", { class: "lab-size-axis" }, el("span", { text: name }), input));
      });
      lang = "";
    }
    sizeBox.querySelectorAll("input").forEach((input, a) => setNumber(input, state.size[a]));
    dim.value = String(state.dim);
    cin.value = String(state.cin);
    setNumber(cout, state.cout);
    setNumber(k, state.k);
    setNumber(stride, state.stride);
    setNumber(dilation, state.dilation);
    padMode.value = state.padMode;
    setNumber(pad, state.padMode === "number" ? state.pad : 0);
    pad.disabled = state.padMode !== "number";
    flip.setAttribute("aria-pressed", state.flip ? "true" : "false");
    const note = state.knobNote;
    for (const [group, node] of notes) {
      const mine = Boolean(note) && note.knob === group;
      node.hidden = !mine;
      node.textContent = mine ? t("lab.knob.outOfRange", note) : "";
    }
    if (state.lang !== lang || flip.dataset.flip !== String(state.flip)) {
      lang = state.lang;
      flip.dataset.flip = String(state.flip);
      title.textContent = t("lab.knob.title");
      for (const [node, key] of labels) node.textContent = t(key);
      sizeLabel.textContent = t("lab.knob.size");
      padLabel.textContent = t("lab.knob.pad");
      pad.setAttribute("aria-label", t("lab.knob.padNumber"));
      padMode.setAttribute("aria-label", t("lab.knob.padMode"));
      padHint.textContent = t("lab.knob.padHint");
      for (const o of dim.options) o.textContent = t(`lab.knob.dim${o.value}`);
      for (const o of padMode.options) o.textContent = t(`lab.knob.pad.${o.value}`);
      sizeBox.querySelectorAll("input").forEach((input, a) => {
        input.setAttribute("aria-label", t(`lab.knob.axis.${AXES[state.dim][a]}`));
      });
      flip.textContent = t("lab.knob.flip");
      flipHint.textContent = t(state.flip ? "lab.knob.flipOn" : "lab.knob.flipOff");
    }
  }

  return { update };
}
