"""Streams are admitted by memory, give it back however they end, and stop between layers when
the client leaves."""

from __future__ import annotations

import json
import time

import httpx
import numpy as np
import pytest

from app.admission import Budget, estimate
from engine import network
from engine.network import cancel, passes
from tests.app.conftest import small_client
from tests.app.test_networks import photo
from tests.conftest import serve


def test_a_budget_admits_what_fits_and_one_request_on_an_idle_worker() -> None:
    b = Budget(100)
    assert b.take(60) and not b.take(50) and b.take(40)
    b.give(60)
    b.give(40)
    assert b.used == 0 and b.take(500)  # alone, even a request over the budget runs


def test_estimates_grow_with_what_a_pass_keeps() -> None:
    vgg = network.get("vgg16")
    assert estimate(vgg, "backward") > 2 * estimate(vgg, "forward")
    assert estimate(vgg, "explain", 8) > 4 * estimate(vgg, "backward")
    # A backward keeps every layer's input: at least the sum of the output volumes.
    volumes = sum(r.volume for r in vgg.run_summary.layers)
    assert estimate(vgg, "backward") >= 4 * 2 * volumes


def wait_until(condition, seconds: float = 60) -> bool:  # noqa: ANN001
    """Poll ``condition()`` until true (a bound on the wait, not a timing claim)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def health(base: str) -> dict:
    return httpx.get(base + "/api/v1/health", timeout=10).json()


def test_a_full_budget_answers_503_with_retry_after_until_the_stream_ends() -> None:
    """A long training holds its bytes; a backward that does not fit waits for it to end."""
    train = estimate(network.get("tinyvgg"), "train", 32)
    files = {"file": ("a.png", photo(), "image/png")}
    with serve(CNNVIS_MAX_MEMORY_BYTES=str(train + 1)) as base, httpx.Client(timeout=60) as c:
        body = {"network": "tinyvgg", "steps": 1000, "batch_size": 32, "every": 1000}
        with c.stream("POST", base + "/api/v1/train", json=body) as r:
            lines = r.iter_lines()  # kept: a dropped line iterator closes the stream
            assert json.loads(next(lines))["type"] == "start"
            refused = c.post(base + "/api/v1/networks/tinyvgg/backward", files=files)
            assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
            assert "CNNVIS_MAX_MEMORY_BYTES" in refused.json()["detail"]
            assert refused.headers["x-content-type-options"] == "nosniff"
            assert health(base)["memory_used"] == train
        # the training's client left: its pass stops, its memory comes back, the next one runs
        assert wait_until(lambda: health(base)["memory_used"] == 0)
        assert c.post(base + "/api/v1/networks/tinyvgg/backward", files=files).status_code == 200


def test_a_refused_input_gives_its_memory_back() -> None:
    with small_client() as c:
        r = c.post("/api/v1/networks/tinyvgg/forward", files={"file": ("a.png", b"not a png", "image/png")})
        assert r.status_code == 422
        assert c.app.state.memory_budget.used == 0  # type: ignore[attr-defined]


def test_a_watched_pass_stops_between_layers() -> None:
    model = network.load("tinyvgg")
    x = np.zeros((1, 3, 64, 64), np.float32)
    before = cancel.stopped_count()
    with cancel.watching(lambda: True), pytest.raises(cancel.Cancelled):
        passes.forward(model, x)
    assert cancel.stopped_count() == before + 1
    passes.forward(model, x)  # outside the watch nothing stops


def test_a_client_that_leaves_stops_a_long_training_step() -> None:
    """Batch-256 steps of TinyVGG take seconds each; leaving stops the one running."""
    with serve() as base, httpx.Client(timeout=60) as c:
        before = health(base)["passes_stopped"]
        body = {"network": "tinyvgg", "steps": 50, "batch_size": 256, "every": 1000}
        with c.stream("POST", base + "/api/v1/train", json=body) as r:
            lines = r.iter_lines()
            assert json.loads(next(lines))["type"] == "start"
            time.sleep(0.3)  # leave while the first (seconds-long) step is computing
        assert wait_until(lambda: health(base)["passes_stopped"] > before)
        assert wait_until(lambda: health(base)["memory_used"] == 0)
