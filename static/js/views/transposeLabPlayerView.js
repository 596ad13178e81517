/**
 * Play, pause, step forward and back, scrub to any stamp and change the speed, as the
 * convolution lab's player does; the keyboard's space (or k) plays and pauses, comma and period
 * step, when the focus is not in a field. The clock is the loop's frame time: while playing,
 * `draw(t)` moves `done` on. With reduced motion, play jumps to the end.
 * @module views/transposeLabPlayerView
 */
import { t } from "../lib/i18n.js";
import { SPEEDS } from "../lib/transposeLabState.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";

/** Stamps a second at speed 1. */
const BASE_RATE = 2;

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store holds `done`, `playing`, `speed`, `stamps`
 * @param {object} actions the mode's actions (`set`)
 * @returns {{update: (s: object) => void, draw: (now: number) => boolean}}
 */
export function createTransposeLabPlayerView(root, store, actions) {
  const steps = () => (store.state.stamps ? store.state.stamps.steps : 0);
  const go = (done) => actions.set({ done: Math.max(0, Math.min(steps(), done)), playing: false });
  const button = (action, symbol, on) => el("button", { type: "button",
    class: `transposeLab-${action}`, dataset: { action }, text: symbol, on: { click: on } });

  const first = button("first", "|\u25C0", () => go(0));
  const back = button("back", "\u25C0", () => go(store.state.done - 1));
  const play = button("play", "", togglePlay);
  play.classList.add("primary");
  const forward = button("forward", "\u25B6", () => go(store.state.done + 1));
  const last = button("last", "\u25B6|", () => go(steps()));
  const scrub = el("input", { type: "range", class: "transposeLab-scrub", id: "transposeLab-scrub",
    min: "0", max: "0", step: "1", value: "0", on: { input: (e) => go(Number(e.target.value)) } });
  const scrubLabel = el("label", { for: "transposeLab-scrub", class: "visually-hidden" });
  const counter = el("output", { class: "transposeLab-counter", for: "transposeLab-scrub" });
  const speed = el("select", { class: "transposeLab-speed-select",
    on: { change: (e) => actions.set({ speed: Number(e.target.value) }) } });
  for (const v of SPEEDS) speed.append(el("option", { value: String(v), text: `${v}\u00D7` }));
  const speedText = el("span");
  const keys = el("p", { class: "transposeLab-keys" });
  const bar = el("div", { class: "transposeLab-player", role: "group" },
    el("div", { class: "transposeLab-buttons" }, first, back, play, forward, last),
    el("div", { class: "transposeLab-scrubber" }, scrubLabel, scrub, counter),
    el("label", { class: "transposeLab-speed" }, speedText, speed));
  root.append(bar, keys);

  function togglePlay() {
    const s = store.state;
    if (!s.stamps) return;
    if (s.playing) { actions.set({ playing: false }); return; }
    if (reducedMotion()) { actions.set({ done: s.stamps.steps, playing: false }); return; }
    actions.set({ playing: true, done: s.done >= s.stamps.steps ? 0 : s.done });
  }

  const onKey = (e) => {
    if (!root.isConnected) { document.removeEventListener("keydown", onKey); return; }
    const tag = e.target && e.target.tagName;
    if (e.altKey || e.ctrlKey || e.metaKey || ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(tag)) return;
    if (e.key === "k" || e.key === " ") { togglePlay(); e.preventDefault(); }
    else if (e.key === ",") go(store.state.done - 1);
    else if (e.key === ".") go(store.state.done + 1);
  };
  document.addEventListener("keydown", onKey);

  let state = store.state;
  let lastTick = null;

  function update(next) {
    state = next;
    const total = state.stamps ? state.stamps.steps : 0;
    const ready = total > 0;
    play.textContent = t(state.playing ? "transposeLab.play.pause" : "transposeLab.play.play");
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    for (const b of [first, back, play, forward, last, scrub]) b.disabled = !ready;
    first.disabled ||= state.done <= 0;
    back.disabled ||= state.done <= 0;
    forward.disabled ||= state.done >= total;
    last.disabled ||= state.done >= total;
    for (const [b, key] of [[first, "first"], [back, "back"], [forward, "forward"], [last, "last"]]) {
      b.setAttribute("aria-label", t(`transposeLab.play.${key}`));
      b.title = t(`transposeLab.play.${key}`);
    }
    scrub.max = String(total);
    scrub.value = String(Math.min(state.done, total));
    scrubLabel.textContent = t("transposeLab.play.scrub");
    const text = t("transposeLab.play.counter", { done: Math.min(state.done, total), total });
    scrub.setAttribute("aria-valuetext", text);
    counter.textContent = text;
    speed.value = String(state.speed);
    speedText.textContent = t("transposeLab.play.speed");
    bar.setAttribute("aria-label", t("transposeLab.play.group"));
    bar.dataset.playing = String(state.playing);
    keys.textContent = t("transposeLab.play.keys");
  }

  function draw(now) {
    if (!state.playing || !state.stamps) { lastTick = null; return false; }
    if (lastTick === null) { lastTick = now; return true; }
    const interval = 1000 / (BASE_RATE * state.speed);
    if (now - lastTick >= interval) {
      const n = Math.floor((now - lastTick) / interval);
      lastTick += n * interval;
      const done = Math.min(state.stamps.steps, state.done + n);
      store.setState({ done, playing: done < state.stamps.steps });
    }
    return true;
  }

  return { update, draw };
}
