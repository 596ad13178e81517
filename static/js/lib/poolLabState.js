/**
 * The pooling mode's state: its knobs, the input presets and one-click examples, and the whole
 * state in the URL (`?mode=pool&kind=max&...`), so a link shows the same pooling at the same
 * step. `?lang=` and `?mode=` are kept. DOM-free; nothing here computes a pooling.
 * @module lib/poolLabState
 */
import { LIMITS as CONV_LIMITS, decodeNumbers, encodeNumbers, refusedKeys } from "./labUrlState.js";
import { seededIntegers } from "./opsNumbers.js";
import { prod } from "./labSteps.js";

/** Bounds of every knob (size per dimension). */
export const POOL_LIMITS = {
  size: { 1: 16, 2: 10 }, channels: 3, k: 5, stride: 5, pad: 2, dilation: 3,
  speeds: CONV_LIMITS.speeds,
};

/** Input presets, in menu order. */
export const POOL_PRESETS = ["feature", "ramp", "random", "ones"];

/** Knobs that change what the engine computes (a new request when one changes). */
export const POOL_REQUEST_KEYS = ["kind", "dim", "size", "channels", "k", "stride", "pad", "dilation",
  "ceil", "includePad", "input"];

/** Knobs kept in the URL. */
export const POOL_URL_KEYS = [...POOL_REQUEST_KEYS, "preset", "seed", "speed", "done"];

/**
 * Input values of a preset: "feature" is a quiet background (0..2) with one strong value per
 * channel (9, 8, 7 at different places), "ramp" rises along every axis, "random" is seeded
 * whole numbers 0..9, "ones" is all 1 (average pooling then shows its divisors directly).
 * @param {string} name one of POOL_PRESETS
 * @param {number[]} size (*S) one or two axes
 * @param {number} channels C
 * @param {number} [seed] for "random"
 * @returns {number[]} (C * prod(S),) row-major over (C, *S)
 */
export function poolInput(name, size, channels, seed = 1) {
  const n = prod(size);
  if (name === "random") return seededIntegers(seed * 7 + 3, channels * n, 0, 9);
  const w = size[size.length - 1];
  const h = size.length === 2 ? size[0] : 1;
  const values = [];
  for (let c = 0; c < channels; c += 1) {
    // Where channel c keeps its strong value: a third in, at different places per channel.
    const spots = [[Math.floor(h / 3), Math.floor((2 * w) / 3)], [Math.floor((2 * h) / 3), Math.floor(w / 4)],
      [Math.floor(h / 2), Math.floor(w / 2)]];
    const [sr, sc] = spots[c % 3];
    for (let i = 0; i < n; i += 1) {
      const r = Math.floor(i / w);
      const col = i % w;
      if (name === "ones") values.push(1);
      else if (name === "ramp") values.push(r + col + c);
      else values.push(r === sr && col === sc ? 9 - c : (r * 2 + col + c) % 3);
    }
  }
  return values;
}

/**
 * The landing view: max pooling 2 x 2, stride 2, of a 6 x 6 input with one strong value.
 * @returns {object} a full pooling state (the knobs and values, not the answer)
 */
export function poolDefaultState() {
  return {
    kind: "max", dim: 2, size: [6, 6], channels: 1, k: 2, stride: 2, pad: 0, dilation: 1,
    ceil: false, includePad: true, preset: "feature", seed: 1,
    input: poolInput("feature", [6, 6], 1), speed: 1, done: 0,
  };
}

/**
 * One-click examples: each sets the knobs (and input) that show one point best.
 * "divisors" is the average pooling whose border divisors 4, 6 and 9 show on the output.
 */
