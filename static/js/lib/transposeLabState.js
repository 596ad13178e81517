/**
 * The transposed-convolution mode's state and its URL: the knobs, the input and the kernel,
 * the speed and the step reached, so a link shows the same stamps. `?mode=` and `?lang=`
 * (and any other parameter) are kept. DOM-free.
 * @module lib/transposeLabState
 */
import { decodeNumbers, encodeNumbers, refusedKeys } from "./labUrlState.js";
import { LIMITS } from "./transposeLabGeometry.js";

/** The value presets: small whole numbers, all ones (overlaps counted), one impulse. */
export const PRESETS = ["numbers", "ones", "impulse", "custom"];

/** Play speeds offered (steps a second at 1× is 2). */
export const SPEEDS = [0.5, 1, 2, 4, 8];

// 5x5 and 4x4 tables of small integers; a grid takes their top-left corner, so growing a
// grid keeps the numbers already there.
const INPUT_TABLE = [
  1, 2, 0, -1, 3,
  3, -1, 2, 1, 0,
  0, 2, 1, 3, -2,
  -2, 1, 3, 0, 1,
  2, 0, -1, 2, 1,
];
const KERNEL_TABLE = [
  1, 0, -1, 2,
  2, 1, 0, 1,
  0, 1, 1, -1,
  1, -1, 2, 0,
];

/**
 * The input a preset gives a grid of `rows` × `cols`.
 * @param {string} preset one of PRESETS ("custom" gives the numbers)
 * @param {number} rows
 * @param {number} cols
 * @returns {number[]} (rows * cols,)
 */
export function presetInput(preset, rows, cols) {
  const out = [];
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      if (preset === "ones") out.push(1);
      else if (preset === "impulse") out.push(r === Math.floor((rows - 1) / 2) && c === Math.floor((cols - 1) / 2) ? 1 : 0);
      else out.push(INPUT_TABLE[r * 5 + c]);
    }
  }
  return out;
}

/**
 * The kernel a preset gives (the impulse preset keeps the numbers kernel: its one stamp shows it).
 * @param {string} preset
 * @param {number} k
 * @returns {number[]} (k * k,)
 */
export function presetKernel(preset, k) {
  const out = [];
  for (let r = 0; r < k; r += 1) {
    for (let c = 0; c < k; c += 1) out.push(preset === "ones" ? 1 : KERNEL_TABLE[r * 4 + c]);
  }
  return out;
}

/**
 * A grid's values after it is resized: the cells both sizes share keep their numbers, new
 * cells are 0.
 * @param {number[]} values (rows * cols,)
 * @param {number} rows
 * @param {number} cols
 * @param {number} nextRows
 * @param {number} nextCols
 * @returns {number[]} (nextRows * nextCols,)
 */
export function resizeValues(values, rows, cols, nextRows, nextCols) {
  const out = [];
  for (let r = 0; r < nextRows; r += 1) {
    for (let c = 0; c < nextCols; c += 1) out.push(r < rows && c < cols ? values[r * cols + c] : 0);
  }
  return out;
}

/**
 * The landing view: a 3×3 input, a 3×3 kernel, stride 2, padding 1, output_padding 1: the
 * 2× upsampling layer of many decoders (3×3 becomes 6×6).
 * @returns {object} the mode's state (knobs and values, not the answer)
 */
export function defaultState() {
  return {
    rows: 3, cols: 3, k: 3, stride: 2, padding: 1, outputPadding: 1, dilation: 1,
    preset: "numbers", input: presetInput("numbers", 3, 3), kernel: presetKernel("numbers", 3),
    speed: 1, done: 0,
  };
}

/**
 * Apply a change of knobs: values follow a resize (from the preset, or kept where the grids
 * overlap when the learner typed them), a new preset replaces both grids.
 * @param {object} state
 * @param {object} patch some of rows, cols, k, stride, padding, outputPadding, dilation, preset
 * @returns {object} the changed fields, with done back to 0
 */
export function applyKnobs(state, patch) {
  const next = { ...state, ...patch };
  const out = { ...patch, done: 0 };
  const preset = next.preset;
  if (preset === "custom") {
    out.input = resizeValues(state.input, state.rows, state.cols, next.rows, next.cols);
    out.kernel = resizeValues(state.kernel, state.k, state.k, next.k, next.k);
  } else {
    out.input = presetInput(preset, next.rows, next.cols);
    out.kernel = presetKernel(preset, next.k);
  }
  return out;
}

function int(text, lo, hi, fallback) {
  if (text === null || text === undefined || text === "") return fallback;
  const v = Number(text);
  return Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;
}

/**
 * Write the state into URL parameters, keeping every other one (`mode`, `lang`).
 * @param {object} state
 * @param {URLSearchParams} [params] the current ones
 * @returns {URLSearchParams}
 */
export function encodeState(state, params = new URLSearchParams()) {
  const out = new URLSearchParams(params);
  out.set("mode", "transpose");
  out.set("size", `${state.rows}x${state.cols}`);
  out.set("k", String(state.k));
  out.set("s", String(state.stride));
  out.set("p", String(state.padding));
  out.set("op", String(state.outputPadding));
  out.set("d", String(state.dilation));
  out.set("preset", state.preset);
  out.set("x", encodeNumbers(state.input));
  out.set("w", encodeNumbers(state.kernel));
  out.set("speed", String(state.speed));
  out.set("at", String(state.done));
  return out;
}

/**
 * Read the state from URL parameters; a value missing or out of its range falls back to the
 * default's (values of the wrong length come from the preset). `at` is kept as asked; the
 * page clamps it to the number of stamps once the engine has answered.
 * @param {URLSearchParams} params
 * @returns {object} the mode's state
 */
export function decodeState(params) {
  const base = defaultState();
  const [r, c] = (params.get("size") ?? "").split("x");
  const rows = int(r, 1, LIMITS.size, base.rows);
  const cols = int(c, 1, LIMITS.size, base.cols);
  const k = int(params.get("k"), 1, LIMITS.k, base.k);
  const preset = PRESETS.includes(params.get("preset")) ? params.get("preset") : base.preset;
  let input = decodeNumbers(params.get("x"));
  if (!input || input.length !== rows * cols) input = presetInput(preset === "custom" ? "numbers" : preset, rows, cols);
  let kernel = decodeNumbers(params.get("w"));
  if (!kernel || kernel.length !== k * k) kernel = presetKernel(preset === "custom" ? "numbers" : preset, k);
  const speed = SPEEDS.includes(Number(params.get("speed"))) ? Number(params.get("speed")) : base.speed;
  return {
    rows, cols, k,
    stride: int(params.get("s"), 1, LIMITS.stride, base.stride),
    padding: int(params.get("p"), 0, LIMITS.padding, base.padding),
    outputPadding: int(params.get("op"), 0, LIMITS.outputPadding, base.outputPadding),
    dilation: int(params.get("d"), 1, LIMITS.dilation, base.dilation),
    preset, input, kernel, speed,
    done: int(params.get("at"), 0, 1e6, 0),
  };
}

/**
 * The link's parameters the transposed-convolution mode could not use as written (each
 * with the value it uses instead), so the page names them instead of silently showing
 * something else (`at=abc` included; an `at` past the last stamp is clamped by the page).
 * @param {URLSearchParams} params
 * @param {object} state what decodeState made of them
 * @returns {{key: string, value: string, used: string}[]}
 */
export function refusedParams(params, state) {
  return refusedKeys(params, encodeState(state), ["size", "k", "s", "p", "op", "d", "preset", "x", "w", "speed", "at"],
    { numbers: ["x", "w"], numeric: ["speed"] });
}
