// node --test tests/js: the error sentence the pages show for a failed request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorSentence } from "../../static/js/api.js";

test("a detail string is shown as the server wrote it", () => {
  assert.equal(errorSentence({ detail: "kernel 7x7 spans 7x7, larger than the padded input 5x5" }, 422),
               "kernel 7x7 spans 7x7, larger than the padded input 5x5");
});

test("a validation list shows its first issue with where it is", () => {
  const body = { detail: [{ loc: ["body", "stride"], msg: "Input should be greater than or equal to 1" }] };
  assert.equal(errorSentence(body, 422), "stride: Input should be greater than or equal to 1");
});

test("a body without detail falls back to the status", () => {
  assert.equal(errorSentence(null, 502), "HTTP 502");
});
