/**
 * The /docs page: fetch our OpenAPI document and show it (again when the language changes).
 * @module pages/docs
 */
import { createApiDocsView } from "../views/apiDocsView.js";
import { onLangChange } from "../lib/i18n.js";
import { english } from "../lib/serverText.js";
import { showError } from "../views/errorMessage.js";

/**
 * Mount the API reference.
 * @param {HTMLElement} _root the page's main element (unused: the view has its own root)
 */
export function mount(_root) {
  const root = document.getElementById("api-docs");
  const view = createApiDocsView(root);
  let doc = null;
  let failure = null;
  const show = () => {
    if (doc) view.update(doc);
    else if (failure) showError(root, english(failure), "docs.failed", {}, "reason");  // the browser's words
  };
  onLangChange(show);
  fetch("/openapi.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((answer) => { doc = answer; show(); })
    .catch((err) => { failure = err.message; show(); });
}
