/**
 * Why did it say that: what the maps page's Explain part computes besides the server's maps.
 * Which methods there are and which take many passes, whether a network's prediction can be
 * explained, the layers Grad-CAM can look at, how many passes a progress bar counts to, the
 * colours of a heat map (strong where it is hot, see-through where it is not), the numbers
 * behind each method's picture, and for "what does this channel look for" the step count a
 * page asks for, the objective's curve and a patch cut out of its sample.
 * DOM-free: pixels are plain RGBA byte arrays, text comes back as an i18n key and its values.
 * @module lib/explain
 */
import { valueText } from "./mapsFormat.js";
import { colourTable } from "./mapsSheet.js";
import { decodeTensor } from "./tensor.js";

/** Every method, in the order the server lists them (and the page shows them). */
export const EXPLAIN_METHODS = ["gradient", "gradient_x_input", "guided", "gradcam", "guided_gradcam",
                                "smoothgrad", "integrated", "occlusion"];

/** The methods that take many passes and stream `progress` lines. */
export const MANY_PASS = new Set(["smoothgrad", "integrated", "occlusion"]);

/** The methods that look at one layer's maps (the page offers a layer for them). */
export const LAYER_METHODS = new Set(["gradcam", "guided_gradcam"]);

/** The server's defaults the page keeps (and counts progress against). */
export const EXPLAIN_DEFAULTS = { samples: 16, steps: 32 };

/**
 * Whether a pass's prediction can be explained.
 * @param {{labels?: string[], weights?: string, unavailable?: string|null}|undefined} net the
 *   network as `GET /api/v1/networks` lists it
 * @param {{network: string|null, status: string, prediction: object|null}} run the page's run
 * @returns {{state: "maps"|"waiting"|"ready", untrained: boolean}} "maps": the network ends in
 *   feature maps (no classes, nothing to explain); "waiting": no finished prediction yet
 */
export function explainStatus(net, run) {
  const untrained = Boolean(net && net.weights === "seeded");
  if (net && !(net.labels && net.labels.length)) return { state: "maps", untrained };
  const ready = Boolean(net && run && run.network === net.name && run.status === "done" && run.prediction
                        && run.prediction.top && run.prediction.top.length);
  return { state: ready ? "ready" : "waiting", untrained };
}

/**
 * The top-level layers Grad-CAM can look at: those whose output is maps `(C, H, W)` larger
 * than 1 x 1 (as the engine's `gradcam_layers`), in order.
 * @param {{run_summary?: {layers: {name: string, output_shape: number[]}[]}}|undefined} net
 * @returns {{name: string, shape: number[]}[]}
 */
export function mapLayers(net) {
  const rows = net?.run_summary?.layers ?? [];
  return rows.filter((r) => r.output_shape.length === 3 && r.output_shape[1] * r.output_shape[2] > 1)
    .map((r) => ({ name: r.name, shape: r.output_shape.slice() }));
}

/**
 * The layer a method looks at: the chosen one when it is a map layer, else the last map
 * layer (the server's default); null for methods that look at no layer.
 * @param {string} method
 * @param {{name: string}[]} layers from `mapLayers`
 * @param {string|null} chosen
 * @returns {string|null}
 */
export function layerFor(method, layers, chosen) {
  if (!LAYER_METHODS.has(method) || !layers.length) return null;
  return layers.some((l) => l.name === chosen) ? chosen : layers[layers.length - 1].name;
}

/**
 * The key of one explanation among a pass's: method, class and (for Grad-CAM) layer.
 * @param {string} method
 * @param {number} target
 * @param {string|null} layer
 * @returns {string}
 */
export function resultKey(method, target, layer) {
  return `${method}|${target}|${LAYER_METHODS.has(method) ? layer ?? "" : ""}`;
}

/**
 * Where occlusion puts its patch along one side: every `stride` from 0, and the last
 * position touching the edge (as the engine does).
 * @param {number} size
 * @param {number} patch
 * @param {number} stride
 * @returns {number[]}
 */
