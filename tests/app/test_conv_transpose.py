"""POST /api/v1/conv_transpose through HTTP: values against a plain stamping loop (and PyTorch
when it is installed), the output-size formula, the trace, the refusals and the OpenAPI entry."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.schemas import ConvTransposeTraceOut
from engine.transpose_trace import TransposeTrace
from tests.app.conftest import as_base64, as_list, small_client, to_array

RNG = np.random.default_rng(14)
URL = "/api/v1/conv_transpose"


def stamp_loops(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None = None, stride: int = 1,
                padding: int = 0, output_padding: int = 0, dilation: int = 1,
                groups: int = 1) -> np.ndarray:
    """Transposed convolution as the learner draws it: every input cell adds the kernel,
    scaled by its value, onto a canvas, stride cells after the previous one; then the padding
    is cut off both ends and output_padding cells are added at the high end.

    x: (N, C_in, *H); w: (C_in, C_out/groups, *K). Returns (N, C_out, *O).
    """
    nd = x.ndim - 2
    n, c_in = x.shape[:2]
    per_out = w.shape[1]
    kernel = w.shape[2:]
    canvas_size = [(h - 1) * stride + dilation * (k - 1) + 1 + output_padding
                   for h, k in zip(x.shape[2:], kernel)]
    canvas = np.zeros((n, per_out * groups, *canvas_size))
    for i in range(n):
        for c in range(c_in):
            group = c // (c_in // groups)
            for cell in itertools.product(*(range(h) for h in x.shape[2:])):
                for j in range(per_out):
                    for tap in itertools.product(*(range(k) for k in kernel)):
                        at = tuple(p * stride + t * dilation for p, t in zip(cell, tap))
                        canvas[(i, group * per_out + j) + at] += x[(i, c) + cell] * w[(c, j) + tap]
    out = [(h - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
           for h, k in zip(x.shape[2:], kernel)]
    crop = tuple(slice(padding, padding + o) for o in out)
    y = canvas[(slice(None), slice(None)) + crop]
    assert y.shape[2:] == tuple(out)  # the canvas reaches far enough
    if bias is not None:
        y = y + bias.reshape((1, -1) + (1,) * nd)
    return y


def post(client: TestClient, x: np.ndarray, w: np.ndarray, **extra: Any) -> Any:
    return client.post(URL, json={"input": as_list(x), "weight": as_list(w), **extra})


def test_conv_transpose_hand_example(client: TestClient) -> None:
    # Two cells, stride 2: the kernel [1, 2, 3] stamped at 0 (times 1) and at 2 (times 10).
    r = post(client, np.array([1.0, 10.0]), np.array([1.0, 2.0, 3.0]), stride=2)
    assert r.status_code == 200, r.text
    assert r.json()["output"] == {"shape": [5], "dtype": "float64", "encoding": "list",
                                  "data": [1.0, 2.0, 13.0, 20.0, 30.0]}


def test_conv_transpose_documented_example_answers_4x4(client: TestClient) -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    w = np.array([[1.0, 0.0, -1.0]] * 3)
    r = post(client, x, w, stride=2, padding=1, output_padding=1)
    assert r.status_code == 200
    y = to_array(r.json()["output"])
    assert y.shape == (4, 4)
    expected = stamp_loops(x[None, None], w[None, None], stride=2, padding=1, output_padding=1)[0, 0]
    np.testing.assert_allclose(y, expected)
    assert y[0].tolist() == [0.0, 1.0, 0.0, -2.0]


@pytest.mark.parametrize("n, c_in, c_out, groups, size, k, stride, padding, output_padding, dilation", [
    (1, 1, 1, 1, (4, 4), 3, 1, 0, 0, 1),
    (1, 1, 1, 1, (3, 5), 3, 2, 1, 1, 1),
    (2, 2, 3, 1, (3, 3), 2, 3, 0, 2, 1),
    (1, 4, 2, 2, (4, 3), 3, 2, 2, 0, 2),
    (1, 3, 3, 3, (5, 4), 3, 1, 1, 1, 2),
    (2, 1, 2, 1, (2, 2), 4, 2, 1, 1, 1),
])
def test_conv_transpose_matches_the_stamping_loop(
    client: TestClient, n: int, c_in: int, c_out: int, groups: int, size: tuple[int, int], k: int,
    stride: int, padding: int, output_padding: int, dilation: int,
) -> None:
    x = RNG.standard_normal((n, c_in, *size))
    w = RNG.standard_normal((c_in, c_out // groups, k, k))
    b = RNG.standard_normal(c_out)
    r = client.post(URL, json={"input": as_list(x), "weight": as_list(w), "bias": as_list(b),
                               "stride": stride, "padding": padding,
                               "output_padding": output_padding, "dilation": dilation,
                               "groups": groups})
    assert r.status_code == 200, r.text
    expected = stamp_loops(x, w, b, stride, padding, output_padding, dilation, groups)
    np.testing.assert_allclose(to_array(r.json()["output"]), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("h, k, s, p, d, op", [
    (h, k, s, p, d, op)
    for h in (1, 2, 5) for k in (1, 2, 3) for s in (1, 2, 3) for p in (0, 1, 2) for d in (1, 2)
    for op in range(max(s, d))
    if (h - 1) * s - 2 * p + d * (k - 1) + op + 1 >= 1
])
def test_conv_transpose_output_size_is_the_formula(
    client: TestClient, h: int, k: int, s: int, p: int, d: int, op: int
) -> None:
    r = post(client, np.ones(h), np.ones(k), stride=s, padding=p, dilation=d, output_padding=op)
    assert r.status_code == 200, r.text
    assert r.json()["output"]["shape"] == [(h - 1) * s - 2 * p + d * (k - 1) + op + 1]


def test_conv_transpose_layouts_keep_the_axes_given(client: TestClient) -> None:
    x = RNG.standard_normal((2, 3, 3))  # (C_in, H, W), unbatched
    w = RNG.standard_normal((2, 4, 2, 2))  # (C_in, C_out, kH, kW)
    r = post(client, x, w, stride=2)
    y = to_array(r.json()["output"])
    assert y.shape == (4, 6, 6)
    np.testing.assert_allclose(y, stamp_loops(x[None], w, stride=2)[0])
    r = post(client, RNG.standard_normal((4, 5)), RNG.standard_normal((3, 3)))
    assert r.json()["output"]["shape"] == [6, 7]
    x3, w3 = RNG.standard_normal((3, 2, 3)), RNG.standard_normal((2, 2, 2))
    r = post(client, x3, w3, stride=[1, 3, 1])  # (3-1)*1+2, (2-1)*3+2, (3-1)*1+2
    assert r.status_code == 200, r.text
    assert r.json()["output"]["shape"] == [4, 5, 4]


def test_conv_transpose_1d_layer_with_ndim(client: TestClient) -> None:
    x = RNG.standard_normal((1, 2, 6))  # (N, C_in, L)
    w = RNG.standard_normal((2, 3, 3))  # (C_in, C_out, kL)
    r = post(client, x, w, ndim=1, stride=2, padding=1, output_padding=1)
    assert r.status_code == 200, r.text
    np.testing.assert_allclose(to_array(r.json()["output"]),
                               stamp_loops(x, w, stride=2, padding=1, output_padding=1))


def test_conv_transpose_base64_float32_in_and_out(client: TestClient) -> None:
    x = RNG.standard_normal((1, 1, 40, 40)).astype(np.float32)
    w = RNG.standard_normal((1, 2, 3, 3)).astype(np.float32)
    r = client.post(URL, json={"input": as_base64(x), "weight": as_base64(w), "stride": 2})
    assert r.status_code == 200
    out = r.json()["output"]
    assert out["encoding"] == "base64" and out["dtype"] == "float32"
    np.testing.assert_allclose(to_array(out), stamp_loops(x.astype(np.float64), w.astype(np.float64),
                                                          stride=2), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("size, k, stride, padding, output_padding, dilation, groups", [
    ((5, 4), 3, 2, 1, 1, 1, 1),
    ((3, 3), 4, 3, 2, 2, 1, 2),
    ((4, 4), 3, 1, 0, 1, 2, 1),  # output_padding below the dilation, not the stride: allowed
    ((6,), 5, 4, 3, 3, 1, 1),
    ((2, 3, 2), 2, 2, 0, 1, 1, 1),
])
def test_conv_transpose_matches_pytorch(
    client: TestClient, size: tuple[int, ...], k: int, stride: int, padding: int,
    output_padding: int, dilation: int, groups: int,
) -> None:
    torch = pytest.importorskip("torch")
    functional = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
                  3: torch.nn.functional.conv_transpose3d}[len(size)]
    x = RNG.standard_normal((2, 2 * groups, *size))
    w = RNG.standard_normal((2 * groups, 3, *(k,) * len(size)))
    b = RNG.standard_normal(3 * groups)
    hyper = {"stride": stride, "padding": padding, "output_padding": output_padding,
             "dilation": dilation, "groups": groups}
    r = client.post(URL, json={"input": as_list(x), "weight": as_list(w), "bias": as_list(b),
                               "ndim": len(size), **hyper})
    assert r.status_code == 200, r.text
    expected = functional(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **hyper).numpy()
    np.testing.assert_allclose(to_array(r.json()["output"]), expected, rtol=1e-10, atol=1e-10)


def test_conv_transpose_is_the_input_gradient_of_conv(client: TestClient) -> None:
    """conv/backward with grad_output = x gives the transposed convolution of x."""
    x, w = RNG.standard_normal((3, 3)), RNG.standard_normal((3, 3))
    hyper = {"stride": 2, "padding": 1, "dilation": 1}
    y = to_array(post(client, x, w, output_padding=1, **hyper).json()["output"])  # 6x6
    r = client.post("/api/v1/conv/backward", json={
        "grad_output": as_list(x), "input": as_list(np.zeros(y.shape)), "weight": as_list(w), **hyper})
    assert r.status_code == 200, r.text
    np.testing.assert_allclose(to_array(r.json()["grad_input"]), y, rtol=1e-12, atol=1e-12)


def test_conv_transpose_trace_records_every_stamp(client: TestClient) -> None:
    x = RNG.integers(-3, 4, (3, 4)).astype(float)
    w = RNG.integers(-2, 3, (3, 3)).astype(float)
    hyper = {"stride": 2, "padding": 1, "output_padding": 1, "dilation": 1}
    r = post(client, x, w, trace=True, bias=as_list(np.array([0.5])), **hyper)
    assert r.status_code == 200, r.text
    tr = r.json()["trace"]
    y = to_array(r.json()["output"])
    steps = x.size
    assert tr["kind"] == "conv_transpose" and len(tr["index"]) == len(tr["value"]) == steps
    assert tr["canvas"] == [(3 - 1) * 2 + 3, (4 - 1) * 2 + 3]
    assert tr["taps"] == [[a, b] for a in range(3) for b in range(3)]
    stamp, kept = np.array(tr["stamp"]), np.array(tr["kept"])
    partial = np.array(tr["partial"])  # (S, C_out, *O)
    assert partial.shape == (steps, 1, *y.shape)
    running = np.full(y.shape, 0.5)
    for s, (row, col) in enumerate(itertools.product(range(3), range(4))):
        assert tr["index"][s] == [0, 0, row, col]
        assert tr["origin"][s] == [row * 2 - 1, col * 2 - 1]
        assert tr["value"][s] == x[row, col]
        np.testing.assert_allclose(stamp[s, 0], x[row, col] * w)
        for a, b in itertools.product(range(3), range(3)):
            i, j = row * 2 - 1 + a, col * 2 - 1 + b
            inside = 0 <= i < y.shape[0] and 0 <= j < y.shape[1]
            assert kept[s, a, b] == inside
            if inside:
                running[i, j] += x[row, col] * w[a, b]
        np.testing.assert_allclose(partial[s, 0], running)
    np.testing.assert_allclose(partial[-1, 0], y)
    expected = stamp_loops(x[None, None], w[None, None], np.array([0.5]), **hyper)[0, 0]
    np.testing.assert_allclose(y, expected)


def test_conv_transpose_trace_of_a_batch_restarts_per_sample(client: TestClient) -> None:
    x = RNG.standard_normal((2, 2, 2, 2))
    w = RNG.standard_normal((2, 1, 2, 2))
    r = post(client, x, w, trace=True, groups=2, stride=2)
    assert r.status_code == 200, r.text
    tr = r.json()["trace"]
    partial = np.array(tr["partial"])  # (16, 2, 4, 4)
    assert partial.shape == (16, 2, 4, 4)
    assert [c for c, in tr["channels"]] == [0] * 4 + [1] * 4 + [0] * 4 + [1] * 4
    y = to_array(r.json()["output"])
    np.testing.assert_allclose(partial[7], y[0])
    np.testing.assert_allclose(partial[15], y[1])
    np.testing.assert_allclose(partial[8, 1], 0.0)  # the second sample starts from nothing


def test_conv_transpose_without_trace_answers_none(client: TestClient) -> None:
    assert post(client, np.ones((2, 2)), np.ones((2, 2))).json()["trace"] is None


@pytest.mark.parametrize("extra, sentence", [
    ({"stride": 2, "output_padding": 2},
     "output_padding 2x2 must be smaller than the stride 2x2 or the dilation 1x1"),
    ({"stride": 1, "dilation": 1, "output_padding": 1},
     "output_padding 1x1 must be smaller than the stride 1x1 or the dilation 1x1"),
    ({"padding": 3},
     "the transposed convolution's output (H - 1)*S - 2P + D*(K - 1) + output_padding + 1 would be -2x-2"),
    ({"stride": [1, 1, 1]}, "stride needs 1 or 2 integers, got 3"),
    ({"groups": 2}, "for groups=2, but the input has 1"),
])
def test_conv_transpose_refusals_are_sentences(
    client: TestClient, extra: dict[str, Any], sentence: str
) -> None:
    r = post(client, np.ones((2, 2)), np.ones((3, 3)), **extra)
    assert r.status_code == 422
    assert sentence in r.json()["detail"]


def test_conv_transpose_weight_with_wrong_axes(client: TestClient) -> None:
    r = post(client, np.ones((3, 3)), np.ones((1, 3, 3)), ndim=2)
    assert r.status_code == 422
    assert r.json()["detail"] == ("conv_transpose2d takes a kernel of 2 axes or "
                                  "(C_in, C_out/groups, 2 kernel axes); got weight of shape 1x3x3")


def test_conv_transpose_channels_must_match_the_weight(client: TestClient) -> None:
    r = post(client, np.ones((3, 4, 4)), np.ones((2, 1, 3, 3)))
    assert r.status_code == 422
    assert "the weight has 2 input channels (axis 0)" in r.json()["detail"]


def test_conv_transpose_over_the_multiply_add_budget() -> None:
    x, w = np.ones((1, 2, 30, 30)), np.ones((2, 4, 5, 5))  # 2*900 * 4*25 = 180,000
    with small_client(max_macs=100_000) as c:
        r = post(c, x, w)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "this conv_transpose2d needs 180,000 multiply-adds; the limit is 100,000 per request "
        "(CNNVIS_MAX_MACS): use a smaller input, kernel or stride 2")


def test_conv_transpose_output_over_the_element_limit() -> None:
    with small_client(max_tensor_elements=1000) as c:
        r = post(c, np.ones((10, 10)), np.ones((3, 3)), stride=4)
    assert r.status_code == 422
    assert r.json()["detail"].startswith("the conv_transpose2d output would be 1x1x39x39 = 1,521 numbers")
    assert "CNNVIS_MAX_TENSOR_ELEMENTS" in r.json()["detail"]


def test_conv_transpose_huge_stride_and_padding_refused_before_allocating() -> None:
    with small_client() as c:
        r = post(c, np.ones((3, 3)), np.ones((1, 1)), stride=4096, padding=4095)
    assert r.status_code == 422
    assert "CNNVIS_MAX_WORK_ELEMENTS" in r.json()["detail"]


def test_conv_transpose_input_over_the_element_limit_is_413() -> None:
    with small_client(max_tensor_elements=100) as c:
        r = post(c, np.ones((11, 11)), np.ones((3, 3)))
    assert r.status_code == 413
    assert "input of shape 11x11 holds 121 numbers; the limit is 100" in r.json()["detail"]


def test_conv_transpose_trace_of_a_large_input_is_a_sentence() -> None:
    with small_client(max_trace_steps=8) as c:
        r = post(c, np.ones((3, 3)), np.ones((3, 3)), trace=True)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(
        "a trace of conv_transpose2d records one stamp per input cell, 9 here; the limit is 8")
    assert "CNNVIS_MAX_TRACE_STEPS" in r.json()["detail"]


def test_conv_transpose_trace_whose_partial_sums_are_too_many() -> None:
    with small_client(max_tensor_elements=1000) as c:
        r = post(c, np.ones((4, 4)), np.ones((5, 5)), trace=True, stride=2)  # 16 x 11x11 = 1,936
    assert r.status_code == 422
    assert "keeps the output after each of its 16 stamps, 1,936 numbers" in r.json()["detail"]


def test_conv_transpose_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/conv_transpose"]["post"]
    assert "(H - 1)*S - 2P + D*(K - 1) + output_padding + 1" in op["description"]
    assert {"200", "400", "413", "422"} <= set(op["responses"])
    components = spec["components"]["schemas"]
    fields = components["ConvTransposeRequest"]["properties"]
    assert {"input", "weight", "bias", "stride", "padding", "output_padding", "dilation", "groups",
            "trace"} <= set(fields)
    assert "partial" in components["ConvTransposeTraceOut"]["properties"]
    example = components["ConvTransposeRequest"]["examples"][0]
    r = client.post(URL, json=example)
    assert r.status_code == 200, r.text
    assert r.json()["output"]["shape"] == [4, 4]


def test_conv_transpose_trace_schema_names_every_engine_field() -> None:
    engine_fields = {f.name for f in dataclasses.fields(TransposeTrace)}
    assert engine_fields == set(ConvTransposeTraceOut.model_fields)
