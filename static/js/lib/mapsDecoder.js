/**
 * Decode layer outputs in a worker (`workers/mapsDecode.js`) when the platform has one,
 * else in this thread (and small tensors always here): either way a promise of the same
 * `LayerMaps`.
 * @module lib/mapsDecoder
 */
import { decodeLayer } from "./mapsLayer.js";
import { sizeOf } from "./tensor.js";

/** Tensors up to this many numbers decode in this thread: quicker than a trip to the worker. */
export const INLINE_MAX = 32768;

/**
 * A decoder: `decode(tensor)` resolves with the maps; `close()` ends the worker.
 * @param {string|URL|null} [workerUrl] the worker script; null decodes in this thread
 * @returns {{decode: (tensor: object) => Promise<import("./mapsLayer.js").LayerMaps>, close: () => void}}
 */
export function createDecoder(workerUrl = null) {
  if (!workerUrl || typeof Worker !== "function") {
    return { decode: async (tensor) => decodeLayer(tensor), close() {} };
  }
  const worker = new Worker(workerUrl, { type: "module" });
  const waiting = new Map();
  let next = 0;
  worker.addEventListener("message", (event) => {
    const { id, maps, error } = event.data;
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    if (error) entry.reject(new Error(error));
    else entry.resolve(maps);
  });
  worker.addEventListener("error", (event) => {
    for (const entry of waiting.values()) entry.reject(new Error(event.message || "decoding failed"));
    waiting.clear();
  });
  return {
    decode(tensor) {
      if (sizeOf(tensor.shape) <= INLINE_MAX) {
        try { return Promise.resolve(decodeLayer(tensor)); } catch (err) { return Promise.reject(err); }
      }
      next += 1;
      const id = next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, tensor });
      });
    },
    close() { worker.terminate(); },
  };
}
