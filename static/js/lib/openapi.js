/**
 * DOM-free reading of an OpenAPI 3 document: operations in order, `$ref`s resolved,
 * schemas described in a line a learner can read.
 * @module lib/openapi
 */

const METHODS = ["get", "post", "put", "patch", "delete"];

/**
 * Follow a local `$ref` such as `#/components/schemas/ConvRequest`.
 * @param {object} doc the OpenAPI document
 * @param {object} schema a schema that may be a reference
 * @returns {object} the schema it points to (or `schema` itself)
 */
export function resolve(doc, schema) {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 32; hops += 1) {
    const path = current.$ref.replace(/^#\//, "").split("/");
    current = path.reduce((node, key) => (node ? node[key] : undefined), doc) ?? {};
  }
  return current;
}

/**
 * A schema's type in one short phrase: `integer ≥ 1`, `list of number`, `ConvRequest`,
 * `"max" | "avg"`, `integer | list of integer`.
 * @param {object} doc the OpenAPI document
 * @param {object} schema
 * @returns {string}
 */
export function describeType(doc, schema) {
  if (!schema) return "any";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.map((s) => describeType(doc, s)).join(" | ");
  if (schema.type === "array") return `list of ${describeType(doc, schema.items)}`;
  const bounds = [];
  if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) bounds.push(`≤ ${schema.maximum}`);
  return [schema.format === "binary" ? "file" : schema.type ?? "object", ...bounds].join(" ");
}

/**
 * The fields of an object schema: name, type phrase, required, description, default.
 * @param {object} doc the OpenAPI document
 * @param {object} schema an object schema (or a reference to one)
 * @returns {{name: string, type: string, required: boolean, description: string,
 *   default: (string|undefined)}[]}
 */
export function fields(doc, schema) {
  const object = resolve(doc, schema);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, prop]) => ({
    name,
    type: describeType(doc, prop),
    required: required.has(name),
    description: (prop.description ?? resolve(doc, prop).description ?? "").trim(),
    default: prop.default === undefined ? undefined : JSON.stringify(prop.default),
  }));
}

/**
 * Every operation of the document in path order.
 * @param {object} doc the OpenAPI document
 * @returns {{method: string, path: string, tag: string, summary: string, description: string,
 *   bodies: {type: string, schema: object}[], responses: {status: string,
 *   description: string}[]}[]}
 */
export function operations(doc) {
  const found = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      found.push({
        method: method.toUpperCase(),
        path,
        tag: (op.tags ?? ["other"])[0],
        summary: op.summary ?? "",
        description: (op.description ?? "").trim(),
        bodies: Object.entries(content).map(([type, body]) => ({ type, schema: body.schema })),
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? "",
        })),
      });
    }
  }
  return found;
}
