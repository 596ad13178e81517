/**
 * The lab's pooling mode (`/?mode=pool`): max and average pooling of an input the learner
 * shapes, slid window by window like the convolution lab, with every knob of PyTorch's pooling
 * (kernel, stride, padding, dilation, ceil_mode, count_include_pad), 1-D or 2-D, 1 to 3
 * channels; the output-size formula with both roundings; and the notes' "why" claims with the
 * current numbers. State lives in one store and in the URL.
 *
 * The engine computes: `POST /api/v1/pool` with the trace (windows, maxima, divisors, the
 * cells no window reads), then, for the "why" panels, the other kind's output, `POST
 * /api/v1/shapes` for the parameter counts, and (average pooling) a second trace with other
 * values to compare the divisors.
 * @module sections/poolLab
 */
import { ApiError, pool, shapes } from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { poolBody, poolShapesBodies } from "../lib/poolLabGeometry.js";
import {
  POOL_REQUEST_KEYS, POOL_URL_KEYS, applyPoolKnobs, decodePoolState, encodePoolState, refusedPoolParams,
} from "../lib/poolLabState.js";
import { preparePoolTrace } from "../lib/poolLabTrace.js";
import { otherValues } from "../lib/poolLabWhy.js";
import { decodeTensor } from "../lib/tensor.js";
import { applyI18n, el } from "../ui/dom.js";
import { createPoolLabControlsView } from "../views/poolLabControlsView.js";
import { createPoolLabFormulaView } from "../views/poolLabFormulaView.js";
import { createPoolLabGridView } from "../views/poolLabGridView.js";
import { createPoolLabPlayerView } from "../views/poolLabPlayerView.js";
import { createPoolLabStepView } from "../views/poolLabStepView.js";
import { createPoolLabWhyView } from "../views/poolLabWhyView.js";
import { createLabUrlNote } from "../views/labUrlNoteView.js";

function changed(a, b, keys) {
  return keys.some((key) => a[key] !== b[key]);
}

/**
 * What the "why" panels need besides the trace, asked of the engine at once; a part that
 * fails is left out (its panel says so), the pooling itself has already been drawn.
 * @param {object} state
 * @returns {Promise<object>}
 */
async function loadWhy(state) {
  const otherKind = state.kind === "max" ? "avg" : "max";
  const noOther = state.kind === "max" && state.dilation > 1;
  const bodies = poolShapesBodies(state);
  const checkInput = otherValues(state.input);
  const [other, poolShapes, convShapes, check] = await Promise.all([
    noOther ? null : pool(poolBody(state, { kind: otherKind, trace: false })).catch(() => null),
    shapes(bodies.pool).catch(() => null),
    shapes(bodies.conv).catch(() => null),
    state.kind === "avg" ? pool(poolBody(state, { input: checkInput })).catch(() => null) : null,
  ]);
  return {
    other: other ? Array.from(decodeTensor(other.output).data) : null,
    otherReason: noOther ? "dilation" : other ? null : "error",
    poolShapes: poolShapes ? poolShapes.layers[0] : null,
    convShapes: convShapes ? convShapes.layers[0] : null,
    check: check ? { trace: preparePoolTrace(check.trace), input: checkInput } : null,
  };
}

/**
 * Mount the mode into the lab page's root (the mode tabs are already there).
 * @param {HTMLElement} root
 */
export function mount(root) {
  const link = new URLSearchParams(location.search);
  const initial = decodePoolState(link);
  const store = createStore({
    ...initial, lang: getLang(), status: "loading", error: null, trace: null, why: null, playing: false,
    hover: null, knobNote: null,
  });

  const actions = {
    /** Change knobs (the input follows its shape; the animation starts over). */
    knobs(patch) {
      store.setState((s) => ({ ...applyPoolKnobs(s, patch), playing: false, hover: null, trace: null, why: null }));
    },
    /** Set values directly (input, done, playing, hover, speed). */
    set(patch) { store.setState(patch); },
  };

  // The window's title names this mode (kept through a language switch by its data-i18n key).
  const title = document.querySelector("title");
  if (title) {
    title.dataset.i18n = "poolLab.pageTitle";
    title.textContent = t("poolLab.pageTitle");
  }

  const header = el("div", { class: "poolLab-intro" },
    el("h1", { i18n: "poolLab.title" }),
    el("p", { class: "poolLab-lead", i18n: "poolLab.lead" }), createLabUrlNote(refusedPoolParams(link, initial)));
  const main = el("div", { class: "poolLab-main" });
  const side = el("div", { class: "poolLab-side" });
  root.append(header, el("div", { class: "poolLab-layout" }, main, side));

  const views = [
    createPoolLabPlayerView(main, store, actions),
    createPoolLabGridView(main, store, actions),
    createPoolLabStepView(main, store),
    createPoolLabFormulaView(main, store),
    createPoolLabWhyView(main, store, actions),
    createPoolLabControlsView(side, store, actions),
  ];
  for (const view of views) addView(view, store);
  // Last: where the page stands, written after every view has drawn the same state (for tests).
  addView({
    update(s) {
      root.dataset.labStatus = s.status;
      root.dataset.whyStatus = s.status === "error" ? "error" : s.why ? "ready" : "loading";
      if (s.trace) root.dataset.labSteps = String(s.trace.steps);
      else delete root.dataset.labSteps;
    },
  }, store);

  onLangChange((lang) => {
    applyI18n(root);
    if (title) title.textContent = t("poolLab.pageTitle");
    store.setState({ lang });
  });

  // The newest answer wins; an older one arriving late is dropped (nothing is aborted).
  let latest = 0;
  let last = store.state;
  async function compute() {
    latest += 1;
    const id = latest;
    const state = store.state;
    // Written at once (not on the next frame), so nobody reads the last answer's "ready".
    root.dataset.labStatus = "loading";
    root.dataset.whyStatus = "loading";
    store.setState({ status: "loading" });
    try {
      const answer = await pool(poolBody(state));
      if (id !== latest) return;
      const trace = preparePoolTrace(answer.trace);
      store.setState({ status: "ready", error: null, trace, why: null,
        done: Math.min(store.state.done, trace.steps) });
    } catch (err) {
      if (id !== latest) return;
      // The error itself is kept: its message is read when drawn, in the language of the moment.
      store.setState({ status: "error", error: err instanceof ApiError ? err : { message: String(err) }, trace: null,
        why: null, done: 0, playing: false });
      return;
    }
    const why = await loadWhy(state);
    if (id !== latest) return;
    store.setState({ why });
  }

  let written = store.state;
  const writeUrl = (state) => {
    written = state;
    const params = encodePoolState(state, new URLSearchParams(location.search));
    history.replaceState(history.state, "", `${location.pathname}?${params}${location.hash}`);
  };
  writeUrl(store.state); // the whole setting at once, so the address is a link to this view
  const SETTING_KEYS = POOL_URL_KEYS.filter((key) => key !== "done");
  store.subscribe((state) => {
    // The step goes into the address when it rests (not at every frame of playing: browsers
    // throttle a page that rewrites its address too often).
    if (changed(state, written, SETTING_KEYS) || (!state.playing && state.done !== written.done)) writeUrl(state);
    const again = changed(state, last, POOL_REQUEST_KEYS);
    last = state;
    if (again) compute();
  });
  compute();
}
