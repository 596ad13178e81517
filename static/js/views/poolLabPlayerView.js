/**
 * The pooling mode's player (`views/stepPlayer.js`): a step is one window.
 * @module views/poolLabPlayerView
 */
import { POOL_LIMITS } from "../lib/poolLabState.js";
import { createStepPlayer } from "./stepPlayer.js";

/**
 * Create the player.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{set: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void, draw: (t: number) => boolean}}
 */
export function createPoolLabPlayerView(root, store, actions) {
  return createStepPlayer(root, store, actions, { prefix: "poolLab", words: "poolLab.play",
    speeds: POOL_LIMITS.speeds, steps: (s) => (s.trace ? s.trace.steps : 0) });
}
