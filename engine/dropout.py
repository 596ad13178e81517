"""Dropout: zero each value with probability ``p`` while training, as ``torch.nn.functional.dropout``.

The kept values are scaled by ``1 / (1 - p)`` so the expected output equals the
input, and inference needs no change (dropout is then the identity). The mask
is drawn from an explicit ``rng`` so a run can be repeated exactly::

    mask = (rng.random(shape) >= p) / (1 - p)
    y = x * mask,   dL/dx = dL/dy * mask
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .activation import _grad_output
from .validate import float_array

Array = NDArray[np.floating]

__all__ = ["dropout", "dropout_backward", "dropout_mask"]


def _check_p(p: float) -> float:
    """``p`` as a float in [0, 1), with a sentence otherwise."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise ValueError(f"dropout probability p must be a number, got {p!r}")
    if not 0.0 <= p < 1.0:
        raise ValueError(
            f"dropout probability p must be at least 0 and below 1 (1 would drop everything), got {p}"
        )
    return float(p)


def dropout_mask(
    shape: tuple[int, ...], p: float, rng: np.random.Generator, dtype: type = np.float32
) -> Array:
    """The scaled keep-mask: ``1 / (1 - p)`` with probability ``1 - p``, else 0.

    Args:
        shape: the activation's shape, e.g. ``(N, C, H, W)``.
        p: probability of dropping a value.
        rng: the random generator that decides.
        dtype: float32 or float64.

    Returns:
        ``shape`` array of ``0`` and ``1 / (1 - p)``.
    """
    q = _check_p(p)
    keep = rng.random(shape) >= q
    return (keep / (1.0 - q)).astype(dtype)


def dropout(input: Array, p: float = 0.5, training: bool = True,
            rng: np.random.Generator | None = None) -> Array:
    """Randomly zero values of ``input`` while training, scaling the rest by ``1 / (1 - p)``.

    Args:
        input: ``(*)`` any shape.
        p: probability of dropping each value.
        training: when False the input is returned unchanged.
        rng: required in training mode; draws the mask (see :func:`dropout_mask`).

    Returns:
        ``(*)`` the input's shape and dtype.
    """
    x = float_array(input, "input")
    q = _check_p(p)
    if not training or q == 0.0:
        return x
    if rng is None:
        raise ValueError("dropout in training mode needs rng, a np.random.Generator, to draw its mask")
    return x * dropout_mask(x.shape, q, rng, x.dtype.type)


def dropout_backward(grad_output: Array, mask: Array) -> Array:
    """Gradient of dropout: ``grad_output * mask``, the mask the forward pass used.

    Args:
        grad_output: ``(*)``.
        mask: ``(*)`` from :func:`dropout_mask` (all ones in inference).

    Returns:
        grad_input: ``(*)``.
    """
    m = float_array(mask, "mask")
    g = _grad_output(grad_output, m, m.shape)
    grad: Array = g * m
    return grad
