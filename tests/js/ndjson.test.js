// node --test tests/js: NDJSON lines split across chunks arrive whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ndjsonLines } from "../../static/js/lib/ndjson.js";

async function* chunks(...parts) {
  const enc = new TextEncoder();
  for (const p of parts) yield enc.encode(p);
}

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

test("lines split anywhere, even inside a multibyte character, are joined", async () => {
  const text = '{"type":"start","name":"합성곱"}\n{"type":"done"}\n';
  const bytes = new TextEncoder().encode(text);
  const cut = bytes.indexOf(0xea) + 1; // inside the first Korean syllable
  async function* split() { yield bytes.slice(0, cut); yield bytes.slice(cut); }
  assert.deepEqual(await collect(ndjsonLines(split())),
                   [{ type: "start", name: "합성곱" }, { type: "done" }]);
});

test("blank lines are skipped and a last line without newline is read", async () => {
  assert.deepEqual(await collect(ndjsonLines(chunks('{"a":1}\n\n', '{"b"', ":2}"))), [{ a: 1 }, { b: 2 }]);
});

test("a ReadableStream is read too", async () => {
  const stream = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('{"x":1}\n{"x":2}\n')); c.close(); },
  });
  assert.deepEqual(await collect(ndjsonLines(stream)), [{ x: 1 }, { x: 2 }]);
});

test("a broken line is an error, not silence", async () => {
  await assert.rejects(collect(ndjsonLines(chunks("{not json}\n"))), SyntaxError);
});
