/**
 * Starting values of the lab: input patterns (per dimension) and kernel presets of any size
 * and dimension. This is input preparation; the engine does the computing.
 * @module lib/labPresets
 */
import { prod, unravel } from "./labSteps.js";

/** Input presets offered per dimension (1: a signal, 2: an image, 3: a small volume). */
export const INPUT_PRESETS = {
  1: ["step", "pulse", "sine", "noise"],
  2: ["edge", "digit", "checker", "noise"],
  3: ["cube", "edge", "checker", "noise"],
};

/** Kernel presets offered per dimension (Sobel y needs a second axis). */
export const KERNEL_PRESETS = {
  1: ["identity", "box", "gaussian", "sharpen", "sobelX", "laplacian", "emboss"],
  2: ["identity", "box", "gaussian", "sharpen", "sobelX", "sobelY", "laplacian", "emboss"],
  3: ["identity", "box", "gaussian", "sharpen", "sobelX", "sobelY", "laplacian", "emboss"],
};

/** The kernel preset each output channel starts with (kernel 1, 2, 3, 4). */
export const DEFAULT_KERNELS = ["sobelX", "sobelY", "laplacian", "box"];

// A digit "3", 5 wide and 7 tall.
const DIGIT = [
  "01110",
  "10001",
  "00001",
  "00110",
  "00001",
  "10001",
  "01110",
];

/**
 * A small seeded generator (mulberry32), so "noise" is the same for the same seed.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(v, digits = 3) {
  const s = 10 ** digits;
  const r = Math.round(v * s) / s;
  return Object.is(r, -0) ? 0 : r;
}

function baseValue(name, pos, size, random) {
  const nd = size.length;
  const last = pos[nd - 1];
  const width = size[nd - 1];
  switch (name) {
    case "step":
    case "edge":
      return last >= Math.floor(width / 2) ? 1 : 0;
    case "pulse":
      return last >= Math.floor(width / 3) && last < Math.ceil((2 * width) / 3) ? 1 : 0;
    case "sine":
      return round(Math.sin((2 * Math.PI * last) / 8), 2);
    case "checker": {
      const cell = Math.min(...size) > 8 ? 2 : 1;
      return pos.reduce((acc, v) => acc + Math.floor(v / cell), 0) % 2;
    }
    case "cube":
      return pos.every((v, a) => v >= Math.floor(size[a] / 4) && v < Math.ceil((3 * size[a]) / 4)) ? 1 : 0;
    case "digit": {
      const h = size[nd - 2] ?? 1;
      const r = Math.floor(((pos[nd - 2] ?? 0) + 0.5) * 7 / h);
      const c = Math.floor((last + 0.5) * 5 / width);
      return DIGIT[r][c] === "1" ? 1 : 0;
    }
    default:
      return round(random(), 2);
  }
}

/**
 * An input pattern: channel 0 as named, channel 1 mirrored left-right, channel 2 mirrored
 * along the first axis, so channels differ.
 * @param {string} name one of INPUT_PRESETS[nd]
 * @param {number[]} size (*S) spatial size
 * @param {number} channels C_in
 * @param {number} [seed] for "noise"
 * @returns {number[]} (C_in * prod(S),) row-major over (C_in, *S)
 */
export function inputPreset(name, size, channels, seed = 1) {
  const random = seededRandom(seed);
  const n = prod(size);
  const base = [];
  for (let i = 0; i < n; i += 1) base.push(baseValue(name, unravel(i, size), size, random));
  const values = [];
  for (let c = 0; c < channels; c += 1) {
    for (let i = 0; i < n; i += 1) {
      const pos = unravel(i, size);
      if (c === 1) pos[pos.length - 1] = size[size.length - 1] - 1 - pos[pos.length - 1];
      if (c === 2) pos[0] = size[0] - 1 - pos[0];
      let flat = 0;
      for (let a = 0; a < size.length; a += 1) flat = flat * size[a] + pos[a];
      values.push(name === "noise" && c > 0 ? round(random(), 2) : base[flat]);
    }
  }
  return values;
}

function binomial(k) {
  let row = [1];
  for (let i = 1; i < k; i += 1) {
    const next = [1];
    for (let j = 1; j < i; j += 1) next.push(row[j - 1] + row[j]);
    next.push(1);
    row = next;
  }
  return row;
}

/**
 * A kernel preset of size k along each of nd axes.
 * - identity: 1 at the centre; box: the mean; gaussian: binomial weights summing to 1;
 * - sharpen: centre 1 + 2nd, axial neighbours -1; laplacian: centre -2nd, axial neighbours 1;
 * - sobelX / sobelY: central difference along the last / second-last axis, binomial smoothing
 *   across (3x3: the Sobel kernels); emboss: the sum of offsets from the centre, centre + 1.
 * @param {string} name one of KERNEL_PRESETS[nd]
 * @param {number} k kernel size
 * @param {number} nd 1, 2 or 3
 * @returns {number[]} (k ** nd,) row-major
 */
export function kernelPreset(name, k, nd) {
  const shape = new Array(nd).fill(k);
  const n = prod(shape);
  const c = (k - 1) / 2;
  const centre = Math.floor(k / 2);
  const smooth = binomial(k);
  const total = smooth.reduce((a, b) => a + b, 0);
  const values = [];
  for (let i = 0; i < n; i += 1) {
    const pos = unravel(i, shape);
    const offsets = pos.map((v) => v - centre);
    const atCentre = offsets.every((v) => v === 0);
    const axial = offsets.filter((v) => v !== 0).length === 1 && offsets.some((v) => Math.abs(v) === 1);
    let v = 0;
    switch (name) {
      case "box": v = 1 / n; break;
      case "gaussian": v = pos.reduce((acc, p) => acc * smooth[p] / total, 1); break;
      case "sharpen": v = atCentre ? 1 + 2 * nd : axial && k >= 3 ? -1 : 0; break;
      case "laplacian": v = atCentre ? (k >= 3 ? -2 * nd : 0) : axial && k >= 3 ? 1 : 0; break;
      case "sobelX":
      case "sobelY": {
        const axis = name === "sobelX" ? nd - 1 : Math.max(0, nd - 2);
        v = pos.reduce((acc, p, a) => acc * (a === axis ? p - c : smooth[p]), 1);
        break;
      }
      case "emboss": v = pos.reduce((acc, p) => acc + (p - c), 0) + (atCentre ? 1 : 0); break;
      default: v = atCentre ? 1 : 0;
    }
    values.push(round(v, 4));
  }
  return values;
}
