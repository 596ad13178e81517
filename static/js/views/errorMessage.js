/**
 * An error message in an element: the server's sentence (or a page error) in the interface
 * language, through `lib/serverText.js`; what stays English (a sentence the page does not
 * know, a browser's message) sits in a `<span lang="en">`, so a screen reader reads it in
 * English on a Korean page.
 * @module views/errorMessage
 */
import { errorParts, partsText, withError } from "../lib/serverText.js";
import { el } from "../ui/dom.js";

/** What each element shows now, so an update with the same message leaves it alone. */
const shown = new WeakMap();

/**
 * Fill `node` with parts: strings as text, `{text, lang}` as a span marked with its language.
 * @param {HTMLElement} node
 * @param {import("../lib/serverText.js").Parts} parts
 */
export function showParts(node, parts) {
  const signature = JSON.stringify(parts);
  // Unchanged: a live region is not told again.
  if (shown.get(node) === signature && node.textContent === partsText(parts)) return;
  shown.set(node, signature);
  node.replaceChildren(...parts.map((part) => (typeof part === "string" ? part
    : el("span", { text: part.text, lang: part.lang }))));
}

/**
 * Fill `node` with what went wrong: `error` alone, or the text of `key` with `{detail}` (or
 * another placeholder) standing for it ("The engine could not compute this: {detail}").
 * @param {HTMLElement} node
 * @param {unknown} error an `ApiError`, another error, `english(text)`, or a string already worded
 * @param {string} [key]
 * @param {Record<string, unknown>} [vars] the key's other placeholders
 * @param {string} [placeholder] the placeholder that stands for the error
 */
export function showError(node, error, key, vars, placeholder) {
  showParts(node, key ? withError(key, error, vars, placeholder) : errorParts(error));
}
