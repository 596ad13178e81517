"""Batch normalisation over the channel axis, forward and backward, as ``torch.nn.functional.batch_norm``.

For every channel ``c`` the values of all samples and positions are normalised
with a mean ``mu_c`` and a variance ``var_c``, then scaled and shifted::

    y = weight_c * (x - mu_c) / sqrt(var_c + eps) + bias_c

In training mode ``mu_c`` and ``var_c`` (biased) come from the batch itself; in
inference mode they are the running statistics gathered during training.
:func:`batch_norm_update` computes the new running statistics (with the
unbiased variance, as PyTorch) instead of changing arrays in place.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .activation import _grad_output
from .validate import float_array, same_dtype

Array = NDArray[np.floating]

__all__ = ["batch_norm", "batch_norm_backward", "batch_norm_update"]


def _check(input: Array, running_mean: Array, running_var: Array) -> tuple[Array, tuple[int, ...]]:
    """Validate ``input (N, C, *S)`` and the running statistics ``(C,)``; return the reduce axes."""
    x = float_array(input, "input")
    if x.ndim < 2:
        raise ValueError(
            f"batch_norm expects input of shape (N, C, *spatial) with a batch axis, got shape {x.shape}"
        )
    c = x.shape[1]
    for name, a in (("running_mean", running_mean), ("running_var", running_var)):
        arr = float_array(a, name)
        same_dtype(x, arr, name)
        if arr.shape != (c,):
            raise ValueError(f"{name} needs one value per channel, shape ({c},), got {arr.shape}")
    return x, (0,) + tuple(range(2, x.ndim))


def _channel(a: Array | None, x: Array, name: str, fill: float) -> Array:
    """``weight`` or ``bias`` as ``(1, C, 1, ...)`` for broadcasting; ``fill`` when it is None."""
    c = x.shape[1]
    if a is None:
        a = np.full(c, fill, dtype=x.dtype)
    a = float_array(a, name)
    same_dtype(x, a, name)
    if a.shape != (c,):
        raise ValueError(f"{name} needs one value per channel, shape ({c},), got {a.shape}")
    return a.reshape((1, c) + (1,) * (x.ndim - 2))  # (1, C, 1, ...)


def _statistics(
    x: Array, running_mean: Array, running_var: Array, training: bool, axes: tuple[int, ...]
) -> tuple[Array, Array]:
    """Mean and biased variance per channel, ``(1, C, 1, ...)`` each: the batch's or the running ones."""
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if not training:
        return running_mean.reshape(shape), running_var.reshape(shape)
    if x.size == 0 or x.size == x.shape[1]:
        raise ValueError(
            "batch_norm in training mode needs more than one value per channel to compute a "
            f"variance, got input of shape {x.shape}"
        )
    return x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)


def batch_norm(
    input: Array, running_mean: Array, running_var: Array, weight: Array | None = None,
    bias: Array | None = None, training: bool = False, eps: float = 1e-5,
) -> Array:
    """Normalise every channel, then scale by ``weight`` and shift by ``bias``.

    Args:
        input: ``(N, C, *S)``, e.g. ``(N, C, H, W)``.
        running_mean: ``(C,)`` used when ``training`` is False.
        running_var: ``(C,)`` used when ``training`` is False.
        weight: ``(C,)`` scale (gamma), or None for 1.
        bias: ``(C,)`` shift (beta), or None for 0.
        training: normalise with the batch's own statistics.
        eps: added to the variance before the square root.

    Returns:
        ``(N, C, *S)`` in the input's dtype.

    Raises:
        ValueError: shapes that do not match, or a training batch with one value per channel.
    """
    x, axes = _check(input, running_mean, running_var)
    mean, var = _statistics(x, running_mean, running_var, training, axes)  # (1, C, 1, ...)
    scale = _channel(weight, x, "weight", 1.0) / np.sqrt(var + eps)  # (1, C, 1, ...)
    shift = _channel(bias, x, "bias", 0.0) - mean * scale  # (1, C, 1, ...)
    # x * scale + shift, as PyTorch computes it: two passes over x instead of three
    y: Array = np.multiply(x, scale.astype(x.dtype, copy=False))
    y += shift.astype(x.dtype, copy=False)
    return y


def batch_norm_backward(
    grad_output: Array, input: Array, running_mean: Array, running_var: Array,
    weight: Array | None = None, training: bool = False, eps: float = 1e-5,
) -> tuple[Array, Array, Array]:
    """Gradients of :func:`batch_norm` with respect to its input, weight and bias.

    With ``xhat = (x - mu) / sqrt(var + eps)`` and ``M`` values per channel::

        grad_weight = sum(grad_output * xhat),  grad_bias = sum(grad_output)
        inference:  grad_input = grad_output * weight / sqrt(var + eps)
        training:   grad_input = weight / sqrt(var + eps) * (grad_output
                        - mean(grad_output) - xhat * mean(grad_output * xhat))

    In training the batch statistics depend on every input, hence the two means.

    Args:
        grad_output: ``(N, C, *S)``.
        input: ``(N, C, *S)``, the forward input.
        running_mean, running_var: ``(C,)``, the forward ones.
        weight: ``(C,)`` or None for 1.
        training, eps: the forward ones.

    Returns:
        ``(grad_input (N, C, *S), grad_weight (C,), grad_bias (C,))``.
    """
    x, axes = _check(input, running_mean, running_var)
    g = _grad_output(grad_output, x, x.shape)
    mean, var = _statistics(x, running_mean, running_var, training, axes)  # (1, C, 1, ...)
    inv_std = 1.0 / np.sqrt(var + eps)  # (1, C, 1, ...)
    xhat = (x - mean) * inv_std
    grad_weight = (g * xhat).sum(axis=axes)  # (C,)
    grad_bias = g.sum(axis=axes)  # (C,)
    scale = _channel(weight, x, "weight", 1.0) * inv_std  # (1, C, 1, ...)
    if training:
        g = g - g.mean(axis=axes, keepdims=True) - xhat * (g * xhat).mean(axis=axes, keepdims=True)
    grad_input: Array = (g * scale).astype(x.dtype, copy=False)
    return grad_input, grad_weight.astype(x.dtype), grad_bias.astype(x.dtype)


def batch_norm_update(
    input: Array, running_mean: Array, running_var: Array, momentum: float = 0.1
) -> tuple[Array, Array]:
    """New running statistics after one training batch, as PyTorch updates them.

    ``new = (1 - momentum) * old + momentum * batch``, with the batch variance
    unbiased (divided by ``M - 1`` for ``M`` values per channel).

    Args:
        input: ``(N, C, *S)``, the training batch.
        running_mean, running_var: ``(C,)``, the current statistics.
        momentum: weight of the batch, between 0 and 1.

    Returns:
        ``(running_mean (C,), running_var (C,))``, new arrays.
    """
    x, axes = _check(input, running_mean, running_var)
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be between 0 and 1, got {momentum}")
    m = x.size // x.shape[1]
    if m < 2:
        raise ValueError(
            f"updating running statistics needs at least 2 values per channel, got input {x.shape}"
        )
    mean = x.mean(axis=axes)  # (C,)
    var = x.var(axis=axes, ddof=1)  # (C,)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var
    return new_mean.astype(x.dtype), new_var.astype(x.dtype)
