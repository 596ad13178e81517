"""engine.pool against plain loops, finite differences, hand-worked examples and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import pool
from engine.pool import (
    avg_pool1d, avg_pool1d_backward, avg_pool2d, avg_pool2d_backward, avg_pool3d,
    avg_pool3d_backward, max_pool1d, max_pool1d_backward, max_pool2d, max_pool2d_backward,
    max_pool3d, max_pool3d_backward,
)
from tests.reference.gradcheck import numeric_grad
from tests.reference.pool import (
    avg_pool_backward_loops, avg_pool_loops, max_pool_backward_loops, max_pool_loops,
)

MAX = {1: max_pool1d, 2: max_pool2d, 3: max_pool3d}
MAX_BACKWARD = {1: max_pool1d_backward, 2: max_pool2d_backward, 3: max_pool3d_backward}
AVG = {1: avg_pool1d, 2: avg_pool2d, 3: avg_pool3d}
AVG_BACKWARD = {1: avg_pool1d_backward, 2: avg_pool2d_backward, 3: avg_pool3d_backward}


@st.composite
def pool_configs(draw, kind="max"):
    """A valid pooling (shapes, hyperparameters, dtype), small enough for the loop references."""
    nd = draw(st.sampled_from([1, 2, 3]))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = draw(st.one_of(st.none(), st.tuples(*[st.integers(1, 3)] * nd)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd)) if kind == "max" else (1,) * nd
    # the window must fit the padded input; PyTorch's avg_pool3d also wants the kernel unpadded
    low = [max(1, d * (k - 1) + 1 - 2 * p, k if (kind, nd) == ("avg", 3) else 1)
           for k, d, p in zip(kernel, dilation, padding)]
    spatial = tuple(draw(st.integers(lo, max(lo, {1: 10, 2: 6, 3: 4}[nd]))) for lo in low)
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) + spatial
    hyper = dict(kernel_size=kernel, stride=stride, padding=padding, ceil_mode=draw(st.booleans()))
    if kind == "max":
        hyper["dilation"] = dilation
    else:
        hyper["count_include_pad"] = draw(st.booleans())
    return dict(nd=nd, shape=shape, hyper=hyper, ties=draw(st.booleans()),
                dtype=draw(st.sampled_from([np.float32, np.float64])),
                seed=draw(st.integers(0, 2**16)))


def _input(cfg):
    """Random input; with ``ties`` small integers, so windows hold equal maxima."""
    rng = np.random.default_rng(cfg["seed"])
    x = rng.integers(-2, 3, cfg["shape"]) if cfg["ties"] else rng.standard_normal(cfg["shape"])
    return x.astype(cfg["dtype"])


def _loop_args(hyper):
    """The references take the kernel positionally."""
    kw = dict(hyper)
    return kw.pop("kernel_size"), kw


def _tol(dtype):
    return dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


# --- against the loop references ------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(pool_configs("max"))
def test_max_pool_matches_loops(cfg):
    x = _input(cfg)
    y = MAX[cfg["nd"]](x, **cfg["hyper"])
    kernel, kw = _loop_args(cfg["hyper"])
    assert y.dtype == cfg["dtype"]
    np.testing.assert_array_equal(y, max_pool_loops(x.astype(np.float64), kernel, **kw))


@settings(max_examples=80, deadline=None)
@given(pool_configs("max"), st.sampled_from(["first", "all", "split"]))
def test_max_pool_backward_matches_loops(cfg, ties):
    x = _input(cfg)
    y = MAX[cfg["nd"]](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape).astype(cfg["dtype"])
    gx = MAX_BACKWARD[cfg["nd"]](g, x, **cfg["hyper"], ties=ties)
    kernel, kw = _loop_args(cfg["hyper"])
    expected = max_pool_backward_loops(g.astype(np.float64), x.astype(np.float64), kernel, **kw,
                                       ties=ties)
    assert gx.dtype == cfg["dtype"] and gx.shape == x.shape
    np.testing.assert_allclose(gx, expected, **_tol(cfg["dtype"]))


@settings(max_examples=80, deadline=None)
@given(pool_configs("avg"))
def test_avg_pool_matches_loops(cfg):
    x = _input(cfg)
    y = AVG[cfg["nd"]](x, **cfg["hyper"])
    kernel, kw = _loop_args(cfg["hyper"])
    assert y.dtype == cfg["dtype"]
    np.testing.assert_allclose(y, avg_pool_loops(x.astype(np.float64), kernel, **kw),
                               **_tol(cfg["dtype"]))


@settings(max_examples=80, deadline=None)
@given(pool_configs("avg"))
def test_avg_pool_backward_matches_loops(cfg):
    x = _input(cfg)
    y = AVG[cfg["nd"]](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape).astype(cfg["dtype"])
    gx = AVG_BACKWARD[cfg["nd"]](g, x, **cfg["hyper"])
    kernel, kw = _loop_args(cfg["hyper"])
    assert gx.dtype == cfg["dtype"] and gx.shape == x.shape
    np.testing.assert_allclose(gx, avg_pool_backward_loops(g.astype(np.float64), x, kernel, **kw),
                               **_tol(cfg["dtype"]))


@settings(max_examples=25, deadline=None)
@given(pool_configs("max"), st.sampled_from(["first", "all", "split"]))
def test_max_pool_blocks_of_channels_give_the_same_answer(cfg, ties):
    """The engine works through N*C in cache-sized blocks; one channel a block changes nothing."""
    x = _input(cfg)
    nd = cfg["nd"]
    y = MAX[nd](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"]).standard_normal(y.shape).astype(cfg["dtype"])
    gx = MAX_BACKWARD[nd](g, x, **cfg["hyper"], ties=ties)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pool, "BLOCK_BYTES", 1)
        np.testing.assert_array_equal(MAX[nd](x, **cfg["hyper"]), y)
        np.testing.assert_array_equal(MAX_BACKWARD[nd](g, x, **cfg["hyper"], ties=ties), gx)


def test_avg_pool_blocks_of_channels_give_the_same_answer(monkeypatch):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 4, 7, 6))
    kw = dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    y = avg_pool2d(x, **kw)
    g = rng.standard_normal(y.shape)
    gx = avg_pool2d_backward(g, x, **kw)
    monkeypatch.setattr(pool, "BLOCK_BYTES", 1)
    np.testing.assert_array_equal(avg_pool2d(x, **kw), y)
    np.testing.assert_array_equal(avg_pool2d_backward(g, x, **kw), gx)


# --- finite differences ----------------------------------------------------------------------

GRAD_CASES = [
    (1, (2, 2, 9), dict(kernel_size=3, stride=2, padding=1)),
    (2, (1, 2, 5, 6), dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1), ceil_mode=True)),
    (2, (2, 1, 6, 6), dict(kernel_size=3, stride=1)),
    (3, (1, 1, 4, 3, 4), dict(kernel_size=2, stride=(2, 1, 2), padding=(1, 0, 1))),
]


@pytest.mark.parametrize("nd,shape,kw", GRAD_CASES)
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool_backward_matches_finite_differences(nd, shape, kw, count_include_pad):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape)
    kw = dict(kw, count_include_pad=count_include_pad)
    g = rng.standard_normal(AVG[nd](x, **kw).shape)
    loss = lambda: float(np.sum(AVG[nd](x, **kw) * g))  # noqa: E731
    np.testing.assert_allclose(AVG_BACKWARD[nd](g, x, **kw), numeric_grad(loss, x),
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("nd,shape,kw", GRAD_CASES + [
    (2, (1, 2, 7, 7), dict(kernel_size=2, stride=2, padding=1, dilation=2, ceil_mode=True)),
])
def test_max_pool_backward_matches_finite_differences_without_ties(nd, shape, kw):
    """Distinct values 0.01 apart: the maximum is unique and eps never changes it."""
    rng = np.random.default_rng(8)
    x = rng.permutation(np.prod(shape)).reshape(shape) * 0.01
    g = rng.standard_normal(MAX[nd](x, **kw).shape)
    loss = lambda: float(np.sum(MAX[nd](x, **kw) * g))  # noqa: E731
    numeric = numeric_grad(loss, x)
    for ties in ("first", "all", "split"):
        np.testing.assert_allclose(MAX_BACKWARD[nd](g, x, **kw, ties=ties), numeric,
                                   rtol=1e-6, atol=1e-8)


# --- hand-worked examples ----------------------------------------------------------------------

GRID = np.array([[1.0, 3.0, 2.0, 1.0],
                 [4.0, 2.0, 0.0, 1.0],
                 [1.0, 1.0, 5.0, 6.0],
                 [0.0, 2.0, 7.0, 8.0]])


def test_max_pool2d_2x2_stride_2_halves_height_and_width_and_keeps_channels():
    x = np.stack([GRID + 10 * c for c in range(3)])[None]  # (1, 3, 4, 4)
    y = max_pool2d(x, 2)
    assert y.shape == (1, 3, 2, 2)
    for c in range(3):
        np.testing.assert_array_equal(y[0, c], np.array([[4.0, 2.0], [2.0, 8.0]]) + 10 * c)


def test_max_pool2d_backward_sends_gradient_to_each_maximum():
    g = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    expected = np.zeros((4, 4))
    expected[1, 0], expected[0, 2], expected[3, 1], expected[3, 3] = 1.0, 2.0, 3.0, 4.0
    np.testing.assert_array_equal(max_pool2d_backward(g, GRID[None, None], 2)[0, 0], expected)


@pytest.mark.parametrize("ties,expected", [
    ("first", [[1.0, 0.0], [0.0, 0.0]]),
    ("all", [[1.0, 1.0], [0.0, 1.0]]),
    ("split", [[1 / 3, 1 / 3], [0.0, 1 / 3]]),
])
def test_max_pool2d_backward_tie_rules_on_three_equal_maxima(ties, expected):
    x = np.array([[[[1.0, 1.0], [0.0, 1.0]]]])
    gx = max_pool2d_backward(np.ones((1, 1, 1, 1)), x, 2, ties=ties)
    np.testing.assert_allclose(gx[0, 0], expected, rtol=1e-15)


def test_max_pool1d_overlapping_windows_accumulate_on_a_shared_maximum():
    x = np.array([[[0.0, 1.0, 5.0, 2.0, 3.0]]])
    assert max_pool1d(x, 3, stride=1).tolist() == [[[5.0, 5.0, 5.0]]]
    gx = max_pool1d_backward(np.array([[[1.0, 2.0, 4.0]]]), x, 3, stride=1)
    assert gx.tolist() == [[[0.0, 0.0, 7.0, 0.0, 0.0]]]


def test_max_pool2d_overlapping_windows_accumulate_in_2d():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 2] = 9.0  # inside all four 3x3 windows at stride 1
    g = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    gx = max_pool2d_backward(g, x, 3, stride=1)
    assert gx[0, 0, 1, 2] == 10.0 and gx.sum() == 10.0


def test_avg_pool2d_ceil_mode_divides_border_windows_by_fewer_cells():
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    y = avg_pool2d(x, 2, ceil_mode=True)  # ceil((5 - 2) / 2) + 1 = 3 windows per axis
    assert y.shape == (1, 1, 3, 3)
    assert y[0, 0, 0, 0] == (0 + 1 + 5 + 6) / 4
    assert y[0, 0, 0, 2] == (4 + 9) / 2  # a 2x1 window: the column past the edge is not counted
    assert y[0, 0, 2, 0] == (20 + 21) / 2
    assert y[0, 0, 2, 2] == 24.0  # the corner window holds one cell
    gx = avg_pool2d_backward(np.ones((1, 1, 3, 3)), x, 2, ceil_mode=True)
    np.testing.assert_array_equal(gx[0, 0, 4], [0.5, 0.5, 0.5, 0.5, 1.0])


def test_avg_pool2d_count_include_pad_true_and_false():
    x = np.ones((1, 1, 3, 3))
    # each 3x3 window at stride 2 with padding 1 holds 4 input cells and 5 padding cells
    np.testing.assert_allclose(avg_pool2d(x, 3, 2, 1, count_include_pad=True),
                               np.full((1, 1, 2, 2), 4 / 9))
    np.testing.assert_array_equal(avg_pool2d(x, 3, 2, 1, count_include_pad=False),
                                  np.ones((1, 1, 2, 2)))
    gx = avg_pool2d_backward(np.ones((1, 1, 2, 2)), x, 3, 2, 1, count_include_pad=False)
    np.testing.assert_allclose(gx[0, 0], [[1 / 4, 1 / 2, 1 / 4],
                                          [1 / 2, 1.0, 1 / 2],
                                          [1 / 4, 1 / 2, 1 / 4]])


def test_avg_pool1d_ceil_window_past_the_right_padding_divides_by_fewer_cells():
    """start = o*S - P, end = min(start + K, H + P): the last window ends at the padding."""
    x = np.ones((1, 1, 4))
    # windows [-1, 2), [1, 4), [3, 5): sizes 3, 3, 2, holding 2, 3, 1 input cells
    np.testing.assert_allclose(avg_pool1d(x, 3, 2, 1, ceil_mode=True), [[[2 / 3, 1.0, 1 / 2]]])
    np.testing.assert_allclose(avg_pool1d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
                               [[[1.0, 1.0, 1.0]]])


def test_max_pool_padding_is_never_the_maximum():
    x = -np.ones((1, 1, 2, 2))
    np.testing.assert_array_equal(max_pool2d(x, 2, 1, 1), -np.ones((1, 1, 3, 3)))


def test_max_pool_window_entirely_in_padding_gives_minus_infinity_and_no_gradient():
    # taps at -1 and 2 (dilation 3) both miss a 2-cell input
    x = np.array([[[1.0, 2.0]]])
    assert max_pool1d(x, 2, 1, 1, dilation=3).tolist() == [[[-np.inf]]]
    gx = max_pool1d_backward(np.ones((1, 1, 1)), x, 2, 1, 1, dilation=3)
    assert gx.tolist() == [[[0.0, 0.0]]]


def test_max_pool_backward_routes_an_infinite_gradient_to_the_maximum_only():
    x = np.array([[[1.0, 3.0, 2.0, 0.0]]])
    gx = max_pool1d_backward(np.array([[[np.inf, 1.0]]]), x, 2)
    assert gx.tolist() == [[[0.0, np.inf, 1.0, 0.0]]]


def test_max_pool_with_nan_follows_pytorch():
    """A NaN is the maximum of its window; the gradient goes to the window's last NaN."""
    x = np.array([[[np.nan, 1.0, np.nan, 0.0, 2.0, 1.0]]])
    y = max_pool1d(x, 3)
    assert np.isnan(y[0, 0, 0]) and y[0, 0, 1] == 2.0
    assert max_pool1d_backward(np.ones((1, 1, 2)), x, 3).tolist() == [
        [[0.0, 0.0, 1.0, 0.0, 1.0, 0.0]]]
    assert max_pool1d_backward(np.ones((1, 1, 2)), x, 3, ties="split").tolist() == [
        [[0.5, 0.0, 0.5, 0.0, 1.0, 0.0]]]


