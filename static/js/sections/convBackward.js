/**
 * The "Convolution backward" section of the backpropagation page: dL/dx as the output
 * gradient, dilated and zero-padded, cross-correlated with the 180-degree-rotated kernel
 * (the same as a true convolution with the kernel unrotated; or, the
 * same numbers, as a transposed convolution's stamps), and dL/dw as the input correlated
 * with the output gradient, animated step by step from the engine's traces and checked
 * against the engine's own `conv/backward` answer.
 *
 * Requests, for one setting: the forward `conv` (its output shape sizes dL/dy), then at once
 * `conv/backward`, a traced `conv` for dL/dx, a traced `conv` for dL/dw and a batched `conv`
 * for the stamps accumulating. The browser only places numbers and zeros.
 * @module sections/convBackward
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { decodeTensor } from "../lib/tensor.js";
import { flatten, sameNumbers, seededIntegers } from "../lib/opsNumbers.js";
import { arrangeGradient, arrangeInput, prefixBatch } from "../lib/convBackwardLayout.js";
import { applyI18n, el } from "../ui/dom.js";
import { createOpsFrame, keepOpsLoaded, showOpsStatus } from "./opsSection.js";
import { createConvBackwardCheckView } from "../views/convBackwardCheckView.js";
import { createConvBackwardControlsView } from "../views/convBackwardControlsView.js";
import { createConvBackwardFormulaView } from "../views/convBackwardFormulaView.js";
import { createConvBackwardPlayerView } from "../views/convBackwardPlayerView.js";
import { createConvBackwardStageView } from "../views/convBackwardStageView.js";

// The first example: small whole numbers a learner can check by hand.
const FIRST = {
  x: [1, 0, 2, 3, 1, 0, 2, 1, 0, 4, 3, 1, 0, 2, 1, 2, 0, 3, 1, 0, 1, 4, 2, 0, 3],
  w: [1, 0, -1, 2, 1, 0, 0, -1, 1],
  grad: [1, -1, 2, 0, 1, -2, 2, 1, -1],
};
const SETTINGS = ["size", "kernel", "stride", "padding", "dilation", "seed"];

/**
 * How many steps the current mode animates.
 * @param {object} state
 * @returns {number}
 */
function totalOf(state) {
  const geo = state.data?.geom;
  if (!geo) return 0;
  if (state.mode === "dw") return geo.k * geo.k;
  return state.transposed ? geo.ho * geo.wo : geo.h * geo.w;
}

function exampleNumbers(s, ho, wo) {
  const first = s.seed === 0 && s.size === 5 && s.kernel === 3;
  const x = first ? FIRST.x : seededIntegers(s.seed * 3 + 1, s.size * s.size, 0, 4);
  const w = first ? FIRST.w : seededIntegers(s.seed * 3 + 2, s.kernel * s.kernel, -1, 2);
  const grad = first && ho * wo === 9 ? FIRST.grad : seededIntegers(s.seed * 3 + 3, ho * wo, -2, 2, { nonZero: true });
  return { x, w, grad };
}

function traceOf(answer) {
  const tr = answer.trace;
  return {
    output: decodeTensor(answer.output).data,
    origin: tr.origin, taps: tr.taps,
    window: flatten(tr.window), weight: flatten(tr.weight), products: flatten(tr.products),
    result: flatten(tr.result),
  };
}

async function load(s, signal) {
  const hyper = { stride: s.stride, padding: s.padding, dilation: s.dilation };
  const shapeX = [s.size, s.size];
  const shapeW = [s.kernel, s.kernel];
  const probe = exampleNumbers(s, 0, 0);
  const forward = await api.conv({ input: { shape: shapeX, data: probe.x },
                                    weight: { shape: shapeW, data: probe.w }, ...hyper }, signal);
  const [ho, wo] = forward.output.shape;
  const { x, w, grad } = exampleNumbers(s, ho, wo);
  const geom = { h: s.size, w: s.size, k: s.kernel, s: s.stride, p: s.padding, d: s.dilation, ho, wo };
  const arranged = arrangeGradient(grad, geom);
  const xin = arrangeInput(x, geom);
  const batch = prefixBatch(arranged);
  const [back, dx, dw, stamps] = await Promise.all([
    api.convBackward({ grad_output: { shape: [ho, wo], data: grad }, input: { shape: shapeX, data: x },
                       weight: { shape: shapeW, data: w }, ...hyper }, signal),
    api.conv({ input: { shape: [arranged.rows, arranged.cols], data: arranged.data },
               weight: { shape: shapeW, data: w }, flip: true, dilation: s.dilation, trace: true }, signal),
    api.conv({ input: { shape: [xin.rows, xin.cols], data: xin.data }, weight: { shape: [ho, wo], data: grad },
               dilation: s.stride, stride: s.dilation, trace: true }, signal),
    api.conv({ input: batch, weight: { shape: [1, 1, s.kernel, s.kernel], data: w }, flip: true,
               dilation: s.dilation }, signal),
  ]);
  const data = {
    geom, x, w, grad, arranged, xin, xUnread: xin.unread,
    dx: traceOf(dx), dw: traceOf(dw), stamps: decodeTensor(stamps.output).data,
    back: { gx: decodeTensor(back.grad_input).data, gw: decodeTensor(back.grad_weight).data,
            gb: decodeTensor(back.grad_bias).data },
  };
  const cells = geom.h * geom.w;
  data.match = {
    dx: sameNumbers(data.dx.result, data.back.gx),
    dw: sameNumbers(data.dw.result, data.back.gw),
    stamps: sameNumbers(data.stamps.subarray(data.stamps.length - cells), data.back.gx),
  };
  return data;
}

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  const store = createStore({
    size: 5, kernel: 3, stride: 1, padding: 0, dilation: 1, seed: 0,
    mode: "dx", transposed: false, step: 0, playing: false, speed: 1,
    data: null, loading: true, error: "", lang: "",
  });
  const frame = createOpsFrame(root, {
    titleId: "conv-backward-title", titleKey: "ops.conv.title", introKey: "ops.conv.intro" });
  const { controls, player } = frame;
  const body = el("div", { class: "ops-body" });
  const stage = document.createElement("div");
  const formula = document.createElement("div");
  const check = document.createElement("div");
  body.append(stage, formula, check);
  root.append(body);
  applyI18n(root);

  addView(createConvBackwardControlsView(controls, store), store);
  addView(createConvBackwardPlayerView(player, store, totalOf, "conv-backward"), store);
  addView(createConvBackwardStageView(stage), store);
  addView(createConvBackwardFormulaView(formula), store);
  addView(createConvBackwardCheckView(check, totalOf), store);
  addView({
    update(s) {
      showOpsStatus(root, frame, s);
      // Where the animation stands, written after the grids of the same frame (for tests).
      root.dataset.at = `${s.mode}${s.mode === "dx" && s.transposed ? "-t" : ""}:${s.step + 1}/${totalOf(s)}`;
    },
  }, store);

  keepOpsLoaded(root, store, { settings: SETTINGS, load, totalOf });
}
