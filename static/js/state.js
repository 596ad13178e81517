/**
 * State: one plain object per page (or page section), changed only through `setState()`.
 * Input handlers call `setState`; the loop (`loop.js`) sees the new version and redraws.
 * @module state
 */

/**
 * @template S
 * @typedef {object} Store
 * @property {S} state the current state (replace, never mutate)
 * @property {number} version bumped by every `setState`
 * @property {(patch: Partial<S> | ((s: S) => Partial<S>)) => void} setState merge a patch
 * @property {(fn: (s: S) => void) => () => void} subscribe called after each change
 */

/**
 * Make a store holding `initial`.
 * @template S
 * @param {S} initial
 * @returns {Store<S>}
 */
export function createStore(initial) {
  let state = { ...initial };
  let version = 0;
  const subscribers = new Set();
  return {
    get state() { return state; },
    get version() { return version; },
    setState(patch) {
      const change = typeof patch === "function" ? patch(state) : patch;
      state = { ...state, ...change };
      version += 1;
      for (const fn of subscribers) fn(state);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}