def test_stride_defaults_to_the_kernel():
    x = np.random.default_rng(0).standard_normal((2, 7, 9))
    np.testing.assert_array_equal(max_pool2d(x, (2, 3)), max_pool2d(x, (2, 3), stride=(2, 3)))
    np.testing.assert_array_equal(avg_pool2d(x, 2, stride=[]), avg_pool2d(x, 2, 2))


def test_unbatched_input_answers_unbatched():
    x = np.random.default_rng(1).standard_normal((3, 6, 6)).astype(np.float32)
    for fwd, bwd in ((max_pool2d, max_pool2d_backward), (avg_pool2d, avg_pool2d_backward)):
        y = fwd(x, 2)
        assert y.shape == (3, 3, 3) and y.dtype == np.float32
        gx = bwd(np.ones_like(y), x, 2)
        assert gx.shape == x.shape and gx.dtype == np.float32
        np.testing.assert_array_equal(gx, bwd(np.ones_like(y)[None], x[None], 2)[0])


def test_non_contiguous_input_is_pooled_like_its_copy():
    x = np.random.default_rng(2).standard_normal((5, 6, 2, 3)).transpose(2, 3, 0, 1)  # (2, 3, 5, 6)
    for fwd, bwd in ((max_pool2d, max_pool2d_backward), (avg_pool2d, avg_pool2d_backward)):
        y = fwd(x, 2, 1, 1)
        np.testing.assert_array_equal(y, fwd(np.ascontiguousarray(x), 2, 1, 1))
        np.testing.assert_array_equal(bwd(np.ones_like(y), x, 2, 1, 1),
                                      bwd(np.ones_like(y), np.ascontiguousarray(x), 2, 1, 1))


