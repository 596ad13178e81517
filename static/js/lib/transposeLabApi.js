/**
 * The transposed convolution endpoint (`POST /api/v1/conv_transpose`). Failures become
 * `ApiError`s with the server's sentence, as `api.js` does for the other endpoints.
 * @module lib/transposeLabApi
 */
import { send } from "../api.js";

/**
 * Transposed convolution, optionally with every stamp (`trace: true`).
 * @param {object} body `{input, weight, bias?, stride?, padding?, output_padding?, dilation?, groups?, trace?}`
 * @param {AbortSignal} [signal]
 * @returns {Promise<{output: object, trace: object|null}>}
 */
export async function convTranspose(body, signal) {
  const response = await send("/conv_transpose", {
    method: "POST", signal, headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return response.json();
}
