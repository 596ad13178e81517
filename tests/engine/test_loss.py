"""engine.loss against plain loops, finite differences and (when installed) PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.loss import cross_entropy, cross_entropy_backward
from tests.reference.dense import cross_entropy_backward_loops, cross_entropy_loops
from tests.reference.gradcheck import numeric_grad

REDUCTIONS = ["mean", "sum", "none"]


@st.composite
def loss_configs(draw):
    """Logits (N, C) or (C,), a target of indices or probabilities, and the options."""
    return dict(batched=draw(st.booleans()), n=draw(st.integers(1, 5)), c=draw(st.integers(1, 6)),
                probabilities=draw(st.booleans()), reduction=draw(st.sampled_from(REDUCTIONS)),
                label_smoothing=draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])),
                dtype=draw(st.sampled_from([np.float32, np.float64])), seed=draw(st.integers(0, 2**16)))


def _arrays(cfg):
    """``(x, target, grad_output)`` in ``cfg``'s dtype; the grad has the loss's shape."""
    rng = np.random.default_rng(cfg["seed"])
    shape = (cfg["n"], cfg["c"]) if cfg["batched"] else (cfg["c"],)
    x = (4 * rng.standard_normal(shape)).astype(cfg["dtype"])
    if cfg["probabilities"]:
        target = rng.dirichlet(np.ones(cfg["c"]), size=shape[:-1]).astype(cfg["dtype"])
    else:
        target = rng.integers(0, cfg["c"], size=shape[:-1])
    g_shape = shape[:-1] if cfg["reduction"] == "none" else ()
    return x, target, rng.standard_normal(g_shape).astype(cfg["dtype"])


def _options(cfg):
    return dict(reduction=cfg["reduction"], label_smoothing=cfg["label_smoothing"])


def _tol(dtype):
    return dict(rtol=2e-5, atol=2e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(loss_configs())
def test_cross_entropy_matches_loops(cfg):
    x, target, _ = _arrays(cfg)
    loss = cross_entropy(x, target, **_options(cfg))
    expected = cross_entropy_loops(x.astype(np.float64), target, **_options(cfg))
    assert isinstance(loss, np.ndarray) and loss.dtype == cfg["dtype"]
    assert loss.shape == np.shape(expected)
    np.testing.assert_allclose(loss, expected, **_tol(cfg["dtype"]))


@settings(max_examples=40, deadline=None)
@given(loss_configs())
def test_cross_entropy_backward_matches_loops(cfg):
    x, target, g = _arrays(cfg)
    grad = cross_entropy_backward(g, x, target, **_options(cfg))
    expected = cross_entropy_backward_loops(g.astype(np.float64), x.astype(np.float64), target,
                                            **_options(cfg))
    assert grad.dtype == cfg["dtype"] and grad.shape == x.shape
    np.testing.assert_allclose(grad, expected, **_tol(cfg["dtype"]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("probabilities", [False, True])
def test_cross_entropy_backward_matches_finite_differences(reduction, label_smoothing, probabilities):
    cfg = dict(batched=True, n=3, c=4, probabilities=probabilities, reduction=reduction,
               label_smoothing=label_smoothing, dtype=np.float64, seed=4)
    x, target, g = _arrays(cfg)
    loss = lambda: float(np.sum(cross_entropy(x, target, **_options(cfg)) * g))  # noqa: E731
    np.testing.assert_allclose(cross_entropy_backward(g, x, target, **_options(cfg)),
                               numeric_grad(loss, x), rtol=1e-6, atol=1e-8)


def test_cross_entropy_backward_of_unbatched_matches_finite_differences():
    x, target = np.array([0.3, -1.0, 2.0]), np.array(1)
    loss = lambda: float(cross_entropy(x, target, label_smoothing=0.1))  # noqa: E731
    np.testing.assert_allclose(cross_entropy_backward(np.array(1.0), x, target, label_smoothing=0.1),
                               numeric_grad(loss, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("c", [2, 3, 10])
def test_cross_entropy_of_uniform_logits_is_log_c(c):
    x = np.zeros((4, c), np.float32)
    loss = cross_entropy(x, np.array([0, 1, 0, c - 1]))
    assert loss.shape == () and loss.dtype == np.float32
    np.testing.assert_allclose(loss, math.log(c), rtol=1e-6)


def test_cross_entropy_hand_computed_example():
    # softmax([ln 1, ln 3]) = [1/4, 3/4]: -ln(3/4) for class 1, -ln(1/4) for class 0
    x = np.log(np.array([[1.0, 3.0], [1.0, 3.0]]))
    losses = cross_entropy(x, np.array([1, 0]), reduction="none")
    np.testing.assert_allclose(losses, [-math.log(0.75), math.log(4.0)])
    np.testing.assert_allclose(cross_entropy(x, np.array([1, 0]), reduction="sum"), losses.sum())
    np.testing.assert_allclose(cross_entropy(x, np.array([1, 0])), losses.mean())


def test_cross_entropy_backward_is_softmax_minus_one_hot():
    x = np.log(np.array([[1.0, 3.0]]))
    grad = cross_entropy_backward(np.array(1.0), x, np.array([1]), reduction="sum")
    np.testing.assert_allclose(grad, [[0.25, -0.25]])


def test_cross_entropy_with_one_hot_probabilities_equals_class_indices():
    rng = np.random.default_rng(5)
    x, labels = rng.standard_normal((4, 3)), np.array([2, 0, 1, 2])
    one_hot = np.eye(3)[labels]
    for kw in (dict(), dict(label_smoothing=0.3, reduction="none")):
        np.testing.assert_allclose(cross_entropy(x, one_hot, **kw), cross_entropy(x, labels, **kw))
        np.testing.assert_allclose(cross_entropy_backward(np.ones(4) if kw else np.array(1.0), x, one_hot, **kw),
                                   cross_entropy_backward(np.ones(4) if kw else np.array(1.0), x, labels, **kw))


def test_cross_entropy_full_smoothing_ignores_the_label():
    x = np.array([[1.0, 2.0, 3.0]])
    a = cross_entropy(x, np.array([0]), label_smoothing=1.0)
    np.testing.assert_allclose(a, cross_entropy(x, np.array([2]), label_smoothing=1.0))
    np.testing.assert_allclose(a, -np.mean(x - np.log(np.exp(x).sum())))


def test_cross_entropy_stays_finite_for_huge_logits():
    x = np.array([[1e4, -1e4, 0.0]], dtype=np.float32)
    np.testing.assert_allclose(cross_entropy(x, np.array([1])), 2e4)
    np.testing.assert_allclose(cross_entropy_backward(np.array(1.0, np.float32), x, np.array([1])),
                               [[1.0, -1.0, 0.0]])


def test_cross_entropy_with_minus_infinity_logit_of_another_class_is_finite():
    x = np.array([[0.0, 0.0, -np.inf]])
    np.testing.assert_allclose(cross_entropy(x, np.array([0])), math.log(2.0))


def test_cross_entropy_unbatched_shapes():
    x = np.zeros(3)
    assert cross_entropy(x, np.array(2), reduction="none").shape == ()
    assert cross_entropy(x, np.int64(2)).shape == ()
    assert cross_entropy_backward(np.array(1.0), x, np.full(3, 1 / 3)).shape == (3,)


def test_cross_entropy_mean_of_empty_batch_is_nan():
    assert np.isnan(cross_entropy(np.zeros((0, 3)), np.zeros(0, np.int64)))
    assert cross_entropy_backward(np.array(1.0), np.zeros((0, 3)), np.zeros(0, np.int64)).shape == (0, 3)


TORCH_CASES = [
    dict(shape=(5, 4), probabilities=False, reduction="mean", label_smoothing=0.0),
    dict(shape=(5, 4), probabilities=False, reduction="sum", label_smoothing=0.1),
    dict(shape=(5, 4), probabilities=False, reduction="none", label_smoothing=0.25),
    dict(shape=(5, 4), probabilities=True, reduction="mean", label_smoothing=0.0),
    dict(shape=(5, 4), probabilities=True, reduction="mean", label_smoothing=0.2),
    dict(shape=(3, 7), probabilities=True, reduction="none", label_smoothing=0.05),
    dict(shape=(6,), probabilities=False, reduction="mean", label_smoothing=0.3),
    dict(shape=(6,), probabilities=True, reduction="none", label_smoothing=0.0),
]


@pytest.mark.parametrize("case", TORCH_CASES)
def test_cross_entropy_matches_torch(case):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    shape, kw = case["shape"], dict(reduction=case["reduction"], label_smoothing=case["label_smoothing"])
    x = 3 * rng.standard_normal(shape)
    if case["probabilities"]:
        target = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    else:
        target = rng.integers(0, shape[-1], size=shape[:-1])
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.cross_entropy(xt, torch.tensor(target), **kw)
    g = rng.standard_normal(tuple(yt.shape))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(cross_entropy(x, target, **kw), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(cross_entropy_backward(g, x, target, **kw), xt.grad.numpy(),
                               rtol=1e-12, atol=1e-12)


def test_cross_entropy_float32_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    x, target = rng.standard_normal((8, 10)).astype(np.float32), rng.integers(0, 10, 8)
    expected = torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(target), label_smoothing=0.1)
    np.testing.assert_allclose(cross_entropy(x, target, label_smoothing=0.1), expected.numpy(), rtol=1e-6)


def test_cross_entropy_accepts_probabilities_in_another_float_dtype():
    """As in PyTorch, float32 probabilities work with float64 logits; the result keeps the logits' dtype."""
    x, q = np.zeros((2, 4)), np.full((2, 4), 0.25, np.float32)
    loss = cross_entropy(x, q)
    assert loss.dtype == np.float64
    np.testing.assert_allclose(loss, math.log(4.0))