def test_kernel_1_stride_1_returns_a_copy():
    x = np.ones((1, 1, 3, 3))
    y = max_pool2d(x, 1)
    y[...] = 5.0
    assert x.sum() == 9.0 and avg_pool2d(x, 1).sum() == 9.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("nd", [1, 2, 3])
def test_every_function_keeps_the_dtype(nd, dtype):
    x = np.random.default_rng(3).standard_normal((1, 2) + (4,) * nd).astype(dtype)
    for fwd, bwd in ((MAX[nd], MAX_BACKWARD[nd]), (AVG[nd], AVG_BACKWARD[nd])):
        y = fwd(x, 2, padding=1)
        assert y.dtype == dtype
        assert bwd(np.ones_like(y), x, 2, padding=1).dtype == dtype
    g = np.ones_like(MAX[nd](x, 2, padding=1))
    for ties in ("all", "split"):
        assert MAX_BACKWARD[nd](g, x, 2, padding=1, ties=ties).dtype == dtype


# --- PyTorch as an oracle ----------------------------------------------------------------------


class TestAgainstTorch:
    """Forward values and ``ties="first"`` gradients equal PyTorch's autograd."""

    @pytest.fixture(autouse=True)
    def _torch(self):
        self.torch = pytest.importorskip("torch")
        self.F = self.torch.nn.functional

    def _autograd(self, fn, x, **kw):
        xt = self.torch.tensor(x, requires_grad=True)
        yt = fn(xt, **kw)
        g = np.random.default_rng(0).standard_normal(tuple(yt.shape)).astype(x.dtype)
        yt.backward(self.torch.tensor(g))
        return yt.detach().numpy(), g, xt.grad.numpy()

    @settings(max_examples=60, deadline=None)
    @given(cfg=pool_configs("max"))
    def test_max_pool_matches_torch(self, cfg):
        x, nd, kw = _input(cfg), cfg["nd"], cfg["hyper"]
        # PyTorch writes out of bounds for a window made only of padding: keep away from it
        assume(np.isfinite(MAX[nd](x, **kw)).all())
        y, g, gx = self._autograd(getattr(self.F, f"max_pool{nd}d"), x, **kw)
        np.testing.assert_array_equal(MAX[nd](x, **kw), y)
        np.testing.assert_allclose(MAX_BACKWARD[nd](g, x, **kw), gx, **_tol(cfg["dtype"]))

    @settings(max_examples=60, deadline=None)
    @given(cfg=pool_configs("avg"))
    def test_avg_pool_matches_torch(self, cfg):
        x, nd, kw = _input(cfg), cfg["nd"], cfg["hyper"]
        y, g, gx = self._autograd(getattr(self.F, f"avg_pool{nd}d"), x, **kw)
        np.testing.assert_allclose(AVG[nd](x, **kw), y, **_tol(cfg["dtype"]))
        np.testing.assert_allclose(AVG_BACKWARD[nd](g, x, **kw), gx, **_tol(cfg["dtype"]))

    @pytest.mark.parametrize("kw", [
        dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
        dict(kernel_size=(3, 2), stride=(2, 1), padding=1, dilation=(1, 2), ceil_mode=True),
        dict(kernel_size=2, stride=1, dilation=3),
    ])
    def test_max_pool2d_larger_input_matches_torch(self, kw):
        x = np.random.default_rng(1).standard_normal((2, 5, 17, 13)).astype(np.float32)
        x[:, :, ::3] = np.round(x[:, :, ::3])  # some ties
        y, g, gx = self._autograd(self.F.max_pool2d, x, **kw)
        np.testing.assert_array_equal(max_pool2d(x, **kw), y)
        # overlapping windows add float32 gradients, in another order than PyTorch
        np.testing.assert_allclose(max_pool2d_backward(g, x, **kw), gx, rtol=1e-6, atol=1e-6)

    def test_nan_and_minus_infinity_match_torch(self):
        x = np.array([[[[np.nan, 1.0, 0.0], [np.nan, -np.inf, 2.0], [-np.inf, -np.inf, 3.0]]]])
        for kw in (dict(kernel_size=2, stride=1, padding=1), dict(kernel_size=3, padding=1)):
            y, g, gx = self._autograd(self.F.max_pool2d, x, **kw)
            np.testing.assert_array_equal(max_pool2d(x, **kw), y)
            np.testing.assert_array_equal(max_pool2d_backward(g, x, **kw), gx)

    @pytest.mark.parametrize("op,shape,kw", [
        ("max_pool2d", (1, 1, 7, 7), dict(kernel_size=0)),
        ("max_pool2d", (1, 1, 7, 7), dict(kernel_size=2, stride=0)),
        ("max_pool2d", (1, 1, 7, 7), dict(kernel_size=2, dilation=0)),
        ("max_pool2d", (1, 1, 7, 7), dict(kernel_size=2, padding=-1)),
        ("max_pool2d", (1, 1, 7, 7), dict(kernel_size=3, padding=2)),
        ("avg_pool2d", (1, 1, 7, 7), dict(kernel_size=3, padding=2)),
        ("max_pool2d", (1, 1, 3, 3), dict(kernel_size=5)),
        ("max_pool2d", (1, 0, 4, 4), dict(kernel_size=2)),
        ("max_pool1d", (4, 4, 4, 4), dict(kernel_size=2)),
        ("avg_pool3d", (1, 1, 2, 5, 5), dict(kernel_size=3, padding=1)),
    ])
    def test_torch_rejects_what_the_engine_rejects(self, op, shape, kw):
        x = np.ones(shape)
        with pytest.raises(ValueError):
            getattr(pool, op)(x, **kw)
        with pytest.raises((RuntimeError, ValueError)):
            getattr(self.F, op)(self.torch.tensor(x), **kw)


