/**
 * The player every lab mode shares: back to the start, one step back, play / pause, one step
 * forward, to the end, a scrubber over every step and the speed. The clock is the loop's frame
 * time: while playing, `draw(t)` advances `done`. With reduced motion, play jumps to the end.
 * Keys (when the focus is not in a field, a button or a grid with its own keys): space or k
 * plays and pauses, "," and "." step.
 *
 * Elements carry the mode's class prefix (`lab-play`, `poolLab-forward`, ...) and a
 * `data-action`; words come from the mode's i18n keys `<words>.first`, `.back`, `.forward`,
 * `.last`, `.play`, `.pause`, `.scrub`, `.counter`, `.speed`, `.group`.
 * @module views/stepPlayer
 */
import { t } from "../lib/i18n.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";

/** Steps a second at speed 1. */
const BASE_RATE = 2;

/** Elements whose own keys the player leaves alone. */
const OWN_KEYS = ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "SUMMARY", "CANVAS"];

/**
 * @typedef {object} StepPlayerOptions
 * @property {string} prefix class and id prefix ("lab", "poolLab", "transposeLab")
 * @property {string} words i18n key prefix ("lab.play")
 * @property {number[]} speeds the speed menu's choices
 * @property {(state: object) => number} steps the steps of a state (0: nothing to play yet)
 * @property {Node[]} [extra] more controls after the speed (the convolution lab's export)
 */

/**
 * Create the player inside `root`.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store holds `done`, `playing`, `speed`
 * @param {{set: (patch: object) => void}} actions
 * @param {StepPlayerOptions} options
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean}}
 */
export function createStepPlayer(root, store, actions, options) {
  const { prefix, words, speeds, steps, extra = [] } = options;
  const go = (done) => actions.set({ done: Math.max(0, Math.min(steps(store.state), done)), playing: false });
  const button = (action, symbol, on) => el("button", { type: "button", class: `${prefix}-${action}`,
    dataset: { action }, text: symbol, on: { click: on } });
  const first = button("first", "|◀", () => go(0));
  const back = button("back", "◀", () => go(store.state.done - 1));
  const play = button("play", "", togglePlay);
  play.classList.add("primary");
  const forward = button("forward", "▶", () => go(store.state.done + 1));
  const last = button("last", "▶|", () => go(steps(store.state)));
  const scrub = el("input", { type: "range", class: `${prefix}-scrub`, id: `${prefix}-scrub`, min: "0", max: "0",
    step: "1", value: "0", on: { input: (e) => go(Number(e.target.value)) } });
  const scrubLabel = el("label", { for: `${prefix}-scrub`, class: "visually-hidden" });
  const counter = el("output", { class: `${prefix}-counter`, for: `${prefix}-scrub` });
  const speed = el("select", { on: { change: (e) => actions.set({ speed: Number(e.target.value) }) } });
  for (const v of speeds) speed.append(el("option", { value: String(v), text: `${v}×` }));
  const speedText = el("span", { class: `${prefix}-speed-text` });
  const bar = el("div", { class: `${prefix}-player`, role: "group" },
    el("div", { class: `${prefix}-buttons` }, first, back, play, forward, last),
    el("div", { class: `${prefix}-scrubber` }, scrubLabel, scrub, counter),
    el("div", { class: `${prefix}-buttons` }, el("label", { class: `${prefix}-speed` }, speedText, speed), ...extra));
  root.append(bar);

  function togglePlay() {
    const s = store.state;
    const total = steps(s);
    if (!total) return;
    if (s.playing) { actions.set({ playing: false }); return; }
    if (reducedMotion()) { actions.set({ done: total, playing: false }); return; }
    actions.set({ playing: true, done: s.done >= total ? 0 : s.done });
  }

  const onKey = (e) => {
    if (!root.isConnected) { document.removeEventListener("keydown", onKey); return; }
    const target = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || OWN_KEYS.includes(target && target.tagName)) return;
    if (target && target.closest && target.closest("[data-grid]")) return;
    if (e.key === "k" || e.key === " ") { togglePlay(); e.preventDefault(); }
    else if (e.key === ",") go(store.state.done - 1);
    else if (e.key === ".") go(store.state.done + 1);
  };
  document.addEventListener("keydown", onKey);

  let state = store.state;
  let lastTick = null;

  function update(next) {
    state = next;
    const total = steps(state);
    const done = Math.min(state.done, total);
    play.textContent = t(`${words}.${state.playing ? "pause" : "play"}`);
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    for (const b of [first, back, play, forward, last, scrub]) b.disabled = total === 0;
    first.disabled ||= done <= 0;
    back.disabled ||= done <= 0;
    forward.disabled ||= done >= total;
    last.disabled ||= done >= total;
    for (const b of [first, back, forward, last]) {
      b.setAttribute("aria-label", t(`${words}.${b.dataset.action}`));
      b.title = t(`${words}.${b.dataset.action}`);
    }
    scrub.max = String(total);
    scrub.value = String(done);
    scrubLabel.textContent = t(`${words}.scrub`);
    const count = t(`${words}.counter`, { done, total });
    scrub.setAttribute("aria-valuetext", count);
    counter.textContent = count;
    speed.value = String(state.speed);
    speedText.textContent = t(`${words}.speed`);
    bar.setAttribute("aria-label", t(`${words}.group`));
    bar.dataset.playing = String(state.playing);
  }

  function draw(now) {
    const total = steps(state);
    if (!state.playing || !total) { lastTick = null; return false; }
    if (lastTick === null) { lastTick = now; return true; }
    const interval = 1000 / (BASE_RATE * state.speed);
    if (now - lastTick >= interval) {
      const n = Math.floor((now - lastTick) / interval);
      lastTick += n * interval;
      const done = Math.min(total, state.done + n);
      store.setState({ done, playing: done < total });
    }
    return true;
  }

  return { update, draw };
}
