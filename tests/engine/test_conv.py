"""engine.conv against plain loops, finite differences and (when installed) PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import conv_route
from engine.conv import (
    check_geometry, conv1d, conv1d_backward, conv2d, conv2d_backward, conv3d, conv3d_backward,
    conv_transpose1d, conv_transpose2d, conv_transpose3d,
)
from tests.reference.conv import conv_loops, conv_transpose_loops
from tests.reference.gradcheck import numeric_grad

CONV = {1: conv1d, 2: conv2d, 3: conv3d}
BACKWARD = {1: conv1d_backward, 2: conv2d_backward, 3: conv3d_backward}
TRANSPOSE = {1: conv_transpose1d, 2: conv_transpose2d, 3: conv_transpose3d}


@st.composite
def conv_configs(draw):
    """A valid convolution: shapes, hyperparameters and dtype, small enough for loops."""
    nd = draw(st.sampled_from([1, 2, 3]))
    max_size = {1: 12, 2: 7, 3: 5}[nd]
    groups = draw(st.integers(1, 2))
    c_in = groups * draw(st.integers(1, 2))
    c_out = groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    mode = draw(st.sampled_from(["int", "valid", "same", "tf_same"]))
    stride = (1,) * nd if mode == "same" else tuple(draw(st.integers(1, 3)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(nd)) if mode == "int" else mode
    pad_total = [2 * p for p in padding] if mode == "int" else [0] * nd
    min_size = [max(1, d * (k - 1) + 1 - t) for k, d, t in zip(kernel, dilation, pad_total)]
    spatial = tuple(draw(st.integers(lo, max(lo, max_size))) for lo in min_size)
    n = draw(st.integers(1, 2))
    return dict(nd=nd, x_shape=(n, c_in) + spatial, w_shape=(c_out, c_in // groups) + kernel,
                stride=stride, padding=padding, dilation=dilation, groups=groups,
                flip=draw(st.booleans()), bias=draw(st.booleans()),
                dtype=draw(st.sampled_from([np.float32, np.float64])), seed=draw(st.integers(0, 2**16)))


def _tf_same(size, k, s, d):
    """TensorFlow's SAME: ceil(size / s) cells out, the smaller half of the padding before."""
    total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def _pairs(nd, value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * nd


def _loop_padding(cfg):
    """The reference takes (lo, hi) pairs; "same" puts the odd cell on the high side."""
    nd, kernel = cfg["nd"], cfg["w_shape"][2:]
    dilation, stride = _pairs(nd, cfg["dilation"]), _pairs(nd, cfg["stride"])
    if cfg["padding"] == "valid":
        return [(0, 0)] * nd
    if cfg["padding"] == "same":
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return [(t // 2, t - t // 2) for t in totals]
    if cfg["padding"] == "tf_same":
        return [_tf_same(n, k, s, d) for n, k, s, d in zip(cfg["x_shape"][2:], kernel, stride, dilation)]
    return [(p, p) for p in _pairs(nd, cfg["padding"])]


def _arrays(cfg):
    rng = np.random.default_rng(cfg["seed"])
    x = rng.standard_normal(cfg["x_shape"]).astype(cfg["dtype"])
    w = rng.standard_normal(cfg["w_shape"]).astype(cfg["dtype"])
    b = rng.standard_normal(cfg["w_shape"][0]).astype(cfg["dtype"]) if cfg["bias"] else None
    return x, w, b


def _hyper(cfg):
    return {k: cfg[k] for k in ("stride", "padding", "dilation", "groups", "flip")}


@settings(max_examples=60, deadline=None)
@given(conv_configs())
def test_conv_matches_loops(cfg):
    x, w, b = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, b, **_hyper(cfg))
    expected = _loops(cfg, x, w, b)
    assert y.dtype == cfg["dtype"]
    tol = 1e-4 if cfg["dtype"] == np.float32 else 1e-10
    np.testing.assert_allclose(y, expected, rtol=tol, atol=tol)


def _loops(cfg, x, w, b=None):
    b = None if b is None else b.astype(np.float64)
    return conv_loops(x.astype(np.float64), w.astype(np.float64), b, _pairs(cfg["nd"], cfg["stride"]),
                      _loop_padding(cfg), _pairs(cfg["nd"], cfg["dilation"]), cfg["groups"], cfg["flip"])


@settings(max_examples=60, deadline=None)
@given(conv_configs())
def test_conv_backward_is_the_adjoint(cfg):
    """Convolution is linear in x and in w: <conv(x, w), g> = <x, dL/dx> = <w, dL/dw>."""
    x, w, _ = _arrays(cfg)
    x, w = x.astype(np.float64), w.astype(np.float64)
    y = CONV[cfg["nd"]](x, w, None, **_hyper(cfg))
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape)
    gx, gw, gb = BACKWARD[cfg["nd"]](g, x, w, **_hyper(cfg))
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (w.shape[0],)
    inner = float(np.sum(y * g))
    np.testing.assert_allclose(np.sum(x * gx), inner, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.sum(w * gw), inner, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(gb, g.sum(axis=(0,) + tuple(range(2, g.ndim))))


@settings(max_examples=30, deadline=None)
@given(conv_configs())
def test_conv_backward_keeps_dtype(cfg):
    x, w, _ = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, **_hyper(cfg))
    grads = BACKWARD[cfg["nd"]](np.ones_like(y), x, w, **_hyper(cfg))
    assert all(g.dtype == cfg["dtype"] for g in grads)


BACKWARD_CASES = [
    (2, (2, 2, 6, 5), (3, 2, 3, 2), dict(stride=2, padding=1)),
    (2, (1, 4, 6, 6), (4, 2, 3, 3), dict(padding="same", dilation=2, groups=2, flip=True)),
    (2, (1, 1, 5, 5), (2, 1, 2, 2), dict(padding="same")),
    (1, (2, 3, 9), (2, 3, 4), dict(stride=3, dilation=2, padding=2)),
    (3, (1, 2, 4, 4, 3), (2, 2, 2, 3, 2), dict(stride=(1, 2, 1), padding=(1, 0, 1), flip=True)),
]


@pytest.mark.parametrize("nd,x_shape,w_shape,kw", BACKWARD_CASES)
def test_conv_backward_matches_finite_differences(nd, x_shape, w_shape, kw):
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    g = rng.standard_normal(CONV[nd](x, w, b, **kw).shape)
    loss = lambda: float(np.sum(CONV[nd](x, w, b, **kw) * g))  # noqa: E731
    gx, gw, gb = BACKWARD[nd](g, x, w, **kw)
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


@st.composite
def transpose_configs(draw):
    nd = draw(st.sampled_from([1, 2, 3]))
    groups = draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    out_pad = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    spatial = tuple(draw(st.integers(1, {1: 6, 2: 4, 3: 3}[nd])) for _ in range(nd))
    # padding may not eat the whole output: keep (S-1)s + d(k-1) + op + 1 - 2p >= 1
    padding = tuple(
        draw(st.integers(0, max(0, ((s - 1) * st_ + d * (k - 1) + op) // 2)))
        for s, st_, d, k, op in zip(spatial, stride, dilation, kernel, out_pad)
    )
    c_in = groups * draw(st.integers(1, 2))
    return dict(nd=nd, x_shape=(1, c_in) + spatial, w_shape=(c_in, draw(st.integers(1, 2))) + kernel,
                stride=stride, padding=padding, output_padding=out_pad, groups=groups, dilation=dilation,
                seed=draw(st.integers(0, 2**16)), bias=draw(st.booleans()))


@settings(max_examples=50, deadline=None)
@given(transpose_configs())
def test_conv_transpose_matches_loops(cfg):
    rng = np.random.default_rng(cfg["seed"])
    x, w = rng.standard_normal(cfg["x_shape"]), rng.standard_normal(cfg["w_shape"])
    b = rng.standard_normal(cfg["w_shape"][1] * cfg["groups"]) if cfg["bias"] else None
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "groups", "dilation")}
    np.testing.assert_allclose(TRANSPOSE[cfg["nd"]](x, w, b, **kw),
                               conv_transpose_loops(x, w, b, **kw), rtol=1e-10, atol=1e-10)


def test_conv2d_backward_input_gradient_is_transposed_convolution():
    """dL/dx is dL/dy run through the transposed convolution with the same kernel."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 2, 7, 7)), rng.standard_normal((3, 2, 3, 3))
    g = rng.standard_normal(conv2d(x, w, stride=2, padding=1).shape)  # (1, 3, 4, 4)
    gx, _, _ = conv2d_backward(g, x, w, stride=2, padding=1)
    np.testing.assert_allclose(gx, conv_transpose2d(g, w, stride=2, padding=1), atol=1e-12)


def test_conv2d_backward_input_gradient_is_full_convolution_with_flipped_kernel():
    """Stride 1: dL/dx = full-padded dL/dy cross-correlated with the kernel rotated 180 degrees."""
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((1, 1, 3, 3))
    g = rng.standard_normal((1, 1, 4, 4))
    gx, _, _ = conv2d_backward(g, x, w)
    np.testing.assert_allclose(gx, conv2d(g, w, padding=2, flip=True), atol=1e-12)


def test_conv2d_backward_weight_gradient_is_input_correlated_with_output_gradient():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((1, 1, 3, 3))
    g = rng.standard_normal((1, 1, 4, 4))
    _, gw, _ = conv2d_backward(g, x, w)
    np.testing.assert_allclose(gw, conv2d(x, g), atol=1e-12)


def test_conv2d_seed_example_28x28_with_3x3_gives_26x26():
    assert conv2d(np.zeros((1, 1, 28, 28)), np.zeros((1, 1, 3, 3))).shape == (1, 1, 26, 26)


def test_conv2d_seed_example_6x6x1_gives_4x4x1():
    assert conv2d(np.zeros((1, 6, 6)), np.zeros((1, 1, 3, 3))).shape == (1, 4, 4)


def test_conv2d_hand_computed_example():
    x = np.arange(9.0).reshape(1, 1, 3, 3)  # [[0,1,2],[3,4,5],[6,7,8]]
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    # each window: top-left minus bottom-right = -4
    np.testing.assert_array_equal(conv2d(x, w, np.array([0.5])), np.full((1, 1, 2, 2), -3.5))


def test_conv2d_flip_turns_correlation_into_convolution():
    """A single 1 in the input: correlation paints the kernel rotated, convolution the kernel."""
    x = np.zeros((1, 1, 5, 5))
    x[0, 0, 2, 2] = 1.0
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    np.testing.assert_array_equal(conv2d(x, w, padding=1, flip=True)[0, 0, 1:4, 1:4], w[0, 0])
    np.testing.assert_array_equal(conv2d(x, w, padding=1)[0, 0, 1:4, 1:4], w[0, 0, ::-1, ::-1])


def test_conv2d_same_padding_keeps_size_for_even_kernel():
    y = conv2d(np.ones((1, 1, 5, 6)), np.ones((1, 1, 2, 4)), padding="same")
    assert y.shape == (1, 1, 5, 6)
    # the extra cell goes to the bottom/right: the top-left output sees a full 2x3 of ones
    assert y[0, 0, 0, 0] == 6.0 and y[0, 0, -1, -1] == 2.0


def test_conv2d_unbatched_input_answers_unbatched():
    x, w = np.ones((2, 4, 4), np.float32), np.ones((3, 2, 3, 3), np.float32)
    y = conv2d(x, w)
    assert y.shape == (3, 2, 2) and y.dtype == np.float32
    gx, gw, gb = conv2d_backward(np.ones_like(y), x, w)
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (3,)


TORCH_CASES = [
    (2, (2, 4, 11, 9), (6, 2, 3, 2), dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)),
    (2, (1, 3, 8, 8), (4, 3, 4, 4), dict(padding="same", dilation=2)),
    (1, (3, 2, 20), (5, 2, 5), dict(stride=3, padding=2)),
    (3, (1, 2, 5, 6, 4), (4, 1, 2, 3, 2), dict(stride=2, padding=1, groups=2)),
]


@pytest.mark.parametrize("nd,x_shape,w_shape,kw", TORCH_CASES)
def test_conv_matches_torch(nd, x_shape, w_shape, kw):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(5)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    with warnings.catch_warnings():  # torch notes that "same" with even kernels pads a copy
        warnings.simplefilter("ignore", UserWarning)
        yt = getattr(F, f"conv{nd}d")(xt, wt, bt, **kw)
    g = rng.standard_normal(tuple(yt.shape))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(CONV[nd](x, w, b, **kw), yt.detach().numpy(), atol=1e-12)
    gx, gw, gb = BACKWARD[nd](g, x, w, **kw)
    for ours, theirs in ((gx, xt), (gw, wt), (gb, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-11)


@pytest.mark.parametrize("kw", [dict(stride=2, padding=1, output_padding=1),
                                dict(stride=3, dilation=2, groups=2, output_padding=2)])
def test_conv_transpose2d_matches_torch(kw):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    x, w, b = rng.standard_normal((2, 4, 5, 4)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(3 * kw.get("groups", 1))
    expected = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), **kw)
    np.testing.assert_allclose(conv_transpose2d(x, w, b, **kw), expected.numpy(), atol=1e-12)


# --- the routes: pointwise, depthwise, im2col in blocks ---------------------------------------

ROUTE_CASES = [
    ("depthwise", (1, 4, 9, 9), (4, 1, 3, 3), {"padding": "tf_same", "groups": 4}),
    ("depthwise", (2, 3, 10, 9), (3, 1, 3, 3), {"stride": 2, "padding": "tf_same", "groups": 3}),
    ("depthwise", (1, 5, 11, 12), (5, 1, 5, 5), {"stride": 2, "padding": "tf_same", "groups": 5}),
    ("depthwise", (2, 4, 8, 8), (4, 1, 5, 5), {"padding": 2, "groups": 4}),
    ("depthwise", (1, 3, 9, 7), (3, 1, 3, 3), {"stride": 2, "padding": 1, "groups": 3}),
    ("depthwise", (1, 3, 8, 8), (3, 1, 5, 5), {"stride": 2, "padding": 2, "groups": 3}),
    ("depthwise", (1, 2, 10, 10), (2, 1, 3, 3), {"stride": (2, 1), "padding": (1, 3), "dilation": 2, "groups": 2}),
    ("depthwise", (1, 2, 9, 9), (2, 1, 5, 3), {"stride": 3, "dilation": (1, 2), "groups": 2}),
    ("depthwise", (1, 3, 7, 7), (3, 1, 3, 3), {"padding": "same", "dilation": 3, "groups": 3, "flip": True}),
    ("depthwise", (1, 2, 6, 6), (2, 1, 3, 3), {"stride": 2, "padding": 4, "groups": 2}),
    ("depthwise", (1, 2, 9, 8), (2, 1, 3, 4), {"stride": 2, "dilation": 2, "padding": (2, 3), "groups": 2}),
    ("depthwise", (2, 3, 11, 10), (3, 1, 5, 5), {"stride": 3, "dilation": 2, "padding": "tf_same", "groups": 3}),
    ("depthwise", (1, 1, 6, 5), (1, 1, 2, 3), {}),
    ("depthwise", (2, 3, 12), (3, 1, 5), {"stride": 2, "padding": "tf_same", "groups": 3}),
    ("depthwise", (1, 2, 5, 6, 4), (2, 1, 3, 3, 2), {"stride": (1, 2, 1), "padding": 1, "groups": 2}),
    ("pointwise", (1, 6, 5, 7), (4, 6, 1, 1), {}),
    ("pointwise", (3, 4, 6, 5), (6, 2, 1, 1), {"groups": 2, "padding": "tf_same"}),
    ("pointwise", (2, 3, 4, 4), (5, 3, 1, 1), {"dilation": 2, "padding": "same", "flip": True}),
    ("pointwise", (2, 3, 7), (4, 3, 1), {}),
    ("im2col", (2, 4, 9, 8), (6, 2, 3, 3), {"stride": 2, "padding": "tf_same", "groups": 2}),
    ("im2col", (1, 4, 8, 8), (8, 1, 3, 3), {"padding": 1, "groups": 4}),
    ("im2col", (2, 3, 10, 9), (5, 3, 3, 3), {"stride": 2, "padding": "tf_same"}),
    ("im2col", (1, 3, 9, 9), (4, 3, 1, 1), {"stride": 2}),
    ("im2col", (1, 2, 8, 9), (3, 2, 3, 2), {"padding": (2, 1), "dilation": (2, 1)}),
    ("im2col", (2, 2, 7, 6, 5), (3, 2, 2, 3, 2), {"stride": (2, 1, 1), "padding": "tf_same"}),
]
ROUTE_IDS = [f"{r}-{'x'.join(map(str, x))}-{'x'.join(map(str, w))}-{i}"
             for i, (r, x, w, _) in enumerate(ROUTE_CASES)]


def _route_cfg(x_shape, w_shape, kw, dtype=np.float64, seed=0, bias=True):
    nd = len(x_shape) - 2
    return {"nd": nd, "x_shape": x_shape, "w_shape": w_shape, "stride": kw.get("stride", 1), "padding": kw.get("padding", 0), "dilation": kw.get("dilation", 1), "groups": kw.get("groups", 1), "flip": kw.get("flip", False), "bias": bias, "dtype": dtype, "seed": seed}


@pytest.fixture(params=["shipped", "one-row-blocks,channels-inner", "whole-rows-inner"])
def tiny_blocks(request, monkeypatch):
    """Run the routes as shipped; with im2col one output row per block and every depthwise
    einsum running over the channels alone; and with whole output rows innermost."""
    if request.param == "one-row-blocks,channels-inner":
        monkeypatch.setattr(conv_route, "IM2COL_BYTES", 1)
        monkeypatch.setattr(conv_route, "ROW_CELLS", 1)
    elif request.param == "whole-rows-inner":
        monkeypatch.setattr(conv_route, "ROW_CELLS", 10**9)
    return request.param


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_route_is_chosen_by_shape(route, x_shape, w_shape, kw):
    nd = len(x_shape) - 2
    x, w = np.zeros(x_shape), np.zeros(w_shape)
    g = check_geometry(nd, x, w, kw.get("stride", 1), kw.get("padding", 0), kw.get("dilation", 1),
                       kw.get("groups", 1))
    assert conv_route.choose(x_shape[1], w_shape[0], g) == route


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_routes_match_loops(route, x_shape, w_shape, kw, dtype, tiny_blocks):
    cfg = _route_cfg(x_shape, w_shape, kw, dtype)
    x, w, b = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, b, **kw)
    assert y.dtype == dtype
    tol = 1e-4 if dtype == np.float32 else 1e-11
    np.testing.assert_allclose(y, _loops(cfg, x, w, b), rtol=tol, atol=tol)


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_routes_backward_match_finite_differences(route, x_shape, w_shape, kw, tiny_blocks):
    nd = len(x_shape) - 2
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    g = rng.standard_normal(CONV[nd](x, w, b, **kw).shape)
    def loss():
        return float(np.sum(CONV[nd](x, w, b, **kw) * g))

    gx, gw, gb = BACKWARD[nd](g, x, w, **kw)
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_routes_backward_keep_float32(route, x_shape, w_shape, kw, tiny_blocks):
    """float32 in, float32 out, and the same numbers as float64 to float32's precision."""
    nd = len(x_shape) - 2
    rng = np.random.default_rng(8)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    g = rng.standard_normal(CONV[nd](x, w, **kw).shape)
    wide = BACKWARD[nd](g, x, w, **kw)
    narrow = BACKWARD[nd](*(a.astype(np.float32) for a in (g, x, w)), **kw)
    for ours, ref in zip(narrow, wide):
        assert ours.dtype == np.float32
        np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4 * max(1.0, float(np.abs(ref).max())))


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_routes_match_torch(route, x_shape, w_shape, kw):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    nd = len(x_shape) - 2
    cfg = _route_cfg(x_shape, w_shape, kw)
    rng = np.random.default_rng(9)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    pads = _loop_padding(cfg)  # torch pads symmetrically only: pad explicitly, as TF ports do
    flat = [p for lo_hi in reversed(pads) for p in lo_hi]
    wflip = torch.flip(wt, dims=tuple(range(2, 2 + nd))) if cfg["flip"] else wt
    yt = getattr(F, f"conv{nd}d")(F.pad(xt, flat), wflip, bt, stride=cfg["stride"],
                                  dilation=cfg["dilation"], groups=cfg["groups"])
    g = rng.standard_normal(tuple(yt.shape))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(CONV[nd](x, w, b, **kw), yt.detach().numpy(), atol=1e-12)
    for ours, theirs in zip(BACKWARD[nd](g, x, w, **kw), (xt, wt, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-11)


def _channels_last(a):
    """The same values laid out with channels last (a transposed view)."""
    last = np.ascontiguousarray(a.transpose(0, *range(2, a.ndim), 1))
    return last.transpose(0, a.ndim - 1, *range(1, a.ndim - 1))


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES, ids=ROUTE_IDS)
def test_conv_routes_take_any_memory_layout(route, x_shape, w_shape, kw):
    """A channels-last input (as the depthwise route answers) gives the same numbers."""
    nd = len(x_shape) - 2
    rng = np.random.default_rng(10)
    x, w = rng.standard_normal(x_shape).astype(np.float32), rng.standard_normal(w_shape).astype(np.float32)
    y = CONV[nd](x, w, **kw)
    g = rng.standard_normal(y.shape).astype(np.float32)
    y_last = CONV[nd](_channels_last(x), w, **kw)
    np.testing.assert_allclose(y_last, y, rtol=1e-5, atol=1e-5)
    for ours, ref in zip(BACKWARD[nd](_channels_last(g), _channels_last(x), w, **kw),
                         BACKWARD[nd](g, x, w, **kw)):
        np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-5)
    # a strided view (every other sample) is an input like any other
    xs = np.repeat(x, 2, axis=0)[::2]
    np.testing.assert_allclose(CONV[nd](xs, w, **kw), y, rtol=1e-5, atol=1e-5)


