"""Real stream lines against the published line models: every field a line carries is named
in /openapi.json (the models forbid any other), for each kind of stream and line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from app.schemas.lines import BackwardLine, ForwardLine, TrainLine
from engine.network.presets import efficientnet_lite0
from tests.app.conftest import small_client
from tests.app.test_networks import photo


def stream(client: TestClient, path: str, **kwargs: Any) -> list[dict[str, Any]]:
    with client.stream("POST", path, **kwargs) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line) for line in r.iter_lines() if line]


def check(line_type: Any, lines: list[dict[str, Any]]) -> list[Any]:
    adapter = TypeAdapter(line_type)
    return [adapter.validate_python(line) for line in lines]


NETWORKS = ["edges", "lenet5", "tinyvgg", "resnet18", "googlenet"]
if efficientnet_lite0.unavailable() is None:
    NETWORKS.append("efficientnet_lite0")


@pytest.mark.parametrize("name", NETWORKS)
def test_forward_lines_fit_the_published_models(client: TestClient, name: str) -> None:
    inner = "?inner=all" if name in ("resnet18", "efficientnet_lite0") else ""
    lines = stream(client, f"/api/v1/networks/{name}/forward{inner}",
                   files={"file": ("a.png", photo(), "image/png")})
    models = check(ForwardLine, lines)
    assert [type(m).__name__ for m in (models[0], models[-1])] == ["StartLine", "ForwardDoneLine"]
    assert len(models) == models[0].layers + 2


@pytest.mark.parametrize("name", ["lenet5", "tinyvgg"])
def test_backward_lines_fit_the_published_models(client: TestClient, name: str) -> None:
    lines = stream(client, f"/api/v1/networks/{name}/backward",
                   files={"file": ("a.png", photo(), "image/png")})
    models = check(BackwardLine, lines)
    assert type(models[-1]).__name__ == "BackwardDoneLine"


def test_training_lines_fit_the_published_models(client: TestClient) -> None:
    lines = stream(client, "/api/v1/train", json={"network": "lenet5", "steps": 3, "every": 1})
    models = check(TrainLine, lines)
    assert [type(m).__name__ for m in models] == ["TrainStartLine", *["ProgressLine"] * 3,
                                                  "TrainDoneLine"]
    assert models[1].kernels is not None


def test_an_error_line_fits_too() -> None:
    with small_client(max_stream_seconds=1e-9) as c:
        lines = stream(c, "/api/v1/networks/lenet5/forward",
                       files={"file": ("d.png", photo(), "image/png")})
    assert type(check(ForwardLine, lines)[-1]).__name__ == "ErrorLine"


def test_a_line_with_a_field_the_models_do_not_name_is_refused() -> None:
    with pytest.raises(ValueError, match="channel_sums"):
        TypeAdapter(ForwardLine).validate_python({"type": "error", "detail": "x", "channel_sums": 1})


def test_the_openapi_document_publishes_each_streams_lines(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    forward = paths["/api/v1/networks/{name}/forward"]["post"]["responses"]["200"]["content"]
    schema = forward["application/x-ndjson"]["schema"]
    assert {"StartLine", "ForwardLayerLine", "ForwardDoneLine", "ErrorLine"} <= set(schema["$defs"])
    train = paths["/api/v1/train"]["post"]["responses"]["200"]["content"]["application/x-ndjson"]
    assert "ProgressLine" in train["schema"]["$defs"]
