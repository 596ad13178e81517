"""engine.activation against plain loops, finite differences and (when installed) PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine.activation import (
    log_softmax, log_softmax_backward, relu, relu6_backward, relu_backward, softmax, softmax_backward,
)
from tests.reference.dense import (
    log_softmax_backward_loops, log_softmax_loops, relu_backward_loops, relu_loops,
    softmax_backward_loops, softmax_loops,
)
from tests.reference.gradcheck import numeric_grad

FORWARD = {"softmax": softmax, "log_softmax": log_softmax}
BACKWARD = {"softmax": softmax_backward, "log_softmax": log_softmax_backward}
FORWARD_LOOPS = {"softmax": softmax_loops, "log_softmax": log_softmax_loops}
BACKWARD_LOOPS = {"softmax": softmax_backward_loops, "log_softmax": log_softmax_backward_loops}


@st.composite
def arrays_with_dim(draw, low=-60.0, high=60.0, allow_infinity=False):
    """A float32/float64 array of 1 to 3 small axes, a valid (maybe negative) dim and a seed."""
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    elements = st.floats(np.float32(low), np.float32(high), width=32)
    if allow_infinity:
        elements |= st.sampled_from([-np.inf, np.inf])
    x = draw(hnp.arrays(dtype, shape, elements=elements))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    return x, dim, draw(st.integers(0, 2**16))


def _tol(dtype):
    return dict(rtol=2e-5, atol=2e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(arrays_with_dim(low=-1e30, high=1e30, allow_infinity=True))
def test_relu_matches_loops(case):
    x, _, seed = case
    g = np.random.default_rng(seed).standard_normal(x.shape).astype(x.dtype)
    y, gx = relu(x), relu_backward(g, x)
    assert y.dtype == x.dtype and gx.dtype == x.dtype
    np.testing.assert_array_equal(y, relu_loops(x))
    np.testing.assert_array_equal(gx, relu_backward_loops(g, x))


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
@settings(max_examples=40, deadline=None)
@given(case=arrays_with_dim())
def test_softmax_and_log_softmax_match_loops(op, case):
    x, dim, seed = case
    g = np.random.default_rng(seed).standard_normal(x.shape).astype(x.dtype)
    y, gx = FORWARD[op](x, dim), BACKWARD[op](g, x, dim)
    assert y.dtype == x.dtype and gx.dtype == x.dtype
    x64, g64 = x.astype(np.float64), g.astype(np.float64)
    np.testing.assert_allclose(y, FORWARD_LOOPS[op](x64, dim), **_tol(x.dtype))
    np.testing.assert_allclose(gx, BACKWARD_LOOPS[op](g64, x64, dim), **_tol(x.dtype))


@settings(max_examples=40, deadline=None)
@given(arrays_with_dim(low=-1e4, high=1e4))
def test_softmax_sums_to_one_even_for_large_logits(case):
    x, dim, _ = case
    y = softmax(x, dim)
    assert np.all(y >= 0) and np.all(np.isfinite(y))
    np.testing.assert_allclose(y.sum(axis=dim), 1.0, rtol=1e-5)
    np.testing.assert_allclose(np.exp(log_softmax(x, dim)), y, rtol=1e-4, atol=1e-30)


def test_relu_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 5))
    x[np.abs(x) < 0.05] = 0.5  # keep away from the kink at 0
    g = rng.standard_normal(x.shape)
    loss = lambda: float(np.sum(relu(x) * g))  # noqa: E731
    np.testing.assert_allclose(relu_backward(g, x), numeric_grad(loss, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape,dim", [((2, 5), 1), ((3, 4, 2), 0), ((2, 3, 4), -2), ((6,), 0)])
def test_softmax_and_log_softmax_backward_match_finite_differences(op, shape, dim):
    rng = np.random.default_rng(1)
    x, g = 3 * rng.standard_normal(shape), rng.standard_normal(shape)
    loss = lambda: float(np.sum(FORWARD[op](x, dim) * g))  # noqa: E731
    np.testing.assert_allclose(BACKWARD[op](g, x, dim), numeric_grad(loss, x), rtol=1e-6, atol=1e-8)


def test_relu_hand_computed_example():
    x = np.array([-2.0, -0.0, 0.0, 0.5, 3.0], dtype=np.float32)
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 0.0, 0.5, 3.0])
    assert relu(x).dtype == np.float32


def test_relu_backward_is_zero_at_zero():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(relu_backward(np.array([5.0, 5.0, 5.0]), x), [0.0, 0.0, 5.0])


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_array_equal(softmax(np.array([0.0, 0.0])), [0.5, 0.5])
    np.testing.assert_allclose(softmax(np.full((2, 4), 7.0), dim=1), np.full((2, 4), 0.25))


def test_softmax_hand_computed_example():
    # e^0 : e^ln2 : e^ln5 = 1 : 2 : 5
    x = np.log(np.array([1.0, 2.0, 5.0]))
    np.testing.assert_allclose(softmax(x), [0.125, 0.25, 0.625])
    np.testing.assert_allclose(log_softmax(x), np.log([0.125, 0.25, 0.625]))


def test_softmax_does_not_overflow_on_huge_logits():
    x = np.array([[1000.0, 1000.0], [3e38, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(softmax(x), [[0.5, 0.5], [1.0, 0.0]])
    expected = np.array([[-np.log(2.0)] * 2, [0.0, -3e38]], dtype=np.float32)
    np.testing.assert_array_equal(log_softmax(x), expected)


def test_softmax_dim_selects_the_axis():
    x = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])
    np.testing.assert_allclose(softmax(x, dim=0), [[0.25, 0.5], [0.75, 0.5]])
    np.testing.assert_allclose(softmax(x, dim=1), [[0.5, 0.5], [0.75, 0.25]])


def test_softmax_backward_of_uniform_gradient_is_zero():
    """Shifting every logit alike leaves softmax unchanged, so a constant grad_output gives 0."""
    x = np.random.default_rng(2).standard_normal((3, 4))
    np.testing.assert_allclose(softmax_backward(np.ones_like(x), x, dim=1), 0.0, atol=1e-15)


def test_softmax_of_a_single_number_is_one():
    x = np.array(3.0)
    assert softmax(x).shape == () and softmax(x) == 1.0 and log_softmax(x, dim=0) == 0.0
    assert softmax_backward(np.array(2.0), x) == 0.0 and log_softmax_backward(np.array(2.0), x) == 0.0


def test_softmax_of_empty_axis_is_empty():
    assert softmax(np.zeros((2, 0))).shape == (2, 0)
    assert log_softmax_backward(np.zeros((0, 3)), np.zeros((0, 3)), dim=1).shape == (0, 3)


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape,dim", [((4, 10), 1), ((2, 3, 5), 0), ((2, 3, 5), -1), ((7,), 0)])
def test_softmax_and_log_softmax_match_torch(op, shape, dim):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x, g = 5 * rng.standard_normal(shape), rng.standard_normal(shape)
    xt = torch.tensor(x, requires_grad=True)
    yt = getattr(torch.nn.functional, op)(xt, dim=dim)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(FORWARD[op](x, dim), yt.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(BACKWARD[op](g, x, dim), xt.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_relu_matches_torch():
    torch = pytest.importorskip("torch")
    x = np.array([[-1.5, 0.0, 2.0], [np.nan, -0.0, 1e-30]], dtype=np.float32)
    g = np.arange(6, dtype=np.float32).reshape(2, 3)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.relu(xt)
    yt.backward(torch.tensor(g))
    np.testing.assert_array_equal(relu(x), yt.detach().numpy())
    np.testing.assert_array_equal(relu_backward(g, x), xt.grad.numpy())


# --- one test per error message -------------------------------------------------------------


def test_relu_rejects_non_array_input():
    with pytest.raises(ValueError, match="input must be a NumPy array, got list"):
        relu([1.0, -1.0])


def test_softmax_rejects_integer_input():
    with pytest.raises(ValueError, match="input must be float32 or float64, got int64"):
        softmax(np.arange(3))


@pytest.mark.parametrize("backward", [relu_backward, softmax_backward, log_softmax_backward])
def test_activation_backward_rejects_grad_output_of_wrong_shape(backward):
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape \(2, 3\), got \(3, 2\)"):
        backward(np.zeros((3, 2)), np.zeros((2, 3)))


def test_relu_backward_rejects_mixed_dtypes():
    with pytest.raises(ValueError, match="grad_output is float32 but the input is float64; use one dtype"):
        relu_backward(np.zeros(3, np.float32), np.zeros(3))


def test_softmax_rejects_dim_out_of_range():
    with pytest.raises(ValueError, match="softmax got dim=2, but the input has 2 axes, so dim must be between -2 and 1"):
        softmax(np.zeros((2, 3)), dim=2)


def test_log_softmax_backward_rejects_dim_out_of_range():
    with pytest.raises(ValueError, match="log_softmax_backward got dim=-3, but the input has 2 axes"):
        log_softmax_backward(np.zeros((2, 3)), np.zeros((2, 3)), dim=-3)


@pytest.mark.parametrize("dim", [1.0, None, True])
def test_softmax_rejects_non_integer_dim(dim):
    with pytest.raises(ValueError, match="dim must be an integer, got"):
        softmax(np.zeros((2, 3)), dim=dim)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_backwards_are_where_bit_for_bit_in_the_gradients_layout(dtype):
    """The masks are applied bitwise: the very bits of ``np.where`` (NaN, inf and -0.0 in the
    gradient, NaN in the input), in the gradient's channels-last layout."""
    rng = np.random.default_rng(5)
    x = (4 * rng.standard_normal((1, 6, 5, 4))).astype(dtype).transpose(0, 3, 1, 2)  # channels last
    g = rng.standard_normal((1, 6, 5, 4)).astype(dtype).transpose(0, 3, 1, 2)
    special = [np.nan, np.inf, -np.inf, -0.0, -2.0, 3.0]
    g[0, 0, :, 0] = special
    x[0, 0, :, 0] = [-1.0, 7.0, 2.0, 3.0, np.nan, 0.0]
    bits = {np.float32: np.int32, np.float64: np.int64}[dtype]
    for ours, drop in ((relu_backward(g, x), x <= 0),
                       (relu6_backward(g, x), (x <= 0) | (x >= 6))):
        want = np.where(drop, dtype(0), g)
        assert ours.dtype == dtype
        np.testing.assert_array_equal(ours.view(bits), want.view(bits))
        assert ours.transpose(0, 2, 3, 1).flags.c_contiguous


@pytest.mark.parametrize("shape", [(), (0, 3), (4, 0, 2)])
def test_relu_backwards_take_scalars_and_empty_arrays(shape):
    """A 0-d input (one number) and empty inputs go through the masks like any other shape."""
    x = np.full(shape, 7.0)
    g = np.full(shape, 1.5)
    for backward, want in ((relu_backward, 1.5), (relu6_backward, 0.0)):
        out = np.asarray(backward(g, x))
        assert out.shape == shape
        np.testing.assert_array_equal(out, np.full(shape, want))
    assert float(relu_backward(np.array(1.5), np.array(-2.0))) == 0.0
    assert float(relu6_backward(np.array(1.5), np.array(2.0))) == 1.5
