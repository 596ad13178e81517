/**
 * The page's only requestAnimationFrame loop.
 *
 * Views register with the store they read. On a frame, each view whose store changed
 * since its last update gets `update(state)`, then every view gets `draw(t)`. A view
 * returns `true` from `draw` while it animates; the loop sleeps when none does and no
 * state changes, so an idle page costs nothing.
 * @module loop
 */

/**
 * @typedef {object} View
 * @property {(state: object) => void} [update] the state changed
 * @property {(t: number) => (boolean|void)} [draw] draw at frame time `t` (ms); true: call again
 */

const entries = [];
let scheduled = false;
let frameTimes = [];

function frame(t) {
  scheduled = false;
  const start = performance.now();
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
 * Time our frames took to update and draw (ms), newest last, for measuring the p95.
 * @returns {number[]}
 */
export function frameDurations() {
  return frameTimes.slice();
}
