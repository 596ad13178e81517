"""engine.dropout: the mask, its scaling, the backward by finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.dropout import dropout, dropout_backward, dropout_mask
from tests.reference.gradcheck import numeric_grad


def test_dropout_mask_keeps_expected_value_and_is_seeded():
    m = dropout_mask((200, 200), 0.3, np.random.default_rng(0), np.float64)
    assert set(np.unique(m)) == {0.0, 1 / 0.7}
    assert abs(m.mean() - 1.0) < 0.02
    np.testing.assert_array_equal(m, dropout_mask((200, 200), 0.3, np.random.default_rng(0), np.float64))


def test_dropout_is_identity_in_inference():
    x = np.arange(6.0)
    assert dropout(x, 0.5, training=False) is x


def test_dropout_backward_matches_finite_differences_with_a_fixed_rng():
    rng = np.random.default_rng(1)
    x, g = rng.standard_normal((3, 4, 5)), rng.standard_normal((3, 4, 5))
    loss = lambda: float(np.sum(dropout(x, 0.4, True, np.random.default_rng(7)) * g))
    mask = dropout_mask(x.shape, 0.4, np.random.default_rng(7), np.float64)
    np.testing.assert_allclose(dropout(x, 0.4, True, np.random.default_rng(7)), x * mask)
    np.testing.assert_allclose(dropout_backward(g, mask), numeric_grad(loss, x), atol=1e-8)


def test_dropout_error_p_out_of_range():
    with pytest.raises(ValueError, match="at least 0 and below 1"):
        dropout(np.zeros(3), 1.0, rng=np.random.default_rng(0))


def test_dropout_error_p_not_a_number():
    with pytest.raises(ValueError, match="must be a number"):
        dropout(np.zeros(3), "half", rng=np.random.default_rng(0))


def test_dropout_error_training_without_rng():
    with pytest.raises(ValueError, match="needs rng"):
        dropout(np.zeros(3), 0.5, training=True)
