"""The teach endpoints are admitted against the worker's memory budget like the network passes:
priced before work, refused with 503 and Retry-After when the budget is full, and every byte
given back however the work ends."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.admission import estimate
from engine import network
from engine.network.presets import efficientnet_lite0 as eff

from .conftest import as_base64, small_client
from .test_teach_api import png

NAME = "efficientnet_lite0"
needs_weights = pytest.mark.skipif(eff.unavailable() is not None,
                                   reason=f"EfficientNet-Lite0 unavailable: {eff.unavailable()}")


def image(seed: int) -> bytes:
    return png(np.random.default_rng(seed).integers(0, 256, (64, 64, 3), dtype=np.uint8))


def head_body(n: int = 40, d: int = 16, epochs: int = 5) -> dict:
    rng = np.random.default_rng(0)
    labels = [i % 2 for i in range(n)]
    x = rng.normal(size=(n, d)) + np.array(labels)[:, None] * 3.0
    return {"features": as_base64(x.astype(np.float32)), "labels": labels, "classes": ["a", "b"],
            "epochs": epochs}


@needs_weights
def test_features_and_predictions_are_refused_when_the_budget_is_full_and_give_it_back() -> None:
    with small_client() as c:
        budget = c.app.state.memory_budget  # type: ignore[attr-defined]
        files = [("file", (f"{i}.png", image(i), "image/png")) for i in range(3)]
        r = c.post(f"/api/v1/networks/{NAME}/features", files=files)
        assert r.status_code == 200, r.text
        assert budget.used == 0
        # Another stream holds the whole budget: the features wait for it.
        budget.used = budget.capacity
        r = c.post(f"/api/v1/networks/{NAME}/features", files=files)
        assert r.status_code == 503 and r.headers["retry-after"] == "1"  # a forward pass frees soon
        assert "forward pass of efficientnet_lite0" in r.json()["detail"]
        assert "CNNVIS_MAX_MEMORY_BYTES" in r.json()["detail"]
        head = {"network": NAME, "classes": ["a", "b"], "weight": {"shape": [2, 1280], "data": [0.0] * 2560},
                "bias": {"shape": [2], "data": [0.0, 0.0]}}
        r = c.post("/api/v1/heads/predict", files=[files[0]], data={"head": json.dumps(head)})
        assert r.status_code == 503
        budget.used = 0
        r = c.post("/api/v1/heads/predict", files=[files[0]], data={"head": json.dumps(head)})
        assert r.status_code == 200, r.text
        assert budget.used == 0


@needs_weights
def test_features_are_priced_by_the_images_run_at_once() -> None:
    preset = network.get(NAME)
    one, four = estimate(preset, "forward", 1), estimate(preset, "forward", 4)
    assert four == 4 * one
    # A budget that fits one image's pass but not four: a single image runs, several wait.
    with small_client(max_memory_bytes=2 * one) as c:
        budget = c.app.state.memory_budget  # type: ignore[attr-defined]
        budget.used = one // 2  # something else runs
        files = [("file", (f"{i}.png", image(i), "image/png")) for i in range(4)]
        assert c.post(f"/api/v1/networks/{NAME}/features", files=files).status_code == 503
        assert c.post(f"/api/v1/networks/{NAME}/features", files=files[:1]).status_code == 200
        assert budget.used == one // 2


def test_head_training_holds_its_bytes_while_it_streams_and_gives_them_back() -> None:
    with small_client() as c:
        budget = c.app.state.memory_budget  # type: ignore[attr-defined]
        with c.stream("POST", "/api/v1/heads/train", json=head_body()) as r:
            assert r.status_code == 200
            lines = r.iter_lines()  # kept: a dropped line iterator closes the stream
            assert json.loads(next(lines))["type"] == "start"
            assert budget.used >= 8 * 3 * 40 * 16
            rest = [json.loads(line) for line in lines if line]
        assert rest[-1]["type"] == "done"
        assert budget.used == 0
        budget.used = budget.capacity
        r = c.post("/api/v1/heads/train", json=head_body())
        assert r.status_code == 503 and "training a head on 40 vectors of 16 numbers" in r.json()["detail"]
        budget.used = 0
        # A refused body gives back what it took.
        bad = head_body()
        bad["labels"] = bad["labels"][:-1]
        assert c.post("/api/v1/heads/train", json=bad).status_code == 422
        assert budget.used == 0
