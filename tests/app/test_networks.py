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
    assert {"edges", "lenet5", "lenet5_1998", "tinyvgg", "alexnet", "vgg16", "googlenet",
            "resnet18", "resnet50"} <= set(got)
    assert got["lenet5"]["summary"]["params"] == 61_706
    assert got["lenet5_1998"]["summary"]["params"] == 60_840
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


def test_lenet5_1998_names_the_modern_variant_to_compare_with(client: TestClient) -> None:
    nets = {n["name"]: n for n in client.get("/api/v1/networks").json()["networks"]}
    assert nets["lenet5_1998"]["compare"] == "lenet5" and nets["lenet5"]["compare"] is None
    assert all(n["compare"] is None or n["compare"] in nets for n in nets.values())
    one = client.get("/api/v1/networks/lenet5_1998").json()
    assert one["compare"] == "lenet5" and one["trained"] and one["weights"] == "trained"
    assert "Held-out accuracy" in one["model_card"]
    rows = {r["name"]: r for r in one["summary"]["layers"]}
    assert rows["C3"]["params"] == 1_516 and rows["S2"]["kind"] == "subsample"
    assert rows["C1"]["params"] + rows["S2"]["params"] + rows["C3"]["params"] + rows["S4"]["params"] \
        + rows["C5"]["params"] + rows["F6"]["params"] + rows["output"]["params"] == 60_840
    schema = client.get("/openapi.json").json()["components"]["schemas"]["NetworkInfo"]
    assert "compare" in schema["properties"]


def test_lenet5_1998_classifies_a_digit_over_http(client: TestClient) -> None:
    x, labels = network.get("lenet5_1998").recipe.test_set()
    status, lines = lines_of(client, "/api/v1/networks/lenet5_1998/forward",
                             json={"input": as_base64(x[0])})
    assert status == 200 and lines[-1]["type"] == "done"
    assert lines[-1]["prediction"]["top"][0]["index"] == int(labels[0])
    kinds = [line["kind"] for line in lines if line["type"] == "layer"]
    assert kinds[:4] == ["conv", "scaled_tanh", "subsample", "scaled_tanh"]
    status, back = lines_of(client, "/api/v1/networks/lenet5_1998/backward",
                            json={"input": as_base64(x[0])})
    assert status == 200 and back[-1]["type"] == "done"


def test_shapes_takes_the_1998_kinds_and_a_connection_table(client: TestClient) -> None:
    table = [[1, 1, 0], [0, 1, 1]]
    body = {"input_shape": [3, 8, 8], "layers": [
        {"type": "conv", "out_channels": 2, "kernel_size": 3, "connections": table},
        {"type": "scaled_tanh"}, {"type": "subsample", "kernel_size": 2}]}
    r = client.post("/api/v1/shapes", json=body)
    assert r.status_code == 200, r.text
    layers = r.json()["layers"]
    assert [row["params"] for row in layers] == [4 * 9 + 2, 0, 4]
    assert layers[2]["output_shape"] == [2, 3, 3]
    bad = client.post("/api/v1/shapes", json={**body, "layers": [
        {"type": "conv", "out_channels": 2, "kernel_size": 3, "connections": [[1, 1], [0, 1]]}]})
    assert bad.status_code == 422 and "connections have 2 entries a row, but its input has 3" in bad.text
    assert client.post("/api/v1/shapes", json={**body, "layers": [
        {"type": "conv", "out_channels": 2, "kernel_size": 3, "connections": [[1, 2, 0], [0, 1, 1]]}]}
    ).status_code == 422
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"ScaledTanhLayer", "SubsampleLayer"} <= set(schemas)
    assert "connections" in schemas["ConvLayer"]["properties"]


def test_lenet5_1998_can_be_trained_over_http(client: TestClient) -> None:
    body = {"network": "lenet5_1998", "steps": 2, "batch_size": 4, "every": 2}
    with client.stream("POST", "/api/v1/train", json=body) as r:
        assert r.status_code == 200
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert lines[0]["network"] == "lenet5_1998" and lines[-1]["type"] == "done"
    assert lines[-2]["kernels"]["shape"] == [6, 1, 5, 5]


def test_every_network_says_what_kind_of_picture_it_was_made_for(client: TestClient) -> None:
    nets = {n["name"]: n for n in client.get("/api/v1/networks").json()["networks"]}
    assert nets["lenet5"]["sample_kind"] == nets["lenet5_1998"]["sample_kind"] == "digit"
    assert nets["tinyvgg"]["sample_kind"] == "shape" and nets["resnet18"]["sample_kind"] == "photo"
