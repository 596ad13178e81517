"""Whether a property path read from an API answer is one the OpenAPI document names.

A path is a list of tokens, as ``schema_reads.js`` records them: ``".name"`` a property,
``"[]"`` an item of an array, ``"<kind>"`` the ``type`` of the object reached (it narrows a
union on ``type`` to its branch). The resolver follows ``$ref`` (``#/components/...`` and a
stream schema's own ``#/$defs/...``), ``allOf``/``anyOf``/``oneOf``, ``items`` and
``prefixItems``, and ``additionalProperties`` (any key). A schema that constrains nothing
(``Any``) accepts every path below it: such reads are reported apart as loose, not as unnamed.
"""

from __future__ import annotations

import re
from typing import Any

NAMED, LOOSE, UNNAMED = "named", "loose", "unnamed"
"""The verdicts: the schema names every step; it names the steps down to an ``Any``; it does not."""

CONTENT = {"json": "application/json", "ndjson": "application/x-ndjson"}
_KEYWORDS = {"type", "properties", "additionalProperties", "items", "prefixItems", "$ref", "allOf",
             "anyOf", "oneOf", "const", "enum"}


def show(tokens: list[str]) -> str:
    """A path as a person reads it: ``trace.channel_sums``, ``<layer>.children[].output``."""
    return "".join(tokens).lstrip(".") or "(the answer itself)"


class Resolver:
    """The response schemas of one OpenAPI document, and the paths they name."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self._routes = [(re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$"), path)
                        for path in doc["paths"]]

    def template(self, url_path: str) -> str:
        """The document's path for a concrete one (``/api/v1/networks/lenet5/forward`` ->
        ``/api/v1/networks/{name}/forward``); a fixed path wins over a template."""
        found = [path for regex, path in self._routes if regex.match(url_path)]
        if not found:
            raise KeyError(f"{url_path} is not in the OpenAPI document")
        return min(found, key=lambda p: p.count("{"))

    def response_schema(self, method: str, url_path: str, status: int, kind: str) -> dict[str, Any]:
        """The schema of one answer: ``kind`` "json" (the body) or "ndjson" (one line)."""
        path = self.template(url_path)
        op = self.doc["paths"][path].get(method.lower())
        if op is None:
            raise KeyError(f"{method} {path} is not in the OpenAPI document")
        responses = op.get("responses", {})
        answer = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if answer is None:
            raise KeyError(f"{method} {path} documents no {status} answer")
        content = answer.get("content", {}).get(CONTENT[kind])
        if content is None or "schema" not in content:
            raise KeyError(f"{method} {path} documents no {CONTENT[kind]} schema for {status}")
        schema: dict[str, Any] = content["schema"]
        return schema

    def verdict(self, schema: dict[str, Any], tokens: list[str]) -> str:
        """:data:`NAMED`, :data:`LOOSE` or :data:`UNNAMED` for ``tokens`` read under ``schema``
        (the schema is its own root for ``#/$defs/...``)."""
        return self._walk(schema, schema, tokens)

    def _deref(self, schema: Any, root: dict[str, Any]) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema:
            ref: str = schema["$ref"]
            parts = ref.removeprefix("#/").split("/")
            base: Any = root if parts[0] == "$defs" and "$defs" in root else self.doc
            for part in parts:
                base = base[part.replace("~1", "/").replace("~0", "~")]
            schema, seen = base, seen + 1
            if seen > 50:
                raise ValueError(f"$ref cycle at {ref}")
        return schema

    def _walk(self, schema: Any, root: dict[str, Any], tokens: list[str]) -> str:
        schema = self._deref(schema, root)
        if schema is True or (isinstance(schema, dict) and not _KEYWORDS & schema.keys()):
            return NAMED if not tokens else LOOSE
        if not tokens:
            return NAMED
        if not isinstance(schema, dict):
            return UNNAMED
        branches = [*schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])]
        if branches:
            found = {self._walk(b, root, tokens) for b in branches}
            return NAMED if NAMED in found else LOOSE if LOOSE in found else UNNAMED
        token, rest = tokens[0], tokens[1:]
        if token.startswith("<"):
            return self._walk(schema, root, rest) if self._kind_fits(schema, root, token[1:-1]) else UNNAMED
        if token == "[]":
            items = [*schema.get("prefixItems", [])]
            if "items" in schema:
                items.append(schema["items"])
            found = {self._walk(i, root, rest) for i in items}
            return NAMED if NAMED in found else LOOSE if LOOSE in found else UNNAMED
        name = token[1:]
        properties = schema.get("properties", {})
        if name in properties:
            return self._walk(properties[name], root, rest)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) or extra is True:
            return self._walk(extra, root, rest)
        if schema.get("type") == "object" and not properties and extra is None:
            return LOOSE                              # a bare object: any key, any value
        return UNNAMED

    def _kind_fits(self, schema: dict[str, Any], root: dict[str, Any], kind: str) -> bool:
        """Whether an object whose ``type`` is ``kind`` can be of this (object) schema."""
        prop = self._deref(schema.get("properties", {}).get("type"), root)
        if not isinstance(prop, dict):
            return True
        if "const" in prop:
            return bool(prop["const"] == kind)
        if "enum" in prop:
            return kind in prop["enum"]
        return True