export const POOL_EXAMPLES = {
  divisors: { kind: "avg", dim: 2, size: [5, 5], channels: 1, k: 3, stride: 2, pad: 1, dilation: 1,
    ceil: false, includePad: false, preset: "ones" },
  feature: { kind: "max", dim: 2, size: [6, 6], channels: 1, k: 2, stride: 2, pad: 0, dilation: 1,
    ceil: false, includePad: true, preset: "feature" },
  ceil: { kind: "max", dim: 2, size: [5, 5], channels: 1, k: 2, stride: 2, pad: 1, dilation: 1,
    ceil: true, includePad: true, preset: "ramp" },
  skip: { kind: "max", dim: 2, size: [7, 7], channels: 1, k: 2, stride: 3, pad: 0, dilation: 1,
    ceil: false, includePad: true, preset: "random" },
  channels: { kind: "max", dim: 2, size: [6, 6], channels: 3, k: 2, stride: 2, pad: 0, dilation: 1,
    ceil: false, includePad: true, preset: "feature" },
  signal: { kind: "avg", dim: 1, size: [12], channels: 2, k: 3, stride: 2, pad: 1, dilation: 1,
    ceil: true, includePad: false, preset: "feature" },
};

function clampInt(v, lo, hi) {
  return Math.min(hi, Math.max(lo, Math.round(Number(v))));
}

/**
 * Apply a change of knobs: sizes and channels are kept in bounds, average pooling has no
 * dilation, the input follows its preset when its shape (or the preset) changes, the
 * animation starts over.
 * @param {object} state the current state
 * @param {object} patch knobs to change (any of the state's keys; `example` names one of POOL_EXAMPLES)
 * @returns {object} the new knobs and values
 */
export function applyPoolKnobs(state, patch) {
  const ex = patch.example ? POOL_EXAMPLES[patch.example] : null;
  const next = { ...state, ...(ex ?? {}), ...patch };
  delete next.example;
  next.dim = next.dim === 1 ? 1 : 2;
  const max = POOL_LIMITS.size[next.dim];
  let size = Array.isArray(next.size) ? next.size.slice(0, next.dim) : [];
  while (size.length < next.dim) size.push(size[0] ?? 6);
  if (next.dim !== state.dim && !patch.size && !ex) size = next.dim === 1 ? [12] : [6, 6];
  next.size = size.map((v) => clampInt(v, 1, max));
  next.channels = clampInt(next.channels, 1, POOL_LIMITS.channels);
  next.k = clampInt(next.k, 1, POOL_LIMITS.k);
  next.stride = clampInt(next.stride, 1, POOL_LIMITS.stride);
  next.pad = clampInt(next.pad, 0, POOL_LIMITS.pad);
  next.knobNote = null;
  // A smaller kernel takes the padding down with it (at most half the kernel); a padding the
  // learner sets too large is left for the engine to refuse in its own words.
  if (!("pad" in patch) && 2 * next.pad > next.k) {
    next.knobNote = { key: "poolLab.note.padLowered", vars: { from: next.pad, to: Math.floor(next.k / 2), k: next.k } };
    next.pad = Math.floor(next.k / 2);
  }
  next.dilation = next.kind === "avg" ? 1 : clampInt(next.dilation, 1, POOL_LIMITS.dilation);
  next.kind = next.kind === "avg" ? "avg" : "max";
  next.ceil = Boolean(next.ceil);
  next.includePad = Boolean(next.includePad);
  const reshaped = next.size.join("x") !== state.size.join("x") || next.channels !== state.channels
    || next.dim !== state.dim;
  if (reshaped || ex || "preset" in patch || "seed" in patch) {
    if (!POOL_PRESETS.includes(next.preset)) next.preset = POOL_PRESETS[0];
    next.input = poolInput(next.preset, next.size, next.channels, next.seed);
  }
  next.done = 0;
  return next;
}

function int(text, lo, hi, fallback) {
  const v = Number(text);
  return text !== null && text !== "" && Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;
}

/**
 * Write the state into URL parameters, keeping every other one (`mode`, `lang`).
 * @param {object} state
 * @param {URLSearchParams} [params] the current ones
 * @returns {URLSearchParams}
 */