function origins(size, patch, stride) {
  const out = [];
  for (let o = 0; o <= size - patch; o += stride) out.push(o);
  if (out[out.length - 1] !== size - patch) out.push(size - patch);
  return out;
}

/**
 * How many copies a many-pass method sends through the network (what its `progress` lines
 * count to): SmoothGrad's noisy copies, integrated gradients' steps, occlusion's patch
 * positions (a patch of H/8 side by side by default). Null for the one-pass methods.
 * @param {string} method
 * @param {number[]} inputShape (C, H, W)
 * @param {{samples?: number, steps?: number, patch?: number|null, stride?: number|null}} [settings]
 * @returns {number|null}
 */
export function expectedPasses(method, inputShape, settings = {}) {
  if (method === "smoothgrad") return settings.samples ?? EXPLAIN_DEFAULTS.samples;
  if (method === "integrated") return settings.steps ?? EXPLAIN_DEFAULTS.steps;
  if (method !== "occlusion" || !inputShape || inputShape.length < 2) return null;
  const [h, w] = inputShape.slice(-2);
  const patch = settings.patch || Math.max(1, Math.floor(Math.min(h, w) / 8));
  const stride = settings.stride || patch;
  return origins(h, patch, stride).length * origins(w, patch, stride).length;
}

/**
 * The scale a heat map is drawn with: signed maps on the diverging scale centred on zero
 * ([-m, m], m the larger magnitude), the others on the sequential scale from 0 to their largest.
 * @param {number} min
 * @param {number} max
 * @param {boolean} signed
 * @returns {{min: number, max: number, kind: "sequential"|"diverging"}}
 */
export function heatRange(min, max, signed) {
  if (signed) {
    const m = Math.max(Math.abs(min), Math.abs(max));
    return { min: -m, max: m, kind: "diverging" };
  }
  return { min: Math.min(0, min), max: Math.max(max, 0), kind: "sequential" };
}

/** How opaque a heat map's coldest value is (its hottest is fully opaque). */
export const HEAT_FLOOR = 0.2;

/**
 * The pixels of a heat map to lay over the photo: each value's colour on its scale, and an
 * alpha that grows with its strength (|value| / m on the diverging scale, (value - min) /
 * (max - min) on the sequential one) from `HEAT_FLOOR`, so the photo shows through where the
 * map is cold. The page's opacity slider scales the whole layer on top of this.
 * @param {ArrayLike<number>} values (H, W) row-major
 * @param {{min: number, max: number, kind: "sequential"|"diverging"}} range from `heatRange`
 * @returns {Uint8ClampedArray} (H, W, 4)
 */
export function heatPixels(values, range) {
  const lut = colourTable(range.kind);
  const rgba = new Uint8ClampedArray(4 * values.length);
  const span = range.max - range.min;
  const m = Math.max(Math.abs(range.min), Math.abs(range.max));
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    let q = span > 0 ? Math.round(((v - range.min) / span) * 255) : 128;
    if (!(q >= 0)) q = 0; else if (q > 255) q = 255;
    let strength = range.kind === "diverging" ? (m > 0 ? Math.abs(v) / m : 0) : (span > 0 ? (v - range.min) / span : 0);
    if (!(strength >= 0)) strength = 0; else if (strength > 1) strength = 1;
    rgba[4 * i] = lut[3 * q];
    rgba[4 * i + 1] = lut[3 * q + 1];
    rgba[4 * i + 2] = lut[3 * q + 2];
    rgba[4 * i + 3] = Math.round(255 * (HEAT_FLOOR + (1 - HEAT_FLOOR) * strength));
  }
  return rgba;
}

/**
 * `n` values evenly from a range's low end to its high end, for a legend bar.
 * @param {{min: number, max: number}} range
 * @param {number} [n]
 * @returns {Float32Array}
 */
export function legendRamp(range, n = 256) {
  return Float32Array.from({ length: n }, (_, i) => range.min + ((range.max - range.min) * i) / (n - 1));
}