# --- one test per error message -------------------------------------------------------------

X = np.zeros((4, 3))
T = np.array([0, 1, 2, 0])


def test_cross_entropy_rejects_class_index_out_of_range():
    message = "target holds class index 3, but the logits have 3 classes, so an index must be between 0 and 2"
    with pytest.raises(ValueError, match=message):
        cross_entropy(X, np.array([0, 3, 1, 0]))


def test_cross_entropy_rejects_negative_class_index():
    with pytest.raises(ValueError, match="target holds class index -1"):
        cross_entropy_backward(np.array(1.0), X, np.array([0, -1, 1, 0]))


def test_cross_entropy_rejects_bad_reduction():
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        cross_entropy(X, T, reduction="avg")


@pytest.mark.parametrize("value", [1.5, -0.1, float("nan"), "0.1", True])
def test_cross_entropy_rejects_bad_label_smoothing(value):
    with pytest.raises(ValueError, match="label_smoothing must be a number between 0.0 and 1.0, got"):
        cross_entropy(X, T, label_smoothing=value)


def test_cross_entropy_rejects_logits_of_wrong_rank():
    with pytest.raises(ValueError, match=r"cross_entropy expects logits of shape \(N, C\) or \(C,\), got shape \(2, 3, 4\)"):
        cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 4), np.int64))


