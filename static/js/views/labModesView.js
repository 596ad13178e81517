/**
 * The lab's three modes as tabs: convolution, pooling, transposed convolution. Each tab is a
 * link (`?mode=`), so a mode can be bookmarked and the browser's back button works.
 * @module views/labModesView
 */
import { t } from "../lib/i18n.js";
import { el } from "../ui/dom.js";

/** The modes, in tab order; the first is the default (no `?mode=`). */
export const LAB_MODES = ["conv", "pool", "transpose"];

/**
 * The mode a URL asks for; an unknown `?mode=` falls back to convolution.
 * @param {URLSearchParams} params
 * @returns {string}
 */
export function labMode(params) {
  const mode = params.get("mode");
  return LAB_MODES.includes(mode) ? mode : LAB_MODES[0];
}

/**
 * Draw the tabs into `root` (before anything else), the current one marked.
 * @param {HTMLElement} root
 * @param {string} current one of LAB_MODES
 */
export function renderLabModes(root, current) {
  const nav = el("nav", { class: "lab-modes", "aria-label": t("lab.modes.label"),
    dataset: { i18nAttr: "aria-label:lab.modes.label" } });
  for (const mode of LAB_MODES) {
    const params = new URLSearchParams(location.search);
    for (const key of [...params.keys()]) if (key !== "lang") params.delete(key);
    if (mode !== LAB_MODES[0]) params.set("mode", mode);
    const query = params.toString();
    const link = el("a", { class: "lab-mode", href: `${location.pathname}${query ? `?${query}` : ""}`,
      i18n: `lab.modes.${mode}` });
    if (mode === current) link.setAttribute("aria-current", "page");
    nav.append(link);
  }
  root.prepend(nav);
}
