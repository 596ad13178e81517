/**
 * Step-by-step playback of an animation from the frame clock: which step shows at time
 * `t`, and when it is over. DOM-free; the player view calls it from `draw(t)`.
 * @module lib/opsPlayback
 */

/** Milliseconds per step at speed 1. */
export const BASE_STEP_MS = 700;

/**
 * Milliseconds one step lasts at a speed.
 * @param {number} speed 0.5, 1, 2, 4 ...
 * @returns {number}
 */
export function stepDuration(speed) {
  return BASE_STEP_MS / (speed > 0 ? speed : 1);
}

/**
 * The step to show at frame time `t` of a playback that started at `startT` on `startStep`.
 * @param {{startStep: number, startT: number, t: number, total: number, speed: number}} p
 * @returns {{step: number, done: boolean}} done once the last step is reached
 */
export function playbackStep({ startStep, startT, t, total, speed }) {
  const last = Math.max(0, total - 1);
  const step = startStep + Math.floor(Math.max(0, t - startT) / stepDuration(speed));
  return step >= last ? { step: last, done: true } : { step, done: false };
}

/**
 * Where a press of play starts: from the current step, or again from the first one
 * when the animation already sits at its end.
 * @param {number} step
 * @param {number} total
 * @returns {number}
 */
export function playFrom(step, total) {
  return step >= total - 1 ? 0 : Math.max(0, step);
}

/**
 * A step kept inside 0 .. total - 1.
 * @param {number} step
 * @param {number} total
 * @returns {number}
 */
export function clampStep(step, total) {
  return Math.min(Math.max(0, total - 1), Math.max(0, Math.round(step) || 0));
}
