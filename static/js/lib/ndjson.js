/**
 * NDJSON streams: split arriving text into lines and parse each as JSON.
 * DOM-free: works on any async iterable of byte chunks (a fetch body reader).
 * @module lib/ndjson
 */

/**
 * Parse the JSON lines of a stream of byte chunks as they arrive.
 * @param {AsyncIterable<Uint8Array>|ReadableStream<Uint8Array>} chunks
 * @returns {AsyncGenerator<object>} one parsed object per non-empty line
 */
export async function* ndjsonLines(chunks) {
  const decoder = new TextDecoder();
  let buffer = "";
  const iterable = typeof chunks.getReader === "function" ? readerChunks(chunks) : chunks;
  for await (const chunk of iterable) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut = buffer.indexOf("\n");
    while (cut >= 0) {
      const line = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 1);
      if (line) yield JSON.parse(line);
      cut = buffer.indexOf("\n");
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield JSON.parse(buffer);
}

async function* readerChunks(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
