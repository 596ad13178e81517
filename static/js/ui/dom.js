/**
 * Small DOM helpers shared by the views.
 * @module ui/dom
 */
import { getLang, t } from "../lib/i18n.js";

/**
 * Make an element.
 * @param {string} tag
 * @param {Record<string, unknown>} [props] `class`, `text`, `i18n` (a key), `dataset`,
 *   `on` ({event: handler}), any other key as an attribute (`false`/`null` skip it)
 * @param {...(Node|string|null|undefined)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = String(value);
    else if (key === "text") node.textContent = String(value);
    else if (key === "i18n") { node.dataset.i18n = String(value); node.textContent = t(String(value)); }
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/**
 * Fill every `[data-i18n]` element's text and every `[data-i18n-attr]` attribute
 * ("aria-label:key;title:key") under `root` in the current language.
 * @param {ParentNode} root
 */
export function applyI18n(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/**
 * Fill `node` with the text of `key`, a placeholder whose value is worded (`{text, lang}`, e.g.
 * from `lib/netText.js`) becoming a `<span>` marked with its language when that differs from
 * the interface's (an English class name in a Korean sentence), any other value plain text.
 * @param {HTMLElement} node
 * @param {string} key
 * @param {Record<string, unknown>} [vars]
 */
export function fillWords(node, key, vars = {}) {
  const plain = {};
  const worded = {};
  for (const [name, value] of Object.entries(vars)) {
    if (value && typeof value === "object" && "text" in value) worded[name] = value;
    else plain[name] = value;
  }
  // Odd parts are the names of the worded placeholders `t` left in place.
  const parts = t(key, plain).split(/\{(\w+)\}/);
  node.replaceChildren(...parts.map((part, i) => {
    if (i % 2 === 0) return part;
    const w = worded[part];
    if (!w) return `{${part}}`;
    return w.lang === getLang() ? w.text : el("span", { text: w.text, lang: w.lang });
  }));
}
