"""The pages read only fields the API's schema names (issue 12, item 3).

``schema_reads.js`` is injected before each page's own scripts: every object a page parses from
an answer of ``/api/v1`` (a JSON body, an NDJSON line) becomes a Proxy that records each
property path the page reads. The tests drive every page through its real flows against the
live server, then resolve each recorded path against that answer's schema in ``/openapi.json``
(``openapi_paths.py``): a page reading a field the schema does not name (renamed in the schema,
or sent by the server but left out of it) fails here, with the endpoint and the path.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from .helpers import open_page
from .openapi_paths import LOOSE, NAMED, UNNAMED, Resolver, show

SCRIPT = Path(__file__).with_name("schema_reads.js")

ALLOWED: set[tuple[str, str]] = set()
"""(endpoint template, path) pairs a page reads though the schema does not name them, each
with the reason it cannot be fixed here."""


class _Recording:
    """The session's browser, whose new pages and contexts carry the recording script."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **kwargs: Any) -> Any:
        page = self._browser.new_page(**kwargs)
        page.add_init_script(path=str(SCRIPT))
        return page

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.add_init_script(path=str(SCRIPT))
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def resolver(live_server: str) -> Resolver:
    return Resolver(httpx.get(live_server + "/openapi.json", timeout=30).raise_for_status().json())


@pytest.fixture(scope="module")
def networks(live_server: str) -> dict[str, dict[str, Any]]:
    listed = httpx.get(live_server + "/api/v1/networks", timeout=30).raise_for_status().json()["networks"]
    return {n["name"]: n for n in listed}


def recorded(browser: Any, url: str, **kwargs: Any) -> tuple[Any, list[str]]:
    """``open_page`` with the recording script in the page before its own scripts run."""
    page, errors = open_page(_Recording(browser), url, **kwargs)
    page.set_default_timeout(20_000)
    page.wait_for_selector("body[data-ready='true']")
    return page, errors


def reads(page: Any) -> list[dict[str, Any]]:
    """What the page read so far, one entry per answer kind (method, path, status, json/ndjson)."""
    found: list[dict[str, Any]] = page.evaluate("() => window.__schemaReads()")
    return found


