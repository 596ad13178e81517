"""POST /api/v1/pool and /api/v1/pool/backward against the engine itself."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from engine import pool as P
from tests.app.conftest import as_base64, as_list, small_client, to_array

RNG = np.random.default_rng(11)
GRID = np.array([[1.0, 3.0, 2.0, 1.0], [4.0, 2.0, 0.0, 1.0],
                 [1.0, 1.0, 5.0, 6.0], [0.0, 2.0, 7.0, 8.0]])


def test_max_pool_2x2_stride_2_halves_h_and_w(client: TestClient) -> None:
    r = client.post("/api/v1/pool", json={"input": as_list(GRID), "kind": "max", "kernel_size": 2})
    assert r.status_code == 200
    out = r.json()["output"]
    assert out["shape"] == [2, 2]
    assert out["data"] == [4.0, 2.0, 2.0, 8.0]


def test_max_pool_batched_matches_engine(client: TestClient) -> None:
    x = RNG.standard_normal((2, 3, 9, 8))
    body = {"input": as_list(x), "kind": "max", "kernel_size": [3, 2], "stride": [2, 1],
            "padding": 1, "dilation": [1, 2], "ceil_mode": True}
    r = client.post("/api/v1/pool", json=body)
    assert r.status_code == 200
    expected = P.max_pool2d(x, kernel_size=[3, 2], stride=[2, 1], padding=1, dilation=[1, 2],
                            ceil_mode=True)
    y = to_array(r.json()["output"])
    assert y.shape == (2, 3, 5, 8) == expected.shape
    np.testing.assert_allclose(y, expected)


@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool_matches_engine(client: TestClient, count_include_pad: bool) -> None:
    x = RNG.standard_normal((3, 7, 7)).astype(np.float32)
    body = {"input": as_base64(x), "kind": "avg", "kernel_size": 3, "stride": 2, "padding": 1,
            "count_include_pad": count_include_pad}
    r = client.post("/api/v1/pool", json=body)
    assert r.status_code == 200
    y = to_array(r.json()["output"])
    expected = P.avg_pool2d(x, kernel_size=3, stride=2, padding=1,
                            count_include_pad=count_include_pad)
    assert y.dtype == np.float32 and y.shape == (3, 4, 4)
    np.testing.assert_allclose(y, expected, rtol=1e-6)


def test_pool_1d_and_3d(client: TestClient) -> None:
    signal = RNG.standard_normal(10)
    r = client.post("/api/v1/pool", json={"input": as_list(signal), "kind": "max", "kernel_size": 2})
    np.testing.assert_allclose(to_array(r.json()["output"]),
                               P.max_pool1d(signal[None, None], kernel_size=2)[0, 0])
    volume = RNG.standard_normal((4, 6, 6))
    r = client.post("/api/v1/pool", json={"input": as_list(volume), "kind": "avg",
                                          "kernel_size": [2, 2, 2]})
    np.testing.assert_allclose(to_array(r.json()["output"]),
                               P.avg_pool3d(volume[None, None], kernel_size=2)[0, 0])


@pytest.mark.parametrize("ties", ["first", "all", "split"])
def test_max_pool_backward_ties_match_engine(client: TestClient, ties: str) -> None:
    x = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 2.0], [2.0, 2.0, 0.0]])  # equal maxima
    go = np.array([[1.0, 2.0], [3.0, 4.0]])
    body = {"grad_output": as_list(go), "input": as_list(x), "kind": "max", "kernel_size": 2,
            "stride": 1, "ties": ties}
    r = client.post("/api/v1/pool/backward", json=body)
    assert r.status_code == 200
    expected = P.max_pool2d_backward(go[None, None], x[None, None], kernel_size=2, stride=1,
                                     ties=ties)[0, 0]
    np.testing.assert_allclose(to_array(r.json()["grad_input"]), expected)


def test_avg_pool_backward_matches_engine(client: TestClient) -> None:
    x = RNG.standard_normal((2, 2, 5, 5))
    go = RNG.standard_normal((2, 2, 3, 3))
    body = {"grad_output": as_list(go), "input": as_list(x), "kind": "avg", "kernel_size": 3,
            "stride": 2, "padding": 1, "count_include_pad": False}
    r = client.post("/api/v1/pool/backward", json=body)
    assert r.status_code == 200
    expected = P.avg_pool2d_backward(go, x, kernel_size=3, stride=2, padding=1,
                                     count_include_pad=False)
    np.testing.assert_allclose(to_array(r.json()["grad_input"]), expected)


def test_pool_window_larger_than_padded_input_gives_engine_sentence(client: TestClient) -> None:
    x = np.ones((3, 3))
    with pytest.raises(ValueError) as engine_error:
        P.max_pool2d(x[None, None], kernel_size=5)
    r = client.post("/api/v1/pool", json={"input": as_list(x), "kind": "max", "kernel_size": 5})
    assert r.status_code == 422
    assert r.json() == {"detail": str(engine_error.value)}


@pytest.mark.parametrize("extra, sentence", [
    ({"kind": "avg", "dilation": 2}, "average pooling has no dilation"),
    ({"kind": "max", "count_include_pad": False}, "count_include_pad applies to average pooling"),
    ({"kind": "max", "padding": 2}, "is more than half the kernel"),
])
def test_pool_options_that_do_not_fit_are_422(
    client: TestClient, extra: dict[str, object], sentence: str
) -> None:
    r = client.post("/api/v1/pool", json={"input": as_list(np.ones((6, 6))), "kernel_size": 2, **extra})
    assert r.status_code == 422
    assert sentence in r.json()["detail"]


def test_ties_only_for_max_pooling(client: TestClient) -> None:
    body = {"grad_output": as_list(np.ones((3, 3))), "input": as_list(np.ones((6, 6))),
            "kind": "avg", "kernel_size": 2, "ties": "split"}
    r = client.post("/api/v1/pool/backward", json=body)
    assert r.status_code == 422
    assert r.json() == {"detail": "ties applies to max pooling (kind 'max') only"}


def test_pool_backward_grad_output_shape_must_match(client: TestClient) -> None:
    body = {"grad_output": as_list(np.ones((2, 3))), "input": as_list(np.ones((4, 4))),
            "kind": "max", "kernel_size": 2}
    r = client.post("/api/v1/pool/backward", json=body)
    assert r.status_code == 422
    assert r.json() == {"detail": "grad_output must have the forward output's shape 2x2, got 2x3"}


def test_pool_over_the_budget_is_refused() -> None:
    with small_client(max_macs=1000) as c:
        r = c.post("/api/v1/pool", json={"input": as_list(np.ones((40, 40))), "kind": "max",
                                         "kernel_size": 3, "stride": 1})
    assert r.status_code == 422
    assert "CNNVIS_MAX_MACS" in r.json()["detail"]


def test_pool_trace_for_a_small_input(client: TestClient) -> None:
    r = client.post("/api/v1/pool", json={"input": as_list(GRID), "kind": "max", "kernel_size": 2,
                                          "trace": True})
    assert r.status_code == 200
    assert isinstance(r.json()["trace"], dict) and r.json()["trace"]


def test_pool_trace_of_a_large_input_is_a_sentence() -> None:
    with small_client(max_trace_steps=3) as c:
        r = c.post("/api/v1/pool", json={"input": as_list(GRID), "kind": "avg", "kernel_size": 2,
                                         "trace": True})
    assert r.status_code == 422
    assert "CNNVIS_MAX_TRACE_STEPS" in r.json()["detail"]