function sum(values) {
  let s = 0;
  for (let i = 0; i < values.length; i += 1) s += values[i];
  return s;
}

/**
 * Integrated gradients' completeness check: the attributions' sum against the score's
 * difference between the input and the baseline, and how far apart they are.
 * @param {{sum: number, difference: number, error?: number}} details the `done` line's
 * @returns {{sum: number, difference: number, error: number, percent: number}} percent: the
 *   error as a share of |difference| (Infinity when the difference is 0)
 */
export function completeness(details) {
  const error = details.error ?? Math.abs(details.sum - details.difference);
  const percent = details.difference !== 0 ? (100 * error) / Math.abs(details.difference) : Infinity;
  return { sum: details.sum, difference: details.difference, error, percent };
}

/**
 * Grad-CAM's channel weights summed up: how many maps there are, the weights' range and how
 * many of them are positive (those maps raise the class's score where they are high).
 * @param {number[]} alpha (K,)
 * @returns {{k: number, positive: number, min: number, max: number}}
 */
export function alphaSummary(alpha) {
  let min = Infinity;
  let max = -Infinity;
  let positive = 0;
  for (const a of alpha) {
    if (a < min) min = a;
    if (a > max) max = a;
    if (a > 0) positive += 1;
  }
  return alpha.length ? { k: alpha.length, positive, min, max } : { k: 0, positive: 0, min: 0, max: 0 };
}

/**
 * Occlusion's strongest patch: where covering the input lowered the class's probability most.
 * @param {number[]} drops (positions,) the probability's drop per patch position
 * @param {number[][]} places (positions, 2) each position's top-left [y, x]
 * @returns {{drop: number, y: number, x: number}}
 */
export function strongestDrop(drops, places) {
  let best = 0;
  for (let i = 1; i < drops.length; i += 1) if (drops[i] > drops[best]) best = i;
  const [y, x] = places[best] ?? [0, 0];
  return { drop: drops.length ? drops[best] : 0, y, x };
}

const pct = (p) => valueText(100 * p);

/**
 * The numbers behind one explanation, as a key of the interface text and its values
 * (`maps.explain.numbers.<method>`). The view adds the class's name as `{label}`.
 * @param {{method: string, score: number, probability: number, passes: number, layer: string|null,
 *   heat: {values: ArrayLike<number>, min: number, max: number, h: number, w: number},
 *   details: object, attributionShape?: number[]|null}} result a decoded `done` line
 * @returns {{key: string, vars: Record<string, string|number>}}
 */
export function explainNumbers(result) {
  const { method, details, heat } = result;
  const vars = { score: valueText(result.score), probability: pct(result.probability), passes: result.passes,
                 max: valueText(heat.max), min: valueText(heat.min), h: heat.h, w: heat.w };
  const key = `maps.explain.numbers.${method}`;
  if (method === "gradient_x_input") return { key, vars: { ...vars, sum: valueText(sum(heat.values)) } };
  if (LAYER_METHODS.has(method)) {
    const [k, lh, lw] = details.layer_shape ?? [0, 0, 0];
    const a = alphaSummary(details.alpha ?? []);
    return { key, vars: { ...vars, layer: result.layer ?? "", k, lh, lw, positive: a.positive,
                          amin: valueText(a.min), amax: valueText(a.max) } };
  }
  if (method === "smoothgrad") {
    return { key, vars: { ...vars, samples: details.samples, sigma: details.sigma, noise: valueText(details.noise) } };
  }
  if (method === "integrated") {
    const c = completeness(details);
    return { key, vars: { ...vars, steps: details.steps, sum: valueText(c.sum), difference: valueText(c.difference),
                          base: valueText(details.baseline_score), error: valueText(c.error),
                          percent: Number.isFinite(c.percent) ? valueText(c.percent) : "∞" } };
  }
  if (method === "occlusion") {
    const best = strongestDrop(details.drops ?? [], details.origins ?? []);
    return { key, vars: { ...vars, patch: details.patch, stride: details.stride, positions: details.positions,
                          drop: pct(best.drop), y: best.y, x: best.x } };
  }
  return { key, vars };
}

