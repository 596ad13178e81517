/**
 * What the two operation sections of the backprop page (convolution backward, pooling
 * backward) share: the section's frame (heading, intro, controls, status, error, player)
 * and the loading cycle (one request set per setting, stale ones aborted, the step kept
 * inside the animation, text redrawn on a language switch).
 * @module sections/opsSection
 */
import { onLangChange, t } from "../lib/i18n.js";
import { applyI18n, el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";
import { showError } from "../views/errorMessage.js";

/**
 * Where an animation starts: its first step, or its end state when motion is reduced.
 * @param {number} total
 * @returns {number}
 */
export function startStep(total) {
  return reducedMotion() ? Math.max(0, total - 1) : 0;
}

/**
 * Build the section's frame into `root`.
 * @param {HTMLElement} root the `<section>`
 * @param {{titleId: string, titleKey: string, introKey: string}} text
 * @returns {{controls: HTMLElement, status: HTMLElement, error: HTMLElement, player: HTMLElement}}
 */
export function createOpsFrame(root, { titleId, titleKey, introKey }) {
  const controls = el("div");
  const status = el("p", { class: "ops-status", role: "status" });
  const error = el("p", { class: "message message-error", role: "alert", hidden: true });
  const player = el("div");
  root.classList.add("ops-section");
  root.append(el("h2", { id: titleId, i18n: titleKey }), el("p", { class: "ops-intro", i18n: introKey }),
              controls, status, error, player);
  return { controls, status, error, player };
}

/**
 * Show loading and errors, and mark the section ready for tests once its data is drawn.
 * @param {HTMLElement} root
 * @param {{status: HTMLElement, error: HTMLElement}} frame
 * @param {{loading: boolean, error: string, data: object|null}} s the section's state
 */
export function showOpsStatus(root, frame, s) {
  frame.status.textContent = s.loading ? t("common.loading") : "";
  frame.error.hidden = !s.error;
  if (s.error) showError(frame.error, s.error, "ops.failed");
  else frame.error.textContent = "";
  root.dataset.ready = String(!s.loading && Boolean(s.data));
}

/**
 * Keep the section's data loaded for its current setting: a changed setting aborts the
 * request in flight and asks anew; a failure keeps the last data and shows the sentence.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{settings: string[], load: (s: object, signal: AbortSignal) => Promise<object>,
 *   totalOf: (s: object) => number}} how the state keys that need new data, the loader,
 *   and the number of steps of a state
 */
export function keepOpsLoaded(root, store, { settings, load, totalOf }) {
  let controller = null;
  let asked = "";
  const refresh = () => {
    const s = store.state;
    const key = settings.map((k) => s[k]).join(",");
    if (key === asked) return;
    asked = key;
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    root.dataset.ready = "false";  // at once, not on the next frame: tests wait for "true"
    store.setState({ loading: true, error: "", playing: false });
    load(s, signal).then((data) => {
      if (signal.aborted) return;
      store.setState({ data, loading: false, step: startStep(totalOf({ ...store.state, data })) });
    }).catch((err) => {
      if (signal.aborted || err.name === "AbortError") return;
      store.setState({ loading: false, error: err });
    });
  };
  store.subscribe(refresh);
  store.subscribe((s) => {
    // Controls ask for the start with step -1: the first step, or the end with reduced motion.
    const n = totalOf(s);
    if (s.step < 0 || (n && s.step >= n)) store.setState({ step: s.step < 0 ? startStep(n) : n - 1 });
  });
  refresh();
  onLangChange((lang) => {
    applyI18n(root);
    store.setState({ lang });
  });
}
