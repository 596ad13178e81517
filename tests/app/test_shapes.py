"""POST /api/v1/shapes: the engine's summary over HTTP, bounded by the layer limit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.ops.shapes import count_layers
from engine.network import summarize
from tests.app.conftest import small_client

NOTES_NET = [
    {"type": "conv", "out_channels": 6, "kernel_size": 3, "padding": 1},
    {"type": "relu"},
    {"type": "pool", "kind": "max", "kernel_size": 2},
    {"type": "conv", "out_channels": 12, "kernel_size": 3, "padding": 1},
    {"type": "pool", "kind": "max", "kernel_size": 2},
    {"type": "flatten"},
    {"type": "linear", "out_features": 10},
]


def test_shapes_follow_the_output_size_formula(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [1, 28, 28], "layers": NOTES_NET})
    assert r.status_code == 200
    got = r.json()
    assert [row["output_shape"] for row in got["layers"]] == [
        [6, 28, 28], [6, 28, 28], [6, 14, 14], [12, 14, 14], [12, 7, 7], [588], [10]]
    assert got["layers"][0]["params"] == 6 * (9 + 1)
    assert got["params"] == 60 + 12 * (6 * 9 + 1) + 588 * 10 + 10
    # Doubling the channels then 2x2 pooling halves the information volume.
    assert got["layers"][4]["volume"] / got["layers"][2]["volume"] == 0.5


def test_shapes_agree_with_the_engine_summary(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [3, 32, 32], "layers": NOTES_NET})
    assert r.json() == summarize((3, 32, 32), NOTES_NET).to_dict()


def test_shapes_nest_residual_blocks(client: TestClient) -> None:
    block = {"type": "residual", "body": [{"type": "conv", "out_channels": 4, "kernel_size": 3,
                                           "padding": 1}, {"type": "relu"}]}
    r = client.post("/api/v1/shapes", json={"input_shape": [4, 8, 8], "layers": [block]})
    assert r.status_code == 200
    assert r.json()["layers"][0]["output_shape"] == [4, 8, 8]
    assert len(r.json()["layers"][0]["children"][0]) == 2


def test_shapes_a_kernel_larger_than_the_input_is_the_engines_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [1, 2, 2], "layers": [
        {"type": "conv", "out_channels": 1, "kernel_size": 3}]})
    assert r.status_code == 422
    assert "larger than the padded input 2x2" in r.json()["detail"]


def test_shapes_unknown_layer_type_is_a_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [1, 8, 8], "layers": [{"type": "lstm"}]})
    assert r.status_code == 422
    (issue,) = r.json()["detail"]
    assert issue["loc"] == ["body", "layers", 0]
    assert issue["msg"].startswith("a layer's type must be one of: conv, pool, adaptive_avg_pool")


def test_every_layer_kind_is_described_in_the_openapi_schema(client: TestClient) -> None:
    """The spec is a union on "type": /openapi.json names every kind of the table and its fields."""
    from engine.network.table import KINDS

    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for kind in KINDS.values():
        title = "".join(part.title() for part in kind.type.split("_")) + "Layer"
        props = schemas[title]["properties"]
        assert props["type"]["const"] == kind.type
        assert set(props) == {"type", "name", *kind.required, *kind.defaults}
        assert set(schemas[title]["required"]) == {"type", *kind.required}


def test_a_typed_spec_with_a_wrong_field_is_refused_before_the_engine(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [1, 8, 8], "layers": [
        {"type": "conv", "out_channels": 2, "kernel_size": 3, "strides": 2}]})
    assert r.status_code == 422
    (issue,) = r.json()["detail"]
    assert issue["loc"][-1] == "strides" and issue["type"] == "extra_forbidden"
    # inside a block the engine checks the children, with its own sentence
    r = client.post("/api/v1/shapes", json={"input_shape": [1, 8, 8], "layers": [
        {"type": "residual", "body": [{"type": "conv", "out_channels": 2, "kernel_size": 3,
                                       "strides": 2}]}]})
    assert r.status_code == 422
    assert "unknown setting 'strides'" in r.json()["detail"]


def test_shapes_too_many_layers_is_413() -> None:
    with small_client(max_layers=3) as c:
        r = c.post("/api/v1/shapes", json={"input_shape": [1, 8, 8],
                                           "layers": [{"type": "relu"}] * 4})
    assert r.status_code == 413
    assert "CNNVIS_MAX_LAYERS" in r.json()["detail"]


def test_count_layers_counts_block_children_at_any_depth() -> None:
    deep: list = [{"type": "relu"}]
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [{"type": "residual", "body": deep}]
    assert count_layers(deep) == 5001
    assert count_layers([{"type": "concat", "branches": [[{}, {}], [{}]]}, "junk"]) == 5


def test_shapes_bad_input_shape_is_422(client: TestClient) -> None:
    r = client.post("/api/v1/shapes", json={"input_shape": [0, 8, 8], "layers": [{"type": "relu"}]})
    assert r.status_code == 422


def test_layer_specs_are_strict_like_every_request(client: TestClient) -> None:
    """true is not 1, in any kind's options (the API fuzzer found a pool's dilation: true accepted)."""
    for layer in ({"type": "pool", "kind": "max", "kernel_size": 1, "dilation": True},
                  {"type": "conv", "out_channels": 2, "kernel_size": True},
                  {"type": "conv", "out_channels": 2, "kernel_size": 1, "connections": [[True]]}):
        r = client.post("/api/v1/shapes", json={"input_shape": [1, 4, 4], "layers": [layer]})
        assert r.status_code == 422, (layer, r.text)
    ok = client.post("/api/v1/shapes", json={"input_shape": [1, 4, 4], "layers": [
        {"type": "conv", "out_channels": 1, "kernel_size": 1, "connections": [[1]]},
        {"type": "batchnorm", "momentum": 0}]})  # a JSON integer still fills a float option
    assert ok.status_code == 200, ok.text
