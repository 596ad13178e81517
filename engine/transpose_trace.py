"""Stamp traces: every step of a small transposed convolution, for the lab's animation.

A transposed convolution walks the *input*: each input cell ``i`` scales the kernel by
its value and adds that stamp onto the output, its first tap at ``i * S - P`` (output
coordinates; the stamp's taps sit ``k * D`` further on). Cells a stamp puts outside
``[0, O)`` are cropped away by the padding. Per spatial axis::

    O = (H - 1) * S - 2P + D * (K - 1) + output_padding + 1

The trace lists the steps in row-major order over ``(N, C_in, *H)``. For each step it
records the input value, the scaled kernel it stamps, which taps land inside the output,
and the output of that step's sample after the stamp (the bias plus every stamp so far),
so the browser draws the accumulation without recomputing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

from . import shapes
from .conv import conv_transpose1d, conv_transpose2d, conv_transpose3d
from .shapes import IntOrTuple
from .validate import batched, float_array

Array = NDArray[np.floating]
IntArray = NDArray[np.int64]

__all__ = ["TransposeTrace", "conv_transpose_trace"]

_TRANSPOSE = {1: conv_transpose1d, 2: conv_transpose2d, 3: conv_transpose3d}
_LAYOUTS = {1: "(N, C_in, L)", 2: "(N, C_in, H, W)", 3: "(N, C_in, D, H, W)"}


@dataclass(frozen=True)
class TransposeTrace:
    """Every stamp of a transposed convolution. ``S`` steps (one per input cell),
    ``Co = C_out / groups`` output channels a step writes, ``T = prod(K)`` taps.

    Attributes:
        padding: per axis, cropped from both ends of the full stamp canvas.
        output_padding: per axis, extra cells on the high end of the output.
        canvas: ``(nd,)`` the uncropped size ``(H - 1) * S + D * (K - 1) + 1`` per axis.
        input: ``(N, C_in, *H)``.
        weight: ``(C_in, Co, *K)``.
        bias: ``(C_out,)`` (zeros without bias).
        output: ``(N, C_out, *O)``, the engine's transposed convolution.
        index: ``(S, 2 + nd)`` rows ``[n, c_in, *i]``.
        origin: ``(S, nd)`` where the stamp's first tap lands, ``i * S - P`` (may be negative).
        taps: ``(T, nd)`` offsets of the taps from the origin, ``k * D``.
        channels: ``(S, Co)`` output channels each step writes (its group's).
        value: ``(S,)`` the input cell's value.
        stamp: ``(S, Co, *K)`` the kernel scaled by that value.
        kept: ``(S, *K)`` True where the tap lands inside the output, False where the
            padding crops it.
        partial: ``(S, C_out, *O)`` the step's sample's output after its stamp.
    """

    kind: str
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    output_padding: tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    canvas: tuple[int, ...]
    input: Array
    weight: Array
    bias: Array
    output: Array
    index: IntArray
    origin: IntArray
    taps: IntArray
    channels: IntArray
    value: Array
    stamp: Array
    kept: NDArray[np.bool_]
    partial: Array


def _steps(full: tuple[int, ...]) -> IntArray:
    """Row-major indices of every cell of ``full``: ``(prod(full), len(full))``."""
    grids = np.indices(full).reshape(len(full), -1)  # (ndim, S)
    return np.ascontiguousarray(grids.T, dtype=np.int64)  # (S, ndim)


def _partial(
    stamp: Array, dest: IntArray, inside: NDArray[np.bool_], channels: IntArray,
    full_out: tuple[int, ...], bias: Array,
) -> Array:
    """The output after every step: ``(S, C_out, *O)``, the running sum within each sample.

    Args:
        stamp: ``(S, Co, T)``; dest: ``(S, T, nd)`` output cells of the taps;
        inside: ``(S, T)``; channels: ``(S, Co)``; full_out: ``(N, C_out, *O)``.
    """
    n, c_out, out = full_out[0], full_out[1], full_out[2:]
    steps, co, taps = stamp.shape
    adds = np.zeros((steps, c_out) + out, dtype=stamp.dtype)  # (S, C_out, *O)
    s_idx = np.broadcast_to(np.arange(steps)[:, None, None], (steps, co, taps))  # (S, Co, T)
    c_idx = np.broadcast_to(channels[:, :, None], (steps, co, taps))  # (S, Co, T)
    keep = np.broadcast_to(inside[:, None, :], (steps, co, taps))  # (S, Co, T)
    cells = tuple(np.broadcast_to(dest[:, None, :, a], (steps, co, taps))[keep]
                  for a in range(len(out)))  # nd x (kept,)
    adds[(s_idx[keep], c_idx[keep]) + cells] = stamp[keep]  # a step's taps never collide
    per_sample = adds.reshape((n, steps // n, c_out) + out)  # (N, S/N, C_out, *O)
    running = np.cumsum(per_sample, axis=1).reshape(adds.shape)  # (S, C_out, *O)
    return running + bias.reshape((1, -1) + (1,) * len(out))


def conv_transpose_trace(
    input: Array, weight: Array, bias: Array | None = None, stride: IntOrTuple = 1,
    padding: IntOrTuple = 0, output_padding: IntOrTuple = 0, groups: int = 1,
    dilation: IntOrTuple = 1, max_steps: int = 4096, max_elements: int = 2**22,
) -> TransposeTrace:
    """Trace :func:`engine.conv.conv_transpose2d` (or 1-d / 3-d, from the weight's rank).

    Args:
        input: ``(N, C_in, *H)`` or ``(C_in, *H)``.
        weight: ``(C_in, C_out/groups, *K)``; its rank sets the dimension.
        bias: ``(C_out,)`` or None. Other arguments as in ``conv_transpose2d``.
        max_steps: most input cells (stamps) to trace.
        max_elements: most numbers in ``partial`` (steps times the output of a sample).

    Returns:
        :class:`TransposeTrace`, steps in row-major order over ``(N, C_in, *H)``.

    Raises:
        ValueError: what ``conv_transpose2d`` rejects, more than ``max_steps`` input
            cells, or a ``partial`` larger than ``max_elements``.
    """
    w = float_array(weight, "weight")
    nd = w.ndim - 2
    if nd not in (1, 2, 3):
        raise ValueError(f"a trace needs a weight of shape (C_in, C_out/groups, *K) with 1 to 3 "
                         f"kernel axes, got shape {tuple(w.shape)}")
    x, _ = batched(float_array(input, "input"), nd, f"conv_transpose{nd}d", _LAYOUTS[nd])
    steps = shapes.prod(x.shape)
    if steps > max_steps:
        raise ValueError(
            f"a trace of conv_transpose{nd}d records one stamp per input cell, {steps:,} here, "
            f"more than {max_steps:,}: use a smaller input for the step-by-step view")
    y = _TRANSPOSE[nd](x, w, bias, stride, padding, output_padding, groups, dilation)  # (N, C_out, *O)
    if steps * shapes.prod(y.shape[1:]) > max_elements:
        raise ValueError(
            f"a trace of conv_transpose{nd}d keeps the output after each of its {steps:,} stamps, "
            f"{steps * shapes.prod(y.shape[1:]):,} numbers, more than {max_elements:,}: use a "
            "smaller input for the step-by-step view")
    s = shapes.ntuple(stride, nd, "stride", minimum=1)
    p = shapes.ntuple(padding, nd, "padding", minimum=0)
    op = shapes.ntuple(output_padding, nd, "output_padding", minimum=0)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    kernel = tuple(int(k) for k in w.shape[2:])
    b = np.zeros(y.shape[1], x.dtype) if bias is None else np.asarray(bias, x.dtype)  # (C_out,)
    index = _steps(tuple(x.shape))  # (S, 2 + nd)
    origin = index[:, 2:] * np.array(s) - np.array(p)  # (S, nd)
    taps = np.array([[t * di for t, di in zip(tap, d)] for tap in product(*map(range, kernel))],
                    dtype=np.int64).reshape(-1, nd)  # (T, nd)
    co = w.shape[1]
    channels = (index[:, 1] // (x.shape[1] // groups))[:, None] * co + np.arange(co)  # (S, Co)
    value = x.reshape(-1)  # (S,), row-major as the steps
    stamp = value[:, None, None] * w[index[:, 1]].reshape(steps, co, -1)  # (S, Co, T)
    dest = origin[:, None, :] + taps[None, :, :]  # (S, T, nd)
    inside = np.all((dest >= 0) & (dest < np.array(y.shape[2:])), axis=2)  # (S, T)
    partial = _partial(stamp, dest, inside, channels, tuple(y.shape), b)  # (S, C_out, *O)
    canvas = tuple((h - 1) * si + di * (k - 1) + 1 for h, si, di, k in zip(x.shape[2:], s, d, kernel))
    return TransposeTrace(
        "conv_transpose", s, p, op, d, int(groups), canvas, x, np.ascontiguousarray(w), b, y,
        index, origin, taps, channels, value.copy(), stamp.reshape((steps, co) + kernel),
        inside.reshape((steps,) + kernel), partial)
