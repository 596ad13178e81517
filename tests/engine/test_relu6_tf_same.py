"""ReLU6 and TensorFlow's SAME padding against plain loops and finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import functional as F
from engine import shapes
from tests.reference.conv import conv_loops
from tests.reference.gradcheck import numeric_grad


def test_relu6_is_clipped_to_0_and_6_and_its_gradient_lives_strictly_between() -> None:
    x = np.array([-2.0, -0.0, 0.5, 3.0, 5.999, 6.0, 7.5])
    want = np.array([min(max(v, 0.0), 6.0) for v in x])
    np.testing.assert_array_equal(F.relu6(x), want)
    g = np.arange(1.0, 8.0)
    np.testing.assert_array_equal(F.relu6_backward(g, x),
                                  [gi if 0 < xi < 6 else 0.0 for gi, xi in zip(g, x)])


def test_relu6_backward_matches_finite_differences_away_from_the_kinks() -> None:
    rng = np.random.default_rng(6)
    x = rng.uniform(-3, 9, 40)
    x = x[(np.abs(x) > 1e-3) & (np.abs(x - 6) > 1e-3)]
    g = rng.normal(size=x.shape)
    numeric = numeric_grad(lambda: float((F.relu6(x) * g).sum()), x)
    np.testing.assert_allclose(F.relu6_backward(g, x), numeric, atol=1e-6)


def _tf_same_by_definition(size: int, k: int, s: int, d: int) -> tuple[int, int]:
    """TensorFlow's rule, spelled out: out = ceil(size / s); pad what the last window needs."""
    out = math.ceil(size / s)
    span = d * (k - 1) + 1
    needed = (out - 1) * s + span
    total = needed - size if needed > size else 0
    before = total // 2
    return before, total - before


@pytest.mark.parametrize("size", [1, 2, 5, 7, 8, 112, 113, 224])
@pytest.mark.parametrize(("k", "s", "d"), [(1, 1, 1), (3, 1, 1), (3, 2, 1), (5, 2, 1), (4, 3, 1),
                                           (3, 2, 2), (5, 1, 1)])
def test_tf_same_pads_follow_the_rule_and_give_ceil_of_size_over_stride(
        size: int, k: int, s: int, d: int) -> None:
    lo, hi = shapes.tf_same_pads(size, k, s, d)
    assert (lo, hi) == _tf_same_by_definition(size, k, s, d)
    assert lo <= hi
    out = shapes.conv_output_shape((size,), (k,), (s,), ((lo, hi),), (d,))
    assert out == (math.ceil(size / s),)


def test_stride_2_on_an_even_size_pads_only_after() -> None:
    """EfficientNet's stem: 224 -> 112 with a 3x3 stride 2 pads 0 before and 1 after."""
    assert shapes.tf_same_pads(224, 3, 2) == (0, 1)
    assert shapes.tf_same_pads(112, 5, 2) == (1, 2)


@pytest.mark.parametrize(("h", "w", "k", "s", "groups"), [(7, 8, 3, 2, 1), (6, 6, 5, 2, 3), (5, 9, 3, 1, 3)])
def test_conv2d_with_tf_same_equals_loops_on_the_asymmetric_pads(
        h: int, w: int, k: int, s: int, groups: int) -> None:
    rng = np.random.default_rng(h * w + k)
    x = rng.normal(size=(2, 3, h, w))
    wt = rng.normal(size=(6, 3 // groups, k, k))
    pads = [_tf_same_by_definition(h, k, s, 1), _tf_same_by_definition(w, k, s, 1)]
    want = conv_loops(x, wt, stride=s, padding=pads, groups=groups)
    got = F.conv2d(x, wt, stride=s, padding="tf_same", groups=groups)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)
    # and the backward agrees with finite differences of the same padding
    g = rng.normal(size=got.shape)
    gx, gw, _ = F.conv2d_backward(g, x, wt, stride=s, padding="tf_same", groups=groups)
    nx = numeric_grad(lambda: float((F.conv2d(x, wt, stride=s, padding="tf_same", groups=groups) * g).sum()), x)
    np.testing.assert_allclose(gx, nx, atol=1e-5)
    nw = numeric_grad(lambda: float((F.conv2d(x, wt, stride=s, padding="tf_same", groups=groups) * g).sum()), wt)
    np.testing.assert_allclose(gw, nw, atol=1e-5)


def test_same_with_a_stride_points_to_tf_same() -> None:
    with pytest.raises(ValueError, match="tf_same"):
        F.conv2d(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 3, 3)), stride=2, padding="same")
