/**
 * The API reference: every operation of /openapi.json with its body fields and answers.
 * Built from our own OpenAPI document, so it works with no connection to anything else.
 * The page's own words (headings, "required", defaults) and each operation's summary follow
 * the interface language; the document's descriptions are the API's English, marked
 * `lang="en"` on a page in another language (with a note saying so).
 * @module views/apiDocsView
 */
import { TABLES, getLang, t } from "../lib/i18n.js";
import { fields, operations, resolve } from "../lib/openapi.js";

/**
 * Make an element with a class and text.
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Mark `node` as the API's English when the page speaks another language.
 * @template {HTMLElement} N
 * @param {N} node
 * @returns {N}
 */
function english(node) {
  if (getLang() !== "en") node.lang = "en";
  return node;
}

/**
 * The text of `key` around `node`, which stands for its placeholder `{name}`.
 * @param {string} key
 * @param {string} name
 * @param {Node} node
 * @returns {(string|Node)[]}
 */
function around(key, name, node) {
  const [before, after = ""] = t(key).split(`{${name}}`);
  return [before, node, after].filter((part) => part !== "");
}

/**
 * An operation's summary: the API's own on an English page; in another language its words
 * for it (`docs.summary.<METHOD> <path>`), or the API's English, marked, for an operation the
 * table does not know yet.
 * @param {{method: string, path: string, summary: string}} op
 * @returns {HTMLElement}
 */
function summary(op) {
  const lang = getLang();
  const own = lang === "en" ? op.summary : TABLES[lang][`docs.summary.${op.method} ${op.path}`];
  const node = el("span", "api-docs-summary", own ?? op.summary);
  return own === undefined ? english(node) : node;
}

/**
 * A paragraph whose `code` and ``code`` spans become <code> elements.
 * @param {string} className
 * @param {string} text
 * @returns {HTMLElement}
 */
function prose(className, text) {
  const p = english(el("p", className));
  text.split(/``?([^`]+)``?/).forEach((part, i) => {
    p.append(i % 2 ? el("code", "", part) : document.createTextNode(part));
  });
  return p;
}

/**
 * A table of a body's fields.
 * @param {object} doc the OpenAPI document
 * @param {object} schema
 * @returns {HTMLElement}
 */
function fieldTable(doc, schema) {
  const table = el("table", "api-docs-fields");
  const head = table.createTHead().insertRow();
  for (const key of ["docs.field", "docs.type", "docs.meaning"]) {
    const th = el("th", "", t(key));
    th.scope = "col";
    head.append(th);
  }
  const body = table.createTBody();
  for (const f of fields(doc, schema)) {
    const row = body.insertRow();
    const name = el("td", "api-docs-field-name");
    name.append(el("code", "", f.name));
    if (f.required) name.append(" ", el("span", "api-docs-required", t("docs.required")));
    row.append(name, english(el("td", "api-docs-type", f.type)));
    const meaning = el("td");
    if (f.description) meaning.append(english(el("span", "", f.description)));
    if (f.default) meaning.append(f.description ? " " : "", ...around("docs.default", "value", el("code", "", f.default)));
    row.append(meaning);
  }
  return table;
}

/**
 * One operation as a section.
 * @param {object} doc the OpenAPI document
 * @param {ReturnType<typeof operations>[number]} op
 * @returns {HTMLElement}
 */
function operationSection(doc, op) {
  const section = el("section", "api-docs-op");
  section.id = `${op.method}-${op.path}`.replace(/[^A-Za-z0-9-]/g, "-");
  const title = el("h3", "api-docs-op-title");
  title.append(el("span", `api-docs-method api-docs-method-${op.method.toLowerCase()}`, op.method),
               el("code", "api-docs-path", op.path), summary(op));
  section.append(title);
  if (op.description) section.append(prose("api-docs-description", op.description));
  for (const body of op.bodies) {
    const heading = el("h4");
    heading.append(...around("docs.body", "type", el("code", "", body.type)));
    section.append(heading);
    const schema = resolve(doc, body.schema);
    if (schema.properties) section.append(fieldTable(doc, body.schema));
    const example = schema.examples?.[0];
    if (example) {
      section.append(el("h4", "", t("docs.example")));
      section.append(el("pre", "api-docs-example", JSON.stringify(example, null, 2)));
    }
  }
  section.append(el("h4", "", t("docs.answers")));
  const list = el("ul", "api-docs-responses");
  for (const r of op.responses) {
    const item = el("li");
    item.append(el("code", "api-docs-status", r.status), " ", english(el("span", "", r.description)));
    list.append(item);
  }
  section.append(list);
  return section;
}

/**
 * Create the API reference view inside `root`.
 * @param {HTMLElement} root
 * @returns {{update: function(object): void, draw: function(number): void}}
 */
export function createApiDocsView(root) {
  return {
    update(doc) {
      root.replaceChildren();
      if (!doc) return;
      if (getLang() !== "en") root.append(el("p", "message message-info api-docs-english", t("docs.english")));
      root.append(prose("api-docs-intro", doc.info?.description ?? ""));
      const toc = el("ul", "api-docs-toc");
      const ops = operations(doc);
      for (const op of ops) {
        const item = el("li");
        const link = el("a");
        link.append(el("code", "", `${op.method} ${op.path}`));
        link.href = `#${`${op.method}-${op.path}`.replace(/[^A-Za-z0-9-]/g, "-")}`;
        item.append(link, " ", summary(op));
        toc.append(item);
      }
      root.append(toc, ...ops.map((op) => operationSection(doc, op)));
      root.dataset.operations = String(ops.length);
    },
    draw() {},
  };
}
