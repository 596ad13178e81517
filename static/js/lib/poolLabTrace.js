/**
 * Indexing into the engine's pooling trace (`POST /api/v1/pool` with `trace: true`, read only
 * through the fields `PoolTraceOut` names) for the lab's pooling mode: which padded cells a
 * step reads and what each is (input, padding, or past the padding that ceil_mode adds), the
 * maximum or the divisor, the cells no window reads. Only indexing and counting; every value
 * and divisor shown comes from the trace.
 * @module lib/poolLabTrace
 */
import { flatten, formatValue, prod, ravel, unravel } from "./labSteps.js";

function shapeOf(nested) {
  const shape = [];
  let node = nested;
  while (Array.isArray(node)) { shape.push(node.length); node = node[0]; }
  return shape;
}

/**
 * @typedef {object} PoolLabTrace
 * @property {string} kind "max" or "avg"
 * @property {number} nd spatial axes
 * @property {number} steps S, one per output cell, row-major over (C, *O)
 * @property {number} channels C (in and out)
 * @property {number[]} inShape (*S) the input
 * @property {number[]} paddedShape (*P)
 * @property {number[]} outShape (*O)
 * @property {number[][]} pads [lo, hi] per axis (hi grows when ceil_mode's last window hangs past)
 * @property {number[]} kernel (*K)
 * @property {number[]} stride
 * @property {number[]} dilation
 * @property {boolean} ceilMode
 * @property {boolean} countIncludePad
 * @property {number[]} padded (C * prod(P),) the input with zeros around
 * @property {boolean[]} inside (prod(P),) real input cells
 * @property {boolean[]} unvisited (prod(S),) input cells no window reads
 * @property {number[]} window (S * T,) values each step reads
 * @property {boolean[]} valid (S * T,) taps on real cells
 * @property {boolean[]} maxima (S * T,) taps holding the maximum
 * @property {number[]} first (S,) tap of the first maximum (-1 for average)
 * @property {number[]} argmax (S,) flat input position of the first maximum (-1 for average)
 * @property {number[]} divisor (S,) what the average divides by (1 for max)
 * @property {number[]} result (S,) the output cell's value
 * @property {number[][]} index (S, 2 + nd) rows [n, c, *o]
 * @property {number[][]} origin (S, nd) window corner, padded coordinates
 * @property {number[][]} taps (T, nd) offsets from the corner
 * @property {number[][]} fields per output position, flat input positions read
 * @property {number[][]} feeds per input position, flat output positions fed
 */

/**
 * Flatten a trace once, so that drawing a step is plain indexing.
 * @param {object} trace the `trace` of the API's answer (one sample, C channels)
 * @returns {PoolLabTrace}
 */
export function preparePoolTrace(trace) {
  const paddedFull = shapeOf(trace.padded); // (N, C, *P)
  const outFull = shapeOf(trace.output); // (N, C, *O)
  const paddedShape = paddedFull.slice(2);
  const pads = trace.pads;
  return {
    kind: trace.kind,
    nd: paddedShape.length,
    steps: trace.result.length,
    channels: paddedFull[1],
    paddedShape,
    inShape: paddedShape.map((p, a) => p - pads[a][0] - pads[a][1]),
    outShape: outFull.slice(2),
    pads,
    kernel: trace.kernel,
    stride: trace.stride,
    dilation: trace.dilation,
    ceilMode: Boolean(trace.ceil_mode),
    countIncludePad: Boolean(trace.count_include_pad),
    padded: flatten(trace.padded),
    inside: flatten(trace.inside),
    unvisited: flatten(trace.unvisited),
    window: flatten(trace.window),
    valid: flatten(trace.valid),
    maxima: flatten(trace.maxima),
    first: trace.first,
    argmax: trace.argmax,
    divisor: trace.divisor,
    result: trace.result,
    index: trace.index,
    origin: trace.origin,
    taps: trace.taps,
    fields: trace.fields,
    feeds: trace.feeds,
  };
}

/**
 * What a padded cell is: "value" (an input cell), "pad" (the pooling's padding P), or
 * "beyond" (past the padding: only ceil_mode's last window reaches there; never counted).
 * @param {PoolLabTrace} tr
 * @param {number[]} pos padded coordinates
 * @returns {"value"|"pad"|"beyond"}
 */
export function cellRole(tr, pos) {
  let role = "value";
  for (let a = 0; a < tr.nd; a += 1) {
    const lo = tr.pads[a][0];
    const v = pos[a];
    if (v >= 2 * lo + tr.inShape[a]) return "beyond";
    if (v < lo || v >= lo + tr.inShape[a]) role = "pad";
  }
  return role;
}

