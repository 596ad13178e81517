"""Sliding windows over a padded tensor: the one place that does stride tricks.

A window view ``(N, C, *K, *O)`` holds, for every kernel tap ``k`` and output
position ``o``, the input cell ``o * stride + k * dilation`` of the padded
input. Reshaping it copies it once into contiguous columns (im2col); adding
columns back tap by tap is its adjoint (col2im).
"""

from __future__ import annotations

from itertools import product
from typing import Sequence

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import NDArray


def pad(
    x: NDArray[np.floating], pads: Sequence[tuple[int, int]], value: float = 0.0
) -> NDArray[np.floating]:
    """Pad the spatial axes of ``x``.

    Args:
        x: ``(N, C, *S)``.
        pads: ``(lo, hi)`` per spatial axis.
        value: fill value (0 for convolution, ``-inf`` for max pooling).

    Returns:
        ``(N, C, *(S + lo + hi))``; ``x`` itself when there is no padding.
    """
    if all(lo == 0 and hi == 0 for lo, hi in pads):
        return x
    shape = x.shape[:2] + tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[2:], pads))
    out = np.full(shape, value, dtype=x.dtype)
    inner = tuple(slice(lo, lo + s) for s, (lo, _) in zip(x.shape[2:], pads))
    out[(slice(None), slice(None)) + inner] = x
    return out


def unpad(x: NDArray[np.floating], pads: Sequence[tuple[int, int]], size: Sequence[int]) -> NDArray[np.floating]:
    """Crop the padding off: ``(N, C, *(S + lo + hi)) -> (N, C, *S)`` (a view)."""
    inner = tuple(slice(lo, lo + s) for s, (lo, _) in zip(size, pads))
    return x[(slice(None), slice(None)) + inner]


def windows(
    xp: NDArray[np.floating],
    kernel: Sequence[int],
    stride: Sequence[int],
    dilation: Sequence[int],
    out: Sequence[int],
) -> NDArray[np.floating]:
    """Read-only window view of a padded input.

    Args:
        xp: padded input ``(N, C, *P)``.
        kernel, stride, dilation: per spatial axis.
        out: output size per spatial axis (from :mod:`engine.shapes`).

    Returns:
        view ``(N, C, *K, *O)`` with ``view[n, c, *k, *o] = xp[n, c, *(o*stride + k*dilation)]``.
    """
    sp = xp.strides[2:]
    strides = xp.strides[:2] + tuple(s * d for s, d in zip(sp, dilation)) + tuple(
        s * st for s, st in zip(sp, stride)
    )
    shape = xp.shape[:2] + tuple(kernel) + tuple(out)
    return as_strided(xp, shape=shape, strides=strides, writeable=False)


def tap_slices(
    tap: Sequence[int], stride: Sequence[int], dilation: Sequence[int], out: Sequence[int]
) -> tuple[slice, ...]:
    """Spatial slices of the padded input that kernel tap ``tap`` reads, one per output cell."""
    return tuple(
        slice(k * d, k * d + s * (o - 1) + 1, s) for k, s, d, o in zip(tap, stride, dilation, out)
    )


def add_windows(
    target: NDArray[np.floating],
    cols: NDArray[np.floating],
    stride: Sequence[int],
    dilation: Sequence[int],
) -> NDArray[np.floating]:
    """Add window columns back onto a padded tensor (col2im), in place.

    Overlapping windows accumulate. One strided slice per kernel tap: the loop
    runs over ``prod(K)`` taps, never over pixels.

    Args:
        target: ``(N, C, *P)`` padded accumulator, modified in place.
        cols: ``(N, C, *K, *O)`` values for every tap and output position.

    Returns:
        ``target``.
    """
    nd = target.ndim - 2
    kernel, out = cols.shape[2 : 2 + nd], cols.shape[2 + nd :]
    for tap in product(*(range(k) for k in kernel)):
        region = (slice(None), slice(None)) + tap_slices(tap, stride, dilation, out)
        target[region] += cols[(slice(None), slice(None)) + tap]
    return target
