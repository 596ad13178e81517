/**
 * The convolution lab (`/`): an input and kernels the learner edits, every knob of a
 * convolution layer, and the engine's sliding trace drawn step by step. State lives in one
 * store and in the URL; the engine computes (`POST /api/v1/conv` with the trace), the views draw.
 * @module pages/lab
 */
import { conv, shapes } from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange } from "../lib/i18n.js";
import { applyKnobs } from "../lib/labKnobs.js";
import { convBody, countedCosts, shapesBodies } from "../lib/labRequest.js";
import { prepareTrace, prod } from "../lib/labSteps.js";
import { decodeState, decodeStep, encodeState, refusedParams } from "../lib/labUrlState.js";
import { pooledShapesBody } from "../lib/notes.js";
import { linearInputs } from "../lib/notesWhy.js";
import { applyI18n, el } from "../ui/dom.js";
import { createLabControlsView } from "../views/labControlsView.js";
import { createLabEditorView } from "../views/labEditorView.js";
import { createLabFormulaView } from "../views/labFormulaView.js";
import { createLabGridView } from "../views/labGridView.js";
import { labMode, renderLabModes } from "../views/labModesView.js";
import { createLabUrlNote } from "../views/labUrlNoteView.js";
import { createLabNotesView } from "../views/labNotesView.js";
import { createLabPlayerView } from "../views/labPlayerView.js";
import { createLabStepView } from "../views/labStepView.js";

/** Knobs and values that change what the engine computes. */
const REQUEST_KEYS = ["dim", "size", "cin", "cout", "k", "stride", "padMode", "pad", "dilation",
  "flip", "input", "kernel", "bias"];
const URL_KEYS = [...REQUEST_KEYS, "speed", "preset", "done", "playing"];

function changed(a, b, keys) {
  return keys.some((key) => a[key] !== b[key]);
}

/**
 * Read an uploaded image, crop its centre square and sample it at the grid's size.
 * @param {ImageBitmap} image
 * @param {number[]} size (*S); 1-D reads the middle row, 3-D repeats the crop on every slice
 * @param {number} cin 1 (grey) or 3 (RGB)
 * @returns {number[]} (C_in * prod(S),) in 0..1
 */
function cropImage(image, size, cin) {
  const nd = size.length;
  const w = size[nd - 1];
  const h = nd >= 2 ? size[nd - 2] : 1;
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const side = Math.min(image.width, image.height);
  const sh = nd === 1 ? Math.max(1, Math.round(side / w)) : side;
  ctx.drawImage(image, (image.width - side) / 2, (image.height - sh) / 2, side, sh, 0, 0, w, h);
  const px = ctx.getImageData(0, 0, w, h).data;
  const depth = nd === 3 ? size[0] : 1;
  const values = [];
  for (let c = 0; c < cin; c += 1) {
    for (let d = 0; d < depth; d += 1) {
      for (let i = 0; i < w * h; i += 1) {
        const v = cin === 3 ? px[4 * i + c] : (px[4 * i] * 0.299 + px[4 * i + 1] * 0.587 + px[4 * i + 2] * 0.114);
        values.push(Math.round((v / 255) * 100) / 100);
      }
    }
  }
  return values;
}

/**
 * Mount the lab into its root.
 * @param {HTMLElement} root
 */
