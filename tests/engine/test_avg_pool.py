"""engine.avg_pool against plain loops, finite differences and hand-worked border divisors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from engine import pool_window
from engine.avg_pool import avg_pool1d, avg_pool2d, avg_pool2d_backward, avg_pool3d
from tests.reference.gradcheck import numeric_grad
from tests.engine.pool_cases import (
    AVG, AVG_BACKWARD, pool_configs, pool_input, loop_args, tolerance, GRAD_CASES,
)
from tests.reference.pool import avg_pool_backward_loops, avg_pool_loops


@settings(max_examples=80, deadline=None)
@given(pool_configs("avg"))
def test_avg_pool_matches_loops(cfg):
    x = pool_input(cfg)
    y = AVG[cfg["nd"]](x, **cfg["hyper"])
    kernel, kw = loop_args(cfg["hyper"])
    assert y.dtype == cfg["dtype"]
    np.testing.assert_allclose(y, avg_pool_loops(x.astype(np.float64), kernel, **kw),
                               **tolerance(cfg["dtype"]))


@settings(max_examples=80, deadline=None)
@given(pool_configs("avg"))
def test_avg_pool_backward_matches_loops(cfg):
    x = pool_input(cfg)
    y = AVG[cfg["nd"]](x, **cfg["hyper"])
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape).astype(cfg["dtype"])
    gx = AVG_BACKWARD[cfg["nd"]](g, x, **cfg["hyper"])
    kernel, kw = loop_args(cfg["hyper"])
    assert gx.dtype == cfg["dtype"] and gx.shape == x.shape
    np.testing.assert_allclose(gx, avg_pool_backward_loops(g.astype(np.float64), x, kernel, **kw),
                               **tolerance(cfg["dtype"]))


def test_avg_pool_blocks_of_channels_give_the_same_answer(monkeypatch):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 4, 7, 6))
    kw = dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    y = avg_pool2d(x, **kw)
    g = rng.standard_normal(y.shape)
    gx = avg_pool2d_backward(g, x, **kw)
    monkeypatch.setattr(pool_window, "BLOCK_BYTES", 1)
    np.testing.assert_array_equal(avg_pool2d(x, **kw), y)
    np.testing.assert_array_equal(avg_pool2d_backward(g, x, **kw), gx)


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


def test_rejects_avg_pool3d_input_smaller_than_kernel():
    with pytest.raises(ValueError, match="avg_pool3d needs an input at least as large as the "
                                         "kernel 3x3x3 before padding .* got 2x5x5"):
        avg_pool3d(np.zeros((1, 2, 5, 5)), 3, padding=1)