# --- one test per error message ----------------------------------------------------------------

X = np.zeros((1, 1, 7, 7))


def test_rejects_zero_kernel():
    with pytest.raises(ValueError, match="kernel_size must be positive, got 0x0"):
        max_pool2d(X, 0)


def test_rejects_zero_stride():
    with pytest.raises(ValueError, match="stride must be positive, got 1x0"):
        avg_pool2d(X, 2, stride=(1, 0))


def test_rejects_zero_dilation():
    with pytest.raises(ValueError, match="dilation must be positive, got 0"):
        max_pool1d(X[0], 2, dilation=0)


def test_rejects_negative_padding():
    with pytest.raises(ValueError, match="padding must be at least 0, got -1x-1"):
        max_pool2d(X, 2, padding=-1)


def test_rejects_padding_over_half_the_kernel():
    with pytest.raises(ValueError, match="pooling padding 2x2 is more than half the kernel 3x3"):
        avg_pool2d(X, 3, padding=2)


def test_rejects_window_larger_than_padded_input():
    with pytest.raises(ValueError, match="pooling window 5x5 with dilation 2x2 spans 9x9, larger "
                                         "than the padded input 7x7"):
        max_pool2d(X, 5, dilation=2)


def test_rejects_window_larger_than_input_even_in_ceil_mode():
    with pytest.raises(ValueError, match="pooling window 5 spans 5, larger than the padded "
                                         "input 4"):
        max_pool1d(np.zeros((1, 4)), 5, stride=2, ceil_mode=True)


