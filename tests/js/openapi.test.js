// node --test tests/js: the DOM-free OpenAPI helpers of the docs page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeType, fields, operations, resolve } from "../../static/js/lib/openapi.js";

const doc = {
  paths: {
    "/api/v1/pool": {
      post: {
        tags: ["pooling"], summary: "Max or average pooling",
        requestBody: { content: { "application/json": {
          schema: { $ref: "#/components/schemas/PoolRequest" } } } },
        responses: { 200: { description: "OK" }, 422: { description: "Values that do not fit" } },
      },
    },
  },
  components: { schemas: { PoolRequest: {
    type: "object", required: ["kind"],
    properties: {
      kind: { enum: ["max", "avg"], description: "Which pooling" },
      kernel_size: { anyOf: [{ type: "integer", minimum: 1 },
                             { type: "array", items: { type: "integer" } }] },
      ceil_mode: { type: "boolean", default: false },
    },
  } } },
};

test("resolve follows a reference", () => {
  assert.equal(resolve(doc, { $ref: "#/components/schemas/PoolRequest" }).type, "object");
});

test("describeType reads enums, unions, bounds and lists", () => {
  const props = doc.components.schemas.PoolRequest.properties;
  assert.equal(describeType(doc, props.kind), '"max" | "avg"');
  assert.equal(describeType(doc, props.kernel_size), "integer ≥ 1 | list of integer");
  assert.equal(describeType(doc, { type: "string", format: "binary" }), "file");
});

test("fields lists names, required and defaults", () => {
  const got = fields(doc, { $ref: "#/components/schemas/PoolRequest" });
  assert.deepEqual(got.map((f) => [f.name, f.required]),
                   [["kind", true], ["kernel_size", false], ["ceil_mode", false]]);
  assert.equal(got[2].default, "false");
  assert.equal(got[0].description, "Which pooling");
});

test("operations lists method, path, bodies and responses", () => {
  const [op] = operations(doc);
  assert.equal(op.method, "POST");
  assert.equal(op.path, "/api/v1/pool");
  assert.deepEqual(op.responses.map((r) => r.status), ["200", "422"]);
  assert.equal(op.bodies[0].type, "application/json");
});
