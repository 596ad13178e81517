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

test("networkForward asks for a block's inner maps only when told", async () => {
  const { networkForward } = await import("../../static/js/api.js");
  const asked = [];
  const real = globalThis.fetch;
  globalThis.fetch = async (url) => {
    asked.push(url);
    return new Response('{"type":"done","seconds":0.1,"prediction":null}\n', { status: 200 });
  };
  try {
    const file = new Blob([new Uint8Array(4)], { type: "image/png" });
    const lines = [];
    const done = await networkForward("efficientnet_lite0", { file }, (line) => lines.push(line.type));
    await networkForward("efficientnet_lite0", { file }, () => {}, undefined, { inner: ["b3", "b4"] });
    await networkForward("efficientnet_lite0", { file }, () => {}, undefined, { inner: "all" });
    assert.equal(done.type, "done");
    assert.deepEqual(lines, ["done"]);
    assert.deepEqual(asked, ["/api/v1/networks/efficientnet_lite0/forward",
                             "/api/v1/networks/efficientnet_lite0/forward?inner=b3%2Cb4",
                             "/api/v1/networks/efficientnet_lite0/forward?inner=all"]);
  } finally {
    globalThis.fetch = real;
  }
});

test("an explanation's query carries the method and only the settings given", async () => {
  const { explainQuery } = await import("../../static/js/api.js");
  assert.equal(explainQuery({ method: "gradcam", layer: "S4" }), "method=gradcam&layer=S4");
  assert.equal(explainQuery({ method: "integrated", layer: null, steps: 64, baseline: "blur" }),
               "method=integrated&steps=64&baseline=blur");
});

test("networkExplain posts the image and the class; networkVisualize posts no body", async () => {
  const { networkExplain, networkVisualize } = await import("../../static/js/api.js");
  const asked = [];
  const real = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    asked.push({ url, body: init.body });
    return new Response('{"type":"progress","done":1,"total":2,"seconds":0}\n{"type":"done","seconds":0.1}\n', { status: 200 });
  };
  try {
    const file = new Blob([new Uint8Array(4)], { type: "image/png" });
    const lines = [];
    const done = await networkExplain("lenet5", { file }, 7, { method: "occlusion" }, (line) => lines.push(line.type));
    await networkVisualize("lenet5", { layer: "C3", channel: 2, steps: 16 }, () => {});
    assert.equal(done.type, "done");
    assert.deepEqual(lines, ["progress", "done"]);
    assert.equal(asked[0].url, "/api/v1/networks/lenet5/explain?method=occlusion");
    assert.equal(asked[0].body.get("target"), "7");
    assert.ok(asked[0].body.get("file") instanceof Blob);
    assert.equal(asked[1].url, "/api/v1/networks/lenet5/visualize?layer=C3&channel=2&steps=16");
    assert.equal(asked[1].body, undefined);
  } finally {
    globalThis.fetch = real;
  }
});
