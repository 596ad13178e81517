/**
 * The page's only requestAnimationFrame loop.
 *
 * Views register with the store they read. On a frame, each view whose store changed
 * since its last update gets `update(state)`, then every view gets `draw(t)`. A view
 * returns `true` from `draw` while it animates; the loop sleeps when none does and no
 * state changes, so an idle page costs nothing.
 *
 * Views that spread work over frames (painting maps, building cards, drawing pictures) share
 * one budget per frame: each works until {@link workDeadline} and leaves the rest for its
 * next `draw`, so the frame stays within 60 Hz however many views have work.
 * @module loop
 */

/**
 * @typedef {object} View
 * @property {(state: object) => void} [update] the state changed
 * @property {(t: number) => (boolean|void)} [draw] draw at frame time `t` (ms); true: call again
 */

/** Milliseconds of a frame (16.7 ms at 60 Hz) that the views' spread-out work may take together. */
export const WORK_BUDGET_MS = 8;

const entries = [];
let scheduled = false;
let frameTimes = [];
let frameStart = null;

function frame(t) {
  scheduled = false;
  const start = performance.now();
  frameStart = start;
  let again = false;
  for (const entry of entries) {
    if (entry.store && entry.seen !== entry.store.version) {
      entry.seen = entry.store.version;
      entry.view.update?.(entry.store.state);
    }
  }
  for (const entry of entries) {
    if (entry.view.draw?.(t) === true) again = true;
  }
  frameStart = null;
  frameTimes.push(performance.now() - start);
  if (frameTimes.length > 600) frameTimes = frameTimes.slice(-300);
  if (again) requestFrame();
}

/** Ask for a frame (at most one is pending). */
export function requestFrame() {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(frame);
  }
}

/**
 * Register a view; it is updated from `store` (if given) and drawn every frame it asks for.
 * @param {View} view
 * @param {import("./state.js").Store<object>} [store]
 * @returns {() => void} remove the view
 */
export function addView(view, store) {
  const entry = { view, store, seen: -1 };
  entries.push(entry);
  const unsubscribe = store ? store.subscribe(requestFrame) : () => {};
  requestFrame();
  return () => {
    unsubscribe();
    entries.splice(entries.indexOf(entry), 1);
  };
}

/**
 * When the views' spread-out work must stop for this frame: {@link WORK_BUDGET_MS} after the
 * frame began (outside a frame, after now). A view that finds the time past does at most one
 * piece of its work, or none, and asks for the next frame.
 * @returns {number} a `performance.now()` time
 */
export function workDeadline() {
  return (frameStart ?? performance.now()) + WORK_BUDGET_MS;
}

/**
 * Time our frames took to update and draw (ms), newest last, for measuring the p95.
 * @returns {number[]}
 */
export function frameDurations() {
  return frameTimes.slice();
}
