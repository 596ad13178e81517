/**
 * Interface text in English and Korean: one table per language, looked up by key.
 * DOM-free: `t()` and the language setting; `ui/dom.js` applies keys to elements.
 * @module lib/i18n
 */
import en from "../i18n/en.js";
import ko from "../i18n/ko.js";

/** @type {Record<string, Record<string, string>>} */
export const TABLES = { en, ko };

/** The languages the interface speaks, in switch order. */
export const LANGS = ["en", "ko"];

let current = "en";
const listeners = new Set();

/**
 * Fill `{name}` placeholders of a template. Numbers are shown as given.
 * @param {string} template
 * @param {Record<string, unknown>} [vars]
 * @returns {string}
 */
export function format(template, vars = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * The text of `key` in the current language (English when Korean lacks it, the key itself
 * when both do, so a missing string shows up instead of vanishing).
 * @param {string} key such as "lab.play"
 * @param {Record<string, unknown>} [vars] values for `{name}` placeholders
 * @returns {string}
 */
export function t(key, vars) {
  const text = TABLES[current][key] ?? TABLES.en[key] ?? key;
  return format(text, vars);
}

/** @returns {string} "en" or "ko" */
export function getLang() {
  return current;
}

/**
 * Pick a language from what the user asked for, in order of precedence.
 * @param {...(string|null|undefined)} wishes e.g. the URL's `lang`, the saved choice, navigator.language
 * @returns {string} "en" or "ko"
 */
export function chooseLang(...wishes) {
  for (const wish of wishes) {
    if (!wish) continue;
    const short = String(wish).slice(0, 2).toLowerCase();
    if (LANGS.includes(short)) return short;
  }
  return "en";
}

/**
 * Switch the language and tell every listener.
 * @param {string} lang "en" or "ko"
 */
export function setLang(lang) {
  const next = chooseLang(lang);
  if (next === current) return;
  current = next;
  for (const fn of listeners) fn(current);
}

/**
 * Call `fn(lang)` whenever the language changes.
 * @param {(lang: string) => void} fn
 * @returns {() => void} unsubscribe
 */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * A number in the current language's style (thousands separators).
 * @param {number} value
 * @param {number} [digits] fraction digits at most
 * @returns {string}
 */
export function number(value, digits = 0) {
  return value.toLocaleString(current === "ko" ? "ko-KR" : "en-US", { maximumFractionDigits: digits });
}