def test_rejects_kernel_tuple_of_wrong_length():
    with pytest.raises(ValueError, match=r"kernel_size needs 1 or 2 integers, got 3: \(2, 2, 2\)"):
        max_pool2d(X, (2, 2, 2))


def test_rejects_non_integer_stride():
    with pytest.raises(ValueError, match="stride must be an integer or a tuple of 2 integers, "
                                         "got 1.5"):
        max_pool2d(X, 2, stride=1.5)


def test_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"max_pool2d expects input of shape \(N, C, H, W\) or "
                                         r"without the batch axis, got shape \(7, 7\) \(2 axes\)"):
        max_pool2d(np.zeros((7, 7)), 2)


def test_rejects_wrong_input_rank_3d():
    with pytest.raises(ValueError, match=r"avg_pool3d expects input of shape \(N, C, D, H, W\)"):
        avg_pool3d(np.zeros((7, 7)), 2)


def test_rejects_input_without_channels_or_cells():
    with pytest.raises(ValueError, match=r"max_pool2d needs at least one channel and one cell "
                                         r"along every spatial axis, got shape \(1, 0, 4, 4\)"):
        max_pool2d(np.zeros((1, 0, 4, 4)), 2)


def test_rejects_avg_pool3d_input_smaller_than_kernel():
    with pytest.raises(ValueError, match="avg_pool3d needs an input at least as large as the "
                                         "kernel 3x3x3 before padding .* got 2x5x5"):
        avg_pool3d(np.zeros((1, 2, 5, 5)), 3, padding=1)