def test_depthwise_answers_channels_last_and_pointwise_keeps_it():
    """EfficientNet's blocks chain depthwise and 1x1 layers without transposing between them."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((1, 8, 10, 10)).astype(np.float32)
    dw = conv2d(x, rng.standard_normal((8, 1, 3, 3)).astype(np.float32), stride=2,
                padding="tf_same", groups=8)
    assert dw.shape == (1, 8, 5, 5) and dw.transpose(0, 2, 3, 1).flags.c_contiguous
    pw = conv2d(dw, rng.standard_normal((4, 8, 1, 1)).astype(np.float32))
    assert pw.shape == (1, 4, 5, 5) and pw.dtype == np.float32
    assert pw.transpose(0, 2, 3, 1).flags.c_contiguous
    assert conv2d(x, rng.standard_normal((4, 8, 1, 1)).astype(np.float32)).flags.c_contiguous


def test_im2col_blocks_cover_every_output_row(monkeypatch):
    """Blocks of 1, 2, 3 or all rows: the same numbers, forward and backward."""
    rng = np.random.default_rng(12)
    x, w = rng.standard_normal((2, 3, 11, 9)), rng.standard_normal((4, 3, 3, 3))
    kw = {"stride": 2, "padding": "tf_same", "dilation": 1}
    g = rng.standard_normal(conv2d(x, w, **kw).shape)
    want = conv2d(x, w, **kw), *conv2d_backward(g, x, w, **kw)
    row = 2 * 3 * 9 * 5 * 8  # bytes of one output row of columns (float64)
    for rows in (1, 2, 3):
        monkeypatch.setattr(conv_route, "IM2COL_BYTES", rows * row)
        got = conv2d(x, w, **kw), *conv2d_backward(g, x, w, **kw)
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("route,x_shape,w_shape,kw", ROUTE_CASES[::4], ids=ROUTE_IDS[::4])
def test_conv_routes_take_an_empty_batch(route, x_shape, w_shape, kw):
    nd = len(x_shape) - 2
    x, w = np.zeros((0,) + x_shape[1:]), np.ones(w_shape)
    y = CONV[nd](x, w, **kw)
    assert y.shape[:2] == (0, w_shape[0])
    gx, gw, gb = BACKWARD[nd](y, x, w, **kw)
    assert gx.shape == x.shape and not gw.any() and not gb.any()


def test_place_pads_with_zeros_and_crops_what_falls_outside():
    """The depthwise route's padding: channels last, any offset, one copy."""
    from engine.window import place

    xl = np.arange(1.0, 13.0).reshape(1, 3, 4, 1)  # (N, H, W, C)
    out = place(xl, (1, -1), (5, 4))[0, :, :, 0]
    expected = np.zeros((5, 4))
    expected[1:4, 0:3] = xl[0, :, 1:, 0]
    np.testing.assert_array_equal(out, expected)
    assert not place(xl, (6, 0), (5, 4)).any()


