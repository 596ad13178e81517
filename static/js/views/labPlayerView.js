/**
 * Play, pause, step forward and back, scrub to any step, change the speed, export a PNG.
 * The clock is the loop's frame time: while playing, `draw(t)` advances the step.
 * With reduced motion, play jumps to the end.
 * @module views/labPlayerView
 */
import { t } from "../lib/i18n.js";
import { LIMITS } from "../lib/labUrlState.js";
import { el } from "../ui/dom.js";
import { reducedMotion } from "../ui/motion.js";

/** Steps a second at speed 1. */
const BASE_RATE = 2;

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`set`, `exportPng`)
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean}}
 */
export function createLabPlayerView(root, store, actions) {
  const steps = () => (store.state.trace ? store.state.trace.steps : 0);
  const go = (done) => actions.set({ done: Math.max(0, Math.min(steps(), done)), playing: false });
  const button = (cls, i18n, on) => el("button", { type: "button", class: cls,
    dataset: { i18nAttr: `aria-label:${i18n};title:${i18n}` }, on: { click: on } });

  const first = button("lab-first", "lab.play.first", () => go(0));
  const back = button("lab-back", "lab.play.back", () => go(store.state.done - 1));
  const play = el("button", { type: "button", class: "lab-play primary", on: { click: togglePlay } });
  const forward = button("lab-forward", "lab.play.forward", () => go(store.state.done + 1));
  const last = button("lab-last", "lab.play.last", () => go(steps()));
  first.textContent = "|◀";
  back.textContent = "◀";
  forward.textContent = "▶";
  last.textContent = "▶|";
  const scrub = el("input", { type: "range", class: "lab-scrub", min: "0", max: "0", step: "1", value: "0",
    id: "lab-scrub", on: { input: (e) => go(Number(e.target.value)) } });
  const scrubLabel = el("label", { for: "lab-scrub", class: "visually-hidden" });
  const counter = el("output", { class: "lab-counter", for: "lab-scrub" });
  const speedLabel = el("label", { class: "lab-speed" });
  const speed = el("select", { on: { change: (e) => actions.set({ speed: Number(e.target.value) }) } });
  for (const v of LIMITS.speeds) speed.append(el("option", { value: String(v), text: `${v}×` }));
  speedLabel.append(el("span", { class: "lab-speed-text" }), speed);
  const exportButton = el("button", { type: "button", class: "lab-export", on: { click: () => actions.exportPng() } });
  const bar = el("div", { class: "lab-player", role: "group" },
    el("div", { class: "lab-buttons" }, first, back, play, forward, last),
    el("div", { class: "lab-scrubber" }, scrubLabel, scrub, counter),
    el("div", { class: "lab-buttons" }, speedLabel, exportButton));
  root.append(bar);

  function togglePlay() {
    const s = store.state;
    if (!s.trace) return;
    if (s.playing) { actions.set({ playing: false }); return; }
    if (reducedMotion()) { actions.set({ done: s.trace.steps, playing: false }); return; }
    actions.set({ playing: true, done: s.done >= s.trace.steps ? 0 : s.done });
  }

  // Keyboard: space or k plays and pauses, , and . step, when focus is not in a field.
  document.addEventListener("keydown", (e) => {
    const tag = e.target && e.target.tagName;
    if (e.altKey || e.ctrlKey || e.metaKey || ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "CANVAS"].includes(tag)) return;
    if (e.key === "k" || e.key === " ") { togglePlay(); e.preventDefault(); }
    else if (e.key === ",") go(store.state.done - 1);
    else if (e.key === ".") go(store.state.done + 1);
  });

  let state = store.state;
  let lastTick = null;

  function update(next) {
    state = next;
    const total = state.trace ? state.trace.steps : 0;
    play.textContent = t(state.playing ? "lab.play.pause" : "lab.play.play");
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    for (const b of [first, back, play, forward, last, scrub]) b.disabled = !state.trace;
    back.disabled ||= state.done <= 0;
    first.disabled ||= state.done <= 0;
    forward.disabled ||= state.done >= total;
    last.disabled ||= state.done >= total;
    scrub.max = String(total);
    scrub.value = String(state.done);
    scrubLabel.textContent = t("lab.play.scrub");
    scrub.setAttribute("aria-valuetext", t("lab.play.counter", { done: state.done, total }));
    counter.textContent = t("lab.play.counter", { done: state.done, total });
    speed.value = String(state.speed);
    speedLabel.firstChild.textContent = t("lab.play.speed");
    exportButton.textContent = t("lab.play.export");
    bar.setAttribute("aria-label", t("lab.play.group"));
    for (const b of [first, back, forward, last]) {
      const [, key] = b.dataset.i18nAttr.split(";")[0].split(":");
      b.setAttribute("aria-label", t(key));
      b.title = t(key);
    }
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
