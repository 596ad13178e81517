/**
 * What the notes' checks read from the lab's state: the axes' output-size arithmetic, the
 * output shape (the engine's once it has answered) and whether the engine refuses the
 * settings, and the row that holds the engine's own answer. Shared by `lib/notes.js`,
 * `lib/notesChannels.js` and `lib/notesIndices.js`. DOM-free.
 * @module lib/noteState
 */
import { axisSize, impossibility, padsFor } from "./labGeometry.js";

/** The lab's axis letters per dimension (the notes write W and H). */
export const AXES = { 1: ["L"], 2: ["H", "W"], 3: ["D", "H", "W"] };

/**
 * Per axis, the output-size arithmetic of the lab's settings (the trace's padding when the
 * engine has answered).
 * @param {object} s lab state
 * @returns {import("./labGeometry.js").AxisSize[]}
 */
export function labAxes(s) {
  return s.size.map((size, a) => {
    const pads = s.trace ? s.trace.pads[a] : padsFor(s.padMode, s.pad, s.k, s.dilation);
    return axisSize(size, pads, s.k, s.stride, s.dilation);
  });
}

/** The output's spatial shape: the engine's when it has answered, else the formula's. */
export function outShape(s) {
  return s.trace ? s.trace.outShape : labAxes(s).map((ax) => ax.out);
}

/** Whether the engine refuses (or will refuse) these settings: no output to compare with. */
export function refused(s) {
  return s.status === "error" || impossibility(s, labAxes(s)) !== null;
}

/** A row holding the engine's answer (null while it is being computed or when it refused). */
export function engineRow(s, value, label, extra = {}) {
  const have = value !== null && value !== undefined;
  return { kind: "engine", label, value: have ? value : null, pending: !have && s.status !== "error", ...extra };
}
