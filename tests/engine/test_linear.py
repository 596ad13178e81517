"""engine.linear against plain loops, finite differences and (when installed) PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.linear import flatten, flatten_backward, linear, linear_backward
from tests.reference.dense import linear_backward_loops, linear_loops
from tests.reference.gradcheck import numeric_grad


@st.composite
def linear_configs(draw):
    """Input ``(*, in_features)`` with 0 to 2 batch axes, a weight, maybe a bias, a dtype."""
    batch = tuple(draw(st.lists(st.integers(1, 4), max_size=2)))
    return dict(batch=batch, in_features=draw(st.integers(1, 6)), out_features=draw(st.integers(1, 5)),
                bias=draw(st.booleans()), dtype=draw(st.sampled_from([np.float32, np.float64])),
                seed=draw(st.integers(0, 2**16)))


def _arrays(cfg):
    rng = np.random.default_rng(cfg["seed"])
    x = rng.standard_normal(cfg["batch"] + (cfg["in_features"],)).astype(cfg["dtype"])
    w = rng.standard_normal((cfg["out_features"], cfg["in_features"])).astype(cfg["dtype"])
    b = rng.standard_normal(cfg["out_features"]).astype(cfg["dtype"]) if cfg["bias"] else None
    g = rng.standard_normal(cfg["batch"] + (cfg["out_features"],)).astype(cfg["dtype"])
    return x, w, b, g


def _tol(dtype):
    return dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(linear_configs())
def test_linear_matches_loops(cfg):
    x, w, b, _ = _arrays(cfg)
    y = linear(x, w, b)
    assert y.dtype == cfg["dtype"] and y.shape == cfg["batch"] + (cfg["out_features"],)
    np.testing.assert_allclose(y, linear_loops(x, w, b), **_tol(cfg["dtype"]))


@settings(max_examples=40, deadline=None)
@given(linear_configs())
def test_linear_backward_matches_loops(cfg):
    x, w, _, g = _arrays(cfg)
    grads = linear_backward(g, x, w)
    assert [a.dtype for a in grads] == [cfg["dtype"]] * 3
    assert [a.shape for a in grads] == [x.shape, w.shape, (w.shape[0],)]
    for ours, loops in zip(grads, linear_backward_loops(g, x, w)):
        np.testing.assert_allclose(ours, loops, **_tol(cfg["dtype"]))


@pytest.mark.parametrize("x_shape", [(4,), (3, 4), (2, 3, 4)])
def test_linear_backward_matches_finite_differences(x_shape):
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal((5, 4)), rng.standard_normal(5)
    g = rng.standard_normal(x_shape[:-1] + (5,))
    loss = lambda: float(np.sum(linear(x, w, b) * g))  # noqa: E731
    gx, gw, gb = linear_backward(g, x, w)
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-8)


def test_linear_hand_computed_example():
    x = np.array([[1.0, 2.0]])
    w = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    np.testing.assert_array_equal(linear(x, w, np.array([0.5, 0.0, 10.0])), [[1.5, 2.0, 9.0]])


def test_linear_backward_hand_computed_example():
    x, w = np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])
    gx, gw, gb = linear_backward(np.array([[2.0]]), x, w)
    np.testing.assert_array_equal(gx, [[6.0, 8.0]])  # g * w
    np.testing.assert_array_equal(gw, [[2.0, 4.0]])  # g * x
    np.testing.assert_array_equal(gb, [2.0])


def test_linear_seed_example_784_to_10():
    y = linear(np.ones((2, 784), np.float32), np.ones((10, 784), np.float32), np.zeros(10, np.float32))
    assert y.shape == (2, 10) and y.dtype == np.float32 and np.all(y == 784)


def test_linear_empty_batch_gives_zero_gradients():
    gx, gw, gb = linear_backward(np.zeros((0, 3)), np.zeros((0, 2)), np.ones((3, 2)))
    assert gx.shape == (0, 2)
    np.testing.assert_array_equal(gw, np.zeros((3, 2)))
    np.testing.assert_array_equal(gb, np.zeros(3))


@pytest.mark.parametrize("x_shape", [(7,), (3, 7), (2, 3, 7)])
def test_linear_matches_torch(x_shape):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal((4, 7)), rng.standard_normal(4)
    g = rng.standard_normal(x_shape[:-1] + (4,))
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    yt = torch.nn.functional.linear(xt, wt, bt)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(linear(x, w, b), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    for ours, theirs in zip(linear_backward(g, x, w), (xt, wt, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-12, atol=1e-12)


FLATTEN_CASES = [((2, 3, 4, 5), 1, -1), ((2, 3, 4, 5), 0, -1), ((2, 3, 4, 5), 1, 2),
                 ((2, 3, 4, 5), -2, -1), ((2, 3, 4), 2, 2), ((6,), 0, 0), ((), 0, -1), ((2, 0, 3), 1, -1)]


@pytest.mark.parametrize("shape,start_dim,end_dim", FLATTEN_CASES)
def test_flatten_matches_torch(shape, start_dim, end_dim):
    torch = pytest.importorskip("torch")
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    expected = torch.flatten(torch.tensor(x), start_dim, end_dim).numpy()
    y = flatten(x, start_dim, end_dim)
    assert y.shape == expected.shape and y.dtype == np.float32
    np.testing.assert_array_equal(y, expected)


def test_flatten_keeps_the_batch_axis_by_default():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    y = flatten(x)
    assert y.shape == (2, 12)
    np.testing.assert_array_equal(y[1], np.arange(12.0, 24.0))


@pytest.mark.parametrize("shape,start_dim,end_dim", FLATTEN_CASES)
def test_flatten_backward_restores_the_input_shape(shape, start_dim, end_dim):
    x = np.random.default_rng(2).standard_normal(shape)
    g = np.random.default_rng(3).standard_normal(flatten(x, start_dim, end_dim).shape)
    gx = flatten_backward(g, x, start_dim, end_dim)
    assert gx.shape == x.shape
    np.testing.assert_array_equal(gx.reshape(-1), g.reshape(-1))


# --- one test per error message -------------------------------------------------------------


def test_linear_rejects_feature_mismatch():
    with pytest.raises(ValueError, match=r"linear expects input with 784 features \(the weight's second axis\), got 100"):
        linear(np.zeros((1, 100)), np.zeros((10, 784)))


def test_linear_rejects_weight_of_wrong_rank():
    with pytest.raises(ValueError, match=r"linear expects a weight of shape \(out_features, in_features\), got shape \(3,\)"):
        linear(np.zeros((1, 3)), np.zeros(3))


def test_linear_rejects_scalar_input():
    with pytest.raises(ValueError, match=r"linear expects input of shape \(\*, in_features\), got a single number"):
        linear(np.array(1.0), np.zeros((2, 1)))


def test_linear_rejects_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"bias needs one value per output feature, shape \(10,\), got \(3,\)"):
        linear(np.zeros((1, 4)), np.zeros((10, 4)), np.zeros(3))


def test_linear_rejects_mixed_dtypes():
    with pytest.raises(ValueError, match="weight is float32 but the input is float64; use one dtype"):
        linear(np.zeros((1, 4)), np.zeros((2, 4), np.float32))


def test_linear_rejects_non_array_weight():
    with pytest.raises(ValueError, match="weight must be a NumPy array, got list"):
        linear(np.zeros((1, 2)), [[1.0, 2.0]])


def test_linear_backward_rejects_grad_output_of_wrong_shape():
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape \(2, 10\), got \(2, 4\)"):
        linear_backward(np.zeros((2, 4)), np.zeros((2, 4)), np.zeros((10, 4)))


def test_flatten_rejects_dim_out_of_range():
    with pytest.raises(ValueError, match="flatten got start_dim=1, but the input has 1 axes, so it must be between -1 and 0"):
        flatten(np.zeros(5))


def test_flatten_rejects_start_after_end():
    with pytest.raises(ValueError, match=r"flatten's start_dim=2 \(axis 2\) comes after end_dim=-3 \(axis 1\)"):
        flatten(np.zeros((2, 3, 4, 5)), 2, -3)


def test_flatten_rejects_non_integer_dim():
    with pytest.raises(ValueError, match="end_dim must be an integer, got 1.5"):
        flatten(np.zeros((2, 3)), 0, 1.5)


def test_flatten_backward_rejects_grad_output_of_wrong_shape():
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape \(2, 12\), got \(24,\)"):
        flatten_backward(np.zeros(24), np.zeros((2, 3, 4)))
