"""POST /api/v1/conv and /api/v1/conv/backward against the engine itself."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from engine.conv import conv1d, conv2d, conv2d_backward, conv3d
from tests.app.conftest import as_base64, as_list, small_client, to_array

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
RNG = np.random.default_rng(7)


def test_conv_sobel_hand_example(client: TestClient) -> None:
    edge = np.array([[0.0, 0.0, 1.0, 1.0, 1.0]] * 5)
    r = client.post("/api/v1/conv", json={"input": as_list(edge), "weight": as_list(SOBEL_X)})
    assert r.status_code == 200
    out = r.json()["output"]
    assert out["shape"] == [3, 3]
    assert out["data"] == [4.0, 4.0, 0.0] * 3  # the edge lights up where the window straddles it


def test_conv_28x28_with_3x3_answers_26x26(client: TestClient) -> None:
    x = RNG.standard_normal((28, 28))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(SOBEL_X)})
    assert r.status_code == 200
    y = to_array(r.json()["output"])
    assert y.shape == (26, 26)
    np.testing.assert_allclose(y, conv2d(x[None, None], SOBEL_X[None, None])[0, 0])


def test_conv_2d_input_2d_kernel_answers_2d(client: TestClient) -> None:
    x = RNG.standard_normal((6, 7))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(SOBEL_X),
                                          "padding": 1, "flip": True})
    y = to_array(r.json()["output"])
    assert y.shape == (6, 7)
    expected = conv2d(x[None, None], SOBEL_X[None, None], padding=1, flip=True)[0, 0]
    np.testing.assert_allclose(y, expected)


def test_conv_1d_signal_and_kernel(client: TestClient) -> None:
    x = RNG.standard_normal(12)
    k = np.array([1.0, 0.0, -1.0])
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(k), "stride": 2})
    y = to_array(r.json()["output"])
    np.testing.assert_allclose(y, conv1d(x[None, None], k[None, None], stride=2)[0, 0])


def test_conv_3d_volume_and_kernel(client: TestClient) -> None:
    x = RNG.standard_normal((5, 6, 7))
    k = RNG.standard_normal((2, 3, 3))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(k),
                                          "dilation": [1, 2, 1]})
    y = to_array(r.json()["output"])
    np.testing.assert_allclose(y, conv3d(x[None, None], k[None, None], dilation=(1, 2, 1))[0, 0])


def test_conv_1d_layer_with_explicit_ndim(client: TestClient) -> None:
    x = RNG.standard_normal((2, 3, 10))  # (N, C_in, L): 3 axes, as a bare 3-D volume would be
    w = RNG.standard_normal((4, 3, 3))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w), "ndim": 1})
    np.testing.assert_allclose(to_array(r.json()["output"]), conv1d(x, w))


def test_conv_batched_layer_matches_engine(client: TestClient) -> None:
    x = RNG.standard_normal((2, 4, 9, 8))
    w = RNG.standard_normal((6, 2, 3, 3))
    b = RNG.standard_normal(6)
    body = {"input": as_list(x), "weight": as_list(w), "bias": as_list(b), "stride": [2, 1],
            "padding": [1, 0], "dilation": 1, "groups": 2}
    r = client.post("/api/v1/conv", json=body)
    assert r.status_code == 200
    expected = conv2d(x, w, b, stride=(2, 1), padding=(1, 0), groups=2)
    np.testing.assert_allclose(to_array(r.json()["output"]), expected)


def test_conv_unbatched_channels_keep_their_axis(client: TestClient) -> None:
    x = RNG.standard_normal((3, 5, 5))  # (C_in, H, W)
    w = RNG.standard_normal((2, 3, 3, 3))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w), "padding": "same"})
    y = to_array(r.json()["output"])
    assert y.shape == (2, 5, 5)
    np.testing.assert_allclose(y, conv2d(x, w, padding="same"))


def test_conv_base64_float32_in_and_out(client: TestClient) -> None:
    x = RNG.standard_normal((1, 1, 80, 80)).astype(np.float32)
    w = RNG.standard_normal((1, 1, 3, 3)).astype(np.float32)
    r = client.post("/api/v1/conv", json={"input": as_base64(x), "weight": as_base64(w)})
    out = r.json()["output"]
    assert out["encoding"] == "base64" and out["dtype"] == "float32"  # 6084 numbers: compact
    y = to_array(out)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, conv2d(x, w))


def test_conv_list_weight_takes_the_inputs_dtype(client: TestClient) -> None:
    x = RNG.standard_normal((6, 6)).astype(np.float32)
    r = client.post("/api/v1/conv", json={"input": as_base64(x), "weight": as_list(SOBEL_X),
                                          "encoding": "list"})
    out = r.json()["output"]
    assert out["dtype"] == "float32" and out["encoding"] == "list"
    expected = conv2d(x[None, None], SOBEL_X.astype(np.float32)[None, None])[0, 0]
    np.testing.assert_array_equal(to_array(out), expected)


def test_conv_backward_matches_engine(client: TestClient) -> None:
    x = RNG.standard_normal((2, 2, 6, 6))
    w = RNG.standard_normal((3, 2, 3, 3))
    go = RNG.standard_normal((2, 3, 3, 3))
    body = {"grad_output": as_list(go), "input": as_list(x), "weight": as_list(w),
            "stride": 2, "padding": 1, "flip": True}
    r = client.post("/api/v1/conv/backward", json=body)
    assert r.status_code == 200
    gx, gw, gb = conv2d_backward(go, x, w, stride=2, padding=1, flip=True)
    got = r.json()
    np.testing.assert_allclose(to_array(got["grad_input"]), gx)
    np.testing.assert_allclose(to_array(got["grad_weight"]), gw)
    np.testing.assert_allclose(to_array(got["grad_bias"]), gb)


def test_conv_backward_bare_shapes(client: TestClient) -> None:
    x = RNG.standard_normal((5, 5))
    go = np.ones((3, 3))
    body = {"grad_output": as_list(go), "input": as_list(x), "weight": as_list(SOBEL_X)}
    got = client.post("/api/v1/conv/backward", json=body).json()
    gx, gw, gb = conv2d_backward(go[None, None], x[None, None], SOBEL_X[None, None])
    assert got["grad_input"]["shape"] == [5, 5] and got["grad_weight"]["shape"] == [3, 3]
    np.testing.assert_allclose(to_array(got["grad_input"]), gx[0, 0])
    np.testing.assert_allclose(to_array(got["grad_weight"]), gw[0, 0])
    np.testing.assert_allclose(to_array(got["grad_bias"]), gb)


def test_conv_backward_grad_output_shape_must_match(client: TestClient) -> None:
    body = {"grad_output": as_list(np.ones((4, 4))), "input": as_list(np.ones((5, 5))),
            "weight": as_list(SOBEL_X)}
    r = client.post("/api/v1/conv/backward", json=body)
    assert r.status_code == 422
    assert r.json()["detail"] == "grad_output must have the forward output's shape 3x3, got 4x4"


def test_conv_kernel_larger_than_padded_input_gives_engine_sentence(client: TestClient) -> None:
    x, k = np.ones((4, 4)), np.ones((5, 5))
    with pytest.raises(ValueError) as engine_error:
        conv2d(x[None, None], k[None, None], padding=0, dilation=1)
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(k)})
    assert r.status_code == 422
    assert r.json() == {"detail": str(engine_error.value)}


@pytest.mark.parametrize("body, sentence", [
    ({"groups": 2}, "groups=2 must divide the 1 output channels (kernels)"),
    ({"padding": "same", "stride": 2}, "padding='same' keeps the output as large as the input"),
    ({"stride": [1, 1, 1]}, "stride needs 1 or 2 integers, got 3"),
])
def test_conv_bad_hyperparameters_give_engine_sentences(
    client: TestClient, body: dict[str, object], sentence: str
) -> None:
    base = {"input": as_list(np.ones((5, 5))), "weight": as_list(SOBEL_X)}
    r = client.post("/api/v1/conv", json={**base, **body})
    assert r.status_code == 422
    assert sentence in r.json()["detail"]


def test_conv_weight_with_wrong_axes(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))),
                                          "weight": as_list(np.ones((1, 3, 3))), "ndim": 2})
    assert r.status_code == 422
    assert "conv2d takes a kernel of 2 axes" in r.json()["detail"]


def test_conv_bias_shape_checked_by_engine(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))), "weight": as_list(SOBEL_X),
                                          "bias": as_list(np.ones(2))})
    assert r.status_code == 422
    assert "bias needs one value per kernel" in r.json()["detail"]


def test_conv_over_the_multiply_add_budget_is_refused_before_computing() -> None:
    x, w = np.ones((1, 1, 40, 40)), np.ones((4, 1, 5, 5))  # 36*36*4*25 = 129,600 multiply-adds
    with small_client(max_macs=100_000) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w)})
    assert r.status_code == 422
    assert "129,600 multiply-adds; the limit is 100,000" in r.json()["detail"]


def test_conv_huge_padding_is_refused_before_allocating() -> None:
    with small_client() as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((3, 3))), "weight": as_list(np.ones((1, 1))),
                                         "padding": 4096, "stride": 4096})
    assert r.status_code == 422
    assert "CNNVIS_MAX_WORK_ELEMENTS" in r.json()["detail"]


def test_conv_output_over_the_element_limit() -> None:
    with small_client(max_tensor_elements=1000) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((10, 10))),
                                         "weight": as_list(np.ones((1, 1))), "padding": 20})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("the conv2d output would be 1x1x50x50 = 2,500 numbers")
    assert "CNNVIS_MAX_TENSOR_ELEMENTS" in r.json()["detail"]


def test_conv_trace_for_a_small_input(client: TestClient) -> None:
    body = {"input": as_list(np.arange(25.0).reshape(5, 5)), "weight": as_list(SOBEL_X),
            "trace": True}
    r = client.post("/api/v1/conv", json=body)
    assert r.status_code == 200
    got = r.json()
    assert got["output"]["shape"] == [3, 3]
    assert isinstance(got["trace"], dict) and got["trace"]


def test_conv_without_trace_answers_none(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))), "weight": as_list(SOBEL_X)})
    assert r.json()["trace"] is None


def test_conv_trace_of_a_large_input_is_a_sentence() -> None:
    with small_client(max_trace_steps=8) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))), "weight": as_list(SOBEL_X),
                                         "trace": True})
    assert r.status_code == 422
    assert "CNNVIS_MAX_TRACE_STEPS" in r.json()["detail"]


# -- padding "full": D*(K-1) zeros on every side, as the lab's own geometry pads -------------------

def correlate_loops(x: np.ndarray, k: np.ndarray, pad: int, dilation: int = 1) -> np.ndarray:
    """2-D cross-correlation of one channel by loops, ``pad`` zeros on every side."""
    xp = np.zeros((x.shape[0] + 2 * pad, x.shape[1] + 2 * pad))
    xp[pad:pad + x.shape[0], pad:pad + x.shape[1]] = x
    span = [dilation * (n - 1) + 1 for n in k.shape]
    out = np.zeros((xp.shape[0] - span[0] + 1, xp.shape[1] - span[1] + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for a in range(k.shape[0]):
                for b in range(k.shape[1]):
                    out[i, j] += xp[i + a * dilation, j + b * dilation] * k[a, b]
    return out


@pytest.mark.parametrize("k, dilation", [(1, 1), (2, 1), (3, 1), (3, 2), (4, 3)])
def test_conv_full_padding_matches_explicit_padding_and_loops(
    client: TestClient, k: int, dilation: int
) -> None:
    x, w = RNG.standard_normal((5, 6)), RNG.standard_normal((k, k))
    full = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w),
                                             "padding": "full", "dilation": dilation})
    assert full.status_code == 200, full.text
    explicit = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w),
                                                 "padding": dilation * (k - 1), "dilation": dilation})
    y = to_array(full.json()["output"])
    np.testing.assert_array_equal(y, to_array(explicit.json()["output"]))
    np.testing.assert_allclose(y, correlate_loops(x, w, dilation * (k - 1), dilation))


@pytest.mark.parametrize("h, k, dilation", [(1, 3, 1), (7, 3, 1), (7, 3, 2), (4, 5, 1), (6, 2, 4)])
def test_conv_full_padding_output_is_h_plus_k_eff_minus_1(
    client: TestClient, h: int, k: int, dilation: int
) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones(h)), "weight": as_list(np.ones(k)),
                                          "padding": "full", "dilation": dilation})
    assert r.status_code == 200, r.text
    k_eff = dilation * (k - 1) + 1
    assert r.json()["output"]["shape"] == [h + k_eff - 1]


def test_conv_full_padding_with_stride_and_flip(client: TestClient) -> None:
    x, w = RNG.standard_normal((6, 6)), RNG.standard_normal((3, 3))
    r = client.post("/api/v1/conv", json={"input": as_list(x), "weight": as_list(w), "padding": "full",
                                          "stride": 2, "flip": True})
    assert r.status_code == 200, r.text
    expected = correlate_loops(x, w[::-1, ::-1], 2)[::2, ::2]  # (6 + 4 - 3) // 2 + 1 = 4
    np.testing.assert_allclose(to_array(r.json()["output"]), expected)


def test_conv_backward_full_padding_agrees_with_explicit_padding(client: TestClient) -> None:
    x, w = RNG.standard_normal((2, 5, 5)), RNG.standard_normal((3, 2, 2, 2))
    go = RNG.standard_normal((3, 7, 7))  # H + K_eff - 1 = 5 + 3 - 1
    base = {"grad_output": as_list(go), "input": as_list(x), "weight": as_list(w), "dilation": 2}
    full = client.post("/api/v1/conv/backward", json={**base, "padding": "full"})
    explicit = client.post("/api/v1/conv/backward", json={**base, "padding": 2})
    assert full.status_code == explicit.status_code == 200, full.text
    for name in ("grad_input", "grad_weight", "grad_bias"):
        np.testing.assert_array_equal(to_array(full.json()[name]), to_array(explicit.json()[name]))
    expected = conv2d_backward(go[None], x[None], w, padding=2, dilation=2)
    np.testing.assert_allclose(to_array(full.json()["grad_input"]), expected[0][0])


def test_conv_trace_with_full_padding_pads_k_eff_minus_1(client: TestClient) -> None:
    body = {"input": as_list(np.ones((3, 4))), "weight": as_list(SOBEL_X), "padding": "full",
            "dilation": [1, 2], "trace": True}
    r = client.post("/api/v1/conv", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["trace"]["pads"] == [[2, 2], [4, 4]]
    assert r.json()["output"]["shape"] == [5, 8]


def test_conv_unknown_padding_word_is_refused(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={"input": as_list(np.ones((5, 5))), "weight": as_list(SOBEL_X),
                                          "padding": "circular"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][:2] == ["body", "padding"]
    assert "full" in client.get("/openapi.json").json()["components"]["schemas"]["ConvRequest"][
        "properties"]["padding"]["description"]