def test_rejects_non_array_input():
    with pytest.raises(ValueError, match="input must be a NumPy array, got list"):
        max_pool1d([[1.0, 2.0]], 2)


def test_rejects_integer_input():
    with pytest.raises(ValueError, match="input must be float32 or float64, got int64"):
        avg_pool2d(np.zeros((1, 4, 4), dtype=np.int64), 2)


def test_rejects_integer_grad_output():
    with pytest.raises(ValueError, match="grad_output must be float32 or float64, got int64"):
        max_pool2d_backward(np.zeros((1, 1, 3, 3), dtype=np.int64), X, 2)


def test_rejects_grad_output_of_another_dtype():
    with pytest.raises(ValueError, match="grad_output is float32 but the input is float64; "
                                         "use one dtype"):
        avg_pool2d_backward(np.zeros((1, 1, 3, 3), np.float32), X, 2)


def test_rejects_grad_output_of_wrong_shape():
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape "
                                         r"\(1, 1, 3, 3\), got \(1, 1, 2, 2\)"):
        max_pool2d_backward(np.zeros((1, 1, 2, 2)), X, 2)


def test_rejects_grad_output_of_wrong_shape_unbatched():
    with pytest.raises(ValueError, match=r"shape \(1, 3\), got \(1, 4\)"):
        avg_pool1d_backward(np.zeros((1, 4)), np.zeros((1, 7)), 2)


def test_rejects_unknown_ties_rule():
    with pytest.raises(ValueError, match="ties must be 'first', 'all' or 'split', got 'random'"):
        max_pool3d_backward(np.zeros((1, 1, 1, 1, 1)), np.zeros((1, 1, 2, 2, 2)), 2, ties="random")
