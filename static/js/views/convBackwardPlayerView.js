/**
 * Play, pause, step and scrub an animation of a backward section (used by the convolution
 * and the pooling sections). It reads `step`, `playing` and `speed` from its store and the
 * number of steps from `total(state)`; while playing, `draw(t)` moves `step` on from the
 * frame clock. With reduced motion, play jumps to the last step.
 * @module views/convBackwardPlayerView
 */
import { t as tr } from "../lib/i18n.js";
import { clampStep, playbackStep, playFrom } from "../lib/opsPlayback.js";
import { reducedMotion } from "../ui/motion.js";

const SPEEDS = [0.5, 1, 2, 4];

/**
 * Make the player in `root`.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store holds `step`, `playing`, `speed`
 * @param {(state: object) => number} total the number of steps in the current state
 * @param {string} name prefix of the controls' `data-action` and ids
 * @returns {{update: (state: object) => void, draw: (t: number) => boolean}}
 */
export function createConvBackwardPlayerView(root, store, total, name) {
  const bar = document.createElement("div");
  bar.className = "ops-player";
  bar.setAttribute("role", "group");
  const button = (action, symbol) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = action;
    b.className = `ops-player-${action}`;
    b.textContent = symbol;
    bar.append(b);
    return b;
  };
  const first = button("first", "|\u25C0");
  const back = button("back", "\u25C0");
  const play = button("play", "");
  const forward = button("forward", "\u25B6");
  const last = button("last", "\u25B6|");
  const scrubLabel = document.createElement("label");
  scrubLabel.className = "ops-player-scrub";
  const scrubText = document.createElement("span");
  scrubText.className = "visually-hidden";
  const scrub = document.createElement("input");
  scrub.type = "range";
  scrub.min = "0";
  scrub.step = "1";
  scrub.id = `${name}-scrub`;
  scrubLabel.append(scrubText, scrub);
  const speedLabel = document.createElement("label");
  speedLabel.className = "ops-player-speed";
  const speedText = document.createElement("span");
  const speed = document.createElement("select");
  for (const s of SPEEDS) {
    const option = document.createElement("option");
    option.value = String(s);
    option.textContent = `${s}\u00D7`;
    speed.append(option);
  }
  speedLabel.append(speedText, " ", speed);
  const status = document.createElement("span");
  status.className = "ops-player-status";
  status.dataset.role = "step";
  bar.append(scrubLabel, speedLabel, status);
  root.append(bar);

  const count = () => total(store.state);
  const go = (step) => store.setState({ step: clampStep(step, count()), playing: false });
  first.addEventListener("click", () => go(0));
  back.addEventListener("click", () => go(store.state.step - 1));
  forward.addEventListener("click", () => go(store.state.step + 1));
  last.addEventListener("click", () => go(count() - 1));
  scrub.addEventListener("input", () => go(Number(scrub.value)));
  speed.addEventListener("change", () => store.setState({ speed: Number(speed.value) }));
  play.addEventListener("click", () => {
    const s = store.state;
    if (s.playing) store.setState({ playing: false });
    else if (reducedMotion()) go(count() - 1);
    else store.setState({ playing: true, step: playFrom(s.step, count()) });
  });

  let run = null;
  let lastState = null;

  function update(state) {
    lastState = state;
    const n = total(state);
    const ready = n > 0 && !state.loading;
    for (const b of [first, back, play, forward, last, scrub]) b.disabled = !ready;
    bar.setAttribute("aria-label", tr("ops.player.label"));
    first.setAttribute("aria-label", tr("ops.player.first"));
    back.setAttribute("aria-label", tr("ops.player.back"));
    forward.setAttribute("aria-label", tr("ops.player.forward"));
    last.setAttribute("aria-label", tr("ops.player.last"));
    play.textContent = state.playing ? `\u275A\u275A ${tr("ops.player.pause")}` : `\u25B6 ${tr("ops.player.play")}`;
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    scrubText.textContent = tr("ops.player.scrub");
    speedText.textContent = tr("ops.player.speed");
    speed.value = String(state.speed);
    scrub.max = String(Math.max(0, n - 1));
    scrub.value = String(state.step);
    status.textContent = n ? tr("ops.player.step", { step: state.step + 1, total: n }) : "";
    status.setAttribute("aria-live", state.playing ? "off" : "polite");
    if (!state.playing) run = null;
  }

  function draw(t) {
    const state = lastState;
    if (!state || !state.playing) return false;
    if (!run) run = { startT: t, startStep: state.step };
    const { step, done } = playbackStep({ ...run, t, total: total(state), speed: state.speed });
    if (done) store.setState({ step, playing: false });
    else if (step !== state.step) store.setState({ step });
    return !done;
  }

  return { update, draw };
}
