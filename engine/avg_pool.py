"""Average pooling in 1, 2 and 3 dimensions: forward and backward.

Each window keeps the mean of its cells; padding counts as zeros. Output size
per axis ``O = floor((H + 2P - D * (K - 1) - 1) / S) + 1`` with ``D = 1`` (see
:mod:`engine.pool_window`). PyTorch's divisor: window ``o`` is divided by
``end - start`` with ``start = o*S - P`` and ``end = min(start + K, H + P)``
(product over axes); ``count_include_pad=False`` counts only the cells inside
the input. The backward spreads each window's gradient over its cells, divided
by the same number.
"""

from __future__ import annotations

from functools import reduce
from typing import Any, Optional

import numpy as np

from .pool_window import (
    Array, Geometry, blocks, check_grad, merge_channels, prepare, reduce_windows, spread,
)
from .shapes import IntOrTuple

__all__ = [
    "divisor",
    "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "avg_pool1d_backward", "avg_pool2d_backward", "avg_pool3d_backward",
]


def divisor(g: Geometry, count_include_pad: bool, dtype: np.dtype[Any]) -> Array:
    """Per-window divisor of average pooling, ``(*O)``, as an outer product of per-axis counts."""
    counts = []
    for h, o, k, s, p in zip(g.size, g.out, g.kernel, g.stride, g.padding):
        start = np.arange(o) * s - p  # (O,)
        end = np.minimum(start + k, h + p)  # (O,)
        counts.append(end - start if count_include_pad
                      else np.minimum(end, h) - np.maximum(start, 0))
    return reduce(np.multiply.outer, counts).astype(dtype)  # (*O)



def _avg_pool(nd: int, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
              padding: IntOrTuple, ceil_mode: bool, count_include_pad: bool) -> Array:
    """N-d average pooling core; see :func:`avg_pool2d`."""
    x, was_batched, g = prepare(nd, f"avg_pool{nd}d", input, kernel_size, stride, padding, 1,
                               ceil_mode)
    rows = merge_channels(x)  # (N*C, *S)
    counts = divisor(g, bool(count_include_pad), x.dtype)  # (*O)
    y = np.empty((rows.shape[0],) + g.out, dtype=x.dtype)  # (N*C, *O)
    for b in blocks(rows):
        reduce_windows(rows[b], g, np.add, 0.0, out=y[b])  # window sums
        y[b] /= counts
    y = y.reshape(x.shape[:2] + g.out)  # (N, C, *O)
    return y if was_batched else y[0]


def _avg_pool_backward(
    nd: int, grad_output: Any, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, ceil_mode: bool, count_include_pad: bool,
) -> Array:
    """N-d average pooling backward core; see :func:`avg_pool2d_backward`."""
    x, was_batched, g = prepare(nd, f"avg_pool{nd}d", input, kernel_size, stride, padding, 1,
                               ceil_mode)
    go = merge_channels(check_grad(grad_output, x, was_batched, g))  # (N*C, *O)
    counts = divisor(g, bool(count_include_pad), x.dtype)  # (*O)
    grad = np.zeros((go.shape[0],) + g.size, dtype=x.dtype)  # (N*C, *S)
    for b in blocks(grad):
        spread(go[b] / counts, g, out=grad[b])
    grad = grad.reshape(x.shape)  # (N, C, *S)
    return grad if was_batched else grad[0]


def avg_pool1d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Array:
    """1-d average pooling of a signal; see :func:`avg_pool2d`.

    Args:
        input: ``(N, C, L)`` or unbatched ``(C, L)``; float32 or float64.
        kernel_size, stride, padding, ceil_mode, count_include_pad: as in :func:`avg_pool2d`.

    Returns:
        ``(N, C, L_out)`` with ``L_out = floor((L + 2P - K) / S) + 1``.
    """
    return _avg_pool(1, input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool2d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Array:
    """2-d average pooling, as ``torch.nn.functional.avg_pool2d``: each window's mean.

    Window ``o`` along an axis covers ``start = o*S - P`` to
    ``end = min(start + K, H + P)``; it is divided by ``end - start`` (times the
    other axes'), or with ``count_include_pad=False`` by the cells inside the input.

    Args:
        input: ``(N, C, H, W)`` or unbatched ``(C, H, W)``; float32 or float64.
        kernel_size: int or ``(kH, kW)``, at least 1.
        stride: int or ``(sH, sW)``; None (default) means ``kernel_size``.
        padding: int or ``(pH, pW)``, at most half the kernel; padding cells are 0.
        ceil_mode: round the output size up (a last, partial window).
        count_include_pad: count the padding cells in the divisor.

    Returns:
        ``(N, C, H_out, W_out)`` with ``H_out = floor((H + 2P - K) / S) + 1``.

    Raises:
        ValueError: shapes, dtypes or hyperparameters that do not fit.
    """
    return _avg_pool(2, input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool3d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Array:
    """3-d average pooling of a volume; see :func:`avg_pool2d`.

    Args:
        input: ``(N, C, D, H, W)`` or unbatched ``(C, D, H, W)``; float32 or float64.
        kernel_size, stride, padding, ceil_mode, count_include_pad: as in :func:`avg_pool2d`.

    Returns:
        ``(N, C, D_out, H_out, W_out)``, each size by the formula of :func:`avg_pool2d`.

    Raises:
        ValueError: as :func:`avg_pool2d`; also, as in PyTorch, an input smaller than
            the kernel before padding.
    """
    return _avg_pool(3, input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool1d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        ceil_mode: bool = False, count_include_pad: bool = True) -> Array:
    """Input gradient of :func:`avg_pool1d`; see :func:`avg_pool2d_backward`.

    Args:
        grad_output: ``(N, C, L_out)``; input: ``(N, C, L)`` (or both unbatched).
        kernel_size, stride, padding, ceil_mode, count_include_pad: as in the forward call.

    Returns:
        ``(N, C, L)``.
    """
    return _avg_pool_backward(1, grad_output, input, kernel_size, stride, padding, ceil_mode,
                              count_include_pad)


def avg_pool2d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        ceil_mode: bool = False, count_include_pad: bool = True) -> Array:
    """Input gradient of :func:`avg_pool2d`: each window's gradient, divided by the
    window's divisor, goes to every input cell of the window (overlaps add up).

    Args:
        grad_output: ``(N, C, H_out, W_out)``, dL/d output.
        input: ``(N, C, H, W)``, the forward input (both may lack the batch axis).
        kernel_size, stride, padding, ceil_mode, count_include_pad: as in the forward call.

    Returns:
        ``(N, C, H, W)``, dL/d input.

    Raises:
        ValueError: as :func:`avg_pool2d`, or a grad_output of the wrong shape or dtype.
    """
    return _avg_pool_backward(2, grad_output, input, kernel_size, stride, padding, ceil_mode,
                              count_include_pad)


def avg_pool3d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        ceil_mode: bool = False, count_include_pad: bool = True) -> Array:
    """Input gradient of :func:`avg_pool3d`; see :func:`avg_pool2d_backward`.

    Args:
        grad_output: ``(N, C, D_out, H_out, W_out)``; input: ``(N, C, D, H, W)``.
        kernel_size, stride, padding, ceil_mode, count_include_pad: as in the forward call.

    Returns:
        ``(N, C, D, H, W)``.
    """
    return _avg_pool_backward(3, grad_output, input, kernel_size, stride, padding, ceil_mode,
                              count_include_pad)
