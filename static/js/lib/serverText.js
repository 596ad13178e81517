/**
 * The server's error sentences in the interface language. The API speaks English
 * (`{"detail": "kernel 5x5 spans 5x5, larger than the padded input 3x3"}`); each sentence a
 * page can meet has an English template in the i18n tables (`server.*`, the server's wording
 * with its numbers as `{placeholders}`), which is read backwards to recognise the sentence and
 * pick its numbers out, and a Korean template that words them again. On an English page the
 * server's own sentence is shown as it came; on a Korean page a recognised sentence is worded
 * in Korean, and anything else gets a Korean lead with the English original marked as English.
 * DOM-free: answers are lists of parts, a plain string or `{text, lang}` (`views/errorMessage.js`
 * turns them into nodes).
 * @module lib/serverText
 */
import { TABLES, getLang, t } from "./i18n.js";

/**
 * The server's sentences, in the order they are tried (a longer form before the shorter one
 * that would also match it). Each key is `server.<id>` in both tables.
 */
export const SENTENCES = [
  // A sentence about one of several images ("image 2: the file is empty: ...").
  "imageNumbered",
  // Convolution, pooling and transposed convolution (the lab, the backprop sections).
  "kernelSpanDilated", "kernelSpan", "sameStride", "traceSteps", "traceStepsEngine", "traceStamps",
  "traceStampsEngine", "traceKept", "traceKeptEngine", "outputElements", "macs", "work",
  "tensorElements", "overflow", "float32Range", "poolPadding", "poolSpanDilated", "poolSpan",
  "avgDilation", "avgPool3d", "outputPadding", "transposeSize",
  // Images and network passes (feature maps, backprop, teach).
  "notImage", "emptyFile", "damaged", "imagePixels", "imageDeclares", "uploadBytes", "bodyBytes",
  "bodyCounted", "formField", "target", "networkMacs", "memory", "unavailable", "explainMaps",
  "explainCost", "visualizeCost", "occlusionPatch",
  // Training, streams and the server itself.
  "trainSteps", "trainDiverged", "trainBusy", "streamTime", "streamFailed", "serverError",
  // Teaching a head.
  "featureImages", "featureMacs", "fileNotText", "headDuplicate", "headClasses", "headExamples",
  "headEpochs", "headMacs", "headDimension", "headVectors", "headImportClasses",
  // Validation issues ("where: pydantic's message").
  "issue.ge", "issue.le", "issue.gt", "issue.lt", "issue.missing", "issue.int", "issue.number",
  "issue.finite", "issue.bool", "issue.tooLong", "issue.tooShort", "issue.extra",
].map((id) => `server.${id}`);

/** Placeholders whose value stays the server's English, shown marked as English. */
const ENGLISH_VALUES = new Set(["reason", "choices"]);

/** The placeholder whose value is another of the server's sentences, worded in its turn. */
const NESTED = "sentence";

/** What a memory refusal says is waiting ("a forward pass of lenet5"), worded in its turn. */
const WHATS = ["server.what.pass", "server.what.head"];

const cache = new Map();

/**
 * The regular expression that reads an English template backwards: its text literally, each
 * `{name}` a lazy group.
 * @param {string} template such as "kernel {kernel} spans {span}, larger than the padded input {padded}"
 * @returns {RegExp}
 */
