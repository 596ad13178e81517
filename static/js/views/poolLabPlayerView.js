/**
 * The pooling mode's player: back to the start, one step back, play / pause, one step forward,
 * to the end, a scrubber over every step and the speed. The clock is the loop's frame time:
 * while playing, `draw(t)` advances the step. With reduced motion, play jumps to the end.
 * Keys (when focus is not in a field): space or k plays and pauses, "," and "." step.
 * @module views/poolLabPlayerView
 */
import { t } from "../lib/i18n.js";
import { POOL_LIMITS } from "../lib/poolLabState.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";

/** Steps a second at speed 1. */
const BASE_RATE = 2;

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{set: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean}}
 */
export function createPoolLabPlayerView(root, store, actions) {
  const steps = () => (store.state.trace ? store.state.trace.steps : 0);
  const go = (done) => actions.set({ done: Math.max(0, Math.min(steps(), done)), playing: false });
  const button = (action, key, text, on) => {
    const b = el("button", { type: "button", class: `poolLab-${action}`, dataset: { action, key }, on: { click: on } });
    b.textContent = text;
    return b;
  };
  const first = button("first", "poolLab.play.first", "|◀", () => go(0));
  const back = button("back", "poolLab.play.back", "◀", () => go(store.state.done - 1));
  const play = el("button", { type: "button", class: "poolLab-play primary", dataset: { action: "play" },
    on: { click: togglePlay } });
  const forward = button("forward", "poolLab.play.forward", "▶", () => go(store.state.done + 1));
  const last = button("last", "poolLab.play.last", "▶|", () => go(steps()));
  const scrub = el("input", { type: "range", class: "poolLab-scrub", id: "poolLab-scrub", min: "0", max: "0",
    step: "1", value: "0", on: { input: (e) => go(Number(e.target.value)) } });
  const scrubLabel = el("label", { for: "poolLab-scrub", class: "visually-hidden" });
  const counter = el("output", { class: "poolLab-counter", for: "poolLab-scrub" });
  const speed = el("select", { id: "poolLab-speed", on: { change: (e) => actions.set({ speed: Number(e.target.value) }) } });
  for (const v of POOL_LIMITS.speeds) speed.append(el("option", { value: String(v), text: `${v}×` }));
  const speedText = el("label", { for: "poolLab-speed" });
  const bar = el("div", { class: "poolLab-player", role: "group" },
    el("div", { class: "poolLab-buttons" }, first, back, play, forward, last),
    el("div", { class: "poolLab-scrubber" }, scrubLabel, scrub, counter),
    el("div", { class: "poolLab-buttons" }, speedText, speed));
  root.append(bar);

  function togglePlay() {
    const s = store.state;
    if (!s.trace) return;
    if (s.playing) { actions.set({ playing: false }); return; }
    if (reducedMotion()) { actions.set({ done: s.trace.steps, playing: false }); return; }
    actions.set({ playing: true, done: s.done >= s.trace.steps ? 0 : s.done });
  }

  document.addEventListener("keydown", (e) => {
    const tag = e.target && e.target.tagName;
    if (e.altKey || e.ctrlKey || e.metaKey || ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "SUMMARY"].includes(tag)) return;
    if (e.target && e.target.closest && e.target.closest("[data-grid]")) return; // the grids' own keys
    if (e.key === "k" || e.key === " ") { togglePlay(); e.preventDefault(); }
    else if (e.key === ",") go(store.state.done - 1);
    else if (e.key === ".") go(store.state.done + 1);
  });

  let state = store.state;
  let lastTick = null;

  function update(next) {
    state = next;
    const total = state.trace ? state.trace.steps : 0;
    play.textContent = t(state.playing ? "poolLab.play.pause" : "poolLab.play.play");
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    for (const b of [first, back, play, forward, last, scrub]) b.disabled = !state.trace;
    first.disabled ||= state.done <= 0;
    back.disabled ||= state.done <= 0;
    forward.disabled ||= state.done >= total;
    last.disabled ||= state.done >= total;
    for (const b of [first, back, forward, last]) {
      b.setAttribute("aria-label", t(b.dataset.key));
      b.title = t(b.dataset.key);
    }
    scrub.max = String(total);
    scrub.value = String(state.done);
    scrubLabel.textContent = t("poolLab.play.scrub");
    const count = t("poolLab.play.counter", { done: state.done, total });
    scrub.setAttribute("aria-valuetext", count);
    counter.textContent = count;
    speed.value = String(state.speed);
    speedText.textContent = t("poolLab.play.speed");
    bar.setAttribute("aria-label", t("poolLab.play.group"));
    bar.dataset.playing = String(state.playing);
  }

  function draw(now) {
    if (!state.playing || !state.trace) { lastTick = null; return false; }
    if (lastTick === null) { lastTick = now; return true; }
    const interval = 1000 / (BASE_RATE * state.speed);
    if (now - lastTick >= interval) {
      const n = Math.floor((now - lastTick) / interval);
      lastTick += n * interval;
      const done = Math.min(state.trace.steps, state.done + n);
      store.setState({ done, playing: done < state.trace.steps });
    }
    return true;
  }

  return { update, draw };
}
