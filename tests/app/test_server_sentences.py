"""The server's error sentences the pages can meet are all recognised by the front end.

The pages show the server's sentences (``{"detail": "..."}`` of a 4xx, a 503 with Retry-After,
the ``error`` line of a stream) in the interface language: ``static/js/lib/serverText.js``
reads each against the English templates of the i18n tables (``server.*``) and words it again
in Korean. Here real bad requests go over HTTP to live servers (one with the default limits,
one whose streams run out of time at once; a worker whose training slot and memory a running
stream holds is asked in process), the sentences are collected, and node runs
the front end's own code on them (``api.js``'s ``errorSentence``, then ``wordFailure``): each
must be recognised as the template expected, read back word for word in English, and come out
in Korean with its numbers and no English left. A sentence reworded on the server, or a new
one, fails here until its template follows.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from app.errors import SERVER_ERROR
from tests.app.conftest import small_client
from tests.conftest import serve

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3]")

WORD = """
import { errorSentence } from "./static/js/api.js";
import { wordFailure } from "./static/js/lib/serverText.js";
const cases = JSON.parse(require_stdin());
function require_stdin() { return readFileSync(0, "utf8"); }
const text = (parts) => parts.map((p) => (typeof p === "string" ? p : `[${p.lang}:${p.text}]`)).join("");
const out = cases.map((c) => {
  const sentence = errorSentence(c.body, c.status);
  const failure = { status: c.status, sentence, retryAfter: c.retryAfter };
  const ko = wordFailure(failure, "ko");
  const en = wordFailure(failure, "en");
  return { name: c.name, sentence, key: ko.key, known: ko.known, ko: text(ko.parts), en: text(en.parts) };
});
process.stdout.write(JSON.stringify(out));
"""


def node_words(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each case's sentence as the pages read it, and its wording in both languages."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs node to run the front end's wording")
        pytest.skip("needs node")
    script = 'import { readFileSync } from "node:fs";\n' + WORD
    result = subprocess.run([node, "--input-type=module", "-e", script], cwd=ROOT, input=json.dumps(cases),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    out: list[dict[str, Any]] = json.loads(result.stdout)
    return out


def tensor(*shape: int) -> dict[str, Any]:
    return {"shape": list(shape), "data": [1.0] * int(np.prod(shape))}


def png(width: int = 32, height: int = 32) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def answer(name: str, expected: str, r: httpx.Response) -> dict[str, Any]:
    """A refused request as the pages get it (status, JSON body, Retry-After), and the
    template (``server.*`` key) its sentence should be read as."""
    assert r.status_code >= 400, (name, r.status_code, r.text[:200])
    return {"name": name, "expected": expected, "status": r.status_code, "body": r.json(),
            "retryAfter": r.headers.get("retry-after")}


def stream_error(name: str, expected: str, client: httpx.Client, url: str, **kw: Any) -> dict[str, Any]:
    """A stream's ``error`` line (the status is 200 by then), or its refusal if it never began."""
    with client.stream("POST", url, **kw) as r:
        if r.status_code != 200:
            r.read()
            return answer(name, expected, r)
        lines = [json.loads(line) for line in r.iter_lines() if line.strip()]
    errors = [line for line in lines if line.get("type") == "error"]
    assert errors, (name, lines[-1:])
    return {"name": name, "expected": expected, "status": 200, "body": errors[0], "retryAfter": None}