@st.composite
def depthwise_configs(draw):
    """A depthwise convolution (groups == C_in == C_out), kernels up to 5, any padding mode."""
    nd = draw(st.sampled_from([1, 2, 2, 3]))
    max_size = {1: 14, 2: 9, 3: 5}[nd]
    c = draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, {1: 5, 2: 5, 3: 3}[nd])) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    mode = draw(st.sampled_from(["int", "valid", "same", "tf_same"]))
    stride = (1,) * nd if mode == "same" else tuple(draw(st.integers(1, 3)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 3)) for _ in range(nd)) if mode == "int" else mode
    pad_total = [2 * p for p in padding] if mode == "int" else [0] * nd
    if mode == "tf_same":
        pad_total = [10**6] * nd  # any size works
    min_size = [max(1, d * (k - 1) + 1 - t) for k, d, t in zip(kernel, dilation, pad_total)]
    spatial = tuple(draw(st.integers(lo, max(lo, max_size))) for lo in min_size)
    return dict(nd=nd, x_shape=(draw(st.integers(1, 2)), c) + spatial, w_shape=(c, 1) + kernel,
                stride=stride, padding=padding, dilation=dilation, groups=c,
                flip=draw(st.booleans()), bias=draw(st.booleans()),
                dtype=draw(st.sampled_from([np.float32, np.float64])), seed=draw(st.integers(0, 2**16)),
                row_cells=draw(st.sampled_from([1, 3, 8, 10**9])))


