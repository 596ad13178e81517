"""The routes a convolution takes by its shape (pointwise, depthwise, im2col in blocks): each
against plain loops, finite differences and (when installed) PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import conv_route
from engine.conv import (
    check_geometry,
    conv1d,
    conv1d_backward,
    conv2d,
    conv2d_backward,
    conv3d,
    conv3d_backward,
)
from tests.engine.test_conv import _arrays, _hyper, _loop_padding, _loops
from tests.reference.gradcheck import numeric_grad

CONV = {1: conv1d, 2: conv2d, 3: conv3d}
BACKWARD = {1: conv1d_backward, 2: conv2d_backward, 3: conv3d_backward}


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
    # stride 1 and C_out <= C_in: the input gradient is a correlation (CORRELATING below)
    ("im2col", (2, 4, 9, 8), (3, 4, 3, 3), {"padding": 1}),
    ("im2col", (1, 4, 10, 9), (4, 2, 3, 2), {"padding": (2, 1), "dilation": (2, 1), "groups": 2}),
    ("im2col", (2, 5, 8, 8), (5, 5, 3, 3), {"padding": "tf_same", "flip": True}),
    ("im2col", (2, 4, 12), (4, 4, 5), {"padding": "same", "dilation": 2}),
    ("im2col", (1, 3, 5, 6, 4), (2, 3, 2, 3, 2), {"padding": "same"}),
    ("im2col", (1, 3, 9, 9), (2, 3, 3, 3), {"padding": 3}),  # padded beyond the kernel: col2im
]
CORRELATING = {len(ROUTE_CASES) - 6 + i: i < 5 for i in range(6)}
"""Which of the last cases compute their input gradient as a correlation."""
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


@pytest.mark.parametrize("case", sorted(CORRELATING))
def test_stride_1_input_gradients_correlate_where_the_shape_favours_it(case):
    """The cases above that should take the correlation do (and match loops, finite
    differences and torch there); a layer padded beyond its kernel, one with more output than
    input channels, or a thin one (512 channels at 7x7) keeps col2im."""
    _, x_shape, w_shape, kw = ROUTE_CASES[case]
    nd = len(x_shape) - 2
    x, w = np.zeros(x_shape), np.zeros(w_shape)
    g = check_geometry(nd, x, w, 1, kw.get("padding", 0), kw.get("dilation", 1), kw.get("groups", 1))
    assert (conv_route._correlation_pads(w, x_shape, g) is not None) == CORRELATING[case]
    for x_shape, w_shape in (((1, 2, 8, 8), (4, 2, 3, 3)), ((1, 512, 7, 7), (512, 512, 3, 3))):
        x, w = np.zeros(x_shape), np.zeros(w_shape)
        g = check_geometry(2, x, w, 1, 1, 1, 1)
        assert conv_route._correlation_pads(w, x_shape, g) is None


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
