/**
 * The maps page's decoding worker: base64 layer outputs become Float32Array maps with their
 * ranges off the main thread, so a 2 MB layer never stalls a frame. Message in:
 * `{id, tensor}`; out: `{id, maps}` (the values' buffers transferred) or `{id, error}`.
 * @module workers/mapsDecode
 */
import { decodeLayer } from "../lib/mapsLayer.js";

self.addEventListener("message", (event) => {
  const { id, tensor } = event.data;
  try {
    const maps = decodeLayer(tensor);
    self.postMessage({ id, maps }, [maps.values.buffer, maps.ranges.buffer]);
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message ? err.message : err) });
  }
});
