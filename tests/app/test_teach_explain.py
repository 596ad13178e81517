"""Why the learner's head says a class: Grad-CAM of a photo through EfficientNet-Lite0 with the
head as its classifier, over HTTP, checked against Grad-CAM written out here: the class score
is w_c . mean(A) + b_c over the last maps A (K, 7, 7), so each map's weight is w_c[k] / 49."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from engine import network
from engine.network.graph import sequence_forward
from engine.network.layers import Context

from .test_networks import decode_map
from .test_teach_api import NAME, needs_weights, png

pytestmark = needs_weights


def photo() -> bytes:
    y, x = np.mgrid[0:180, 0:240]
    rgb = np.stack([(x * 255) // 240, (y * 255) // 180, ((x // 30 + y // 30) % 2) * 255], axis=-1)
    return png(rgb.astype(np.uint8))


def a_head() -> dict:
    rng = np.random.default_rng(5)
    w = (rng.standard_normal((2, 1280)) * 0.05).astype(np.float32)
    return {"network": NAME, "classes": ["stripes", "checks"],
            "weight": {"shape": [2, 1280], "data": w.ravel().tolist()},
            "bias": {"shape": [2], "data": [0.1, -0.1]}}


def explain(client: TestClient, head: dict, target: int | None = None, files: int = 1) -> dict:
    data = {"head": json.dumps(head)}
    if target is not None:
        data["target"] = str(target)
    r = client.post("/api/v1/heads/explain", data=data,
                    files=[("file", (f"{i}.png", photo(), "image/png")) for i in range(files)])
    return {"status": r.status_code, **r.json()}


def plain_gradcam(head: dict, target: int) -> np.ndarray:
    """Grad-CAM of the head's class written out: maps of the last layer before the pool."""
    model = network.load(NAME)
    pixels = np.asarray(Image.open(io.BytesIO(photo())).convert("RGB"))
    x, _ = network.preprocess(NAME, pixels)
    names = [layer.name for layer in model.layers]
    maps, _ = sequence_forward(model.layers[:names.index("pool")], model.params, x, Context())
    a = maps[0].astype(np.float64)  # (1280, 7, 7)
    w = np.asarray(head["weight"]["data"], np.float64).reshape(2, 1280)[target]
    alpha = w / (a.shape[1] * a.shape[2])  # d score / d A, the same at every cell
    return np.maximum(np.einsum("k,khw->hw", alpha, a), 0.0)


def test_gradcam_of_each_class_of_a_head_matches_the_plain_computation(client: TestClient) -> None:
    head = a_head()
    r = client.post("/api/v1/heads/predict", data={"head": json.dumps(head)},
                    files=[("file", ("p.png", photo(), "image/png"))])
    probabilities = r.json()["predictions"][0]["probabilities"]
    default = explain(client, head)
    assert default["status"] == 200, default
    assert default["target"] == int(np.argmax(probabilities))
    for target in (0, 1):
        e = explain(client, head, target)
        assert e["status"] == 200, e
        assert e["label"] == head["classes"][target] and e["classes"] == head["classes"]
        assert e["layer"] == "head_relu6" and e["layer_shape"] == [1280, 7, 7]
        assert e["probability"] == pytest.approx(probabilities[target], rel=1e-4)
        assert e["heatmap"]["shape"] == [224, 224] and e["cam"]["shape"] == [7, 7]
        expected = plain_gradcam(head, target)
        got = decode_map(e["cam"])
        np.testing.assert_allclose(got, expected, atol=2e-3 * max(1.0, expected.max()), rtol=1e-2)
        heat = decode_map(e["heatmap"])
        assert heat.max() == pytest.approx(expected.max(), rel=2e-2)  # stretched, not rescaled


def test_bad_explain_requests_are_sentences(client: TestClient) -> None:
    head = a_head()
    e = explain(client, head, 5)
    assert e["status"] == 422 and "target must be a class from 0 to 1" in e["detail"]
    e = explain(client, head, files=2)
    assert e["status"] == 422 and "send one image" in e["detail"]
    bad = {**head, "weight": {"shape": [2, 10], "data": [0.0] * 20}}
    e = explain(client, bad)
    assert e["status"] == 422 and "1280" in e["detail"]
