/**
 * The teaching page's data, DOM-free: class colours, the vectors of a training request,
 * reading a head file back, and the curves' and scatter's geometry.
 * @module lib/teachData
 */
import { decodeTensor, encodeTensor } from "./tensor.js";

/** Okabe-Ito hues (colour-blind safe) and two more, one per class (at most 10). */
export const CLASS_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9",
  "#7a6a00", "#000000", "#8c510a", "#6a3d9a"];

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
export const MIN_PHOTOS = 2;

/**
 * Whether the classes can be trained: at least 2, each with at least 2 photos.
 * @param {{photos: object[]}[]} classes
 * @returns {boolean}
 */
export function canTrain(classes) {
  return classes.length >= MIN_CLASSES && classes.every((c) => c.photos.length >= MIN_PHOTOS);
}

/**
 * The body of `POST /heads/train` from the photos' vectors.
 * @param {{name: string, photos: {vector: Float32Array}[]}[]} classes
 * @param {{epochs: number, learning_rate: number, held_out: number}} settings
 * @returns {object} with `features` (N, D) base64 float32, `labels` (N), `classes` (K)
 */
export function trainBody(classes, settings) {
  const vectors = [];
  const labels = [];
  classes.forEach((c, k) => {
    for (const p of c.photos) { vectors.push(p.vector); labels.push(k); }
  });
  const d = vectors[0].length;
  const flat = new Float32Array(vectors.length * d);
  vectors.forEach((v, i) => flat.set(v, i * d));
  return { features: encodeTensor([vectors.length, d], flat, 0), labels,
           classes: classes.map((c) => c.name), network: "efficientnet_lite0", ...settings };
}

/**
 * Rows of an `(N, D)` answer tensor as vectors.
 * @param {object} tensor
 * @returns {Float32Array[]}
 */
export function vectorsOf(tensor) {
  const { shape, data } = decodeTensor(tensor);
  const [n, d] = shape;
  return Array.from({ length: n }, (_, i) => Float32Array.from(data.subarray(i * d, (i + 1) * d)));
}

/** A head file that cannot be read back: `key` names its sentence in the i18n tables. */
export class HeadFileError extends Error {
  /**
   * @param {string} key an i18n key ("teach.headFile.notJson", ...)
   * @param {Record<string, unknown>} [vars] its placeholders
   */
  constructor(key, vars = {}) {
    super(key);
    this.key = key;
    this.vars = vars;
  }
}

/**
 * A head file's JSON, checked enough to be sent back (the server checks the rest).
 * @param {string} text
 * @returns {object} the head
 * @throws {HeadFileError} naming what is wrong
 */
export function readHeadFile(text) {
  let head;
  try { head = JSON.parse(text); } catch { throw new HeadFileError("teach.headFile.notJson"); }
  if (!head || head.format !== "cnnvis-head") throw new HeadFileError("teach.headFile.format");
  if (!Array.isArray(head.classes) || head.classes.length < MIN_CLASSES
      || head.classes.length > MAX_CLASSES || !head.classes.every((c) => typeof c === "string")) {
    throw new HeadFileError("teach.headFile.classes", { min: MIN_CLASSES, max: MAX_CLASSES });
  }
  for (const key of ["weight", "bias"]) {
    if (!head[key] || !Array.isArray(head[key].shape)) throw new HeadFileError(`teach.headFile.${key}`);
  }
  if (head.weight.shape[0] !== head.classes.length) throw new HeadFileError("teach.headFile.rows");
  return head;
}

/**
 * A value range with a little room, never empty.
 * @param {number[]} values
 * @returns {[number, number]}
 */
export function paddedRange(values) {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}
