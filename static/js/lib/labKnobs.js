/**
 * Changing a knob of the lab keeps the values consistent with the new shapes: a new input
 * size regenerates the input from its preset, a new kernel size or channel count the kernels,
 * more kernels keep the existing ones and add defaults.
 * @module lib/labKnobs
 */
import { INPUT_PRESETS, inputPreset } from "./labPresets.js";
import { LIMITS, defaultKernels } from "./labUrlState.js";

const START_SIZE = { 1: [16], 2: [7, 7], 3: [5, 5, 5] };

/**
 * The state after `patch` (knobs such as `{dim: 3}`, `{size: [9, 9]}`, `{cout: 2}`), values resized.
 * @param {object} state the current lab state
 * @param {object} patch the knobs changed
 * @param {(size: number[], cin: number) => (number[]|null)} [recrop] new values of an
 *   uploaded image at another size (null when there is none)
 * @returns {object} the knobs and values to set
 */
export function applyKnobs(state, patch, recrop) {
  const next = { ...state, ...patch };
  if (next.dim !== state.dim) {
    next.size = START_SIZE[next.dim].slice();
    if (!INPUT_PRESETS[next.dim].includes(next.preset)) next.preset = INPUT_PRESETS[next.dim][0];
  }
  next.size = next.size.map((v) => Math.max(1, Math.min(LIMITS.size[next.dim], Math.round(v) || 1)));
  next.k = Math.max(1, Math.min(LIMITS.k, Math.round(next.k) || 1));
  next.cout = Math.max(1, Math.min(LIMITS.cout, Math.round(next.cout) || 1));
  next.cin = next.cin === 3 ? 3 : 1;
  const reshaped = next.dim !== state.dim || next.cin !== state.cin
    || next.size.join("x") !== state.size.join("x");
  if (reshaped || patch.preset !== undefined) {
    const image = next.preset === "image" && recrop ? recrop(next.size, next.cin) : null;
    if (!image && next.preset === "image") next.preset = INPUT_PRESETS[next.dim][0];
    next.input = image ?? inputPreset(next.preset, next.size, next.cin, patch.seed ?? 1);
  }
  const per = next.cin * next.k ** next.dim;
  if (next.dim !== state.dim || next.cin !== state.cin || next.k !== state.k) {
    next.kernel = defaultKernels(next.cout, next.cin, next.k, next.dim);
  } else if (next.cout !== state.cout) {
    const extra = defaultKernels(next.cout, next.cin, next.k, next.dim).slice(state.cout * per);
    next.kernel = state.kernel.slice(0, next.cout * per).concat(extra);
  }
  if (next.bias.length !== next.cout) {
    next.bias = Array.from({ length: next.cout }, (_, j) => state.bias[j] ?? 0);
  }
  delete next.seed;
  return next;
}
