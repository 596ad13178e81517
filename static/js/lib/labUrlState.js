/**
 * The lab's whole state in the URL: every knob, the input values, the kernels and biases,
 * so a link shows exactly the same convolution. `?lang=` belongs to main.js and is kept.
 * @module lib/labUrlState
 */
import { PAD_MODES } from "./labGeometry.js";
import { DEFAULT_KERNELS, INPUT_PRESETS, KERNEL_PRESETS, inputPreset, kernelPreset } from "./labPresets.js";
import { prod } from "./labSteps.js";

/** Bounds of every knob. */
export const LIMITS = {
  size: { 1: 32, 2: 32, 3: 10 },
  k: 7, stride: 4, dilation: 4, pad: 6, cout: 4, speeds: [0.5, 1, 2, 4, 8, 16],
};

/**
 * The landing view: a 7x7 vertical edge and one 3x3 Sobel x kernel.
 * @returns {object} a full lab state (the knobs and values, not the answer)
 */
export function defaultState() {
  return {
    dim: 2, size: [7, 7], cin: 1, cout: 1, k: 3, stride: 1, padMode: "number", pad: 0,
    dilation: 1, flip: false, preset: "edge",
    input: inputPreset("edge", [7, 7], 1),
    kernel: kernelPreset("sobelX", 3, 2),
    bias: [0],
    speed: 1,
  };
}

/**
 * The kernels (C_out, C_in, *K) a setting starts with: output channel j gets the j-th of
 * DEFAULT_KERNELS that the dimension offers, the same on every input channel.
 * @param {number} cout
 * @param {number} cin
 * @param {number} k
 * @param {number} nd
 * @returns {number[]} (C_out * C_in * k**nd,)
 */
export function defaultKernels(cout, cin, k, nd) {
  const names = DEFAULT_KERNELS.filter((name) => KERNEL_PRESETS[nd].includes(name));
  const values = [];
  for (let j = 0; j < cout; j += 1) {
    const one = kernelPreset(names[j % names.length], k, nd);
    for (let c = 0; c < cin; c += 1) values.push(...one);
  }
  return values;
}

function compact(v) {
  const r = Math.round(v * 10000) / 10000;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * Numbers as a short comma list ("0,1,-0.5").
 * @param {number[]} values
 * @returns {string}
 */
export function encodeNumbers(values) {
  return values.map(compact).join(",");
}

/**
 * Parse a comma list; null when any entry is not a finite number.
 * @param {string|null} text
 * @returns {number[]|null}
 */
export function decodeNumbers(text) {
  if (text === null || text === undefined || text.trim() === "") return null;
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((s) => s === "")) return null;
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6) ? values : null;
}

function int(text, lo, hi, fallback) {
  const v = Number(text);
  return Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;
}

/**
 * Write the state into URL parameters (keeps every other parameter, such as `lang`).
 * @param {object} state the lab state
 * @param {URLSearchParams} [params] the current ones
 * @returns {URLSearchParams}
 */
export function encodeState(state, params = new URLSearchParams()) {
  const out = new URLSearchParams(params);
  out.set("dim", String(state.dim));
  out.set("size", state.size.join("x"));
  out.set("cin", String(state.cin));
  out.set("cout", String(state.cout));
  out.set("k", String(state.k));
  out.set("s", String(state.stride));
  out.set("p", state.padMode === "number" ? String(state.pad) : state.padMode);
  out.set("d", String(state.dilation));
  out.set("flip", state.flip ? "1" : "0");
  out.set("speed", String(state.speed));
  out.set("preset", state.preset);
  out.set("x", encodeNumbers(state.input));
  out.set("w", encodeNumbers(state.kernel));
  out.set("b", encodeNumbers(state.bias));
  // The step shown is kept while paused (not while playing: the URL would change every frame).
  if (state.done > 0 && !state.playing) out.set("at", String(state.done));
  else out.delete("at");
  return out;
}

/** The URL parameters the lab reads, by the knob they set. */
const KEYS = ["dim", "size", "cin", "cout", "k", "s", "p", "d", "flip", "speed", "preset", "x", "w", "b", "at"];

/**
 * The step a link asks to show, `?at=` as in the other lab modes (0: none; the page caps it
 * at the trace's step count).
 * @param {URLSearchParams} params
 * @returns {number}
 */
