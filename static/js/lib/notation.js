/**
 * The notation bridge: the tool's names for a convolution's quantities beside the names the
 * learners' notes use (note 002 writes W, F, P, S after CS231n, with K the number of filters;
 * note 001 writes tensors NHWC and kernels [kh, kw, in, out] as TensorFlow does), each with the
 * lab's current value. DOM-free and language-free: meanings are i18n keys.
 * @module lib/notation
 */
import { axisSize, padsFor } from "./labGeometry.js";

/**
 * @typedef {object} NotationRow
 * @property {string} id stable id, also the i18n key `lab.notation.<id>`
 * @property {string} ours the tool's name (API, engine and lab)
 * @property {string} note002 note 002's name ("" when it has none)
 * @property {string} note001 note 001's name ("" when it has none)
 * @property {string} value the current value, language-neutral
 * @property {boolean} [clash] the same letter means something else in the notes
 */

/**
 * The rows for a lab state.
 * @param {object} s lab state (`dim, size, cin, cout, k, stride, padMode, pad, dilation`; the
 *   engine's `trace` when it has answered)
 * @returns {NotationRow[]}
 */
export function notationRows(s) {
  const hw = s.size.slice(-2);
  const [h, w] = hw.length === 2 ? hw : [1, hw[0]];
  const pads = s.trace ? s.trace.pads : s.size.map(() => padsFor(s.padMode, s.pad, s.k, s.dilation));
  const out = s.trace ? s.trace.outShape
    : s.size.map((size, a) => axisSize(size, pads[a], s.k, s.stride, s.dilation).out);
  const [oh, ow] = out.length >= 2 ? out.slice(-2) : [1, out[0]];
  const padText = pads.every(([lo, hi]) => lo === hi) ? String(pads[pads.length - 1][0])
    : pads.map(([lo, hi]) => `${lo}+${hi}`).join(", ");
  const kk = new Array(s.dim).fill(s.k).join(", ");
  return [
    { id: "input", ours: "(N, C, H, W)", note002: "W₁ × H₁ × D₁", note001: "(N, H, W, C)",
      value: `(1, ${s.cin}, ${s.size.join(", ")})` },
    { id: "kernels", ours: "(C_out, C_in, kH, kW)", note002: "K × (F × F × D₁)", note001: "[kh, kw, in, out]",
      value: `(${s.cout}, ${s.cin}, ${kk})` },
    { id: "size", ours: "H, W", note002: "H₁, W₁", note001: "H, W", value: `${h}, ${w}` },
    { id: "k", ours: "K", note002: "F", note001: "kh, kw", value: String(s.k) },
    { id: "cout", ours: "C_out", note002: "K", note001: "out", value: String(s.cout), clash: true },
    { id: "cin", ours: "C_in", note002: "D₁", note001: "in", value: String(s.cin) },
    { id: "p", ours: "P", note002: "P", note001: "", value: padText },
    { id: "s", ours: "S", note002: "S", note001: "", value: String(s.stride) },
    { id: "d", ours: "D", note002: "", note001: "", value: String(s.dilation) },
    { id: "out", ours: "O (O_H, O_W)", note002: "H₂, W₂, D₂ = K", note001: "", value: `${oh}, ${ow}` },
  ];
}
