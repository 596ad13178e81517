"""POST /api/v1/networks/{name}/explain through HTTP: every method streams to a heat map, the
many-pass ones with progress; the cost is checked first; what cannot be explained is a sentence."""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pydantic import TypeAdapter

from app.schemas.lines import ExplainLine
from engine.network.presets import efficientnet_lite0
from tests.app.conftest import small_client
from tests.app.test_networks import decode_map, photo

LINES = TypeAdapter(ExplainLine)


def explain(client: TestClient, name: str, query: str = "", data: bytes | None = None) -> tuple[int, Any]:
    with client.stream("POST", f"/api/v1/networks/{name}/explain{query}",
                       files={"file": ("a.png", data or photo(), "image/png")}) as r:
        if r.status_code != 200:
            return r.status_code, json.loads(r.read())
        return 200, [LINES.validate_python(json.loads(line)) for line in r.iter_lines() if line]


@pytest.mark.parametrize("method", ["gradient", "gradient_x_input", "guided", "gradcam",
                                    "guided_gradcam", "smoothgrad", "integrated", "occlusion"])
def test_every_method_streams_to_a_heat_map_over_the_input(client: TestClient, method: str) -> None:
    status, lines = explain(client, "tinyvgg", f"?method={method}&samples=4&steps=8&patch=16")
    assert status == 200
    start, done = lines[0], lines[-1]
    assert start.pass_ == "explain" and start.method == method and start.macs > 0
    assert done.type == "done" and done.method == method
    heat = decode_map(done.heatmap.model_dump(exclude_none=True))
    assert heat.shape == (64, 64) and np.isfinite(heat).all()
    if method in ("smoothgrad", "integrated", "occlusion"):
        progress = [line for line in lines if line.type == "progress"]
        assert progress and progress[-1].done == progress[-1].total
    if method == "integrated":
        assert done.details["error"] < 0.2 * abs(done.details["difference"]) + 0.05


def test_grad_cam_names_its_layer_and_the_target_asked_for(client: TestClient) -> None:
    status, lines = explain(client, "lenet5", "?method=gradcam&layer=C3")
    assert status == 200 and lines[-1].layer == "C3"
    assert len(lines[-1].details["alpha"]) == 16
    with client.stream("POST", "/api/v1/networks/lenet5/explain?method=gradient",
                       files={"file": ("a.png", photo(), "image/png")}, data={"target": "7"}) as r:
        done = json.loads(list(r.iter_lines())[-1])
    assert done["target"] == 7 and done["label"] == "7"


@pytest.mark.skipif(efficientnet_lite0.unavailable() is not None, reason="weights not installed")
def test_grad_cam_on_efficientnet_points_at_the_cat(client: TestClient) -> None:
    from engine.network.data.samples import sample_image

    out = io.BytesIO()
    Image.fromarray(sample_image("photo-cat")).save(out, "PNG")
    status, lines = explain(client, "efficientnet_lite0", "?method=gradcam", out.getvalue())
    assert status == 200
    done = lines[-1]
    assert done.label in {"tiger cat", "tabby", "Egyptian cat"} and done.layer == "head_relu6"
    heat = decode_map(done.heatmap.model_dump(exclude_none=True))
    assert heat.shape == (224, 224) and heat.max() > 0


@pytest.mark.parametrize(("name", "query", "status", "words"), [
    ("edges", "", 422, "ends in feature maps, not classes"),
    ("lenet5", "?method=gradcam&layer=F6", 422, "'F6' is not one of lenet5's"),
    ("lenet5", "?method=lime", 422, "method"),
    ("lenet5", "?samples=0", 422, "samples"),
    ("nonet", "", 404, "no network named"),
])
def test_what_cannot_be_explained_is_a_sentence(client: TestClient, name: str, query: str,
                                                status: int, words: str) -> None:
    got, body = explain(client, name, query)
    assert got == status and words in json.dumps(body)


def test_an_explanation_over_the_budget_is_413_naming_its_cost() -> None:
    with small_client(max_explain_macs=10_000_000) as c:
        status, body = explain(c, "tinyvgg", "?method=integrated&steps=256")
    assert status == 413
    assert "integrated on tinyvgg takes 770 passes" in body["detail"]
    assert "CNNVIS_MAX_EXPLAIN_MACS" in body["detail"]
