"""The preset networks over HTTP: listing, and forward/backward NDJSON streams."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from engine import network
from tests.app.conftest import as_base64, small_client


def png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(size: int = 96) -> bytes:
    y, x = np.mgrid[0:size, 0:size]
    rgb = np.stack([x * 255 // size, y * 255 // size, (x + y) * 127 // size], axis=-1)
    return png(rgb.astype(np.uint8))


def lines_of(client: TestClient, path: str, **kwargs: Any) -> tuple[int, list[dict[str, Any]]]:
    with client.stream("POST", path, **kwargs) as r:
        if r.status_code != 200:
            r.read()
            return r.status_code, [r.json()]
        assert r.headers["content-type"].startswith("application/x-ndjson")
        return 200, [json.loads(line) for line in r.iter_lines() if line]


def decode_map(t: dict[str, Any]) -> np.ndarray:
    """A streamed map as float32 (float16, or uint8 with offset and scale)."""
    raw = base64.b64decode(t["data"])
    if t["dtype"] == "float16":
        half = np.frombuffer(raw, "<f2").astype(np.float32).reshape(t["shape"])
        return half * np.float32(t.get("scale", 1.0))
    q = np.frombuffer(raw, np.uint8).astype(np.float32).reshape(t["shape"])
    offset, scale = np.asarray(t["offset"], np.float32), np.asarray(t["scale"], np.float32)
    if t.get("axis") == 0:
        offset, scale = offset[:, None, None], scale[:, None, None]
    return offset + q * scale


def test_list_networks_has_every_preset_with_published_totals(client: TestClient) -> None:
    r = client.get("/api/v1/networks")
    assert r.status_code == 200
    got = {n["name"]: n for n in r.json()["networks"]}
    assert {"edges", "lenet5", "tinyvgg", "alexnet", "vgg16", "googlenet", "resnet18",
            "resnet50"} <= set(got)
    assert got["lenet5"]["summary"]["params"] == 61_706
    assert got["vgg16"]["summary"]["params"] == 138_357_544
    assert got["resnet50"]["summary"]["params"] == 25_557_032
    assert got["lenet5"]["trained"] and not got["vgg16"]["trained"]
    assert got["vgg16"]["variant"]  # what runs here is documented


def test_one_network_and_an_unknown_one(client: TestClient) -> None:
    assert client.get("/api/v1/networks/lenet5").json()["input_shape"] == [1, 32, 32]
    r = client.get("/api/v1/networks/nope")
    assert r.status_code == 404 and "lenet5" in r.json()["detail"]


def test_forward_streams_every_layer_then_the_prediction(client: TestClient) -> None:
    status, lines = lines_of(client, "/api/v1/networks/lenet5/forward",
                             files={"file": ("digit.png", photo(), "image/png")})
    assert status == 200
    kinds = [line["type"] for line in lines]
    layers = network.get("lenet5").run_summary.layers
    assert kinds == ["start"] + ["layer"] * len(layers) + ["done"]
    assert [line["index"] for line in lines[1:-1]] == list(range(len(layers)))
    assert lines[0]["steps"][0]["name"] == "decode"
    probs = lines[-1]["prediction"]["probabilities"]
    assert len(probs) == 10 and abs(sum(probs) - 1) < 1e-4
    assert lines[-1]["prediction"]["top"][0]["probability"] == max(probs)


def test_forward_maps_match_the_engine(client: TestClient) -> None:
    x = np.random.default_rng(0).random((1, 32, 32)).astype(np.float32)
    status, lines = lines_of(client, "/api/v1/networks/lenet5/forward", json={"input": as_base64(x)})
    assert status == 200
    model = network.load("lenet5")
    records = list(network.forward_layers(model, x[None]))
    for line, rec in zip(lines[1:-1], records):
        assert line["output_shape"] == list(rec.output_shape[1:])
        got = decode_map(line["output"])
        span = float(rec.output.max() - rec.output.min()) or 1.0
        np.testing.assert_allclose(got, rec.output[0], atol=span / 255 + 1e-3 * span, rtol=1e-2)


def test_backward_streams_from_the_loss_to_the_input(client: TestClient) -> None:
    status, lines = lines_of(client, "/api/v1/networks/lenet5/backward",
                             files={"file": ("d.png", photo(), "image/png")}, data={"target": "3"})
    assert status == 200
    indices = [line["index"] for line in lines if line["type"] == "layer"]
    assert indices == sorted(indices, reverse=True) and indices[-1] == 0
    assert lines[0]["target"] == 3
    done = lines[-1]
    assert done["type"] == "done" and done["saliency"]["shape"] == [32, 32]
    assert any(line["grad_params"] for line in lines if line["type"] == "layer")


def test_backward_target_out_of_range_is_422(client: TestClient) -> None:
    x = np.zeros((1, 32, 32), np.float32)
    status, (body,) = lines_of(client, "/api/v1/networks/lenet5/backward",
                               json={"input": as_base64(x), "target": 10})
    assert status == 422 and "from 0 to 9" in body["detail"]


def test_forward_wrong_input_shape_is_a_sentence(client: TestClient) -> None:
    x = np.zeros((3, 32, 32), np.float32)
    status, (body,) = lines_of(client, "/api/v1/networks/lenet5/forward", json={"input": as_base64(x)})
    assert status == 422 and "[1, 32, 32]" in body["detail"]


@pytest.mark.parametrize("data,status,words", [
    (b"GIF89a not really", 422, "not an image"),
    (b"", 422, "empty"),
])
def test_forward_bad_files(client: TestClient, data: bytes, status: int, words: str) -> None:
    got, (body,) = lines_of(client, "/api/v1/networks/edges/forward",
                            files={"file": ("x.gif", data, "image/gif")})
    assert got == status and words in body["detail"]


def test_forward_image_bomb_is_413(client: TestClient) -> None:
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")
    status, (body,) = lines_of(client, "/api/v1/networks/edges/forward",
                               files={"file": ("bomb.png", bomb.getvalue(), "image/png")})
    assert status == 413 and "CNNVIS_MAX_IMAGE_PIXELS" in body["detail"]


def test_forward_form_without_file_is_a_sentence(client: TestClient) -> None:
    status, (body,) = lines_of(client, "/api/v1/networks/edges/forward", data={"picture": "x"},
                               files={"other": ("a.txt", b"x", "text/plain")})
    assert status == 422 and "'file'" in body["detail"]


def test_forward_other_content_type_is_415(client: TestClient) -> None:
    status, _ = lines_of(client, "/api/v1/networks/edges/forward", content=b"x",
                         headers={"content-type": "text/plain"})
    assert status == 415


def test_forward_over_the_network_budget_is_413() -> None:
    with small_client(max_network_macs=1000) as c:
        status, (body,) = lines_of(c, "/api/v1/networks/lenet5/forward",
                                   files={"file": ("d.png", photo(), "image/png")})
    assert status == 413 and "CNNVIS_MAX_NETWORK_MACS" in body["detail"]


def test_forward_unknown_network_is_404(client: TestClient) -> None:
    status, _ = lines_of(client, "/api/v1/networks/nope/forward",
                         files={"file": ("d.png", photo(), "image/png")})
    assert status == 404


def test_stream_past_its_time_ends_with_an_error_line() -> None:
    with small_client(max_stream_seconds=1e-9) as c:
        status, lines = lines_of(c, "/api/v1/networks/lenet5/forward",
                                 files={"file": ("d.png", photo(), "image/png")})
    assert status == 200
    assert lines[-1]["type"] == "error" and "CNNVIS_MAX_STREAM_SECONDS" in lines[-1]["detail"]
