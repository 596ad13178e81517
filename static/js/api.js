/**
 * One function per endpoint of /api/v1. Every failure becomes an `ApiError` carrying the
 * server's sentence (its `detail`), worded in the interface language when it is read
 * (`lib/serverText.js`), so views can show it on a Korean page too.
 * @module api
 */
import { ndjsonLines } from "./lib/ndjson.js";
import { errorText } from "./lib/serverText.js";

const BASE = "/api/v1";

/**
 * A failed request: `status` (0 when the server was not reached, 200 for an error line of a
 * stream), the server's English sentence (`sentence`), its Retry-After (`retryAfter`, or
 * null), and `message`, that sentence in the interface language at the time it is read.
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} sentence the server's sentence, as `errorSentence` makes it
   * @param {{retryAfter?: (string|null)}} [extra]
   */
  constructor(status, sentence, extra = {}) {
    super();
    this.name = "ApiError";
    this.status = status;
    this.sentence = String(sentence);
    this.retryAfter = extra.retryAfter ?? null;
  }

  /** @returns {string} the sentence in the interface language */
  get message() {
    return errorText(this);
  }
}

/** Location parts that say where a value came from, not which field it is. */
const SOURCES = new Set(["body", "query", "path", "form"]);

/**
 * The human sentence of an error body: `detail` as a string, or the first validation issue
 * with the field it concerns ("stride: Input should be greater than or equal to 1"; the
 * request part and pydantic's type tags such as "constrained-int" left out).
 * @param {unknown} body
 * @param {number} status
 * @returns {string}
 */
export function errorSentence(body, status) {
  const detail = body && typeof body === "object" ? body.detail : undefined;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length) {
    const first = detail[0];
    const loc = Array.isArray(first.loc) ? first.loc : [];
    const where = loc.filter((p, i) => !(i === 0 && SOURCES.has(p)) && !/[[\]-]/.test(String(p))).join(".");
    return where ? `${where}: ${first.msg}` : String(first.msg);
  }
  return `HTTP ${status}`;
}

/**
 * Fetch `BASE + path`; a network failure or an answer that is not 2xx becomes an `ApiError`
 * with the server's sentence and its Retry-After (an abort stays an `AbortError`).
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function send(path, init = {}) {
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, err && err.message ? err.message : String(err));
  }
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, errorSentence(body, response.status),
                       { retryAfter: response.headers.get("retry-after") });
  }
  return response;
}

async function getJson(path, signal) {
  return (await send(path, { signal })).json();
}

async function postJson(path, body, signal) {
  const response = await send(path, {
    method: "POST", signal, headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return response.json();
}

/**
 * Read an NDJSON answer line by line; `onLine` may return a promise (it is awaited, so a
 * slow consumer slows the reading, never piles lines up). An `error` line throws.
 * @param {Response} response
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @returns {Promise<object|null>} the `done` line, or null if the stream ended without one
 */
async function consume(response, onLine) {
  let done = null;
  for await (const line of ndjsonLines(response.body)) {
    if (line.type === "error") throw new ApiError(200, errorSentence(line, 200));
    await onLine(line);
    if (line.type === "done") done = line;
  }
  return done;
}

/** @returns {Promise<object>} `{status: "ok", version, engine}` */
export function health(signal) {
  return getJson("/health", signal);
}

/**
 * Convolve (`POST /conv`), optionally with the sliding trace.
 * @param {object} body `{input, weight, bias?, stride?, padding?, dilation?, groups?, flip?, trace?, ndim?}`
 * @param {AbortSignal} [signal]
 * @returns {Promise<{output: object, trace: object|null}>}
 */
export function conv(body, signal) {
  return postJson("/conv", body, signal);
}

/**
 * Convolution gradients (`POST /conv/backward`).
 * @param {object} body `{grad_output, input, weight, ...hyperparameters}`
 * @param {AbortSignal} [signal]
 * @returns {Promise<{grad_input: object, grad_weight: object, grad_bias: object}>}
 */
export function convBackward(body, signal) {
  return postJson("/conv/backward", body, signal);
}

/**
 * Pool (`POST /pool`), optionally with the trace.
 * @param {object} body `{input, kind, kernel_size, stride?, padding?, dilation?, ceil_mode?, count_include_pad?, trace?}`
 * @param {AbortSignal} [signal]
 * @returns {Promise<{output: object, trace: object|null}>}
 */
export function pool(body, signal) {
  return postJson("/pool", body, signal);
}

/**
 * Pooling's input gradient (`POST /pool/backward`).
 * @param {object} body the pool body plus `grad_output` and `ties?`
 * @param {AbortSignal} [signal]
 * @returns {Promise<{grad_input: object}>}
 */
export function poolBackward(body, signal) {
  return postJson("/pool/backward", body, signal);
}

/**
 * Shapes, parameters and information volume of a layer list (`POST /shapes`).
 * @param {object} body `{input_shape: [C, H, W], layers: object[]}`
 * @param {AbortSignal} [signal]
 * @returns {Promise<object>}
 */
export function shapes(body, signal) {
  return postJson("/shapes", body, signal);
}

/** @returns {Promise<{networks: object[]}>} the presets with their summaries */
export function networks(signal) {
  return getJson("/networks", signal);
}

