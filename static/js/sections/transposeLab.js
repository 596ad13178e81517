/**
 * The lab's transposed convolution mode (`/?mode=transpose`): every input cell stamps the
 * kernel, scaled by its value, onto the output (S cells apart, the padding cropped,
 * output_padding added), played step by step from the engine's trace (`POST
 * /api/v1/conv_transpose` with `trace: true`); beside it, the convolution whose input gradient
 * this is, checked with the engine's `POST /api/v1/conv/backward` on the same numbers.
 * The state lives in one store and in the URL (`?mode=transpose&size=3x3&k=3&s=2&p=1&op=1...`).
 * @module sections/transposeLab
 */
import { ApiError, convBackward } from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { convTranspose } from "../lib/transposeLabApi.js";
import { applyKnobs, decodeState, encodeState, refusedParams } from "../lib/transposeLabState.js";
import { backwardBody, prepareStamps, transposeBody } from "../lib/transposeLabTrace.js";
import { flatten } from "../lib/labSteps.js";
import { applyI18n, el } from "../ui/dom.js";
import { createTransposeLabControlsView } from "../views/transposeLabControlsView.js";
import { createTransposeLabFormulaView } from "../views/transposeLabFormulaView.js";
import { createTransposeLabGradientView } from "../views/transposeLabGradientView.js";
import { createTransposeLabPlayerView } from "../views/transposeLabPlayerView.js";
import { createTransposeLabStageView } from "../views/transposeLabStageView.js";
import { createLabUrlNote } from "../views/labUrlNoteView.js";

/** Knobs and values that change what the engine computes. */
const REQUEST_KEYS = ["rows", "cols", "k", "stride", "padding", "outputPadding", "dilation", "input", "kernel"];
const URL_KEYS = [...REQUEST_KEYS, "preset", "speed", "done", "playing"];

function changed(a, b, keys) {
  return keys.some((key) => a[key] !== b[key]);
}

/**
 * What went wrong, kept for the views: the server's sentence in the interface language (read
 * when shown, so a language switch rewords it) and its English original.
 * @param {unknown} err
 * @returns {{text: () => string, english: string}}
 */
function failure(err) {
  if (err instanceof ApiError) return { text: () => err.message, english: err.sentence ?? err.message };
  return { text: () => String(err), english: String(err) };
}

/**
 * Mount the mode into the lab page's root (the mode tabs are already there).
 * @param {HTMLElement} root
 */
export function mount(root) {
  const link = new URLSearchParams(location.search);
  const initial = decodeState(link);
  const store = createStore({ ...initial, lang: getLang(), status: "loading", error: null,
    stamps: null, backward: null, playing: false });
  const wantedStep = initial.done;

  const actions = {
    /** Change knobs (the values follow the preset, or keep what both sizes share). */
    knobs(patch) { store.setState((s) => ({ ...applyKnobs(s, patch), playing: false })); },
    /** Set typed values: the preset becomes "custom". */
    values(patch) { store.setState({ ...patch, preset: "custom", playing: false }); },
    /** Set view state (done, playing, speed). */
    set(patch) { store.setState(patch); },
  };

  const header = el("div", { class: "transposeLab-intro" },
    el("h1", { i18n: "transposeLab.title" }),
    el("p", { class: "transposeLab-lead", i18n: "transposeLab.lead" }), createLabUrlNote(refusedParams(link, initial)));
  const main = el("div", { class: "transposeLab-main" });
  const side = el("div", { class: "transposeLab-side" });
  const below = el("div", { class: "transposeLab-below" });
  root.append(header, el("div", { class: "transposeLab-layout" }, main, side), below);

  const player = createTransposeLabPlayerView(main, store, actions);
  const stage = createTransposeLabStageView(main, actions);
  const controls = createTransposeLabControlsView(side, store, actions);
  const formula = createTransposeLabFormulaView(below);
  const gradient = createTransposeLabGradientView(below);
  for (const view of [player, stage, controls, formula, gradient]) addView(view, store);
  // Where the mode stands, for tests: the status and the number of stamps.
  addView({ update(s) {
    root.dataset.labStatus = s.status;
    root.dataset.labSteps = String(s.stamps ? s.stamps.steps : 0);
    root.dataset.transposeDone = String(s.stamps ? Math.min(s.done, s.stamps.steps) : 0);
    root.dataset.transposeCheck = s.backward ? s.backward.status : "";
  } }, store);

  // The window's title names the mode (after the page's own title, which main.js words).
  document.title = t("transposeLab.pageTitle");
  onLangChange((lang) => {
    applyI18n(root);
    document.title = t("transposeLab.pageTitle");
    store.setState({ lang });
  });

  // Every answer is kept only if no newer request was made since (the newest answer wins).
  let latest = 0;
  let first = true;
  async function compute() {
    latest += 1;
    const id = latest;
    const state = store.state;
    store.setState({ status: "loading", stamps: null, backward: null });
    let stamps;
    try {
      stamps = prepareStamps(await convTranspose(transposeBody(state)));
    } catch (err) {
      if (id !== latest) return;
      store.setState({ status: "error", error: failure(err), stamps: null, done: 0, playing: false });
      return;
    }
    if (id !== latest) return;
    const done = first ? Math.min(wantedStep, stamps.steps) : Math.min(store.state.done, stamps.steps);
    first = false;
    store.setState({ status: "ready", error: null, stamps, done, backward: { status: "loading" } });
    try {
      const back = await convBackward(backwardBody(state, stamps.outShape));
      if (id !== latest) return;
      store.setState({ backward: { status: "ready", gradInput: flatten(back.grad_input.data) } });
    } catch (err) {
      if (id !== latest) return;
      store.setState({ backward: { status: "error", error: failure(err) } });
    }
  }

  let last = store.state;
  store.subscribe((state) => {
    // The step goes into the URL when the animation stops, not at every frame.
    if (changed(state, last, URL_KEYS) && !state.playing) {
      const params = encodeState(state, new URLSearchParams(location.search));
      history.replaceState(history.state, "", `${location.pathname}?${params}${location.hash}`);
    }
    const again = changed(state, last, REQUEST_KEYS);
    last = state;
    if (again) compute();
  });
  compute();
}
