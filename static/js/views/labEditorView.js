/**
 * Editing values: the input (presets, an uploaded image's crop, or typed rows of numbers per
 * channel) and each kernel (presets or typed values per input channel) with its bias.
 * @module views/labEditorView
 */
import { t } from "../lib/i18n.js";
import { INPUT_PRESETS, KERNEL_PRESETS, kernelPreset } from "../lib/labPresets.js";
import { formatValue, prod, unravel } from "../lib/labSteps.js";
import { el } from "../ui/dom.js";

/**
 * The values of one channel as text: one line per row, a blank line between slices.
 * @param {number[]} values (prod(size),)
 * @param {number[]} size (*S)
 * @returns {string}
 */
function asText(values, size) {
  const cols = size[size.length - 1];
  const rows = size.length >= 2 ? size[size.length - 2] : 1;
  const lines = [];
  for (let i = 0; i < values.length; i += cols) {
    lines.push(values.slice(i, i + cols).map((v) => formatValue(v, 4)).join(" "));
    if (size.length === 3 && ((i / cols) + 1) % rows === 0 && i + cols < values.length) lines.push("");
  }
  return lines.join("\n");
}

/**
 * Create the editor.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`knobs`, `set`, `upload`)
 * @returns {{update: (s: object) => void}}
 */