export function templatePattern(template) {
  if (!cache.has(template)) {
    const parts = template.split(/\{(\w+)\}/);
    const source = parts.map((part, i) => (i % 2 ? `(?<${part}>.+?)`
      : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
    cache.set(template, new RegExp(`^${source}$`, "s"));
  }
  return cache.get(template);
}

/**
 * Which template a sentence is, and its values.
 * @param {string} sentence the server's English
 * @returns {{key: string, values: Record<string, string>}|null} null for a sentence not known
 */
export function recognise(sentence) {
  return readAs(SENTENCES, sentence);
}

const has = (key, lang) => TABLES[lang]?.[key] !== undefined;
const optional = (key, value, lang) => (has(key, lang) ? TABLES[lang][key] : value);

/**
 * A value of the server's English in `lang`: a network's id as its title, a field or a pass
 * by its name, an operation such as "conv2d backward" with the word translated; numbers,
 * shapes and identifiers as they are.
 * @param {string} name the placeholder
 * @param {string} value the server's text
 * @param {string} lang
 * @returns {string}
 */
function wordValue(name, value, lang) {
  if (lang === "en") return value;
  if (name === "network") return optional(`net.${value}.title`, value, lang);
  if (name === "pass") return optional(`server.pass.${value}`, value, lang);
  if (name === "method") return optional(`maps.explain.method.${value}`, value, lang);
  if (name === "optimizer") return optional(`server.optimizer.${value}`, value, lang);
  if (name === "name" || name === "where") {
    const [head, ...rest] = value.split(".");
    const word = optional(`server.field.${head}`, null, lang);
    return word === null ? value : [word, ...rest].join(".");
  }
  if (name === "op") return value.replace(/ backward$/, ` ${TABLES[lang]["server.backward"] ?? "backward"}`);
  return value;
}

/**
 * Read `text` as one of `keys`' English templates.
 * @param {string[]} keys
 * @param {string} text
 * @returns {{key: string, values: Record<string, string>}|null}
 */
function readAs(keys, text) {
  for (const key of keys) {
    const found = TABLES.en[key] && templatePattern(TABLES.en[key]).exec(String(text).trim());
    if (found) return { key, values: { ...found.groups } };
  }
  return null;
}

/**
 * The work a refusal names ("a forward pass of lenet5") in `lang`, or the English, marked.
 * @param {string} text
 * @param {string} lang
 * @returns {Parts}
 */
function wordWhat(text, lang) {
  const found = readAs(WHATS, text);
  if (lang === "en") return [text];
  return found ? fill(TABLES[lang][found.key], found.values, lang) : [{ text, lang: "en" }];
}

/**
 * Fill a template into parts: text, and `{text, lang: "en"}` for values that stay English.
 * @param {string} template
 * @param {Record<string, string>} values
 * @param {string} lang
 * @returns {Array<string|{text: string, lang: string}>}
 */
function fill(template, values, lang) {
  return template.split(/\{(\w+)\}/).flatMap((part, i) => {
    if (i % 2 === 0) return [part];
    if (!(part in values)) return [`{${part}}`];
    if (part === NESTED) return wordFailure({ status: 422, sentence: values[part] }, lang).parts;
    if (part === "what") return wordWhat(values[part], lang);
    if (ENGLISH_VALUES.has(part) && lang !== "en") return [{ text: values[part], lang: "en" }];
    return [wordValue(part, values[part], lang)];
  }).filter((part) => part !== "");
}

/**
 * @typedef {Array<string|{text: string, lang: string}>} Parts
 */

/**
 * Text that stays English (a reason the server gives in its own words, a browser's error
 * name): shown as it is, marked as English on a page in another language.
 * @param {string} text
 * @returns {{english: string}}
 */
export function english(text) {
  return { english: String(text) };
}

/**
 * A failed request in the interface language.
 * @param {{status?: number, sentence?: string, retryAfter?: (string|number|null)}} failure
 *   the HTTP status (0: the server was not reached; 200: an error line of a stream), the
 *   server's English sentence, and its Retry-After header
 * @param {string} [lang] default: the interface language
 * @returns {{known: boolean, key: (string|null), parts: Parts}}
 */
export function wordFailure(failure, lang = getLang()) {
  const sentence = String(failure.sentence ?? "").trim();
  const status = failure.status ?? 0;
  const wait = Number.parseInt(String(failure.retryAfter ?? ""), 10);
  const retry = Number.isFinite(wait) && wait > 0
    ? [" ", TABLES[lang]["server.retryAfter"].replace("{seconds}", String(wait))] : [];
  const found = recognise(sentence);
  const inner = found && NESTED in found.values ? wordFailure({ status, sentence: found.values[NESTED] }, lang) : null;
  if (found && (!inner || inner.known)) {
    const parts = lang === "en" ? [sentence] : fill(TABLES[lang][found.key], found.values, lang);
    return { known: true, key: found.key, parts: [...parts, ...retry] };
  }
  if (status === 0) {
    return { known: true, key: "server.unreachable",
             parts: lang === "en" ? [TABLES.en["server.unreachable"], ` (${sentence})`]
               : [TABLES[lang]["server.unreachable"], " (", { text: sentence, lang: "en" }, ")"] };
  }
  const bare = /^HTTP (\d{3})$/.exec(sentence);
  if (bare) {
    return { known: true, key: "server.status",
             parts: [TABLES[lang]["server.status"].replace("{status}", bare[1]), ...retry] };
  }
  if (lang === "en") return { known: false, key: null, parts: [sentence, ...retry] };
  return { known: false, key: null,
           parts: [TABLES[lang]["server.unknown"], " ", { text: sentence, lang: "en" }, ...retry] };
}

/**
 * What went wrong, in parts: an `ApiError` (or anything with `status` and `sentence`) worded
 * by `wordFailure`, `english(text)` marked as English, any other error's message kept in
 * English behind a lead in another language, a string as it is (already worded).
 * @param {unknown} error
 * @param {string} [lang]
 * @returns {Parts}
 */
export function errorParts(error, lang = getLang()) {
  if (error === null || error === undefined || error === "") return [];
  if (typeof error === "string") return [error];
  if (typeof error === "object" && "key" in error && !("status" in error)) {
    // A page's own fault, named by an i18n key (`{key, vars}`): worded in `lang`.
    const template = TABLES[lang][error.key] ?? String(error.key);
    const vars = error.vars ?? {};
    return [template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole))];
  }
  if (typeof error === "object" && "english" in error) {
    return lang === "en" ? [String(error.english)] : [{ text: String(error.english), lang: "en" }];
  }
  if (typeof error === "object" && "sentence" in error && "status" in error) {
    return wordFailure(error, lang).parts;
  }
  const message = error && error.message ? String(error.message) : String(error);
  return lang === "en" ? [message] : [TABLES[lang]["server.pageError"], " ", { text: message, lang: "en" }];
}

/**
 * The parts as one plain string.
 * @param {Parts} parts
 * @returns {string}
 */
export function partsText(parts) {
  return parts.map((part) => (typeof part === "string" ? part : part.text)).join("");
}

/**
 * What went wrong as a plain string in the interface language (see `errorParts`).
 * @param {unknown} error
 * @param {string} [lang]
 * @returns {string}
 */
export function errorText(error, lang = getLang()) {
  return partsText(errorParts(error, lang));
}

/**
 * `t(key)` with a placeholder (`{detail}`) replaced by the parts of `error`, the other
 * placeholders from `vars`.
 * @param {string} key such as "common.error"
 * @param {unknown} error
 * @param {Record<string, unknown>} [vars]
 * @param {string} [placeholder] the one that stands for the error
 * @returns {Parts}
 */
export function withError(key, error, vars = {}, placeholder = "detail") {
  const pieces = t(key, vars).split(`{${placeholder}}`);
  const detail = errorParts(error);
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [...detail, piece])).filter((p) => p !== "");
}
