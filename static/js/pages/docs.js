/**
 * The /docs page: fetch our OpenAPI document and show it.
 * @module pages/docs
 */
import { createApiDocsView } from "../views/apiDocsView.js";
import { t } from "../lib/i18n.js";

/**
 * Mount the API reference.
 * @param {HTMLElement} _root the page's main element (unused: the view has its own root)
 */
export function mount(_root) {
  const root = document.getElementById("api-docs");
  const view = createApiDocsView(root);
  fetch("/openapi.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((doc) => view.update(doc))
    .catch((err) => {
      root.textContent = t("docs.failed", { reason: err.message });
    });
}