@settings(max_examples=80, deadline=None)
@given(depthwise_configs())
def test_depthwise_matches_loops_and_its_adjoint(cfg):
    with pytest.MonkeyPatch.context() as mp:  # every einsum run length, whatever the channels
        mp.setattr(conv_route, "ROW_CELLS", cfg["row_cells"])
        _check_depthwise(cfg)


def _check_depthwise(cfg):
    x, w, b = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, b, **_hyper(cfg))
    assert y.dtype == cfg["dtype"]
    tol = 1e-4 if cfg["dtype"] == np.float32 else 1e-10
    np.testing.assert_allclose(y, _loops(cfg, x, w, b), rtol=tol, atol=tol)
    x, w = x.astype(np.float64), w.astype(np.float64)
    y = CONV[cfg["nd"]](x, w, None, **_hyper(cfg))
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape)
    gx, gw, _ = BACKWARD[cfg["nd"]](g, x, w, **_hyper(cfg))
    inner = float(np.sum(y * g))
    np.testing.assert_allclose(np.sum(x * gx), inner, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.sum(w * gw), inner, rtol=1e-9, atol=1e-9)


# --- one test per error message -------------------------------------------------------------

X = np.zeros((1, 1, 7, 7))
W = np.zeros((1, 1, 3, 3))


