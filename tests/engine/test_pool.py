"""Pooling in general (engine.pool_window): layouts, dtypes, every rejected argument, and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings

from engine import pool
from engine.pool import (
    avg_pool1d_backward, avg_pool2d, avg_pool2d_backward, avg_pool3d, max_pool1d, max_pool2d,
    max_pool2d_backward,
)
from tests.engine.pool_cases import (
    MAX, MAX_BACKWARD, AVG, AVG_BACKWARD, pool_configs, pool_input, tolerance,
)


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
        x, nd, kw = pool_input(cfg), cfg["nd"], cfg["hyper"]
        # PyTorch writes out of bounds for a window made only of padding: keep away from it
        assume(np.isfinite(MAX[nd](x, **kw)).all())
        y, g, gx = self._autograd(getattr(self.F, f"max_pool{nd}d"), x, **kw)
        np.testing.assert_array_equal(MAX[nd](x, **kw), y)
        np.testing.assert_allclose(MAX_BACKWARD[nd](g, x, **kw), gx, **tolerance(cfg["dtype"]))

    @settings(max_examples=60, deadline=None)
    @given(cfg=pool_configs("avg"))
    def test_avg_pool_matches_torch(self, cfg):
        x, nd, kw = pool_input(cfg), cfg["nd"], cfg["hyper"]
        y, g, gx = self._autograd(getattr(self.F, f"avg_pool{nd}d"), x, **kw)
        np.testing.assert_allclose(AVG[nd](x, **kw), y, **tolerance(cfg["dtype"]))
        np.testing.assert_allclose(AVG_BACKWARD[nd](g, x, **kw), gx, **tolerance(cfg["dtype"]))

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
