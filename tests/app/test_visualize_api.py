"""POST /api/v1/networks/{name}/visualize through HTTP: the ascent streams step by step and ends
with the image and the sample patches that excite the channel; bad layers and budgets refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from app.schemas.lines import VisualizeLine
from tests.app.conftest import small_client

LINES = TypeAdapter(VisualizeLine)


def visualize(client: TestClient, name: str, query: str) -> tuple[int, Any]:
    with client.stream("POST", f"/api/v1/networks/{name}/visualize{query}") as r:
        if r.status_code != 200:
            return r.status_code, json.loads(r.read())
        return 200, [LINES.validate_python(json.loads(line)) for line in r.iter_lines() if line]


def test_the_ascent_climbs_and_ends_with_digit_patches(client: TestClient) -> None:
    status, lines = visualize(client, "lenet5", "?layer=C3&channel=4&steps=16&every=4&patches=3")
    assert status == 200
    progress = [line for line in lines if line.type == "progress"]
    assert [p.step for p in progress] == list(range(1, 17))
    assert [p.step for p in progress if p.image is not None] == [4, 8, 12, 16]
    assert progress[-1].objective > progress[0].objective
    done = lines[-1]
    assert done.image.shape == [1, 32, 32] and len(done.patches) == 3
    assert all(p.sample.startswith("digit-") for p in done.patches)
    assert [p.value for p in done.patches] == sorted((p.value for p in done.patches), reverse=True)
    top, left, bottom, right = done.patches[0].box
    assert (bottom - top, right - left) == (14, 14)


@pytest.mark.parametrize(("query", "status", "words"), [
    ("?layer=F6&channel=0", 422, "not a layer of lenet5 with maps"),
    ("?layer=C3&channel=16", 422, "C3 has channels 0 to 15"),
    ("?layer=C3", 422, "channel"),
])
def test_bad_layers_and_channels_are_sentences(client: TestClient, query: str, status: int,
                                               words: str) -> None:
    got, body = visualize(client, "lenet5", query)
    assert got == status and words in json.dumps(body)


def test_a_visualisation_over_the_budget_is_413() -> None:
    with small_client(max_explain_macs=1_000_000) as c:
        status, body = visualize(c, "tinyvgg", "?layer=conv_2_2&channel=0&steps=256")
    assert status == 413 and "CNNVIS_MAX_EXPLAIN_MACS" in body["detail"]
