"""Teaching through HTTP: features of photos, a head trained on them (streamed), predictions.

The real test: crops of scikit-learn's two sample photos (china.jpg vs flower.jpg), a dozen
per class, train a head through the API that classifies held-out crops correctly.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from engine.network.presets import efficientnet_lite0 as eff

from .conftest import as_base64, small_client, to_array

NAME = "efficientnet_lite0"
needs_weights = pytest.mark.skipif(eff.unavailable() is not None,
                                   reason=f"EfficientNet-Lite0 unavailable: {eff.unavailable()}")


def png(a: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(a).save(out, "PNG")
    return out.getvalue()


def crops(photo: str, count: int, seed: int) -> list[bytes]:
    datasets = pytest.importorskip("sklearn.datasets")
    img = datasets.load_sample_image(photo)  # (427, 640, 3)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        side = int(rng.integers(200, 320))
        y, x = int(rng.integers(0, img.shape[0] - side)), int(rng.integers(0, img.shape[1] - side))
        out.append(png(np.ascontiguousarray(img[y:y + side, x:x + side])))
    return out


def features_of(client: TestClient, images: list[bytes]) -> np.ndarray:
    vectors = []
    for i in range(0, len(images), 8):
        files = [("file", (f"{j}.png", data, "image/png")) for j, data in enumerate(images[i:i + 8])]
        r = client.post(f"/api/v1/networks/{NAME}/features", files=files)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["layer"] == "flatten1" and body["dimension"] == 1280
        assert body["macs"] == len(files) * (body["macs"] // len(files)) > 0
        vectors.append(to_array(body["features"]))
    return np.concatenate(vectors)


def stream(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    with client.stream("POST", "/api/v1/heads/train", json=body) as r:
        assert r.status_code == 200, r.read()
        assert r.headers["content-type"].startswith("application/x-ndjson")
        return [json.loads(line) for line in r.iter_lines() if line]


def check_lines(lines: list[dict[str, Any]]) -> None:
    from pydantic import TypeAdapter

    from app.schemas.teach import HeadLine
    adapter = TypeAdapter(HeadLine)
    for line in lines:
        adapter.validate_python(line)


@needs_weights
def test_crops_of_two_photos_train_a_head_that_classifies_held_out_crops(client: TestClient) -> None:
    china, flower = crops("china.jpg", 14, 0), crops("flower.jpg", 14, 1)
    x = features_of(client, china + flower)
    assert x.shape == (28, 1280) and x.dtype == np.float32
    labels = [0] * 14 + [1] * 14
    lines = stream(client, {"features": as_base64(x), "labels": labels, "classes": ["china", "flower"],
                            "held_out": 0.25, "epochs": 40, "learning_rate": 0.01})
    check_lines(lines)
    start, progress, done = lines[0], lines[1:-1], lines[-1]
    assert start["type"] == "start" and start["train"] == 20 and start["held_out"] == 8
    assert [p["epoch"] for p in progress] == list(range(1, 41))
    assert progress[-1]["loss"] < progress[0]["loss"]
    assert done["type"] == "done" and done["held_out_accuracy"] == 1.0
    assert done["confusion"]["on"] == "held_out"
    assert done["confusion"]["matrix"] == [[4, 0], [0, 4]]
    assert sorted(done["train_index"] + done["held_out_index"]) == list(range(28))
    points = to_array(done["projection"]["points"])
    assert points.shape == (28, 2)
    # the classes separate along the first principal component
    first = points[:, 0]
    assert max(first[:14]) < min(first[14:]) or max(first[14:]) < min(first[:14])
    head = done["head"]
    assert head["classes"] == ["china", "flower"] and head["network"] == NAME
    assert head["weight"]["shape"] == [2, 1280]

    # the head, sent back as a file with new crops, classifies them
    new = crops("china.jpg", 2, 7) + crops("flower.jpg", 2, 8)
    r = client.post("/api/v1/heads/predict", data={"head": json.dumps(head)},
                    files=[("file", (f"{i}.png", d, "image/png")) for i, d in enumerate(new)])
    assert r.status_code == 200, r.text
    tops = [p["top"][0]["label"] for p in r.json()["predictions"]]
    assert tops == ["china", "china", "flower", "flower"]
    # and the same by vectors, in JSON
    r = client.post("/api/v1/heads/predict", json={"head": head, "features": as_base64(x[:2])})
    assert r.status_code == 200, r.text
    assert [p["top"][0]["label"] for p in r.json()["predictions"]] == ["china", "china"]


def synthetic(k: int = 3, per: int = 6, d: int = 8) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((k, d)) * 5
    x = np.concatenate([c + rng.standard_normal((per, d)) * 0.3 for c in centres]).astype(np.float32)
    return x, [c for c in range(k) for _ in range(per)]


def test_a_head_trains_on_separable_vectors_without_any_network(client: TestClient) -> None:
    x, labels = synthetic()
    lines = stream(client, {"features": as_base64(x), "labels": labels, "classes": ["a", "b", "c"],
                            "epochs": 20, "learning_rate": 0.1, "held_out": 0.34})
    check_lines(lines)
    done = lines[-1]
    assert done["accuracy"] == 1.0 and done["held_out_accuracy"] == 1.0
    assert np.trace(np.array(done["confusion"]["matrix"])) == 6
    warnings = {w["id"]: w for w in done["warnings"]}
    assert "few_examples" not in warnings and "overfitting" not in warnings
    r = client.post("/api/v1/heads/predict", json={"head": done["head"], "features": as_base64(x)})
    assert [p["top"][0]["index"] for p in r.json()["predictions"]] == labels


def test_too_few_examples_are_warned_and_nothing_held_out_confuses_training(client: TestClient) -> None:
    x, labels = synthetic(k=2, per=3)
    lines = stream(client, {"features": as_base64(x), "labels": labels, "classes": ["a", "b"],
                            "epochs": 5, "held_out": 0.0})
    done = lines[-1]
    assert done["confusion"]["on"] == "train" and done["held_out_accuracy"] is None
    assert [w["id"] for w in done["warnings"]] == ["few_examples"]
    assert done["warnings"][0]["classes"] == [0, 1]


@pytest.mark.parametrize("change, status, words", [
    ({"labels": [0, 1, 5]}, 422, "label 5 names no class"),
    ({"labels": [0, 1]}, 422, "one row per label"),
    ({"classes": ["a", "a"]}, 422, "two classes are called the same"),
    ({"epochs": 501}, 413, "CNNVIS_MAX_HEAD_EPOCHS"),
    ({"classes": [f"c{i}" for i in range(11)]}, 413, "CNNVIS_MAX_HEAD_CLASSES"),
    ({"network": "nope"}, 422, "no network named 'nope'"),
    ({"learning_rate": 0}, 422, "learning_rate"),
])
def test_bad_training_requests_are_sentences(client: TestClient, change: dict[str, Any],
                                             status: int, words: str) -> None:
    x = np.ones((3, 4), np.float32)
    body = {"features": as_base64(x), "labels": [0, 1, 1], "classes": ["a", "b"], **change}
    r = client.post("/api/v1/heads/train", json=body)
    assert r.status_code == status, r.text
    assert words in json.dumps(r.json())


def test_training_is_priced_and_bounded_in_examples() -> None:
    x = np.ones((30, 64), np.float32)
    body = {"features": as_base64(x), "labels": [0, 1] * 15, "classes": ["a", "b"], "epochs": 100}
    with small_client(max_head_macs=1_000_000, max_head_examples=20) as c:
        r = c.post("/api/v1/heads/train", json=body)
        assert r.status_code == 413 and "CNNVIS_MAX_HEAD_EXAMPLES" in r.json()["detail"]
        body.update(features=as_base64(x[:20]), labels=[0, 1] * 10)
        r = c.post("/api/v1/heads/train", json=body)
        assert r.status_code == 413 and "CNNVIS_MAX_HEAD_MACS" in r.json()["detail"]
        assert "multiply-adds" in r.json()["detail"]


@needs_weights
def test_features_refusals(client: TestClient) -> None:
    sample = client.get("/api/v1/samples/photo-cat.png").content
    r = client.post(f"/api/v1/networks/{NAME}/features", json={"input": 1})
    assert r.status_code == 415
    r = client.post(f"/api/v1/networks/{NAME}/features", files={"other": ("a.png", sample, "image/png")})
    assert r.status_code == 422 and "'other'" in r.json()["detail"]
    r = client.post(f"/api/v1/networks/{NAME}/features",
                    files=[("file", ("a.png", sample, "image/png")), ("file", ("b.txt", b"hello", "text/plain"))])
    assert r.status_code == 422 and r.json()["detail"].startswith("image 2:")
    r = client.post("/api/v1/networks/nope/features", files={"file": ("a.png", sample, "image/png")})
    assert r.status_code == 404
    r = client.post("/api/v1/networks/edges/features", files={"file": ("a.png", sample, "image/png")})
    assert r.status_code == 422 and "no feature vector" in r.json()["detail"]
    with small_client(max_feature_images=2) as c:
        files = [("file", (f"{i}.png", sample, "image/png")) for i in range(3)]
        r = c.post(f"/api/v1/networks/{NAME}/features", files=files)
        assert r.status_code == 413 and "CNNVIS_MAX_FEATURE_IMAGES" in r.json()["detail"]
    with small_client(max_network_macs=500_000_000) as c:
        files = [("file", (f"{i}.png", sample, "image/png")) for i in range(2)]
        r = c.post(f"/api/v1/networks/{NAME}/features", files=files)
        assert r.status_code == 413 and "CNNVIS_MAX_NETWORK_MACS" in r.json()["detail"]


@needs_weights
def test_predict_refusals(client: TestClient) -> None:
    sample = client.get("/api/v1/samples/photo-cat.png").content
    head = {"classes": ["a", "b"], "weight": {"shape": [2, 3], "data": [0.0] * 6},
            "bias": {"shape": [2], "data": [0.0, 0.0]}}
    r = client.post("/api/v1/heads/predict", files={"file": ("a.png", sample, "image/png")})
    assert r.status_code == 422 and "field named 'head'" in r.json()["detail"]
    r = client.post("/api/v1/heads/predict", data={"head": json.dumps(head)},
                    files={"file": ("a.png", sample, "image/png")})
    assert r.status_code == 422 and "1280" in r.json()["detail"]
    r = client.post("/api/v1/heads/predict", data={"head": "{not json"},
                    files={"file": ("a.png", sample, "image/png")})
    assert r.status_code == 422
    r = client.post("/api/v1/heads/predict",
                    json={"head": head, "features": {"shape": [1, 4], "data": [0.0] * 4}})
    assert r.status_code == 422 and "3 numbers" in r.json()["detail"]
    r = client.post("/api/v1/heads/predict", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
