"""engine.norm: batch norm against finite differences, hand-made statistics and (if installed) PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from engine.norm import batch_norm, batch_norm_backward, batch_norm_update
from tests.reference.gradcheck import numeric_grad


def _arrays(shape=(3, 2, 4, 5), seed=0):
    rng = np.random.default_rng(seed)
    c = shape[1]
    return (rng.standard_normal(shape) * 2 + 1, rng.standard_normal(c), rng.uniform(0.5, 2, c),
            rng.standard_normal(c), rng.standard_normal(c), rng.standard_normal(shape))


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(3, 2, 4, 5), (5, 3)])
def test_batch_norm_backward_matches_finite_differences(training, shape):
    x, rm, rv, w, b, g = _arrays(shape)
    loss = lambda: float(np.sum(batch_norm(x, rm, rv, w, b, training, 1e-5) * g))
    gx, gw, gb = batch_norm_backward(g, x, rm, rv, w, training, 1e-5)
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


def test_batch_norm_training_output_has_zero_mean_unit_variance_per_channel():
    x, rm, rv, *_ = _arrays()
    y = batch_norm(x, rm, rv, training=True, eps=0.0 + 1e-12)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1, atol=1e-9)


def test_batch_norm_inference_uses_the_running_statistics():
    x = np.full((1, 1, 2, 2), 5.0)
    y = batch_norm(x, np.array([1.0]), np.array([4.0]), np.array([3.0]), np.array([0.5]), eps=0.0)
    np.testing.assert_allclose(y, 3 * (5 - 1) / 2 + 0.5)


def test_batch_norm_keeps_float32():
    x, rm, rv, w, b, g = (a.astype(np.float32) for a in _arrays())
    assert batch_norm(x, rm, rv, w, b, True).dtype == np.float32
    assert all(a.dtype == np.float32 for a in batch_norm_backward(g, x, rm, rv, w, True))


def test_batch_norm_update_is_torch_momentum_with_unbiased_variance():
    x, rm, rv, *_ = _arrays()
    m, v = batch_norm_update(x, rm, rv, 0.1)
    np.testing.assert_allclose(m, 0.9 * rm + 0.1 * x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(v, 0.9 * rv + 0.1 * x.var(axis=(0, 2, 3), ddof=1))


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_matches_torch(training):
    torch = pytest.importorskip("torch")
    x, rm, rv, w, b, g = _arrays()
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    rmt, rvt = torch.tensor(rm), torch.tensor(rv)
    yt = torch.nn.functional.batch_norm(xt, rmt, rvt, wt, bt, training, 0.1, 1e-5)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(batch_norm(x, rm, rv, w, b, training), yt.detach().numpy(), atol=1e-12)
    for ours, theirs in zip(batch_norm_backward(g, x, rm, rv, w, training), (xt, wt, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)
    if training:  # torch updated its running statistics in place
        for ours, theirs in zip(batch_norm_update(x, rm, rv, 0.1), (rmt, rvt)):
            np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-12)


def test_batch_norm_error_without_batch_axis():
    with pytest.raises(ValueError, match="needs|expects input of shape \\(N, C"):
        batch_norm(np.zeros(3), np.zeros(3), np.ones(3))


def test_batch_norm_error_running_statistics_per_channel():
    with pytest.raises(ValueError, match="running_mean needs one value per channel, shape \\(2,\\)"):
        batch_norm(np.zeros((2, 2, 3, 3)), np.zeros(3), np.ones(2))


def test_batch_norm_error_one_value_per_channel_in_training():
    with pytest.raises(ValueError, match="more than one value per channel"):
        batch_norm(np.zeros((1, 2)), np.zeros(2), np.ones(2), training=True)


def test_batch_norm_error_weight_shape():
    with pytest.raises(ValueError, match="weight needs one value per channel"):
        batch_norm(np.zeros((2, 2)), np.zeros(2), np.ones(2), weight=np.ones(3))


def test_batch_norm_update_error_momentum():
    with pytest.raises(ValueError, match="momentum must be between 0 and 1"):
        batch_norm_update(np.zeros((2, 2)), np.zeros(2), np.ones(2), 1.5)