def test_cross_entropy_rejects_zero_classes():
    with pytest.raises(ValueError, match=r"cross_entropy needs at least one class, got logits of shape \(2, 0\)"):
        cross_entropy(np.zeros((2, 0)), np.zeros(2, np.int64))


def test_cross_entropy_rejects_class_index_target_of_wrong_shape():
    message = (r"a target of class indices must have shape \(4,\), one per sample of the logits \(4, 3\), "
               r"got \(4, 3\); for probabilities use a float array")
    with pytest.raises(ValueError, match=message):
        cross_entropy(X, np.zeros((4, 3), np.int64))


def test_cross_entropy_rejects_probability_target_of_wrong_shape():
    with pytest.raises(ValueError, match=r"a target of class probabilities must have the logits' shape \(4, 3\), got \(4,\)"):
        cross_entropy(X, np.zeros(4))


def test_cross_entropy_rejects_non_array_target():
    message = r"target must be a NumPy array of class indices \(integers\) or class probabilities \(floats\), got list"
    with pytest.raises(ValueError, match=message):
        cross_entropy(X, [0, 1, 2, 0])


def test_cross_entropy_rejects_boolean_target():
    message = "target must hold integer class indices or float32/float64 class probabilities, got bool"
    with pytest.raises(ValueError, match=message):
        cross_entropy(X, np.zeros(4, bool))


def test_cross_entropy_rejects_integer_logits():
    with pytest.raises(ValueError, match="input must be float32 or float64, got int64"):
        cross_entropy(np.zeros((4, 3), np.int64), T)


@pytest.mark.parametrize("reduction,shape,expected", [("mean", (4,), r"\(\)"), ("none", (), r"\(4,\)")])
def test_cross_entropy_backward_rejects_grad_output_of_wrong_shape(reduction, shape, expected):
    with pytest.raises(ValueError, match=rf"grad_output must have the forward output's shape {expected}, got"):
        cross_entropy_backward(np.zeros(shape), X, T, reduction=reduction)


def test_cross_entropy_backward_rejects_mixed_dtypes():
    with pytest.raises(ValueError, match="grad_output is float64 but the input is float32; use one dtype"):
        cross_entropy_backward(np.array(1.0), X.astype(np.float32), T)


def test_cross_entropy_options_are_keyword_only():
    """PyTorch's third positional argument is ``weight``; keywords avoid mixing them up."""
    with pytest.raises(TypeError):
        cross_entropy(X, T, "sum")  # type: ignore[misc]