export function decodeStep(params) {
  const v = Number(params.get("at"));
  return Number.isInteger(v) && v > 0 ? v : 0;
}

/**
 * The link's parameters that decodeState could not use, so the page can say so instead of
 * silently showing something else.
 * @param {URLSearchParams} params
 * @param {object} state what decodeState made of them
 * @returns {{key: string, value: string, used: string}[]}
 */
export function refusedParams(params, state) {
  const refused = refusedKeys(params, encodeState(state), KEYS.filter((key) => key !== "at"),
    { numbers: ["x", "w", "b"], numeric: ["speed"] });
  if (params.has("at") && decodeStep(params) === 0) refused.push({ key: "at", value: params.get("at"), used: "0" });
  return refused;
}

/**
 * Which of a link's `keys` a lab mode did not take as written: each asked value beside the
 * one the mode uses instead (both cut to 24 characters). Any lab mode's decode/encode pair
 * can be checked this way: decode the link, encode the state, compare key by key.
 * @param {URLSearchParams} params the link's
 * @param {URLSearchParams} used the state the mode made of them, encoded again
 * @param {string[]} keys the parameters the mode reads
 * @param {{numbers?: string[], numeric?: string[]}} [how] keys holding number lists (equal
 *   when they read as the same numbers), and single numbers (equal by value: `speed=2.0`)
 * @returns {{key: string, value: string, used: string}[]}
 */
export function refusedKeys(params, used, keys, { numbers = [], numeric = [] } = {}) {
  const cut = (text) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);
  const refused = [];
  for (const key of keys) {
    if (!params.has(key)) continue;
    const value = params.get(key);
    const kept = used.get(key) ?? "";
    const same = numbers.includes(key)
      ? decodeNumbers(value) !== null && encodeNumbers(decodeNumbers(value)) === kept
      : numeric.includes(key) ? value.trim() !== "" && Number(value) === Number(kept) : value === kept;
    if (!same) refused.push({ key, value: cut(value), used: cut(kept) });
  }
  return refused;
}

/**
 * Read a state from URL parameters; anything missing or out of bounds falls back to the
 * default (values of the wrong length are regenerated from the preset). A hand-written link
 * may name one knob only (`?k=4`): the others keep their defaults.
 * @param {URLSearchParams} params
 * @returns {object} a full lab state
 */
export function decodeState(params) {
  const base = defaultState();
  if (!KEYS.some((key) => params.has(key))) return base;
  const dim = int(params.get("dim"), 1, 3, 2);
  const max = LIMITS.size[dim];
  let size = (params.get("size") ?? "").split("x").map((s) => int(s, 1, max, 0));
  if (size.length !== dim || size.includes(0)) size = new Array(dim).fill(Math.min(7, max));
  const cin = params.get("cin") === "3" ? 3 : 1;
  const cout = int(params.get("cout"), 1, LIMITS.cout, 1);
  const k = int(params.get("k"), 1, LIMITS.k, 3);
  const stride = int(params.get("s"), 1, LIMITS.stride, 1);
  const dilation = int(params.get("d"), 1, LIMITS.dilation, 1);
  const p = params.get("p") ?? "0";
  const padMode = PAD_MODES.includes(p) && p !== "number" ? p : "number";
  const pad = padMode === "number" ? int(p, 0, LIMITS.pad, 0) : 0;
  const speed = LIMITS.speeds.includes(Number(params.get("speed"))) ? Number(params.get("speed")) : 1;
  const presets = INPUT_PRESETS[dim];
  const preset = presets.includes(params.get("preset")) || params.get("preset") === "image"
    ? params.get("preset") : presets[0];
  let input = decodeNumbers(params.get("x"));
  if (!input || input.length !== cin * prod(size)) {
    input = inputPreset(preset === "image" ? presets[0] : preset, size, cin);
  }
  let kernel = decodeNumbers(params.get("w"));
  if (!kernel || kernel.length !== cout * cin * k ** dim) kernel = defaultKernels(cout, cin, k, dim);
  let bias = decodeNumbers(params.get("b"));
  if (!bias || bias.length !== cout) bias = new Array(cout).fill(0);
  return {
    dim, size, cin, cout, k, stride, padMode, pad, dilation, flip: params.get("flip") === "1",
    preset, input, kernel, bias, speed,
  };
}
