/**
 * The "Pooling backward" section of the backpropagation page: max pooling sends each
 * output gradient to its window's maximum (tie rule first / all / split), overlapping
 * windows add up, average pooling divides by what each window really covered; cells no
 * window reads get zero. Animated window by window.
 *
 * Requests, for one setting: `pool` with the trace (windows, maxima, divisors, the output
 * shape), then at once `pool/backward` (the answer) and `pool/backward` of a batch that
 * sends each window's gradient alone and windows 0..s together (each window's share, and
 * the sum so far). The browser places and compares; the engine computes.
 * @module sections/poolBackward
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { decodeTensor } from "../lib/tensor.js";
import { flatten, sameNumbers, seededIntegers } from "../lib/opsNumbers.js";
import { unreadCells, windowBatch } from "../lib/poolBackwardLayout.js";
import { applyI18n } from "../ui/dom.js";
import { createOpsFrame, keepOpsLoaded, showOpsStatus } from "./opsSection.js";
import { createConvBackwardPlayerView } from "../views/convBackwardPlayerView.js";
import { createPoolBackwardControlsView, KIND_DEFAULTS } from "../views/poolBackwardControlsView.js";
import { createPoolBackwardFormulaView } from "../views/poolBackwardFormulaView.js";
import { createPoolBackwardStageView } from "../views/poolBackwardStageView.js";

// First examples. Max, 6x6, kernel 3, stride 2: the two top windows each hold two equal
// maxima (9), the centre 9 sits in all four windows, and row 5 / column 5 (with a 9 in
// them) are never read. Average: a 5x5 input, kernel 2 does not divide it.
const FIRST = {
  max: { x: [1, 3, 2, 9, 4, 7, 5, 9, 1, 0, 2, 8, 0, 2, 9, 3, 1, 6, 4, 1, 2, 8, 0, 9, 3, 0, 6, 2, 8, 1,
             9, 2, 1, 4, 0, 3], grad: [2, 1, -1, 3] },
  avg: { x: [4, 8, 0, 2, 6, 2, 6, 4, 8, 1, 0, 3, 5, 2, 7, 8, 1, 2, 6, 4, 3, 5, 7, 1, 2] },
};
const SETTINGS = ["kind", "size", "kernel", "stride", "padding", "ceil", "ties", "countIncludePad", "seed"];

function totalOf(state) {
  return state.data ? state.data.gradShape[0] * state.data.gradShape[1] : 0;
}

function hyperOf(s) {
  const hyper = { kind: s.kind, kernel_size: s.kernel, stride: s.stride, padding: s.padding, ceil_mode: s.ceil };
  if (s.kind === "avg") hyper.count_include_pad = s.countIncludePad;
  return hyper;
}

async function load(s, signal) {
  const first = s.seed === 0 && s.size === KIND_DEFAULTS[s.kind].size;
  const x = first ? FIRST[s.kind].x : seededIntegers(s.seed * 2 + 11, s.size * s.size, 0, s.kind === "max" ? 4 : 8);
  const shape = [s.size, s.size];
  const hyper = hyperOf(s);
  const forward = await api.pool({ input: { shape, data: x }, ...hyper, trace: true }, signal);
  const gradShape = forward.output.shape;
  const n = gradShape[0] * gradShape[1];
  const grad = first && FIRST[s.kind].grad?.length === n ? FIRST[s.kind].grad
    : seededIntegers(s.seed * 2 + 12, n, -2, 3, { nonZero: true });
  const ties = s.kind === "max" ? { ties: s.ties } : {};
  const batch = windowBatch(x, shape, grad, gradShape);
  const [back, parts] = await Promise.all([
    api.poolBackward({ input: { shape, data: x }, grad_output: { shape: gradShape, data: grad }, ...hyper, ...ties }, signal),
    api.poolBackward({ input: batch.input, grad_output: batch.grad_output, ...hyper, ...ties }, signal),
  ]);
  const tr = forward.trace;
  const plane = tr.padded[0][0];
  const all = decodeTensor(parts.grad_input).data;
  const half = all.length / 2;
  const data = {
    kind: s.kind, countIncludePad: s.countIncludePad, x, grad, shape, gradShape,
    trace: {
      rows: plane.length, cols: plane[0].length, padded: flatten(plane), inside: flatten(tr.inside),
      padLo: tr.pads.map((p) => p[0]), origin: tr.origin, taps: tr.taps,
      maxima: flatten(tr.maxima), valid: flatten(tr.valid), first: tr.first,
      divisor: flatten(tr.divisor), result: flatten(tr.result),
    },
    unread: unreadCells(tr.feeds),
    shares: all.subarray(0, half), sums: all.subarray(half),
    answer: decodeTensor(back.grad_input).data,
  };
  data.match = sameNumbers(data.sums.subarray(data.sums.length - x.length), data.answer);
  return data;
}

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  const store = createStore({
    kind: "max", ...KIND_DEFAULTS.max, ties: "first", countIncludePad: true, seed: 0,
    step: 0, playing: false, speed: 1, data: null, loading: true, error: "", lang: "",
  });
  const frame = createOpsFrame(root, {
    titleId: "pool-backward-title", titleKey: "ops.pool.title", introKey: "ops.pool.intro" });
  const { controls, player } = frame;
  const stage = document.createElement("div");
  const formula = document.createElement("div");
  root.append(stage, formula);
  applyI18n(root);

  addView(createPoolBackwardControlsView(controls, store), store);
  addView(createConvBackwardPlayerView(player, store, totalOf, "pool-backward"), store);
  addView(createPoolBackwardStageView(stage), store);
  addView(createPoolBackwardFormulaView(formula, totalOf), store);
  addView({
    update(s) {
      showOpsStatus(root, frame, s);
      root.dataset.ties = s.ties;
      root.dataset.kind = s.kind;
      // Where the animation stands, written after the grids of the same frame (for tests).
      root.dataset.at = `${s.kind}:${s.step + 1}/${totalOf(s)}`;
    },
  }, store);

  keepOpsLoaded(root, store, { settings: SETTINGS, load, totalOf });
}
