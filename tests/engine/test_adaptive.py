"""engine.adaptive: adaptive average pooling against loops, finite differences and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from engine.adaptive import adaptive_avg_pool2d, adaptive_avg_pool2d_backward
from tests.reference.gradcheck import numeric_grad

CASES = [((2, 3, 7, 5), (3, 2)), ((1, 2, 6, 6), (1, 1)), ((1, 1, 4, 5), (6, 7)), ((2, 5, 5), (2, 4))]


def _loops(x, out):
    """Each output cell averages input rows floor(i*H/O)..ceil((i+1)*H/O), columns likewise."""
    oh, ow = out
    h, w = x.shape[-2:]
    y = np.zeros(x.shape[:-2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, r1 = (i * h) // oh, -(-((i + 1) * h) // oh)
            c0, c1 = (j * w) // ow, -(-((j + 1) * w) // ow)
            y[..., i, j] = x[..., r0:r1, c0:c1].mean(axis=(-1, -2))
    return y


@pytest.mark.parametrize("shape,out", CASES)
def test_adaptive_avg_pool2d_matches_loops(shape, out):
    x = np.random.default_rng(0).standard_normal(shape)
    np.testing.assert_allclose(adaptive_avg_pool2d(x, out), _loops(x, out), atol=1e-12)


@pytest.mark.parametrize("shape,out", CASES)
def test_adaptive_avg_pool2d_backward_matches_finite_differences(shape, out):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    g = rng.standard_normal(adaptive_avg_pool2d(x, out).shape)
    loss = lambda: float(np.sum(adaptive_avg_pool2d(x, out) * g))
    np.testing.assert_allclose(adaptive_avg_pool2d_backward(g, x, out), numeric_grad(loss, x),
                               atol=1e-8)


@pytest.mark.parametrize("shape,out", CASES)
def test_adaptive_avg_pool2d_matches_torch(shape, out):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.adaptive_avg_pool2d(xt, out)
    g = rng.standard_normal(tuple(yt.shape))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(adaptive_avg_pool2d(x, out), yt.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(adaptive_avg_pool2d_backward(g, x, out), xt.grad.numpy(), atol=1e-12)


def test_adaptive_avg_pool2d_keeps_float32():
    assert adaptive_avg_pool2d(np.ones((1, 1, 5, 5), np.float32), 2).dtype == np.float32


def test_adaptive_avg_pool2d_error_output_size():
    with pytest.raises(ValueError, match="output_size must be positive"):
        adaptive_avg_pool2d(np.ones((1, 1, 4, 4)), 0)


def test_adaptive_avg_pool2d_error_grad_shape():
    with pytest.raises(ValueError, match="grad_output must have the forward output's shape"):
        adaptive_avg_pool2d_backward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 4, 4)), 2)