def test_conv2d_rejects_kernel_larger_than_padded_input():
    with pytest.raises(ValueError, match=r"kernel 5x5 with dilation 2x2 spans 9x9, larger than the padded input 7x7"):
        conv2d(X, np.zeros((1, 1, 5, 5)), dilation=2)


def test_conv2d_rejects_kernel_larger_than_input_without_dilation():
    with pytest.raises(ValueError, match=r"^kernel 9x9 spans 9x9, larger than the padded input 7x7$"):
        conv2d(X, np.zeros((1, 1, 9, 9)))


def test_conv2d_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"conv2d expects input of shape \(N, C_in, H, W\).*got shape \(7, 7\)"):
        conv2d(np.zeros((7, 7)), W)


def test_conv2d_rejects_wrong_weight_rank():
    with pytest.raises(ValueError, match=r"conv2d expects a weight of shape \(C_out, C_in/groups, kH, kW\), got shape \(3, 3\)"):
        conv2d(X, np.zeros((3, 3)))


def test_conv2d_rejects_channel_mismatch():
    with pytest.raises(ValueError, match=r"1 channel\(s\) per group x 1 group\(s\) = 1 input channels, but the input has 3"):
        conv2d(np.zeros((1, 3, 5, 5)), W)


def test_conv2d_rejects_groups_not_dividing_kernels():
    with pytest.raises(ValueError, match=r"groups=2 must divide the 3 output channels"):
        conv2d(np.zeros((1, 2, 5, 5)), np.zeros((3, 1, 3, 3)), groups=2)