export function encodePoolState(state, params = new URLSearchParams()) {
  const out = new URLSearchParams(params);
  out.set("kind", state.kind);
  out.set("dim", String(state.dim));
  out.set("size", state.size.join("x"));
  out.set("c", String(state.channels));
  out.set("k", String(state.k));
  out.set("s", String(state.stride));
  out.set("p", String(state.pad));
  out.set("d", String(state.dilation));
  out.set("ceil", state.ceil ? "1" : "0");
  out.set("cip", state.includePad ? "1" : "0");
  out.set("preset", state.preset);
  out.set("seed", String(state.seed));
  out.set("speed", String(state.speed));
  out.set("at", String(state.done));
  out.set("x", encodeNumbers(state.input));
  return out;
}

/**
 * Read a state from URL parameters; anything missing or out of bounds falls back to the
 * default, values of the wrong count are regenerated from the preset.
 * @param {URLSearchParams} params
 * @returns {object} a full pooling state
 */
export function decodePoolState(params) {
  const base = poolDefaultState();
  if (!params.has("kind") && !params.has("x") && !params.has("k")) return base;
  const kind = params.get("kind") === "avg" ? "avg" : "max";
  const dim = params.get("dim") === "1" ? 1 : 2;
  const max = POOL_LIMITS.size[dim];
  let size = (params.get("size") ?? "").split("x").map((s) => int(s, 1, max, 0));
  if (size.length !== dim || size.includes(0)) size = dim === 1 ? [12] : [6, 6];
  const channels = int(params.get("c"), 1, POOL_LIMITS.channels, 1);
  const preset = POOL_PRESETS.includes(params.get("preset")) ? params.get("preset") : POOL_PRESETS[0];
  const seed = int(params.get("seed"), 1, 1e6, 1);
  let input = decodeNumbers(params.get("x"));
  if (!input || input.length !== channels * prod(size)) input = poolInput(preset, size, channels, seed);
  const speed = POOL_LIMITS.speeds.includes(Number(params.get("speed"))) ? Number(params.get("speed")) : 1;
  return {
    kind, dim, size, channels,
    k: int(params.get("k"), 1, POOL_LIMITS.k, 2),
    stride: int(params.get("s"), 1, POOL_LIMITS.stride, 2),
    pad: int(params.get("p"), 0, POOL_LIMITS.pad, 0),
    dilation: kind === "avg" ? 1 : int(params.get("d"), 1, POOL_LIMITS.dilation, 1),
    ceil: params.get("ceil") === "1",
    includePad: params.get("cip") !== "0",
    preset, seed, input, speed,
    done: int(params.get("at"), 0, 1e6, 0),
  };
}

/**
 * The link's parameters the pooling mode could not use as written (each with the value it
 * uses instead), so the page names them instead of silently showing something else.
 * @param {URLSearchParams} params
 * @param {object} state what decodePoolState made of them
 * @returns {{key: string, value: string, used: string}[]}
 */
export function refusedPoolParams(params, state) {
  return refusedKeys(params, encodePoolState(state),
    ["kind", "dim", "size", "c", "k", "s", "p", "d", "ceil", "cip", "preset", "seed", "speed", "at", "x"],
    { numbers: ["x"], numeric: ["speed"] });
}

/**
 * Read input values a learner typed: numbers separated by spaces, commas or new lines,
 * exactly `count` of them.
 * @param {string} text
 * @param {number} count C * prod(S)
 * @returns {number[]|null} null when the count is wrong or a number is not finite
 */
export function parseValues(text, count) {
  const parts = String(text).split(/[\s,]+/).filter((s) => s !== "");
  if (parts.length !== count) return null;
  const values = parts.map((s) => Number(s.replace("\u2212", "-")));
  return values.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6) ? values : null;
}

/**
 * Input values as text to edit: one line per row, a blank line between channels.
 * @param {number[]} values (C * prod(S),)
 * @param {number[]} size (*S)
 * @param {number} channels
 * @returns {string}
 */
export function valuesText(values, size, channels) {
  const w = size[size.length - 1];
  const n = prod(size);
  const blocks = [];
  for (let c = 0; c < channels; c += 1) {
    const rows = [];
    for (let i = 0; i < n; i += w) rows.push(values.slice(c * n + i, c * n + i + w).join(" "));
    blocks.push(rows.join("\n"));
  }
  return blocks.join("\n\n");
}