/**
 * Grad-CAM's map at its layer's own size (before it is stretched over the input), decoded.
 * @param {object} details the `done` line's
 * @returns {{h: number, w: number, values: Float32Array|Float64Array, min: number, max: number}|null}
 */
export function camMap(details) {
  if (!details || !details.cam || !details.cam.shape) return null;
  const decoded = decodeTensor(details.cam);
  const [h, w] = decoded.shape;
  return { h, w, values: decoded.data, min: details.cam.min ?? 0, max: details.cam.max ?? 0 };
}

// -- what a channel looks for --------------------------------------------------------------

/** Multiply-adds a page lets one "what does this channel look for" ask for (about 8 billion). */
export const ASCENT_BUDGET = 8e9;

/**
 * How many gradient ascent steps to ask for: as many as fit in `budget` multiply-adds (a step
 * is a forward and a backward up to the layer, three passes' worth), from 8 to 64.
 * @param {{run_summary?: {layers: {name: string, macs: number}[]}}|undefined} net
 * @param {string} layer a top-level layer's name
 * @param {number} [budget]
 * @returns {number}
 */
export function ascentSteps(net, layer, budget = ASCENT_BUDGET) {
  const rows = net?.run_summary?.layers ?? [];
  const upto = rows.findIndex((r) => r.name === layer);
  if (upto < 0) return 64;
  const macs = rows.slice(0, upto + 1).reduce((s, r) => s + (r.macs || 0), 0);
  if (!(macs > 0)) return 64;
  return Math.max(8, Math.min(64, Math.floor(budget / (3 * macs))));
}

/**
 * Whether a layer's channels can be visualised: a top-level layer whose output is maps (C, H, W).
 * @param {{output_shape?: number[]}|null|undefined} layer a stream's layer line
 * @returns {boolean}
 */
export function visualizable(layer) {
  return Boolean(layer && Array.isArray(layer.output_shape) && layer.output_shape.length === 3);
}

/**
 * An SVG path through a series (the objective step by step), scaled into a box.
 * @param {number[]} values
 * @param {number} width
 * @param {number} height
 * @param {number} [pad] pixels kept free at the box's edges
 * @returns {string} "M x y L x y ..." ("" for no values)
 */
export function sparkPath(values, width, height, pad = 2) {
  if (!values.length) return "";
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  const span = max > min ? max - min : 1;
  const dx = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v) => (max > min ? height - pad - ((v - min) / span) * (height - 2 * pad) : height / 2);
  return values.map((v, i) => `${i ? "L" : "M"}${Number((pad + i * dx).toFixed(2))} ${Number(y(v).toFixed(2))}`).join(" ");
}

/**
 * Cut a box out of an input `(C, H, W)`: the patch a unit of a layer sees.
 * @param {ArrayLike<number>} values (C, H, W) row-major
 * @param {number[]} shape [C, H, W]
 * @param {number[]} box [top, left, bottom, right], bottom and right exclusive (clipped to the input)
 * @returns {{values: Float32Array, shape: number[]}} (C, bottom - top, right - left)
 */
export function cropBox(values, shape, box) {
  const [c, h, w] = shape.length === 3 ? shape : [1, ...shape];
  const top = Math.max(0, Math.min(h, box[0]));
  const left = Math.max(0, Math.min(w, box[1]));
  const bottom = Math.max(top, Math.min(h, box[2]));
  const right = Math.max(left, Math.min(w, box[3]));
  const bh = bottom - top;
  const bw = right - left;
  const out = new Float32Array(c * bh * bw);
  for (let k = 0; k < c; k += 1) {
    for (let y = 0; y < bh; y += 1) {
      const from = k * h * w + (top + y) * w + left;
      for (let x = 0; x < bw; x += 1) out[k * bh * bw + y * bw + x] = values[from + x];
    }
  }
  return { values: out, shape: [c, bh, bw] };
}