def judge(resolver: Resolver, answers: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Every recorded read, by verdict, as ``"METHOD /template status kind: path"``."""
    out: dict[str, list[str]] = {NAMED: [], LOOSE: [], UNNAMED: []}
    for a in answers:
        where = f"{a['method']} {a['url']} {a['status']} {a['kind']}"
        try:
            schema = resolver.response_schema(a["method"], a["url"], a["status"], a["kind"])
            where = f"{a['method']} {resolver.template(a['url'])} {a['status']} {a['kind']}"
        except KeyError as exc:
            out[UNNAMED].append(f"{where}: {exc}")
            continue
        for tokens in a["paths"]:
            verdict = resolver.verdict(schema, tokens)
            if verdict == UNNAMED and (where.split(" ")[1], show(tokens)) in ALLOWED:
                verdict = NAMED
            out[verdict].append(f"{where}: {show(tokens)}")
    return {k: sorted(set(v)) for k, v in out.items()}


def check(page: Any, resolver: Resolver, endpoints: set[str], at_least: int) -> list[dict[str, Any]]:
    """Every path the page read is named; it read at least ``at_least`` distinct paths, from
    each of ``endpoints`` ("POST /api/v1/conv 200 json") among others. Returns the reads."""
    answers = reads(page)
    verdicts = judge(resolver, answers)
    assert verdicts[UNNAMED] == [], "the page reads fields its answers' schemas do not name:\n" + \
        "\n".join(verdicts[UNNAMED])
    seen = {f"{a['method']} {resolver.template(a['url'])} {a['status']} {a['kind']}" for a in answers}
    assert endpoints <= seen, f"no reads recorded from {sorted(endpoints - seen)}; seen: {sorted(seen)}"
    total = len(verdicts[NAMED]) + len(verdicts[LOOSE])
    assert total >= at_least, f"only {total} paths recorded (expected at least {at_least}):\n" + \
        "\n".join(verdicts[NAMED] + verdicts[LOOSE])
    return answers


# --- the resolver on a small document, every rule once ------------------------------------------

DOC: dict[str, Any] = {
    "paths": {
        "/api/v1/things/{name}": {"get": {"responses": {
            "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
            "404": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}}}}},
        "/api/v1/things/all": {"get": {"responses": {
            "200": {"content": {"application/json": {"schema": {"type": "array"}}}}}}},
        "/api/v1/stream": {"post": {"responses": {"200": {"content": {"application/x-ndjson": {"schema": {
            "oneOf": [{"$ref": "#/$defs/Start"}, {"$ref": "#/$defs/Done"}],
            "discriminator": {"propertyName": "type"},
            "$defs": {
                "Start": {"type": "object", "properties": {"type": {"const": "start"}, "size": {"type": "integer"}}},
                "Done": {"type": "object", "properties": {"type": {"const": "done"},
                                                          "cells": {"type": "array", "items": {"$ref": "#/$defs/Cell"}}}},
                "Cell": {"type": "object", "properties": {"value": {"type": "number"}}},
            }}}}}}}},
    },
    "components": {"schemas": {
        "Message": {"type": "object", "properties": {"detail": {"type": "string"}}},
        "Base": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Thing": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {
            "trace": {"anyOf": [{"$ref": "#/components/schemas/Trace"}, {"type": "null"}]},
            "by_layer": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}},
            "extra": {"type": "object", "additionalProperties": True},
            "anything": {"description": "no constraint"},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"$ref": "#/components/schemas/Base"}]},
        }}]},
        "Trace": {"type": "object", "properties": {"channel_sums": {"type": "array", "items": {"type": "number"}}},
                  "additionalProperties": False},
    }},
}


@pytest.mark.parametrize("path, verdict", [
    ([".name"], NAMED),                                   # from allOf's first member, through $ref
    ([".trace", ".channel_sums", "[]"], NAMED),           # anyOf with null, items
    ([".trace", ".channel_sum"], UNNAMED),                # a renamed field
    ([".trace", ".channel_sums", ".x"], UNNAMED),         # a property of an array
    ([".by_layer", ".C1.weight", "[]"], NAMED),           # a dict's any key, its value's items
    ([".by_layer", ".C1", ".x"], UNNAMED),
    ([".extra", ".alpha"], NAMED),                        # additionalProperties: true, one level
    ([".extra", ".alpha", "[]"], LOOSE),                  # ... and below it: not named, not wrong
    ([".anything", ".deep"], LOOSE),
    ([".pair", "[]", ".name"], NAMED),                    # prefixItems
    ([".nope"], UNNAMED),
    ([], NAMED),
])
def test_resolver_names_paths_of_a_json_answer(path: list[str], verdict: str) -> None:
    r = Resolver(DOC)
    assert r.verdict(r.response_schema("GET", "/api/v1/things/cube", 200, "json"), path) == verdict


def test_resolver_narrows_a_stream_line_by_its_type_and_finds_the_status() -> None:
    r = Resolver(DOC)
    line = r.response_schema("POST", "/api/v1/stream", 200, "ndjson")
    assert r.verdict(line, ["<done>", ".cells", "[]", ".value"]) == NAMED     # #/$defs refs
    assert r.verdict(line, ["<start>", ".size"]) == NAMED
    assert r.verdict(line, ["<start>", ".cells"]) == UNNAMED                 # a done line's field
    assert r.verdict(line, ["<layer>", ".size"]) == UNNAMED                  # a kind it never sends
    assert r.verdict(line, [".size"]) == NAMED                               # untyped: any branch
    error = r.response_schema("GET", "/api/v1/things/cube", 404, "json")
    assert r.verdict(error, [".detail"]) == NAMED
    assert r.template("/api/v1/things/all") == "/api/v1/things/all"          # fixed beats {name}
    with pytest.raises(KeyError):
        r.response_schema("GET", "/api/v1/things/cube", 500, "json")
    with pytest.raises(KeyError):
        r.response_schema("GET", "/api/v1/things/cube", 200, "ndjson")
    with pytest.raises(KeyError):
        r.template("/api/v1/other")


# --- the recorder and the resolver together can fail ---------------------------------------------

MADE_UP = """async () => {
  const list = await (await fetch('/api/v1/networks')).json();
  const first = list.networks[0];
  void first.name, first.run_summary.layers[0].output_shape, first.made_up_field;
  const net = list.networks.find((n) => n.name === 'lenet5');
  const png = await (await fetch('/api/v1/samples/digit-3.png')).blob();
  const form = new FormData();
  form.append('file', png, 'digit-3.png');
  const response = await fetch('/api/v1/networks/lenet5/forward', {method: 'POST', body: form});
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) { const {done, value} = await reader.read(); if (done) break; text += decoder.decode(value); }
  for (const raw of text.split('\\n').filter(Boolean)) {
    const line = JSON.parse(raw);
    if (line.type === 'layer') void line.output.shape, line.output.dataa;
    if (line.type === 'start') void line.seconds;
  }
  return net.input_shape.length;
}"""


def test_a_made_up_field_on_a_recorded_answer_is_flagged(
        browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/docs")
    assert page.evaluate(MADE_UP) == 3
    verdicts = judge(resolver, reads(page))
    assert verdicts[UNNAMED] == [
        "GET /api/v1/networks 200 json: networks[].made_up_field",
        "POST /api/v1/networks/{name}/forward 200 ndjson: <layer>.output.dataa",
        "POST /api/v1/networks/{name}/forward 200 ndjson: <start>.seconds",   # a done line's field
    ]
    named = verdicts[NAMED]
    for path in ("GET /api/v1/networks 200 json: networks[].run_summary.layers[].output_shape",
                 "GET /api/v1/networks 200 json: networks[].input_shape",
                 "POST /api/v1/networks/{name}/forward 200 ndjson: <layer>.output.shape",
                 "POST /api/v1/networks/{name}/forward 200 ndjson: <layer>.type"):
        assert path in named, named
    assert errors == []
    page.close()


# --- every page through its flows ----------------------------------------------------------------

def test_convolution_lab_reads_only_named_fields(browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/")
    page.wait_for_selector("#page[data-lab-status='ready']")
    page.click(".lab-forward")
    page.wait_for_selector(".lab-grids[data-done='1']")
    page.select_option(".lab-speed select", "16")
    page.click(".lab-play")
    page.wait_for_selector(".lab-player[data-playing='false']")
    page.wait_for_selector(".lab-grids[data-done='25']")
    page.fill(".lab-controls input[name='stride']", "2")
    page.press(".lab-controls input[name='stride']", "Enter")
    page.wait_for_selector(".lab-canvas-out[data-cols='3']")
    page.wait_for_selector("#page[data-lab-status='ready']")
    # Refused by the server ("same" needs stride 1): the page reads the error answer too.
    page.select_option(".lab-controls select[name='padMode']", "same")
    page.wait_for_selector("#page[data-lab-status='error']")
    answers = check(page, resolver, {"POST /api/v1/conv 200 json", "POST /api/v1/shapes 200 json",
                                     "POST /api/v1/conv 422 json"}, at_least=35)
    # Renaming `channel_sums` in the schema while the page still reads it fails.
    doc = copy.deepcopy(resolver.doc)
    trace = next(c["properties"] for c in doc["components"]["schemas"].values()
                 if "channel_sums" in c.get("properties", {}))
    trace["channel_totals"] = trace.pop("channel_sums")
    assert judge(Resolver(doc), answers)[UNNAMED] == [
        "POST /api/v1/conv 200 json: trace.channel_sums",
        "POST /api/v1/conv 200 json: trace.channel_sums[]",
        "POST /api/v1/conv 200 json: trace.channel_sums[][]"]
    # Chromium logs the refused requests themselves; nothing else may go wrong.
    assert [e for e in errors if "status of 422" not in e] == []
    page.close()


def test_pooling_lab_reads_only_named_fields(browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/?mode=pool")
    ready = "#page[data-lab-status='ready'][data-why-status='ready']"
    page.wait_for_selector(ready)
    page.click(".poolLab-play")
    page.wait_for_selector(".poolLab-grids[data-done='9']")
    page.click("[data-example='divisors']")             # average pooling, its border divisors
    page.wait_for_selector(ready)
    if page.is_enabled(".poolLab-last"):
        page.click(".poolLab-last")
    page.wait_for_selector(".poolLab-grids[data-done='9']")
    check(page, resolver, {"POST /api/v1/pool 200 json", "POST /api/v1/shapes 200 json"}, at_least=40)
    assert errors == []
    page.close()


def test_transposed_convolution_lab_reads_only_named_fields(
        browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/?mode=transpose")
    page.wait_for_selector("#page[data-lab-status='ready']")
    page.click(".transposeLab-forward")
    page.wait_for_selector("#page[data-transpose-done='1']")
    page.click(".transposeLab-last")
    page.wait_for_selector("#page[data-transpose-done='9']")
    check(page, resolver, {"POST /api/v1/conv_transpose 200 json", "POST /api/v1/conv/backward 200 json"},
          at_least=25)
    assert errors == []
    page.close()


def maps_sample(page: Any, network: str, sample: str) -> None:
    page.click(f"label[data-network='{network}']")
    page.click("#maps-tab-samples")
    page.click(f"button[data-sample='{sample}']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)


def test_maps_page_on_lenet5_reads_only_named_fields(
        browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/maps")
    page.wait_for_selector("#page[data-loaded='true']")
    maps_sample(page, "lenet5", "digit-3")
    # Every explanation method once, side by side (each has its own `details`).
    page.click(".maps-explain-compare-button")
    expect(page.locator(".maps-explain-compare")).to_have_attribute("data-state", "done", timeout=60_000)
    expect(page.locator(".maps-explain-panel[data-state='done']")).to_have_count(8)
    page.locator(".maps-explain-panel[data-method='integrated'] .maps-explain-panel-name").click()
    expect(page.locator(".maps-explain-numbers")).to_have_attribute("data-method", "integrated")
    # What a C3 channel looks for: the visualize stream.
    page.locator(".maps-card[data-name='C3'] .maps-sheet").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.maps-zoom[open]")
    page.locator(".maps-visualize-button").click()
    expect(page.locator(".maps-visualize")).to_have_attribute("data-state", "done", timeout=60_000)
    page.keyboard.press("Escape")
    check(page, resolver, {"GET /api/v1/networks 200 json", "GET /api/v1/samples 200 json",
                           "POST /api/v1/networks/{name}/forward 200 ndjson",
                           "POST /api/v1/networks/{name}/explain 200 ndjson",
                           "POST /api/v1/networks/{name}/visualize 200 ndjson"}, at_least=150)
    assert errors == []
    page.close()


def test_maps_page_on_efficientnet_reads_only_named_fields(
        browser: Any, live_server: str, resolver: Resolver, networks: dict[str, dict[str, Any]]) -> None:
    net = networks.get("efficientnet_lite0")
    if net is None or net.get("unavailable"):
        pytest.skip(f"efficientnet_lite0 is unavailable here: {(net or {}).get('unavailable')}")
    page, errors = recorded(browser, live_server + "/maps")
    page.wait_for_selector("#page[data-loaded='true']")
    maps_sample(page, "efficientnet_lite0", "photo-cat")
    # A block's inner maps: one more pass with ?inner=b6.
    page.locator(".maps-group[data-group='stage4'] .maps-group-toggle").click()
    b6 = page.locator(".maps-card[data-name='b6']")
    b6.locator(".maps-inner-toggle").click()
    expect(b6.locator(".maps-inner")).to_have_attribute("data-state", "done", timeout=60_000)
    expect(b6.locator(".maps-inner-layer[data-drawn='true']").first).to_be_visible(timeout=30_000)
    page.click(".maps-explain-run")
    top = page.get_attribute(".maps-prediction", "data-top")
    expect(page.locator(".maps-explain")).to_have_attribute("data-shown", f"gradcam|{top}|head_relu6",
                                                            timeout=60_000)
    check(page, resolver, {"POST /api/v1/networks/{name}/forward 200 ndjson",
                           "POST /api/v1/networks/{name}/explain 200 ndjson"}, at_least=120)
    assert errors == []
    page.close()


def test_backprop_page_reads_only_named_fields(browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/backprop")
    # The network section runs lenet5 on a digit by itself; the two backward labs load examples.
    page.wait_for_selector("#network[data-state='done']", timeout=60_000)
    page.wait_for_selector("#conv-backward[data-ready='true']")
    page.click("#conv-backward [data-action='last']")
    page.wait_for_selector("#conv-backward[data-at='dx:25/25']")
    page.wait_for_selector("#pool-backward[data-ready='true']")
    page.click("#pool-backward [data-action='last']")
    page.click("#pool-backward button[data-kind='avg']")
    page.wait_for_selector("#pool-backward[data-kind='avg'][data-ready='true']")
    page.select_option("#training-network", "lenet5")
    page.fill("#training-steps", "20")
    page.fill("#training-every", "10")
    page.click("#training .training-start")
    page.wait_for_selector("#training[data-state='done']", timeout=60_000)
    check(page, resolver, {"POST /api/v1/conv/backward 200 json", "POST /api/v1/pool/backward 200 json",
                           "POST /api/v1/networks/{name}/backward 200 ndjson",
                           "POST /api/v1/train 200 ndjson"}, at_least=150)
    assert errors == []
    page.close()


def test_teach_page_reads_only_named_fields(browser: Any, live_server: str, resolver: Resolver,
                                            networks: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    net = networks.get("efficientnet_lite0")
    if net is None or net.get("unavailable"):
        pytest.skip(f"efficientnet_lite0 is unavailable here: {(net or {}).get('unavailable')}")
    files: dict[str, list[str]] = {}
    for kind, names in (("digits", ["digit-0", "digit-1", "digit-2", "digit-4"]),
                        ("shapes", ["shape-star", "shape-circle", "shape-heart", "shape-ring"])):
        for name in names:
            path = tmp_path / f"{name}.png"
            path.write_bytes(httpx.get(f"{live_server}/api/v1/samples/{name}.png", timeout=30).content)
            files.setdefault(kind, []).append(str(path))
    page, errors = recorded(browser, live_server + "/teach")
    for i, (kind, paths) in enumerate(files.items()):
        card = page.locator(".teach-class").nth(i)
        card.locator(".teach-name").fill(kind)
        card.locator("input[type=file]").set_input_files(paths)
        expect(card.locator(".teach-thumb img")).to_have_count(len(paths))
    page.fill("#teach-epochs", "20")
    page.locator("#teach-epochs").dispatch_event("change")
    page.click("#teach-train")
    expect(page.locator("#teach-status")).to_contain_text("Trained", timeout=90_000)
    page.locator("#teach-predict-file").set_input_files(files["digits"][0])
    expect(page.locator("#teach-predict-status")).to_contain_text("It says", timeout=30_000)
    check(page, resolver, {"POST /api/v1/networks/{name}/features 200 json",
                           "POST /api/v1/heads/train 200 ndjson",
                           "POST /api/v1/heads/predict 200 json"}, at_least=30)
    assert errors == []
    page.close()


def test_docs_page_reads_no_api_answer_outside_its_schema(
        browser: Any, live_server: str, resolver: Resolver) -> None:
    page, errors = recorded(browser, live_server + "/docs")
    page.wait_for_selector("#api-docs[data-operations]")
    # The page reads /openapi.json itself (not an answer of /api/v1); any API answer it reads
    # is checked like the others'.
    assert judge(resolver, reads(page))[UNNAMED] == []
    assert errors == []
    page.close()
