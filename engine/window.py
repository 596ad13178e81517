"""Sliding windows over a padded tensor: the one place that does stride tricks.

A window view ``(N, C, *K, *O)`` holds, for every kernel tap ``k`` and output
position ``o``, the input cell ``o * stride + k * dilation`` of the padded
input. Reshaping it copies it once into contiguous columns (im2col); adding
columns back tap by tap is its adjoint (col2im).

The depthwise route works channels last, ``(N, *S, C)``: :func:`place` pads,
:func:`channel_windows` is its window view, and :func:`phase_slices` says which input cells a stride phase holds (padded cell
``u = q * s + a`` is cell ``q`` of phase ``a``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

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


def phase_slices(size: int, lo: int, stride: int, phase: int, cells: int) -> tuple[slice, slice]:
    """The input cells of one axis that stride phase ``phase`` holds, and where it holds them.

    Padded cell ``u = q * stride + phase`` (for ``0 <= q < cells``) is input cell ``u - lo``.

    Returns:
        ``(input slice, phase slice)``; both empty when no input cell falls in the phase.
    """
    q0 = max(0, -(-(lo - phase) // stride))  # first q at or after the low padding
    q1 = min(cells, (size - 1 + lo - phase) // stride + 1)  # one past the last input cell
    if q1 <= q0:
        return slice(0, 0), slice(0, 0)
    start = q0 * stride + phase - lo
    return slice(start, start + (q1 - q0 - 1) * stride + 1, stride), slice(q0, q1)


def place(xl: NDArray[np.floating], offsets: Sequence[int], size: Sequence[int]) -> NDArray[np.floating]:
    """A zero channels-last tensor of spatial size ``size`` with ``xl`` copied in at ``offsets``.

    Args:
        xl: ``(N, *S, C)``, any strides.
        offsets: where ``xl``'s first cell goes, per spatial axis; what of ``xl`` falls
            outside ``[0, size)`` (a negative offset, or beyond the end) is left out.
        size: the result's spatial size.

    Returns:
        ``(N, *size, C)``, contiguous: the zero padding of a convolution in one copy.
    """
    out = np.empty((xl.shape[0], *size, xl.shape[-1]), dtype=xl.dtype)
    first = [max(0, -o) for o in offsets]  # first cell of xl that lands inside
    kept = [max(0, min(s - f, z - o - f)) for s, o, z, f in zip(xl.shape[1:-1], offsets, size, first)]
    dst = tuple(slice(o + f, o + f + m) for o, f, m in zip(offsets, first, kept))
    for axis, d in enumerate(dst):  # zero only the border: the slabs before and after the copy
        before = (slice(None),) * (axis + 1)
        out[before + (slice(0, d.start),)] = 0
        out[before + (slice(d.stop, None),)] = 0
    out[(slice(None),) + dst] = xl[(slice(None),) + tuple(slice(f, f + m) for f, m in zip(first, kept))]
    return out


def channel_windows(
    xp: NDArray[np.floating], kernel: Sequence[int], stride: Sequence[int],
    dilation: Sequence[int], out: Sequence[int], chunk: int = 1,
) -> NDArray[np.floating]:
    """Read-only window view of a padded channels-last tensor, ``chunk`` output cells of the
    last axis and their channels innermost (contiguous).

    Args:
        xp: ``(N, *P, C)``, C-contiguous.
        chunk: output cells of the last axis per innermost run; it divides ``O_last``, and
            more than 1 needs a stride of 1 on that axis.

    Returns:
        ``(N, *O[:-1], O_last / chunk, *K, chunk * C)`` with ``view[n, o', m, k, j * C + c] =
        xp[n, o' * stride' + k' * dilation', (m * chunk + j) * stride_last + k_last * dilation_last, c]``.
    """
    assert xp.flags.c_contiguous and out[-1] % chunk == 0 and (chunk == 1 or stride[-1] == 1)
    sp = xp.strides[1:-1]
    strides = (xp.strides[0], *(s * st for s, st in zip(sp[:-1], stride[:-1])), sp[-1] * stride[-1] * chunk,
               *(s * d for s, d in zip(sp, dilation)), xp.strides[-1])
    shape = (xp.shape[0], *out[:-1], out[-1] // chunk, *kernel, chunk * xp.shape[-1])
    return as_strided(xp, shape=shape, strides=strides, writeable=False)