/** @returns {Promise<{samples: object[]}>} the sample images */
export function samples(signal) {
  return getJson("/samples", signal);
}

/**
 * Fetch a sample's PNG as a Blob (to show, or to send to a network).
 * @param {string} name
 * @param {AbortSignal} [signal]
 * @returns {Promise<Blob>}
 */
export async function sampleBlob(name, signal) {
  return (await send(`/samples/${encodeURIComponent(name)}.png`, { signal })).blob();
}

function passBody(source, target) {
  if (source.file) {
    const form = new FormData();
    form.append("file", source.file, source.file.name || "image.png");
    if (target !== undefined && target !== null) form.append("target", String(target));
    return { body: form };
  }
  const json = { input: source.input };
  if (target !== undefined && target !== null) json.target = target;
  return { body: JSON.stringify(json), headers: { "content-type": "application/json" } };
}

/**
 * Stream a preset's forward pass: `start`, one `layer` line per layer, `done`.
 * @param {string} name the preset
 * @param {{file?: Blob, input?: object}} source an image file or an input tensor
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @param {AbortSignal} [signal]
 * @param {{inner?: string[]|string}} [options] `inner`: the blocks whose inner layers' maps
 *   to send too (`?inner=b3,b4`, or "all"); without it a block's `children` carry no maps
 * @returns {Promise<object|null>} the `done` line
 */
export async function networkForward(name, source, onLine, signal, options = {}) {
  const inner = Array.isArray(options.inner) ? options.inner.join(",") : options.inner;
  const query = inner ? `?inner=${encodeURIComponent(inner)}` : "";
  const response = await send(`/networks/${encodeURIComponent(name)}/forward${query}`,
                              { method: "POST", signal, ...passBody(source) });
  return consume(response, onLine);
}

/**
 * Stream a preset's backward pass: `start`, one `layer` line per layer from the loss back, `done`.
 * @param {string} name
 * @param {{file?: Blob, input?: object}} source
 * @param {number|null} target the class the loss asks for; null: the predicted one
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @param {AbortSignal} [signal]
 * @returns {Promise<object|null>} the `done` line
 */
export async function networkBackward(name, source, target, onLine, signal) {
  const response = await send(`/networks/${encodeURIComponent(name)}/backward`,
                              { method: "POST", signal, ...passBody(source, target) });
  return consume(response, onLine);
}

/**
 * Stream a training run: `start`, one `progress` line per step, `done`. Abort to stop it.
 * @param {object} body `{network, steps, learning_rate, batch_size, optimizer, seed, every}`
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @param {AbortSignal} [signal]
 * @returns {Promise<object|null>} the `done` line
 */
export async function train(body, onLine, signal) {
  const response = await send("/train", {
    method: "POST", signal, headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return consume(response, onLine);
}

/**
 * The query of an explanation: the method and only the settings given (null and undefined
 * left out, so the server's defaults apply).
 * @param {{method: string, layer?: string|null, samples?: number, sigma?: number, steps?: number,
 *   baseline?: string, patch?: number, stride?: number}} how
 * @returns {string} such as "method=gradcam&layer=S4"
 */
export function explainQuery(how) {
  const query = new URLSearchParams();
  for (const key of ["method", "layer", "samples", "sigma", "steps", "baseline", "patch", "stride"]) {
    const value = how[key];
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  return query.toString();
}

/**
 * Stream why a preset said what it said (`POST /networks/{name}/explain`): `start` (the
 * input as the network takes it, the method and its priced cost), `progress` lines for the
 * methods that take many passes, then `done` with the heat map and the method's numbers.
 * @param {string} name the preset
 * @param {{file?: Blob, input?: object}} source an image file or an input tensor
 * @param {number|null} target the class to explain; null: the top prediction
 * @param {{method: string, layer?: string|null}} how the method and its settings (see `explainQuery`)
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @param {AbortSignal} [signal]
 * @returns {Promise<object|null>} the `done` line
 */
export async function networkExplain(name, source, target, how, onLine, signal) {
  const response = await send(`/networks/${encodeURIComponent(name)}/explain?${explainQuery(how)}`,
                              { method: "POST", signal, ...passBody(source, target) });
  return consume(response, onLine);
}

/**
 * Stream what a channel looks for (`POST /networks/{name}/visualize`, no body): `start`, one
 * `progress` line per gradient ascent step (the image every `every` steps), then `done` with
 * the final image and the sample patches that excite the channel most.
 * @param {string} name the preset
 * @param {{layer: string, channel: number, steps?: number, every?: number, patches?: number}} how
 * @param {(line: object) => (void|Promise<void>)} onLine
 * @param {AbortSignal} [signal]
 * @returns {Promise<object|null>} the `done` line
 */
export async function networkVisualize(name, how, onLine, signal) {
  const query = new URLSearchParams({ layer: how.layer, channel: String(how.channel) });
  for (const key of ["steps", "every", "patches"]) {
    if (how[key] !== undefined && how[key] !== null) query.set(key, String(how[key]));
  }
  const response = await send(`/networks/${encodeURIComponent(name)}/visualize?${query}`, { method: "POST", signal });
  return consume(response, onLine);
}