def default_limits(c: httpx.Client) -> list[dict[str, Any]]:
    """Refusals under the default limits, by page."""
    image = png()
    head = {"format": "cnnvis-head", "network": "efficientnet_lite0", "classes": ["a", "b"],
            "weight": tensor(2, 4), "bias": tensor(2)}
    out = [
        # The lab and the backprop sections: settings the layer cannot take.
        answer("kernel larger than the input", "server.kernelSpan",
               c.post("/conv", json={"input": tensor(3, 3), "weight": tensor(5, 5)})),
        answer("dilated kernel larger than the input", "server.kernelSpanDilated",
               c.post("/conv", json={"input": tensor(5, 5), "weight": tensor(3, 3), "dilation": 3})),
        answer("same padding with a stride", "server.sameStride",
               c.post("/conv", json={"input": tensor(5, 5), "weight": tensor(3, 3), "padding": "same", "stride": 2})),
        answer("a trace too long", "server.traceSteps",
               c.post("/conv", json={"input": tensor(80, 80), "weight": tensor(3, 3), "trace": True})),
        answer("a stride of 0", "server.issue.ge",
               c.post("/conv", json={"input": tensor(5, 5), "weight": tensor(3, 3), "stride": 0})),
        answer("backward, kernel larger than the input", "server.kernelSpan",
               c.post("/conv/backward", json={"grad_output": tensor(1, 1), "input": tensor(3, 3),
                                              "weight": tensor(5, 5)})),
        answer("pooling padding over half the kernel", "server.poolPadding",
               c.post("/pool", json={"input": tensor(1, 4, 4), "kind": "max", "kernel_size": 2, "padding": 2})),
        answer("pooling window larger than the input", "server.poolSpan",
               c.post("/pool", json={"input": tensor(1, 3, 3), "kind": "max", "kernel_size": 5})),
        answer("dilated pooling window larger than the input", "server.poolSpanDilated",
               c.post("/pool", json={"input": tensor(1, 5, 5), "kind": "max", "kernel_size": 3, "dilation": 3})),
        answer("average pooling with dilation", "server.avgDilation",
               c.post("/pool", json={"input": tensor(1, 5, 5), "kind": "avg", "kernel_size": 2, "dilation": 2})),
        answer("pooling backward, padding over half the kernel", "server.poolPadding",
               c.post("/pool/backward", json={"input": tensor(1, 4, 4), "grad_output": tensor(1, 4, 4),
                                              "kind": "avg", "kernel_size": 2, "padding": 2})),
        # The feature maps and backprop pages: images.
        answer("a file that is not an image", "server.notImage",
               c.post("/networks/lenet5/forward", files={"file": ("a.png", b"hello", "image/png")})),
        answer("an empty file", "server.emptyFile",
               c.post("/networks/lenet5/forward", files={"file": ("a.png", b"", "image/png")})),
        answer("a cut PNG", "server.damaged",
               c.post("/networks/lenet5/forward", files={"file": ("a.png", image[:len(image) // 2], "image/png")})),
        answer("a file over the upload limit", "server.uploadBytes",
               c.post("/networks/lenet5/forward",
                      files={"file": ("a.png", b"\x89PNG" + b"0" * (9 * 2**20), "image/png")})),
        answer("a body over the limit", "server.bodyBytes",
               c.post("/networks/lenet5/backward",
                      files={"file": ("a.png", b"0" * (17 * 2**20), "image/png")})),
        answer("a class the network lacks", "server.target",
               c.post("/networks/lenet5/backward", files={"file": ("a.png", image, "image/png")},
                      data={"target": "12"})),
        answer("an explanation of maps", "server.explainMaps",
               c.post("/networks/edges/explain?method=gradient", files={"file": ("a.png", image, "image/png")})),
        # Training.
        answer("too many steps", "server.trainSteps", c.post("/train", json={"network": "lenet5", "steps": 5000})),
        answer("a learning rate over 1", "server.issue.le",
               c.post("/train", json={"network": "lenet5", "steps": 5, "learning_rate": 3})),
        # The teach page.
        answer("a photo that is not an image", "server.imageNumbered",
               c.post("/networks/efficientnet_lite0/features",
                      files=[("file", ("a.png", image, "image/png")), ("file", ("b.png", b"text", "image/png"))])),
        answer("too many photos at once", "server.featureImages",
               c.post("/networks/efficientnet_lite0/features",
                      files=[("file", ("a.png", image, "image/png"))] * 17)),
        answer("two classes of one name", "server.headDuplicate",
               c.post("/heads/train", json={"network": "efficientnet_lite0", "classes": ["a", "a"],
                                            "labels": [0, 1], "features": tensor(2, 4)})),
        answer("too many epochs", "server.headEpochs",
               c.post("/heads/train", json={"network": "efficientnet_lite0", "classes": ["a", "b"],
                                            "labels": [0, 1], "features": tensor(2, 4), "epochs": 900})),
        answer("a head of another size", "server.headDimension",
               c.post("/heads/predict", files={"file": ("a.png", image, "image/png")},
                      data={"head": json.dumps(head)})),
    ]
    transposed = c.post("/conv_transpose", json={"input": tensor(1, 2, 2), "weight": tensor(1, 1, 3, 3),
                                                 "output_padding": 1})
    if transposed.status_code != 404:  # the transposed-convolution lab's endpoint, once it is served
        out.append(answer("output padding not below the stride", "server.outputPadding", transposed))
        out.append(answer("a transposed output of no cells", "server.transposeSize",
                          c.post("/conv_transpose", json={"input": tensor(1, 1, 1), "weight": tensor(1, 1, 1, 1),
                                                          "padding": 2})))
    return out


def tight_limits(c: httpx.Client) -> list[dict[str, Any]]:
    """Refusals of a server whose streams run out of time at once."""
    return [
        stream_error("a stream out of time", "server.streamTime", c, "/heads/train",
                     json={"network": "efficientnet_lite0", "classes": ["a", "b"], "labels": [0, 1, 0, 1],
                           "features": {"shape": [4, 8], "data": list(np.linspace(-1, 1, 32))}, "epochs": 500}),
    ]


def held(client: Any, name: str, expected: str, path: str, **kw: Any) -> dict[str, Any]:
    """A refusal while a training stream holds the worker's one slot and its memory."""
    body = {"network": "lenet5", "steps": 1000, "batch_size": 256}
    with client.stream("POST", "/api/v1/train", json=body) as first:
        assert json.loads(next(first.iter_lines()))["type"] == "start"
        r = client.post(path, **kw)
    return {"name": name, "expected": expected, "status": r.status_code, "body": r.json(),
            "retryAfter": r.headers.get("retry-after")}


def busy_worker() -> list[dict[str, Any]]:
    """A worker's training slot and memory budget taken (in process: a held stream is certain
    to hold them there)."""
    with small_client(train_concurrency=1, max_memory_bytes=2**20) as c:
        return [
            held(c, "a second training at once", "server.trainBusy", "/api/v1/train",
                 json={"network": "lenet5", "steps": 1}),
            held(c, "a pass while the memory is taken", "server.memory", "/api/v1/networks/lenet5/forward",
                 files={"file": ("a.png", png(), "image/png")}),
        ]


@pytest.fixture(scope="module")
def tight_server() -> Iterator[str]:
    with serve(CNNVIS_MAX_STREAM_SECONDS="0.000001") as base:
        yield base


@pytest.fixture(scope="module")
def worded(live_server: str, tight_server: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=live_server + "/api/v1", timeout=120) as default, \
            httpx.Client(base_url=tight_server + "/api/v1", timeout=120) as tight:
        cases = default_limits(default) + tight_limits(tight) + busy_worker()
    # The 500 no request should provoke: its sentence as the app defines it.
    cases.append({"name": "the server's own failure", "expected": "server.serverError", "status": 500,
                  "body": {"detail": SERVER_ERROR}, "retryAfter": None})
    words = node_words(cases)
    return [{**case, **word} for case, word in zip(cases, words, strict=True)]


def test_every_sentence_the_pages_meet_is_recognised_as_its_template(worded: list[dict[str, Any]]) -> None:
    wrong = [f"{w['name']}: {w['sentence']!r} read as {w['key']}, expected {w['expected']}"
             for w in worded if not w["known"] or w["key"] != w["expected"]]
    assert wrong == [], "\n".join(wrong)


def test_english_keeps_the_servers_sentence_and_korean_words_it_with_its_numbers(
        worded: list[dict[str, Any]]) -> None:
    for w in worded:
        retry = f" The server asks to wait {w['retryAfter']} s before trying again." if w["retryAfter"] else ""
        assert w["en"] == w["sentence"] + retry, w
        assert HANGUL.search(w["ko"]) and "[en:" not in w["ko"] and "{" not in w["ko"], w
        numbers = re.findall(r"\d[\d,.]*\d|\d", w["sentence"])
        assert all(n in w["ko"] for n in numbers), (w["ko"], numbers)
    retried = [w for w in worded if w["retryAfter"]]
    assert {w["key"] for w in retried} == {"server.memory", "server.trainBusy"}
    assert all(f"{w['retryAfter']}초" in w["ko"] for w in retried)
