"""engine.max_pool against plain loops, finite differences and hand-worked examples; the tie rules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import pool_window
from engine.max_pool import (
    max_pool1d, max_pool1d_backward, max_pool2d, max_pool2d_backward, max_pool3d_backward,
)
from tests.reference.gradcheck import numeric_grad
from tests.engine.pool_cases import (
    MAX, MAX_BACKWARD, pool_configs, pool_input, loop_args, tolerance, GRAD_CASES,
)
from tests.reference.pool import max_pool_backward_loops, max_pool_loops


GRID = np.array([[1.0, 3.0, 2.0, 1.0],
                 [4.0, 2.0, 0.0, 1.0],
                 [1.0, 1.0, 5.0, 6.0],
                 [0.0, 2.0, 7.0, 8.0]])


@settings(max_examples=80, deadline=None)
@given(pool_configs("max"))
def test_max_pool_matches_loops(cfg):
    x = pool_input(cfg)
    y = MAX[cfg["nd"]](x, **cfg["hyper"])
    kernel, kw = loop_args(cfg["hyper"])
    assert y.dtype == cfg["dtype"]
    np.testing.assert_array_equal(y, max_pool_loops(x.astype(np.float64), kernel, **kw))


@settings(max_examples=80, deadline=None)
@given(pool_configs("max"), st.sampled_from(["first", "all", "split"]))
def test_max_pool_backward_matches_loops(cfg, ties):
    x = pool_input(cfg)
    y = MAX[cfg["nd"]](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape).astype(cfg["dtype"])
    gx = MAX_BACKWARD[cfg["nd"]](g, x, **cfg["hyper"], ties=ties)
    kernel, kw = loop_args(cfg["hyper"])
    expected = max_pool_backward_loops(g.astype(np.float64), x.astype(np.float64), kernel, **kw,
                                       ties=ties)
    assert gx.dtype == cfg["dtype"] and gx.shape == x.shape
    np.testing.assert_allclose(gx, expected, **tolerance(cfg["dtype"]))


@settings(max_examples=25, deadline=None)
@given(pool_configs("max"), st.sampled_from(["first", "all", "split"]))
def test_max_pool_blocks_of_channels_give_the_same_answer(cfg, ties):
    """The engine works through N*C in cache-sized blocks; one channel a block changes nothing."""
    x = pool_input(cfg)
    nd = cfg["nd"]
    y = MAX[nd](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"]).standard_normal(y.shape).astype(cfg["dtype"])
    gx = MAX_BACKWARD[nd](g, x, **cfg["hyper"], ties=ties)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pool_window, "BLOCK_BYTES", 1)
        np.testing.assert_array_equal(MAX[nd](x, **cfg["hyper"]), y)
        np.testing.assert_array_equal(MAX_BACKWARD[nd](g, x, **cfg["hyper"], ties=ties), gx)


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


def test_rejects_unknown_ties_rule():
    with pytest.raises(ValueError, match="ties must be 'first', 'all' or 'split', got 'random'"):
        max_pool3d_backward(np.zeros((1, 1, 1, 1, 1)), np.zeros((1, 1, 2, 2, 2)), 2, ties="random")
