"""POST /api/v1/train: a bounded training stream whose loss falls."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.app.conftest import small_client


def test_train_streams_progress_and_the_loss_falls(client: TestClient) -> None:
    body = {"network": "lenet5", "steps": 40, "batch_size": 32, "learning_rate": 0.003,
            "optimizer": "adam", "seed": 1, "every": 20}
    with client.stream("POST", "/api/v1/train", json=body) as r:
        assert r.status_code == 200
        lines = [json.loads(line) for line in r.iter_lines() if line]
    progress = [line for line in lines if line["type"] == "progress"]
    assert lines[0]["type"] == "start" and lines[-1]["type"] == "done"
    assert [p["step"] for p in progress] == list(range(1, 41))
    first, last = progress[0]["loss"], sum(p["loss"] for p in progress[-5:]) / 5
    assert last < first * 0.8
    with_kernels = [p["step"] for p in progress if "kernels" in p]
    assert with_kernels == [20, 40]
    assert progress[-1]["kernels"]["shape"] == [6, 1, 5, 5]


def test_train_can_fine_tune_the_shipped_weights(client: TestClient) -> None:
    def first_loss(init: str) -> tuple[str, float]:
        body = {"network": "lenet5", "steps": 2, "learning_rate": 1e-4, "init": init}
        with client.stream("POST", "/api/v1/train", json=body) as r:
            assert r.status_code == 200
            lines = [json.loads(line) for line in r.iter_lines() if line]
        return lines[0]["init"], lines[1]["loss"]

    assert first_loss("trained")[0] == "trained" and first_loss("trained")[1] < 0.5
    assert first_loss("scratch")[1] > 1.0
    assert client.post("/api/v1/train", json={"network": "lenet5", "init": "imagenet"}).status_code == 422


def test_train_too_many_steps_is_413() -> None:
    with small_client(max_train_steps=10) as c:
        r = c.post("/api/v1/train", json={"network": "lenet5", "steps": 11})
    assert r.status_code == 413 and "CNNVIS_MAX_TRAIN_STEPS" in r.json()["detail"]


def test_train_refuses_an_untrainable_network(client: TestClient) -> None:
    r = client.post("/api/v1/train", json={"network": "vgg16", "steps": 1})
    assert r.status_code == 422


def test_train_a_learning_rate_that_explodes_ends_with_a_sentence(client: TestClient) -> None:
    body = {"network": "lenet5", "steps": 30, "learning_rate": 1.0, "optimizer": "sgd"}
    with client.stream("POST", "/api/v1/train", json=body) as r:
        lines = [json.loads(line) for line in r.iter_lines() if line]
    # Either it survives 30 steps or the stream says why it stopped; never a broken line.
    assert lines[-1]["type"] in ("done", "error")
    if lines[-1]["type"] == "error":
        assert "learning rate" in lines[-1]["detail"]


def test_train_slots_are_given_back(client: TestClient) -> None:
    for _ in range(3):  # more than the two slots: each stream frees its slot when it ends
        with client.stream("POST", "/api/v1/train", json={"network": "lenet5", "steps": 1}) as r:
            assert r.status_code == 200
            r.read()


def test_train_tinyvgg_sends_its_first_layer_and_the_sample_every_few_steps(client: TestClient) -> None:
    body = {"network": "tinyvgg", "steps": 3, "batch_size": 4, "every": 2, "seed": 3}
    with client.stream("POST", "/api/v1/train", json=body) as r:
        lines = [json.loads(line) for line in r.iter_lines() if line]
    progress = [line for line in lines if line["type"] == "progress"]
    assert [p["step"] for p in progress if "kernels" in p] == [2, 3]  # every 2nd and the last
    last = progress[-1]
    assert last["kernels"]["shape"] == [10, 3, 3, 3]
    assert last["feature_maps"]["shape"] == [10, 62, 62]
    assert last["sample"]["shape"] == [3, 64, 64]
    assert lines[0] == {"type": "start", "network": "tinyvgg", "steps": 3, "optimizer": "adam",
                        "learning_rate": 0.002, "batch_size": 4, "seed": 3, "init": "scratch"}
    assert lines[-1]["type"] == "done" and lines[-1]["steps"] == 3


def test_train_bad_settings_are_422_with_the_field_named(client: TestClient) -> None:
    for bad in ({"steps": 0}, {"batch_size": 257}, {"learning_rate": 0}, {"optimizer": "rmsprop"},
                {"every": 0}, {"seed": -1}, {"epochs": 3}):
        r = client.post("/api/v1/train", json={"network": "lenet5", **bad})
        assert r.status_code == 422, bad
        assert any(next(iter(bad)) in str(issue["loc"]) for issue in r.json()["detail"]), bad


def test_train_a_stream_longer_than_the_limit_ends_with_a_sentence() -> None:
    body = {"network": "lenet5", "steps": 1000, "batch_size": 256}  # minutes of work
    with small_client(max_stream_seconds=0.5) as c:
        with c.stream("POST", "/api/v1/train", json=body) as r:
            assert r.status_code == 200
            lines = [json.loads(line) for line in r.iter_lines() if line]
    assert lines[-1]["type"] == "error" and "CNNVIS_MAX_STREAM_SECONDS" in lines[-1]["detail"]
    assert 0 < sum(line["type"] == "progress" for line in lines) < 1000


def test_train_beyond_the_concurrency_is_503_with_a_sentence() -> None:
    """(That a disconnect frees the slot is checked over real HTTP in test_streams.py.)"""
    body = {"network": "lenet5", "steps": 1000, "batch_size": 256}
    with small_client(train_concurrency=1) as c:
        with c.stream("POST", "/api/v1/train", json=body) as first:
            assert json.loads(next(first.iter_lines()))["type"] == "start"
            busy = c.post("/api/v1/train", json={**body, "steps": 1})
            assert busy.status_code == 503
            assert "CNNVIS_TRAIN_CONCURRENCY" in busy.json()["detail"]
            assert busy.headers["retry-after"] == "30"
