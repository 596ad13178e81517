"""Fully connected (dense) layer and flatten, forward and backward.

``linear`` is one matrix product over the last axis, ``y = x W^T + b``; every
leading axis is a batch axis. ``flatten`` joins neighbouring axes, which is how
the feature maps of a CNN become the feature vector of its dense layers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .activation import _grad_output
from .validate import float_array, same_dtype

Array = NDArray[np.floating]

__all__ = ["flatten", "flatten_backward", "linear", "linear_backward"]


def _check(input: Any, weight: Any) -> tuple[Array, Array]:
    """Validate ``input (*, in_features)`` against ``weight (out_features, in_features)``."""
    x = float_array(input, "input")
    w = float_array(weight, "weight")
    same_dtype(x, w, "weight")
    if w.ndim != 2:
        raise ValueError(
            f"linear expects a weight of shape (out_features, in_features), got shape {w.shape}"
        )
    if x.ndim == 0:
        raise ValueError("linear expects input of shape (*, in_features), got a single number")
    if x.shape[-1] != w.shape[1]:
        raise ValueError(
            f"linear expects input with {w.shape[1]} features (the weight's second axis), "
            f"got {x.shape[-1]}"
        )
    return x, w


def linear(input: Array, weight: Array, bias: Array | None = None) -> Array:
    """Affine map of the last axis: ``input @ weight.T + bias``.

    Args:
        input: ``(*, in_features)``, e.g. ``(N, in_features)`` or ``(in_features,)``.
        weight: ``(out_features, in_features)``, one row per output neuron.
        bias: ``(out_features,)`` or ``None``.

    Returns:
        ``(*, out_features)`` in the input's dtype.

    Raises:
        ValueError: non-float arrays, mixed dtypes, or shapes that do not fit.
    """
    x, w = _check(input, weight)
    y = x @ w.T  # (*, out_features)
    if bias is not None:
        b = float_array(bias, "bias")
        same_dtype(x, b, "bias")
        if b.shape != (w.shape[0],):
            raise ValueError(
                f"bias needs one value per output feature, shape ({w.shape[0]},), got {b.shape}"
            )
        y += b
    return y


def linear_backward(
    grad_output: Array, input: Array, weight: Array
) -> tuple[Array, Array, Array]:
    """Gradients of :func:`linear` with respect to its input, weight and bias.

    Args:
        grad_output: ``(*, out_features)``, the forward output's shape.
        input: ``(*, in_features)``, the forward input.
        weight: ``(out_features, in_features)``.

    Returns:
        ``(grad_input, grad_weight, grad_bias)`` of shapes ``(*, in_features)``,
        ``(out_features, in_features)`` and ``(out_features,)``. ``grad_bias`` is
        ``grad_output`` summed over the batch axes; ignore it if there was no bias.
    """
    x, w = _check(input, weight)
    g = _grad_output(grad_output, x, x.shape[:-1] + (w.shape[0],))
    g2 = g.reshape(-1, w.shape[0])  # (prod(*), out_features)
    x2 = x.reshape(-1, w.shape[1])  # (prod(*), in_features)
    grad_input = g @ w  # (*, in_features)
    if g2.shape[0] == 1:  # one sample (the pages' backward): an outer product, a product of depth
        grad_weight = g2.T * x2  # one where BLAS's gemm measured 3x slower (VGG16's fc1: 190 -> 67 ms)
    else:
        grad_weight = g2.T @ x2  # (out_features, in_features)
    return grad_input, grad_weight, g2.sum(axis=0)


def _flat_shape(shape: tuple[int, ...], start_dim: Any, end_dim: Any) -> tuple[int, ...]:
    """The shape after joining axes ``start_dim..end_dim`` (inclusive) of ``shape``."""
    n = max(len(shape), 1)  # like PyTorch, a 0-d input counts as one axis
    for name, d in (("start_dim", start_dim), ("end_dim", end_dim)):
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)):
            raise ValueError(f"{name} must be an integer, got {d!r}")
        if not -n <= d < n:
            raise ValueError(
                f"flatten got {name}={d}, but the input has {len(shape)} axes, so it must be "
                f"between {-n} and {n - 1}"
            )
    start, end = int(start_dim) % n, int(end_dim) % n
    if start > end:
        raise ValueError(
            f"flatten's start_dim={start_dim} (axis {start}) comes after end_dim={end_dim} "
            f"(axis {end})"
        )
    shape = shape or (1,)
    return shape[:start] + (int(np.prod(shape[start:end + 1])),) + shape[end + 1:]


def flatten(input: Array, start_dim: int = 1, end_dim: int = -1) -> Array:
    """Join the axes ``start_dim`` to ``end_dim`` (both included) into one, as ``torch.flatten``.

    The default ``start_dim=1`` keeps the batch axis, as ``torch.nn.Flatten`` does:
    ``(N, C, H, W) -> (N, C*H*W)``. A 0-d input becomes ``(1,)``.

    Args:
        input: ``(*)`` any shape.
        start_dim: first axis to join; negative counts from the end.
        end_dim: last axis to join.

    Returns:
        the same values in the joined shape (a view when possible), the input's dtype.
    """
    x = float_array(input, "input")
    return x.reshape(_flat_shape(x.shape, start_dim, end_dim))


def flatten_backward(
    grad_output: Array, input: Array, start_dim: int = 1, end_dim: int = -1
) -> Array:
    """Gradient of :func:`flatten`: ``grad_output`` put back into the input's shape.

    Args:
        grad_output: the forward output's shape.
        input: ``(*)`` the forward input.
        start_dim: the forward ``start_dim``.
        end_dim: the forward ``end_dim``.

    Returns:
        grad_input: ``(*)`` the input's shape.
    """
    x = float_array(input, "input")
    g = _grad_output(grad_output, x, _flat_shape(x.shape, start_dim, end_dim))
    return g.reshape(x.shape)