export function createLabEditorView(root, store, actions) {
  const texts = [];
  const label = (key, ...children) => {
    const span = el("span", { class: "lab-field-label" });
    texts.push([span, key]);
    return el("label", { class: "lab-field" }, span, ...children);
  };
  const heading = (key) => { const h = el("h2", { class: "lab-panel-title" }); texts.push([h, key]); return h; };

  // Input
  const preset = el("select", { name: "preset", on: { change: (e) => actions.knobs({ preset: e.target.value }) } });
  const file = el("input", { type: "file", accept: "image/png,image/jpeg,image/webp,image/gif", class: "lab-file",
    on: { change: (e) => { if (e.target.files[0]) actions.upload(e.target.files[0]); e.target.value = ""; } } });
  const inChannel = el("select", { name: "inChannel", on: { change: (e) => actions.set({ editChannel: Number(e.target.value) }) } });
  const inChannelField = label("lab.edit.channel", inChannel);
  const area = el("textarea", { class: "lab-values mono", rows: "7", spellcheck: "false", name: "values" });
  const apply = el("button", { type: "button", on: { click: applyText } });
  texts.push([apply, "lab.edit.apply"]);
  const inError = el("p", { class: "message message-error", role: "alert", hidden: true });
  const details = el("details", { class: "lab-details" });
  const summary = el("summary");
  texts.push([summary, "lab.edit.typed"]);
  const areaLabel = el("label", { class: "visually-hidden", for: "lab-values" });
  area.id = "lab-values";
  texts.push([areaLabel, "lab.edit.valuesLabel"]);
  details.append(summary, areaLabel, area, apply);

  // Kernels
  const kIndex = el("select", { name: "kernelIndex", on: { change: (e) => actions.set({ editKernel: Number(e.target.value) }) } });
  const kIndexField = label("lab.edit.kernel", kIndex);
  const kPreset = el("select", { name: "kernelPreset", on: { change: (e) => applyKernelPreset(e.target.value) } });
  const kChannel = el("select", { name: "kernelChannel", on: { change: (e) => actions.set({ editChannel: Number(e.target.value) }) } });
  const kChannelField = label("lab.edit.channel", kChannel);
  const kGrid = el("div", { class: "lab-kernel-editor" });
  const bias = el("input", { type: "number", step: "any", name: "bias", on: { change: (e) => {
    const v = Number(e.target.value);
    if (e.target.value === "" || !Number.isFinite(v)) return;
    const next = store.state.bias.slice();
    next[store.state.editKernel] = v;
    actions.set({ bias: next });
  } } });

  const section = el("section", { class: "lab-editor" },
    heading("lab.edit.inputTitle"),
    label("lab.edit.preset", preset),
    label("lab.edit.upload", file),
    inChannelField, details, inError,
    heading("lab.edit.kernelTitle"),
    kIndexField,
    label("lab.edit.kernelPreset", kPreset),
    kChannelField, kGrid,
    label("lab.edit.bias", bias));
  root.append(section);

  function applyText() {
    const s = store.state;
    const n = prod(s.size);
    const parts = area.value.trim().split(/[\s,;]+/).filter(Boolean);
    const values = parts.map(Number);
    if (values.length !== n || !values.every(Number.isFinite)) {
      inError.hidden = false;
      inError.textContent = t("lab.edit.badValues", { n, m: values.filter(Number.isFinite).length });
      return;
    }
    inError.hidden = true;
    actions.set({ editorError: null });
    const c = Math.min(s.editChannel, s.cin - 1);
    const input = s.input.slice();
    input.splice(c * n, n, ...values);
    actions.set({ input, preset: s.preset === "image" ? "image" : s.preset });
  }

  function applyKernelPreset(name) {
    if (!name) return;
    const s = store.state;
    const one = kernelPreset(name, s.k, s.dim);
    const per = s.cin * one.length;
    const kernel = s.kernel.slice();
    for (let c = 0; c < s.cin; c += 1) kernel.splice(s.editKernel * per + c * one.length, one.length, ...one);
    actions.set({ kernel });
    kPreset.value = "";
  }

  function setKernelValue(i, v) {
    const s = store.state;
    const taps = s.k ** s.dim;
    const kernel = s.kernel.slice();
    kernel[(s.editKernel * s.cin + Math.min(s.editChannel, s.cin - 1)) * taps + i] = v;
    actions.set({ kernel });
  }

  let shape = "";
  let lang = "";
  let shownValues = null;

  function options(select, items, textOf) {
    const want = items.map(String).join("|");
    if (select.dataset.items === want && select.dataset.lang === store.state.lang) return;
    select.dataset.items = want;
    select.dataset.lang = store.state.lang;
    const value = select.value;
    select.textContent = "";
    for (const item of items) select.append(el("option", { value: String(item), text: textOf(item) }));
    select.value = value;
  }

  function update(state) {
    if (state.lang !== lang) {
      lang = state.lang;
      for (const [node, key] of texts) node.textContent = t(key);
    }
    const presets = [...INPUT_PRESETS[state.dim], ...(state.preset === "image" ? ["image"] : [])];
    options(preset, presets, (p) => t(`lab.preset.${p}`));
    preset.value = state.preset;
    const channel = Math.min(state.editChannel, state.cin - 1);
    options(inChannel, Array.from({ length: state.cin }, (_, c) => c), (c) => t("lab.grid.channel", { c: c + 1 }));
    inChannel.value = String(channel);
    inChannelField.hidden = state.cin === 1;
    options(kChannel, Array.from({ length: state.cin }, (_, c) => c), (c) => t("lab.grid.channel", { c: c + 1 }));
    kChannel.value = String(channel);
    kChannelField.hidden = state.cin === 1;
    options(kIndex, Array.from({ length: state.cout }, (_, j) => j), (j) => t("lab.grid.kernel", { j: j + 1 }));
    kIndex.value = String(state.editKernel);
    kIndexField.hidden = state.cout === 1;
    options(kPreset, ["", ...KERNEL_PRESETS[state.dim]], (p) => (p ? t(`lab.kpreset.${p}`) : t("lab.edit.choose")));
    const n = prod(state.size);
    const values = state.input.slice(channel * n, (channel + 1) * n);
    const valuesKey = `${state.size}|${channel}`;
    if (shownValues !== state.input || area.dataset.key !== valuesKey) {
      if (document.activeElement !== area) {
        area.value = asText(values, state.size);
        area.rows = String(Math.min(12, state.size.length >= 2 ? state.size[state.size.length - 2] + (state.dim === 3 ? 3 : 0) : 2));
        shownValues = state.input;
        area.dataset.key = valuesKey;
      }
    }
    if (state.editorError) {
      inError.hidden = false;
      inError.textContent = t(state.editorError);
    }
    if (document.activeElement !== bias) bias.value = String(state.bias[state.editKernel] ?? 0);
    bias.setAttribute("aria-label", t("lab.edit.biasOf", { j: state.editKernel + 1 }));

    const kShape = new Array(state.dim).fill(state.k);
    const taps = prod(kShape);
    const want = `${kShape}|${state.editKernel}|${channel}|${state.lang}`;
    const base = (state.editKernel * state.cin + channel) * taps;
    if (want !== shape) {
      shape = want;
      kGrid.textContent = "";
      kGrid.style.setProperty("--lab-k", String(state.k));
      let slice = null;
      for (let i = 0; i < taps; i += 1) {
        const pos = unravel(i, kShape);
        if (state.dim === 3 && pos[1] === 0 && pos[2] === 0) {
          slice = el("div", { class: "lab-kernel-slice" }, el("span", { class: "lab-note", text: t("lab.grid.slice", { d: pos[0] + 1 }) }));
          kGrid.append(slice);
        }
        const input = el("input", { type: "number", step: "any", class: "lab-kernel-cell",
          "aria-label": t("lab.edit.cell", { at: pos.map((p) => p + 1).join(", ") }),
          on: { change: (e) => {
            const v = Number(e.target.value);
            if (e.target.value !== "" && Number.isFinite(v)) setKernelValue(i, v);
          } } });
        (slice ?? kGrid).append(input);
      }
    }
    kGrid.querySelectorAll("input").forEach((input, i) => {
      if (document.activeElement !== input) input.value = formatValue(state.kernel[base + i], 4);
    });
  }

  return { update };
}