/**
 * A padded position's input position (null for padding).
 * @param {PoolLabTrace} tr
 * @param {number[]} pos padded coordinates
 * @returns {number[]|null}
 */
export function inputPos(tr, pos) {
  const p = pos.map((v, a) => v - tr.pads[a][0]);
  return p.some((v, a) => v < 0 || v >= tr.inShape[a]) ? null : p;
}

/**
 * An input position in padded coordinates.
 * @param {PoolLabTrace} tr
 * @param {number[]} pos input coordinates
 * @returns {number[]}
 */
export function paddedPos(tr, pos) {
  return pos.map((v, a) => v + tr.pads[a][0]);
}

/**
 * @typedef {object} StepTap one cell a window reads
 * @property {number[]} pos padded coordinates
 * @property {"value"|"pad"|"beyond"} role
 * @property {number} value what the trace says the window reads (0 off the input)
 * @property {boolean} max holds the maximum (max pooling, real cells only)
 * @property {boolean} first the first maximum in reading order (its position is the argmax)
 */

/**
 * @typedef {object} PoolStep
 * @property {number} step
 * @property {number} channel
 * @property {number[]} outPos (*O)
 * @property {number} outFlat within the channel
 * @property {StepTap[]} taps (T,) in reading order
 * @property {number} divisor the engine's
 * @property {number} result the engine's
 * @property {number[]|null} argmax input position of the first maximum (max pooling)
 * @property {{value: number, pad: number, beyond: number}} counts taps by role
 */

/**
 * Everything the step panel shows about step `s`.
 * @param {PoolLabTrace} tr
 * @param {number} s 0..S-1
 * @returns {PoolStep}
 */
export function poolStep(tr, s) {
  const row = tr.index[s];
  const outPos = row.slice(2);
  const t = tr.taps.length;
  const counts = { value: 0, pad: 0, beyond: 0 };
  const taps = tr.taps.map((tap, i) => {
    const pos = tap.map((v, a) => v + tr.origin[s][a]);
    const role = cellRole(tr, pos);
    counts[role] += 1;
    const max = tr.kind === "max" && Boolean(tr.maxima[s * t + i]) && Boolean(tr.valid[s * t + i]);
    return { pos, role, value: tr.window[s * t + i], max, first: max && tr.first[s] === i };
  });
  const at = tr.argmax[s];
  return {
    step: s, channel: row[1], outPos, outFlat: ravel(outPos, tr.outShape), taps,
    divisor: tr.divisor[s], result: tr.result[s],
    argmax: tr.kind === "max" && at >= 0 ? unravel(at, tr.inShape) : null, counts,
  };
}

/**
 * The step that fills output `flat` of channel `channel`.
 * @param {PoolLabTrace} tr
 * @param {number} channel
 * @param {number} flat within the channel, row-major over (*O)
 * @returns {number}
 */
export function poolStepOf(tr, channel, flat) {
  return channel * prod(tr.outShape) + flat;
}

/**
 * The output values shown after `done` steps ("" for cells not reached yet).
 * @param {PoolLabTrace} tr
 * @param {number} done 0..S
 * @returns {string[]} (C * prod(O),)
 */
export function shownPoolOutputs(tr, done) {
  return tr.result.map((v, s) => (s < done ? formatValue(v) : ""));
}

/**
 * The divisor of every output position (the same in every channel: the trace's first
 * channel). Max pooling's are all 1.
 * @param {PoolLabTrace} tr
 * @returns {number[]} (prod(O),)
 */
export function divisorGrid(tr) {
  return tr.divisor.slice(0, prod(tr.outShape));
}

/**
 * Flat positions of the input cells no window reads.
 * @param {PoolLabTrace} tr
 * @returns {number[]}
 */
export function unvisitedCells(tr) {
  const out = [];
  tr.unvisited.forEach((v, i) => { if (v) out.push(i); });
  return out;
}

/**
 * Per axis, how many whole lines (rows, columns) of the input no window reads.
 * @param {PoolLabTrace} tr
 * @returns {number[]} (nd,)
 */
export function skippedLines(tr) {
  return tr.inShape.map((h, a) => {
    let n = 0;
    for (let i = 0; i < h; i += 1) {
      let all = true;
      for (let f = 0; f < tr.unvisited.length && all; f += 1) {
        if (unravel(f, tr.inShape)[a] === i && !tr.unvisited[f]) all = false;
      }
      if (all) n += 1;
    }
    return n;
  });
}