@pytest.mark.parametrize("groups", [0, 1.5, True])
def test_conv2d_rejects_bad_groups(groups):
    with pytest.raises(ValueError, match="groups must be"):
        conv2d(X, W, groups=groups)


def test_conv2d_rejects_empty_kernel():
    with pytest.raises(ValueError, match="at least one tap per axis, got 0x3"):
        conv2d(X, np.zeros((1, 1, 0, 3)))


def test_conv2d_rejects_zero_stride():
    with pytest.raises(ValueError, match="stride must be positive, got 0x0"):
        conv2d(X, W, stride=0)


def test_conv2d_rejects_zero_dilation():
    with pytest.raises(ValueError, match="dilation must be positive"):
        conv2d(X, W, dilation=(1, 0))


def test_conv2d_rejects_negative_padding():
    with pytest.raises(ValueError, match="padding must be at least 0, got -1x-1"):
        conv2d(X, W, padding=-1)


def test_conv2d_rejects_tuple_of_wrong_length():
    with pytest.raises(ValueError, match=r"stride needs 1 or 2 integers, got 3: \(1, 1, 1\)"):
        conv2d(X, W, stride=(1, 1, 1))


def test_conv2d_rejects_non_integer_hyperparameter():
    with pytest.raises(ValueError, match="stride must be an integer or a tuple of 2 integers, got 1.5"):
        conv2d(X, W, stride=1.5)


