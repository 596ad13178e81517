/**
 * The transposed-convolution mode's player (`views/stepPlayer.js`): a step is one input cell's
 * stamp; the keys are named under the bar.
 * @module views/transposeLabPlayerView
 */
import { t } from "../lib/i18n.js";
import { SPEEDS } from "../lib/transposeLabState.js";
import { el } from "../ui/dom.js";
import { createStepPlayer } from "./stepPlayer.js";

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store holds `done`, `playing`, `speed`, `stamps`
 * @param {object} actions the mode's actions (`set`)
 * @returns {{update: (s: object) => void, draw: (now: number) => boolean}}
 */
export function createTransposeLabPlayerView(root, store, actions) {
  const player = createStepPlayer(root, store, actions, { prefix: "transposeLab", words: "transposeLab.play",
    speeds: SPEEDS, steps: (s) => (s.stamps ? s.stamps.steps : 0) });
  const keys = el("p", { class: "transposeLab-keys" });
  root.append(keys);
  return {
    update(state) {
      player.update(state);
      keys.textContent = t("transposeLab.play.keys");
    },
    draw: player.draw,
  };
}
