/**
 * The /docs page: fetch our OpenAPI document and show it.
 * @module docs
 */
import { createApiDocsView } from "./views/apiDocsView.js";

const root = document.getElementById("api-docs");
const view = createApiDocsView(root);
fetch("/openapi.json")
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then((doc) => view.update(doc))
  .catch((err) => {
    root.textContent = `The API description could not be loaded (${err.message}).`;
  });
