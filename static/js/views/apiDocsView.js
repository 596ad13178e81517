/**
 * The API reference: every operation of /openapi.json with its body fields and answers.
 * Built from our own OpenAPI document, so it works with no connection to anything else.
 * @module views/apiDocsView
 */
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
 * A paragraph whose `code` and ``code`` spans become <code> elements.
 * @param {string} className
 * @param {string} text
 * @returns {HTMLElement}
 */
function prose(className, text) {
  const p = el("p", className);
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
  for (const title of ["field", "type", "meaning"]) head.append(el("th", "", title));
  const body = table.createTBody();
  for (const f of fields(doc, schema)) {
    const row = body.insertRow();
    const name = el("td", "api-docs-field-name");
    name.append(el("code", "", f.name));
    if (f.required) name.append(el("span", "api-docs-required", " required"));
    row.append(name, el("td", "api-docs-type", f.type));
    row.append(el("td", "", f.description + (f.default ? ` (default ${f.default})` : "")));
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
               el("code", "api-docs-path", op.path), el("span", "api-docs-summary", op.summary));
  section.append(title);
  if (op.description) section.append(prose("api-docs-description", op.description));
  for (const body of op.bodies) {
    section.append(el("h4", "", `Body (${body.type})`));
    const schema = resolve(doc, body.schema);
    if (schema.properties) section.append(fieldTable(doc, body.schema));
    const example = schema.examples?.[0];
    if (example) {
      section.append(el("h4", "", "Example"));
      section.append(el("pre", "api-docs-example", JSON.stringify(example, null, 2)));
    }
  }
  section.append(el("h4", "", "Answers"));
  const list = el("ul", "api-docs-responses");
  for (const r of op.responses) {
    const item = el("li");
    item.append(el("code", "api-docs-status", r.status), document.createTextNode(` ${r.description}`));
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
      root.append(prose("api-docs-intro", doc.info?.description ?? ""));
      const toc = el("ul", "api-docs-toc");
      const ops = operations(doc);
      for (const op of ops) {
        const item = el("li");
        const link = el("a", "", `${op.method} ${op.path}`);
        link.href = `#${`${op.method}-${op.path}`.replace(/[^A-Za-z0-9-]/g, "-")}`;
        item.append(link, document.createTextNode(` ${op.summary}`));
        toc.append(item);
      }
      root.append(toc, ...ops.map((op) => operationSection(doc, op)));
      root.dataset.operations = String(ops.length);
    },
    draw() {},
  };
}