def test_conv2d_rejects_unknown_padding_word():
    with pytest.raises(ValueError, match="padding must be an integer, a tuple, 'valid', 'same', 'full' or 'tf_same', got 'circular'"):
        conv2d(X, W, padding="circular")


def test_conv2d_rejects_same_padding_with_stride():
    with pytest.raises(ValueError, match="only a stride of 1 can do; got stride 2x2"):
        conv2d(X, W, padding="same", stride=2)


def test_conv2d_rejects_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"bias needs one value per kernel, shape \(1,\), got \(2,\)"):
        conv2d(X, W, np.zeros(2))


def test_conv2d_rejects_non_array_input():
    with pytest.raises(ValueError, match="input must be a NumPy array, got list"):
        conv2d([[1.0]], W)


def test_conv2d_rejects_integer_input():
    with pytest.raises(ValueError, match="input must be float32 or float64, got int64"):
        conv2d(np.zeros((1, 1, 7, 7), dtype=np.int64), W)


def test_conv2d_rejects_mixed_dtypes():
    with pytest.raises(ValueError, match="weight is float32 but the input is float64; use one dtype"):
        conv2d(X, W.astype(np.float32))


def test_conv2d_backward_rejects_grad_output_of_wrong_shape():
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape \(1, 1, 5, 5\), got \(1, 1, 4, 4\)"):
        conv2d_backward(np.zeros((1, 1, 4, 4)), X, W)