export async function mount(root) {
  root.textContent = "";
  root.removeAttribute("aria-live");
  const mode = labMode(new URLSearchParams(location.search));
  renderLabModes(root, mode);
  if (mode !== "conv") {
    const section = await import(`../sections/${mode}Lab.js`);
    section.mount(root);
    return;
  }
  const params = new URLSearchParams(location.search);
  const initial = decodeState(params);
  // A hand-written link's values the lab could not use are named, not dropped silently.
  const refused = refusedParams(params, initial);
  // A mode the lab does not have (`?mode=pooling`) shows the convolution, and says so.
  if (params.has("mode") && params.get("mode") !== mode) refused.unshift({ key: "mode", value: params.get("mode"), used: mode });
  // The step a link shows is applied once the first trace has come back.
  let linkStep = decodeStep(params);
  const store = createStore({
    ...initial, lang: getLang(), status: "loading", error: null, knobNote: null, trace: null,
    costs: null, notesPool: null, linear: null, done: 0, lastSteps: 0, playing: false, hover: null, editKernel: 0, editChannel: 0, flipAt: -1,
  });
  let image = null;
  const recrop = (size, cin) => (image ? cropImage(image, size, cin) : null);

  const actions = {
    /** Change knobs (shapes follow). */
    knobs(patch) {
      store.setState((s) => ({ ...applyKnobs(s, patch, recrop), playing: false, hover: null,
        editKernel: 0, editChannel: 0, trace: null, costs: null, notesPool: null,
        lastSteps: s.trace ? s.trace.steps : s.lastSteps }));
    },
    /** Set values directly (input, kernel, bias) or view state (done, playing, hover...). */
    set(patch) { store.setState(patch); },
    /** Toggle convolution / cross-correlation; the kernel view rotates. */
    flip() {
      store.setState((s) => ({ flip: !s.flip, flipAt: performance.now() }));
    },
    /** Use an uploaded image file as the input. */
    async upload(file) {
      try {
        image = await createImageBitmap(file);
      } catch {
        store.setState({ editorError: "lab.edit.badImage" });
        return;
      }
      store.setState((s) => ({ ...applyKnobs(s, { preset: "image" }, recrop), editorError: null }));
    },
    /** The current view as a PNG download. */
    exportPng() { grid.exportPng(); },
  };

  const urlNote = createLabUrlNote(refused);
  const header = el("div", { class: "lab-intro" },
    el("h1", { i18n: "lab.title" }),
    el("p", { class: "lab-lead", i18n: "lab.lead" }), urlNote);
  const layout = el("div", { class: "lab-layout" });
  const side = el("div", { class: "lab-side" });
  const main = el("div", { class: "lab-main" });
  layout.append(main, side);
  root.append(header, layout);

  const player = createLabPlayerView(main, store, actions);
  const grid = createLabGridView(main, store, actions);
  const step = createLabStepView(main, store);
  const controls = createLabControlsView(side, store, actions);
  const editor = createLabEditorView(side, store, actions);
  const formula = createLabFormulaView(main, store);
  // "From the notes" sits right under the output-size formula (and keeps that place on a phone).
  const notesRoot = el("section", { class: "lab-notes", "aria-labelledby": "lab-notes-title" });
  main.querySelector(".lab-formula").after(notesRoot);
  const notes = createLabNotesView(notesRoot, store, actions);
  for (const view of [player, grid, step, controls, editor, formula, notes]) addView(view, store);

  onLangChange((lang) => {
    applyI18n(root);
    store.setState({ lang });
  });

  // Every answer is kept only if no newer request was made since (no request is aborted, so
  // quick changes never show up as failed requests; the newest answer wins).
  let latest = 0;
  let last = store.state;
  async function compute() {
    latest += 1;
    const id = latest;
    const state = store.state;
    root.dataset.labStatus = "loading";
    store.setState({ status: "loading", linear: null });
    try {
      const answer = await conv(convBody(state));
      if (id !== latest) return;
      checkLinear(id, state, answer);
      const trace = prepareTrace(answer.trace);
      const before = store.state.trace ? store.state.trace.steps : store.state.lastSteps;
      const atEnd = before > 0 && store.state.done >= before;
      let done = !before ? 0 : atEnd ? trace.steps : Math.min(store.state.done, trace.steps);
      if (linkStep > 0) {
        done = Math.min(linkStep, trace.steps);
        linkStep = 0;
      }
      store.setState({ status: "ready", error: null, trace, done, costs: null, lastSteps: trace.steps });
      root.dataset.labStatus = "ready";
      root.dataset.labSteps = String(trace.steps);
      const outVolume = trace.cout * prod(trace.outShape);
      const bodies = shapesBodies(state, outVolume);
      if (!bodies) {
        store.setState({ costs: { ...countedCosts(state, trace.outShape), source: "counted" } });
        return;
      }
      // Note 001's question: the same layer followed by a 2 x 2 pooling, sized by the engine.
      const poolBody = pooledShapesBody(bodies.conv, state.dim, trace.outShape);
      const [layer, dense, pooled] = await Promise.all([shapes(bodies.conv), shapes(bodies.dense),
        poolBody ? shapes(poolBody).catch(() => null) : null]);
      if (id !== latest) return;
      store.setState({ costs: {
        convParams: layer.params, denseParams: dense.params, volumeIn: layer.input_volume,
        volumeOut: layer.layers[0].volume, source: "api",
      }, notesPool: pooled ? { conv: pooled.layers[0].volume, pool: pooled.layers[1].volume } : null });
    } catch (err) {
      if (id !== latest) return;
      // The error itself is kept: the formula view words it in the language of the moment.
      store.setState({ status: "error", error: err, trace: null, done: 0, playing: false, costs: null,
        notesPool: null });
      root.dataset.labStatus = "error";
    }
  }

  /**
   * Note 000's claim that convolution is linear, on the engine's numbers: the same layer on a
   * second input y and on 2x + y (no trace), kept beside the lab's own answer for x.
   */
  function checkLinear(id, state, answer) {
    const { y, combo } = linearInputs(state.input);
    const plain = (input) => conv({ ...convBody({ ...state, input }), trace: false });
    Promise.all([plain(y), plain(combo)]).then(([forY, forCombo]) => {
      if (id !== latest) return;
      store.setState({ linear: { x: answer.output.data, y: forY.output.data, combo: forCombo.output.data } });
    }).catch(() => { /* the check is an extra: the lab's own answer already came back */ });
  }

  store.subscribe((state) => {
    if (changed(state, last, URL_KEYS)) {
      const query = `?${encodeState(state, new URLSearchParams(location.search))}`;
      if (query !== location.search) history.replaceState(history.state, "", `${location.pathname}${query}${location.hash}`);
    }
    const again = changed(state, last, REQUEST_KEYS);
    last = state;
    if (again) compute();
  });
  compute();
}
