/**
 * Indexing into the engine's sliding trace (`POST /api/v1/conv` with `trace: true`) for
 * the lab: which padded cells a step reads, which output cell it fills, receptive fields
 * and feeds. Only indexing and formatting; every value comes from the trace.
 * @module lib/labSteps
 */

/**
 * Product of a shape's sizes.
 * @param {number[]} shape
 * @returns {number}
 */
export function prod(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Flat row-major position of `pos` in `shape`.
 * @param {number[]} pos
 * @param {number[]} shape
 * @returns {number}
 */
export function ravel(pos, shape) {
  let flat = 0;
  for (let a = 0; a < shape.length; a += 1) flat = flat * shape[a] + pos[a];
  return flat;
}

/**
 * Position of a flat row-major index in `shape`.
 * @param {number} flat
 * @param {number[]} shape
 * @returns {number[]}
 */
export function unravel(flat, shape) {
  const pos = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a -= 1) {
    pos[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return pos;
}

/**
 * Flatten nested lists into one array of numbers (row-major).
 * @param {unknown} nested
 * @returns {number[]}
 */
export function flatten(nested) {
  return Array.isArray(nested) ? nested.flat(Infinity) : [Number(nested)];
}

function shapeOf(nested) {
  const shape = [];
  let node = nested;
  while (Array.isArray(node)) { shape.push(node.length); node = node[0]; }
  return shape;
}

/**
 * @typedef {object} LabTrace
 * @property {number} nd spatial axes
 * @property {number} steps S
 * @property {number} cin input channels; cg channels each step reads
 * @property {number} cg
 * @property {number} cout output channels
 * @property {number[]} inShape (*S) unpadded spatial size
 * @property {number[]} paddedShape (*P)
 * @property {number[]} outShape (*O)
 * @property {number[]} kernel (*K)
 * @property {number[][]} pads [lo, hi] per axis
 * @property {number[]} padded (C_in * prod(P)) flat
 * @property {number[]} weight (C_out * Cg * prod(K)) flat, as applied
 * @property {number[]} window (S * Cg * prod(K)) flat
 * @property {number[]} products (S * Cg * prod(K)) flat
 * @property {number[]} channelSums (S * Cg) flat
 * @property {number[]} bias (S,)
 * @property {number[]} result (S,)
 * @property {number[][]} index (S, 2 + nd)
 * @property {number[][]} origin (S, nd)
 * @property {number[][]} taps (T, nd)
 * @property {number[][]} fields per output position, flat input positions
 * @property {number[][]} feeds per input position, flat output positions
 * @property {boolean} flip
 */

/**
 * Flatten a trace once, so that drawing a step is plain indexing.
 * @param {object} trace the `trace` of the API's answer (N = 1)
 * @returns {LabTrace}
 */
export function prepareTrace(trace) {
  const paddedFull = shapeOf(trace.padded); // (N, C_in, *P)
  const weightFull = shapeOf(trace.weight); // (C_out, Cg, *K)
  const outFull = shapeOf(trace.output); // (N, C_out, *O)
  const nd = paddedFull.length - 2;
  const pads = trace.pads;
  const paddedShape = paddedFull.slice(2);
  return {
    nd,
    flip: Boolean(trace.flip),
    steps: trace.result.length,
    cin: paddedFull[1],
    cg: weightFull[1],
    cout: weightFull[0],
    paddedShape,
    inShape: paddedShape.map((p, a) => p - pads[a][0] - pads[a][1]),
    outShape: outFull.slice(2),
    kernel: weightFull.slice(2),
    pads,
    padded: flatten(trace.padded),
    weight: flatten(trace.weight),
    window: flatten(trace.window),
    products: flatten(trace.products),
    channelSums: flatten(trace.channel_sums),
    bias: trace.bias,
    result: trace.result,
    index: trace.index,
    origin: trace.origin,
    taps: trace.taps,
    channels: trace.channels,
    fields: trace.fields,
    feeds: trace.feeds,
  };
}

/**
 * The padded cells step `s` reads, one per kernel tap: origin + tap offset.
 * @param {LabTrace} tr
 * @param {number} s
 * @returns {number[][]} (T, nd)
 */
export function stepCells(tr, s) {
  const o = tr.origin[s];
  return tr.taps.map((tap) => tap.map((v, a) => v + o[a]));
}

/**
 * The output cell step `s` fills.
 * @param {LabTrace} tr
 * @param {number} s
 * @returns {{channel: number, pos: number[], flat: number}} flat is within the channel
 */
export function stepOutput(tr, s) {
  const row = tr.index[s];
  const pos = row.slice(2);
  return { channel: row[1], pos, flat: ravel(pos, tr.outShape) };
}

/**
 * The step that fills output `flat` of channel `channel` (steps are row-major over (C_out, *O)).
 * @param {LabTrace} tr
 * @param {number} channel
 * @param {number} flat
 * @returns {number}
 */
export function stepOf(tr, channel, flat) {
  return channel * prod(tr.outShape) + flat;
}

/**
 * An output position's receptive field as padded coordinates (real input cells only).
 * @param {LabTrace} tr
 * @param {number} flat output position, row-major over (*O)
 * @returns {number[][]} (cells, nd)
 */
export function fieldCells(tr, flat) {
  return (tr.fields[flat] ?? []).map((i) => unravel(i, tr.inShape).map((v, a) => v + tr.pads[a][0]));
}

/**
 * The output positions an input cell (given in padded coordinates) feeds; none for padding.
 * @param {LabTrace} tr
 * @param {number[]} paddedPos
 * @returns {number[]} flat output positions
 */
export function feedsOf(tr, paddedPos) {
  const pos = paddedPos.map((v, a) => v - tr.pads[a][0]);
  if (pos.some((v, a) => v < 0 || v >= tr.inShape[a])) return [];
  return tr.feeds[ravel(pos, tr.inShape)] ?? [];
}

/**
 * Whether a padded cell is padding (outside the real input).
 * @param {LabTrace} tr
 * @param {number[]} paddedPos
 * @returns {boolean}
 */
export function isPadding(tr, paddedPos) {
  return paddedPos.some((v, a) => v < tr.pads[a][0] || v >= tr.pads[a][0] + tr.inShape[a]);
}

/**
 * Per axis, which padded cells some step reads (from the trace's origins and taps).
 * @param {LabTrace} tr
 * @returns {boolean[][]} nd arrays of (P_a,)
 */
export function coveredAxes(tr) {
  const seen = tr.paddedShape.map((p) => new Array(p).fill(false));
  const perChannel = prod(tr.outShape);
  for (let s = 0; s < Math.min(perChannel, tr.steps); s += 1) {
    for (const tap of tr.taps) {
      for (let a = 0; a < tr.nd; a += 1) seen[a][tr.origin[s][a] + tap[a]] = true;
    }
  }
  return seen;
}

/**
 * A value as the lab prints it: at most `digits` decimals, no trailing zeros, no "-0".
 * @param {number} v
 * @param {number} [digits]
 * @returns {string}
 */
export function formatValue(v, digits = 2) {
  if (!Number.isFinite(v)) return String(v);
  const scale = 10 ** digits;
  let r = Math.round(v * scale) / scale;
  if (Object.is(r, -0) || r === 0) r = 0;
  return String(r);
}

/**
 * The output values shown after `done` steps: the result of every step already taken, ""
 * for cells not reached yet. Order (C_out, *O) row-major, as the steps.
 * @param {LabTrace} tr
 * @param {number} done steps taken, 0..S
 * @returns {string[]} (C_out * prod(O),)
 */
export function shownOutputs(tr, done) {
  const out = new Array(tr.steps).fill("");
  for (let s = 0; s < Math.min(done, tr.steps); s += 1) out[s] = formatValue(tr.result[s]);
  return out;
}
