/**
 * The convolution lab's player (`views/stepPlayer.js`) with the export of the view as a PNG.
 * @module views/labPlayerView
 */
import { t } from "../lib/i18n.js";
import { LIMITS } from "../lib/labUrlState.js";
import { el } from "../ui/dom.js";
import { createStepPlayer } from "./stepPlayer.js";

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {object} actions the page's actions (`set`, `exportPng`)
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean}}
 */
export function createLabPlayerView(root, store, actions) {
  const exportButton = el("button", { type: "button", class: "lab-export", on: { click: () => actions.exportPng() } });
  const player = createStepPlayer(root, store, actions, { prefix: "lab", words: "lab.play", speeds: LIMITS.speeds,
    steps: (s) => (s.trace ? s.trace.steps : 0), extra: [exportButton] });
  return {
    update(state) {
      player.update(state);
      exportButton.textContent = t("lab.play.export");
    },
    draw: player.draw,
  };
}
