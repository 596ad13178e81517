"""Adaptive average pooling: any input size to a fixed output size, as ``torch.nn.functional.adaptive_avg_pool2d``.

Output cell ``i`` of an axis with input size ``H`` and output size ``O``
averages the input cells ``floor(i * H / O)`` up to ``ceil((i + 1) * H / O)``
(exclusive). Windows may overlap by one cell and differ in size by one. Per axis
this is a fixed averaging matrix ``A (O, H)``, so for a 2-d map::

    y = A_h @ x @ A_w^T,    dL/dx = A_h^T @ dL/dy @ A_w

``output_size=(1, 1)`` is global average pooling.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .activation import _grad_output
from .shapes import ntuple
from .validate import batched, float_array

Array = NDArray[np.floating]

__all__ = ["adaptive_avg_pool2d", "adaptive_avg_pool2d_backward", "averaging_matrix"]


def averaging_matrix(size: int, out: int, dtype: type = np.float64) -> Array:
    """The matrix ``A (out, size)`` whose row ``i`` averages input cells ``floor(i*size/out)..ceil((i+1)*size/out)``."""
    i = np.arange(out)
    start = (i * size) // out  # (out,)
    end = -((-(i + 1) * size) // out)  # (out,) ceil((i+1)*size/out)
    cells = np.arange(size)
    inside = (cells[None, :] >= start[:, None]) & (cells[None, :] < end[:, None])  # (out, size)
    return (inside / (end - start)[:, None]).astype(dtype)


def _check(input: Array, output_size: int | Sequence[int]) -> tuple[Array, bool, tuple[int, ...]]:
    """Validate ``input (N, C, H, W)`` or ``(C, H, W)`` and ``output_size``."""
    x = float_array(input, "input")
    x, was_batched = batched(x, 2, "adaptive_avg_pool2d", "(N, C, H, W)")
    out = ntuple(output_size, 2, "output_size", minimum=1)
    if min(x.shape[2:], default=0) < 1:
        raise ValueError(f"adaptive_avg_pool2d needs a non-empty map, got shape {x.shape}")
    return x, was_batched, out


def adaptive_avg_pool2d(input: Array, output_size: int | Sequence[int]) -> Array:
    """Average-pool every map to ``output_size`` cells, whatever its size.

    Args:
        input: ``(N, C, H, W)`` or ``(C, H, W)``.
        output_size: ``O`` or ``(O_h, O_w)``; larger than the input repeats cells.

    Returns:
        ``(N, C, O_h, O_w)`` (or unbatched), the input's dtype.
    """
    x, was_batched, (oh, ow) = _check(input, output_size)
    a_h = averaging_matrix(x.shape[2], oh, x.dtype.type)  # (O_h, H)
    a_w = averaging_matrix(x.shape[3], ow, x.dtype.type)  # (O_w, W)
    y = a_h @ x @ a_w.T  # (N, C, O_h, O_w)
    return y if was_batched else y[0]


def adaptive_avg_pool2d_backward(
    grad_output: Array, input: Array, output_size: int | Sequence[int]
) -> Array:
    """Gradient of :func:`adaptive_avg_pool2d`: each output's gradient shared equally by its window.

    Args:
        grad_output: ``(N, C, O_h, O_w)`` (unbatched if the input was).
        input: ``(N, C, H, W)`` or ``(C, H, W)``, the forward input.
        output_size: the forward ``output_size``.

    Returns:
        grad_input: the input's shape.
    """
    x, was_batched, (oh, ow) = _check(input, output_size)
    expected = x.shape[:2] + (oh, ow)
    g = _grad_output(grad_output, x, expected if was_batched else expected[1:])
    g = g if was_batched else g[None]  # (N, C, O_h, O_w)
    a_h = averaging_matrix(x.shape[2], oh, x.dtype.type)  # (O_h, H)
    a_w = averaging_matrix(x.shape[3], ow, x.dtype.type)  # (O_w, W)
    grad = a_h.T @ g @ a_w  # (N, C, H, W)
    return grad if was_batched else grad[0]
