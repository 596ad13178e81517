"""Bad input is always a 4xx with a sentence, found before anything is allocated."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.app.conftest import as_base64, as_list, post_raw, small_client

KERNEL = '{"shape": [1, 1], "data": [1]}'


def conv_body(input_json: str) -> str:
    return f'{{"input": {input_json}, "weight": {KERNEL}}}'


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_numbers_are_422(client: TestClient, number: str) -> None:
    r = post_raw(client, "/api/v1/conv", conv_body(f'{{"shape": [2], "data": [1, {number}]}}'))
    assert r.status_code == 422
    (issue,) = r.json()["detail"]
    assert issue["loc"] == ["body", "input", "list", "data", 1]
    assert issue["type"] == "finite_number"


@pytest.mark.parametrize("value", ["true", "false", '"1.5"', "null", "[1]", "{}"])
def test_non_numbers_in_data_are_422(client: TestClient, value: str) -> None:
    r = post_raw(client, "/api/v1/conv", conv_body(f'{{"shape": [2], "data": [1, {value}]}}'))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == 1


@pytest.mark.parametrize("field, value", [
    ("stride", "true"), ("stride", '"2"'), ("stride", "1.5"), ("padding", '"circular"'),
    ("groups", "0"), ("flip", '"yes"'), ("dilation", "[1, 0]"), ("ndim", "4"),
])
def test_bad_hyperparameters_are_422(client: TestClient, field: str, value: str) -> None:
    body = f'{{"input": {{"shape": [3, 3], "data": [1,2,3,4,5,6,7,8,9]}}, "weight": {KERNEL}, "{field}": {value}}}'
    r = post_raw(client, "/api/v1/conv", body)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][1] == field


def test_huge_integer_in_data_is_422(client: TestClient) -> None:
    r = post_raw(client, "/api/v1/conv", conv_body('{"shape": [1], "data": [' + "9" * 400 + "]}"))
    assert r.status_code == 422


def test_float32_overflow_is_422(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": {"shape": [1], "data": [1e39], "dtype": "float32"},
                                          "weight": {"shape": [1], "data": [1.0]}})
    assert r.status_code == 422
    assert r.json()["detail"] == "input has values beyond float32's range (+-3.403e+38)"


def test_result_overflow_is_422_not_null(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.full((2, 2), 1e200)),
                                          "weight": as_list(np.full((2, 2), 1e200))})
    assert r.status_code == 422
    assert "overflowed float64" in r.json()["detail"]


def test_shape_data_mismatch_is_422(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": {"shape": [3, 3], "data": [1.0] * 8},
                                          "weight": as_list(np.ones((1, 1)))})
    assert r.status_code == 422
    assert r.json() == {"detail": "input: shape [3, 3] holds 9 numbers but data has 8"}


@pytest.mark.parametrize("shape", [[-1, 3], [0, 3], [3, 0], [], [1, 1, 1, 1, 1, 1], [2**40]])
def test_absurd_shapes_are_422(client: TestClient, shape: list[int]) -> None:
    r = client.post("/api/v1/conv", json={"input": {"shape": shape, "data": [1.0]},
                                          "weight": as_list(np.ones((1, 1)))})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][:4] == ["body", "input", "list", "shape"]


def test_huge_element_count_is_413_without_allocating(client: TestClient) -> None:
    shape = [2**31, 2**31, 2**31]  # 9.9e27 numbers: allocating would fail loudly
    for tensor in ({"shape": shape, "data": [1.0]},
                   {"shape": shape, "dtype": "float64", "encoding": "base64", "data": "AAAA"}):
        r = client.post("/api/v1/conv", json={"input": tensor, "weight": as_list(np.ones((1, 1)))})
        assert r.status_code == 413
        assert "the limit is 1,048,576 per tensor (CNNVIS_MAX_TENSOR_ELEMENTS)" in r.json()["detail"]


def test_too_many_elements_in_any_tensor_is_413() -> None:
    with small_client(max_tensor_elements=100) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))),
                                         "weight": as_list(np.ones((11, 11)))})
    assert r.status_code == 413
    assert r.json()["detail"].startswith("weight of shape 11x11 holds 121 numbers; the limit is 100")


def test_body_over_the_limit_is_413() -> None:
    with small_client(max_body_bytes=2000) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((30, 30))),
                                         "weight": as_list(np.ones((1, 1)))})
    assert r.status_code == 413


def test_bad_base64_is_422(client: TestClient) -> None:
    bad = {"shape": [2], "dtype": "float32", "encoding": "base64", "data": "AAAA!!!!AAAA"}
    r = client.post("/api/v1/conv", json={"input": bad, "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert r.json() == {"detail": "input: data is not valid base64"}


def test_base64_of_the_wrong_length_is_422(client: TestClient) -> None:
    t = as_base64(np.ones(3, dtype=np.float32))
    t["shape"] = [4]
    r = client.post("/api/v1/conv", json={"input": t, "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "input: shape [4] of float32 is 16 bytes, which is 24 base64 characters, but data has 16"
    )


def test_base64_holding_nan_is_422(client: TestClient) -> None:
    t = as_base64(np.array([1.0, np.nan]))
    r = client.post("/api/v1/conv", json={"input": t, "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert "NaN or infinite" in r.json()["detail"]


@pytest.mark.parametrize("dtype", ["int32", "float16", "complex64", ""])
def test_wrong_dtype_is_422(client: TestClient, dtype: str) -> None:
    t = {"shape": [1], "dtype": dtype, "encoding": "base64", "data": "AAAAAA=="}
    r = client.post("/api/v1/conv", json={"input": t, "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "input", "base64", "dtype"]


def test_mixed_dtypes_give_the_engine_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones(3, dtype=np.float32)),
                                          "weight": as_list(np.ones(1))  | {"dtype": "float64"}})
    assert r.status_code == 422
    assert r.json() == {"detail": "weight is float64 but the input is float32; use one dtype"}


def test_validation_answer_never_echoes_the_input(client: TestClient) -> None:
    data = [0.123456789] * 50_000 + ["oops"]
    r = client.post("/api/v1/conv", json={"input": {"shape": [50_001], "data": data},
                                          "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert len(r.content) < 500
    assert "0.123456789" not in r.text and "oops" not in r.text


def test_validation_answer_is_bounded_for_many_errors(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": {"shape": [5000], "data": ["x"] * 5000},
                                          "weight": as_list(np.ones(1))})
    assert r.status_code == 422
    assert len(r.json()["detail"]) == 20


def test_long_unknown_field_names_are_cut(client: TestClient) -> None:
    body = {"input": as_list(np.ones(3)), "weight": as_list(np.ones(1)), "x" * 10_000: 1}
    r = client.post("/api/v1/conv", json=body)
    assert r.status_code == 422
    assert len(r.content) < 500


def test_broken_json_is_422(client: TestClient) -> None:
    r = post_raw(client, "/api/v1/conv", '{"input": ')
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_body_that_is_not_utf8_is_a_4xx(client: TestClient) -> None:
    r = post_raw(client, "/api/v1/conv", b'{"input": "\xff\xfe"}')
    assert r.status_code in (400, 422)
    assert isinstance(r.json()["detail"], (str, list))


def test_deeply_nested_json_is_a_4xx(client: TestClient) -> None:
    r = post_raw(client, "/api/v1/conv", "[" * 100_000 + "]" * 100_000)
    assert r.status_code in (400, 422)


def test_missing_fields_are_422(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones(3))})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "weight"]
    assert json.dumps(r.json())  # always JSON
