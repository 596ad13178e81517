/**
 * The teaching endpoints: feature vectors of photos, a head's training stream, predictions.
 * Failures become `ApiError`s with the server's sentence (as `api.js` does for the others).
 * @module lib/teachApi
 */
import { ApiError, errorSentence, send } from "../api.js";
import { ndjsonLines } from "./ndjson.js";

function form(blobs, extra = {}) {
  const data = new FormData();
  blobs.forEach((blob, i) => data.append("file", blob, `photo-${i}.${blob.type === "image/png" ? "png" : "jpg"}`));
  for (const [name, value] of Object.entries(extra)) data.append(name, value);
  return data;
}

/**
 * Feature vectors of photos (`POST /networks/{name}/features`).
 * @param {string} network e.g. "efficientnet_lite0"
 * @param {Blob[]} blobs the photos
 * @param {AbortSignal} [signal]
 * @returns {Promise<{layer: string, dimension: number, features: object, macs: number}>}
 */
export async function features(network, blobs, signal) {
  const response = await send(`/networks/${encodeURIComponent(network)}/features`,
    { method: "POST", body: form(blobs), signal });
  return response.json();
}

/**
 * Train a head (`POST /heads/train`), reading its NDJSON lines as they come.
 * @param {object} body `{features, labels, classes, held_out, learning_rate, epochs, ...}`
 * @param {(line: object) => void} onLine
 * @param {AbortSignal} [signal]
 * @returns {Promise<object|null>} the `done` line
 */
export async function trainHead(body, onLine, signal) {
  const response = await send("/heads/train", {
    method: "POST", signal, headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  let done = null;
  for await (const line of ndjsonLines(response.body)) {
    if (line.type === "error") throw new ApiError(200, errorSentence(line, 200));
    onLine(line);
    if (line.type === "done") done = line;
  }
  return done;
}

/**
 * Classify a photo with a head (`POST /heads/predict`, multipart).
 * @param {Blob} blob
 * @param {object} head the head's JSON
 * @param {AbortSignal} [signal]
 * @returns {Promise<{classes: string[], predictions: {top: object[], probabilities: number[]}[]}>}
 */
export async function predictHead(blob, head, signal) {
  const response = await send("/heads/predict",
    { method: "POST", body: form([blob], { head: JSON.stringify(head) }), signal });
  return response.json();
}

/**
 * Grad-CAM of one of a head's classes for a photo (`POST /heads/explain`, multipart): where in
 * the photo's centre square the evidence for that class lies.
 * @param {Blob} blob the photo
 * @param {object} head the head's JSON
 * @param {number} target the class's index
 * @param {AbortSignal} [signal]
 * @returns {Promise<{target: number, label: string, probability: number, layer: string,
 *   layer_shape: number[], cam: object, heatmap: object}>}
 */
export async function explainHead(blob, head, target, signal) {
  const response = await send("/heads/explain",
    { method: "POST", body: form([blob], { head: JSON.stringify(head), target: String(target) }), signal });
  return response.json();
}
