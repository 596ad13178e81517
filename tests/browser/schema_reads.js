// Injected before the page's own scripts (playwright's `add_init_script`) by
// `test_schema_reads.py`: every object the page parses from an answer of /api/v1 (a JSON body
// by `Response.json()`, an NDJSON line by `JSON.parse`) is handed to the page as a Proxy that
// records each property path the page reads. `window.__schemaReads()` returns them, grouped
// by answer: `{method, url, status, kind: "json"|"ndjson", paths}`, each path a JSON array of
// tokens: ".name" a property, "[]" any array item, "<kind>" the `type` of the object reached
// (so a union on `type` can be narrowed to the branch the object belongs to).
(() => {
  const API = "/api/v1/";
  const IGNORED = new Set([...Object.getOwnPropertyNames(Object.prototype), "then", "toJSON", "constructor"]);
  const IGNORED_ARRAY = new Set([...IGNORED, ...Object.getOwnPropertyNames(Array.prototype)]);
  const INDEX = /^(0|[1-9]\d*)$/;

  const groups = new Map();          // "METHOD url status kind" -> {method, url, status, kind, paths: Set}
  const methods = new WeakMap();     // Response -> the method of the fetch that made it
  const targets = new WeakMap();     // proxy -> the parsed object behind it
  const proxies = new WeakMap();     // parsed object -> its proxy
  const pendingLines = new Map();    // NDJSON line text -> [group, ...] (parsed in arrival order)

  function groupOf(response, kind) {
    const url = new URL(response.url);
    const method = methods.get(response) || "GET";
    const key = `${method} ${url.pathname} ${response.status} ${kind}`;
    if (!groups.has(key)) {
      groups.set(key, { method, url: url.pathname, status: response.status, kind, paths: new Set() });
    }
    return groups.get(key);
  }

  function isApi(response) {
    return response instanceof Response && response.url && new URL(response.url).pathname.startsWith(API);
  }

  /** The recording proxy of a parsed value (primitives come back as they are). */
  function wrap(value, tokens, paths) {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const isArray = Array.isArray(value);
    const ignored = isArray ? IGNORED_ARRAY : IGNORED;
    const here = !isArray && typeof value.type === "string" ? [...tokens, `<${value.type}>`] : tokens;
    const written = new Set();       // keys the page set itself: reading them back is no read
    const children = new Map();      // key -> child tokens (recorded on first use)
    const child = (key) => {
      let t = children.get(key);
      if (t === undefined) {
        t = [...here, isArray && INDEX.test(key) ? "[]" : `.${key}`];
        children.set(key, t);
        paths.add(JSON.stringify(t));
      }
      return t;
    };
    const counts = (key) => typeof key === "string" && !ignored.has(key) && !written.has(key);
    const proxy = new Proxy(value, {
      get(target, key) {
        const v = Reflect.get(target, key);
        return counts(key) ? wrap(v, child(key), paths) : v;
      },
      has(target, key) {
        if (counts(key)) child(key);
        return Reflect.has(target, key);
      },
      set(target, key, v) {
        written.add(key);
        return Reflect.set(target, key, v);
      },
      defineProperty(target, key, descriptor) {
        written.add(key);
        return Reflect.defineProperty(target, key, descriptor);
      },
      deleteProperty(target, key) {
        written.add(key);
        return Reflect.deleteProperty(target, key);
      },
    });
    proxies.set(value, proxy);
    targets.set(proxy, value);
    return proxy;
  }

  function isPlain(value) {
    const proto = Object.getPrototypeOf(value);
    return Array.isArray(value) || proto === Object.prototype || proto === null;
  }

  /** `value` with every recording proxy in it (at any depth of the page's own objects and
   * arrays) replaced by the plain object behind it, for the browser's structured clone. */
  function unwrap(value, seen = new Map()) {
    if (value === null || typeof value !== "object") return value;
    if (targets.has(value)) return targets.get(value);
    if (!isPlain(value)) return value;
    if (seen.has(value)) return seen.get(value);
    const copy = Array.isArray(value) ? new Array(value.length) : {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = unwrap(value[key], seen);
    return copy;
  }

  /** Every path present in an answer's subtree (a worker reads it out of sight). */
  function recordAll(proxy) {
    const walk = (p) => {
      if (p === null || typeof p !== "object") return;
      for (const key of Object.keys(targets.get(p) ?? {})) walk(p[key]);
    };
    walk(proxy);
  }

  const fetch0 = window.fetch;
  window.fetch = function fetch(input, init) {
    const method = String((init && init.method) || (input instanceof Request ? input.method : "GET")).toUpperCase();
    return fetch0.call(this, input, init).then((response) => {
      methods.set(response, method);
      return response;
    });
  };

  const json0 = Response.prototype.json;
  Response.prototype.json = async function json() {
    const value = await json0.call(this);
    return isApi(this) ? wrap(value, [], groupOf(this, "json").paths) : value;
  };

  const body0 = Object.getOwnPropertyDescriptor(Response.prototype, "body");
  const streams = new WeakMap();
  Object.defineProperty(Response.prototype, "body", {
    configurable: true,
    enumerable: body0.enumerable,
    get() {
      const stream = body0.get.call(this);
      if (!stream || !isApi(this) || !/ndjson/.test(this.headers.get("content-type") || "")) return stream;
      if (streams.has(this)) return streams.get(this);
      const group = groupOf(this, "ndjson");
      const decoder = new TextDecoder();
      let buffer = "";
      const note = (text) => {
        const line = text.trim();
        if (!line) return;
        if (!pendingLines.has(line)) pendingLines.set(line, []);
        pendingLines.get(line).push(group);
      };
      const tapped = stream.pipeThrough(new TransformStream({
        transform(chunk, controller) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let cut = buffer.indexOf("\n"); cut >= 0; cut = buffer.indexOf("\n")) {
            note(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 1);
          }
          controller.enqueue(chunk);
        },
        flush() {
          note(buffer + decoder.decode());
        },
      }));
      streams.set(this, tapped);
      return tapped;
    },
  });

  const parse0 = JSON.parse;
  JSON.parse = function parse(text, reviver) {
    const value = parse0.call(JSON, text, reviver);
    const waiting = typeof text === "string" ? pendingLines.get(text.trim()) : undefined;
    if (!waiting) return value;
    const group = waiting.shift();
    if (!waiting.length) pendingLines.delete(text.trim());
    return wrap(value, [], group.paths);
  };

  const stringify0 = JSON.stringify;
  JSON.stringify = function stringify(value, replacer, space) {
    return stringify0.call(JSON, unwrap(value), replacer, space);
  };

  const post0 = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function postMessage(message, transfer) {
    const walk = (v, depth) => {
      if (v === null || typeof v !== "object" || depth > 3) return;
      if (targets.has(v)) recordAll(v);
      else if (isPlain(v)) {
        for (const key of Object.keys(v)) walk(v[key], depth + 1);
      }
    };
    walk(message, 0);
    return post0.call(this, unwrap(message), transfer);
  };

  Object.defineProperty(window, "__schemaReads", {
    value: () => [...groups.values()].map((g) => ({ ...g, paths: [...g.paths].map((p) => parse0(p)) })),
  });
})();