def test_conv_transpose2d_rejects_large_output_padding():
    with pytest.raises(ValueError, match="output_padding 2x2 must be smaller than the stride 2x2 or the dilation 1x1"):
        conv_transpose2d(X, W, stride=2, output_padding=2)


def test_conv_transpose2d_rejects_channel_mismatch():
    with pytest.raises(ValueError, match="the weight has 2 input channels"):
        conv_transpose2d(X, np.zeros((2, 1, 3, 3)))


def test_conv_transpose2d_rejects_output_smaller_than_one():
    with pytest.raises(ValueError, match=r"would be -1x-1; it needs at least one cell: use less padding"):
        conv_transpose2d(np.zeros((1, 1, 1, 1)), np.zeros((1, 1, 1, 1)), padding=1)


@pytest.mark.parametrize("x_shape, w_shape, groups", [
    ((2, 3, 9, 9), (4, 3, 3, 3), 1),      # im2col: the input gradient is not computed at all
    ((2, 6, 5, 5), (6, 1, 3, 3), 6),      # depthwise
    ((2, 4, 5, 5), (3, 4, 1, 1), 1),      # pointwise
])
def test_conv_backward_without_the_input_gradient_keeps_the_weight_gradients(x_shape, w_shape, groups):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape)
    y = conv2d(x, w, groups=groups, padding=1 if w_shape[-1] == 3 else 0)
    go = rng.standard_normal(y.shape)
    pad = 1 if w_shape[-1] == 3 else 0
    gx, gw, gb = conv2d_backward(go, x, w, padding=pad, groups=groups)
    none, gw2, gb2 = conv2d_backward(go, x, w, padding=pad, groups=groups, input_grad=False)
    assert gx.shape == x.shape and none is None
    np.testing.assert_array_equal(gw2, gw)
    np.testing.assert_array_equal(gb2, gb)
