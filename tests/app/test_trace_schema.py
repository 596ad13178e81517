"""The trace payloads name exactly the engine's trace fields, and real traces fit them."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from app.schemas.trace import ConvTraceOut, PoolTraceOut
from engine import trace


@pytest.mark.parametrize(("engine_cls", "model"), [(trace.ConvTrace, ConvTraceOut),
                                                   (trace.PoolTrace, PoolTraceOut)])
def test_the_models_name_every_engine_field_and_no_other(engine_cls: type, model: type) -> None:
    assert {f.name for f in dataclasses.fields(engine_cls)} == set(model.model_fields)


def test_a_conv_and_a_pool_trace_travel_typed(client: TestClient) -> None:
    x = {"shape": [1, 1, 4, 4], "data": list(range(16))}
    r = client.post("/api/v1/conv", json={"input": x, "weight": {"shape": [1, 1, 3, 3], "data": [1] * 9},
                                          "trace": True})
    assert r.status_code == 200, r.text
    t = ConvTraceOut.model_validate(r.json()["trace"])
    assert t.channel_sums[0] == [0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10] and len(t.feeds) == 16
    r = client.post("/api/v1/pool", json={"input": x, "kind": "avg", "kernel_size": 3, "stride": 2,
                                          "padding": 1, "trace": True})
    assert r.status_code == 200, r.text
    p = PoolTraceOut.model_validate(r.json()["trace"])
    assert p.divisor[0] == 9 and p.kind == "avg"
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "channel_sums" in schemas["ConvTraceOut"]["properties"]
