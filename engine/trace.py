"""Sliding traces: every step of a small convolution or pooling, for the animations.

A trace lists the output cells in row-major order ``(n, c_out, *o)``. For each
step it records where the window sits on the padded input, the values it reads,
the element-wise products (convolution) or the comparison (max pooling) or the
divisor (average pooling), and the result that lands in the output cell. The
browser draws these numbers; it never recomputes them.

Window placement per spatial axis: output cell ``o`` reads the padded input at
``o * S + k * D`` for tap ``k``; its top-left corner (the *origin*) is ``o * S``.
The receptive-field maps give, for every output position, the real input cells
(padding excluded) its window covers, and for every input cell the outputs it
feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Optional

import numpy as np
from numpy.typing import NDArray

from . import shapes
from .avg_pool import divisor as avg_divisor
from .conv import check_geometry, prepare
from .pool_window import prepare as prepare_pool
from .shapes import IntOrTuple, Padding
from .validate import float_array, same_dtype
from .window import pad

Array = NDArray[np.floating]
IntArray = NDArray[np.int64]

__all__ = ["ConvTrace", "PoolTrace", "conv_trace", "pool_trace", "receptive_fields"]


@dataclass(frozen=True)
class ConvTrace:
    """Every step of a convolution. ``S`` steps, ``Cg = C_in / groups``, ``K`` kernel taps.

    Attributes:
        padded: ``(N, C_in, *P)`` the input with its zero padding.
        pads: ``(lo, hi)`` per spatial axis.
        weight: ``(C_out, Cg, *K)`` the kernel as applied (rotated 180 degrees if ``flip``).
        output: ``(N, C_out, *O)``.
        index: ``(S, 2 + nd)`` rows ``[n, c_out, *o]``.
        origin: ``(S, nd)`` window corner in padded coordinates, ``o * stride``.
        taps: ``(prod(K), nd)`` offsets of the kernel taps from the origin, ``k * dilation``.
        channels: ``(S, Cg)`` input channels each step reads (its group's).
        window: ``(S, Cg, *K)`` values the window reads.
        products: ``(S, Cg, *K)`` window times kernel, element-wise.
        channel_sums: ``(S, Cg)`` sum of the products per input channel.
        bias: ``(S,)`` the output channel's bias (0 without bias).
        result: ``(S,)`` sum over channels plus bias, the output cell's value.
        fields: per output position (row-major over ``O``), flat input positions it covers.
        feeds: per input position (row-major over the unpadded ``S``), flat output positions.
    """

    kind: str
    flip: bool
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    pads: tuple[tuple[int, int], ...]
    padded: Array
    weight: Array
    output: Array
    index: IntArray
    origin: IntArray
    taps: IntArray
    channels: IntArray
    window: Array
    products: Array
    channel_sums: Array
    bias: Array
    result: Array
    fields: list[list[int]]
    feeds: list[list[int]]


@dataclass(frozen=True)
class PoolTrace:
    """Every step of a max or average pooling. ``S`` steps, ``K`` window taps.

    The padded input is extended on the high side when ``ceil_mode`` lets the
    last window hang past the padding; ``inside`` tells real cells from padding.

    Attributes:
        padded: ``(N, C, *P)`` the input, zero in the padding (padding never wins a max).
        inside: ``(*P,)`` True on real input cells.
        unvisited: ``(*S,)`` True on the input cells no window reads (a stride longer
            than the window, the gaps of a dilated window, cells past the last window).
        output: ``(N, C, *O)``.
        index, origin, taps: as in :class:`ConvTrace` (``index`` rows ``[n, c, *o]``).
        window: ``(S, *K)`` values read (0 outside the input).
        valid: ``(S, *K)`` True where the tap reads a real input cell.
        maxima: ``(S, *K)`` True on the taps holding the window's maximum (max pooling).
        first: ``(S,)`` flat tap of the first maximum in row-major order, -1 for average.
        argmax: ``(S,)`` the first maximum's flat position in its channel of the unpadded
            input, row-major over ``S`` (PyTorch's ``return_indices``); -1 for average
            pooling and for a window of nothing but padding.
        divisor: ``(S,)`` cells the average divides by (1 for max pooling).
        result: ``(S,)`` the output cell's value.
    """

    kind: str
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    ceil_mode: bool
    count_include_pad: bool
    padded: Array
    inside: NDArray[np.bool_]
    unvisited: NDArray[np.bool_]
    output: Array
    index: IntArray
    origin: IntArray
    taps: IntArray
    window: Array
    valid: NDArray[np.bool_]
    maxima: NDArray[np.bool_]
    first: IntArray
    argmax: IntArray
    divisor: Array
    result: Array
    fields: list[list[int]]
    feeds: list[list[int]]


def _check_steps(steps: int, max_steps: int, op: str) -> None:
    if steps > max_steps:
        raise ValueError(
            f"a trace of {op} records one step per output cell, {steps:,} here, more than "
            f"{max_steps:,}: use a smaller input for the step-by-step view"
        )


def _steps(full_out: tuple[int, ...]) -> IntArray:
    """Row-major indices of every output cell: ``(prod(full_out), len(full_out))``."""
    grids = np.indices(full_out).reshape(len(full_out), -1)  # (ndim, steps)
    return np.ascontiguousarray(grids.T, dtype=np.int64)  # (steps, ndim)


def _taps(kernel: tuple[int, ...], dilation: tuple[int, ...]) -> IntArray:
    """Offsets of every kernel tap from the window origin: ``(prod(K), nd)``."""
    return np.array([[k * d for k, d in zip(tap, dilation)] for tap in product(*map(range, kernel))],
                    dtype=np.int64).reshape(-1, len(kernel))


def _gather(
    padded: Array, index: IntArray, origin: IntArray, taps: IntArray, kernel: tuple[int, ...],
    channels: IntArray,
) -> Array:
    """Values every step's window reads: ``(S, Cg, *K)``.

    Args:
        padded: ``(N, C, *P)``; index: ``(S, 2 + nd)``; origin: ``(S, nd)``;
        taps: ``(T, nd)``; channels: ``(S, Cg)`` channel read per step.
    """
    nd = origin.shape[1]
    cells = origin[:, None, :] + taps[None, :, :]  # (S, T, nd)
    n = index[:, 0][:, None, None]  # (S, 1, 1)
    c = channels[:, :, None]  # (S, Cg, 1)
    spatial = tuple(cells[:, None, :, a] for a in range(nd))  # nd x (S, 1, T)
    values = padded[(n, c) + spatial]  # (S, Cg, T)
    return values.reshape(values.shape[:2] + kernel)  # (S, Cg, *K)


def receptive_fields(
    spatial: tuple[int, ...], out: tuple[int, ...], origin_lo: tuple[int, ...],
    taps: IntArray, stride: tuple[int, ...],
) -> tuple[list[list[int]], list[list[int]]]:
    """Which input cells each output position covers, and which outputs each input cell feeds.

    Args:
        spatial: unpadded input size per axis.
        out: output size per axis.
        origin_lo: low-side padding per axis (window origins are ``o * S - P_lo`` in input
            coordinates).
        taps: ``(T, nd)`` tap offsets.

    Returns:
        ``(fields, feeds)``: ``fields[o]`` lists flat input positions (row-major over
        ``spatial``) for flat output position ``o``; ``feeds[i]`` flat output positions
        for flat input position ``i``.
    """
    nd = len(spatial)
    outs = _steps(out)  # (prod(O), nd)
    starts = outs * np.array(stride) - np.array(origin_lo)  # (prod(O), nd)
    cells = starts[:, None, :] + taps[None, :, :]  # (prod(O), T, nd)
    inside = np.all((cells >= 0) & (cells < np.array(spatial)), axis=2)  # (prod(O), T)
    flat = np.ravel_multi_index(tuple(np.clip(cells[..., a], 0, spatial[a] - 1) for a in range(nd)),
                                spatial)  # (prod(O), T)
    rows = np.broadcast_to(np.arange(len(flat))[:, None], flat.shape)[inside]  # (pairs,)
    cols = flat[inside]  # (pairs,)
    fields = [a.tolist() for a in np.split(cols, np.cumsum(inside.sum(axis=1))[:-1])]
    order = np.argsort(cols, kind="stable")  # pairs grouped by input cell
    counts = np.bincount(cols, minlength=shapes.prod(spatial))  # (prod(S),)
    feeds = [a.tolist() for a in np.split(rows[order], np.cumsum(counts)[:-1])]
    return fields, feeds


def conv_trace(
    input: Array, weight: Array, bias: Optional[Array] = None, stride: IntOrTuple = 1,
    padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1, flip: bool = False,
    max_steps: int = 4096,
) -> ConvTrace:
    """Trace :func:`engine.conv.conv2d` (or 1-d / 3-d, from the weight's rank) step by step.

    Args:
        input: ``(N, C_in, *S)`` or ``(C_in, *S)``.
        weight: ``(C_out, C_in/groups, *K)``; its rank sets the dimension.
        bias: ``(C_out,)`` or None. Other arguments as in ``conv2d``.
        max_steps: most output cells to trace.

    Returns:
        :class:`ConvTrace`, steps in row-major order over ``(N, C_out, *O)``.

    Raises:
        ValueError: what ``conv2d`` rejects, or more than ``max_steps`` output cells.
    """
    w0 = float_array(weight, "weight")
    nd = w0.ndim - 2
    if nd not in (1, 2, 3):
        raise ValueError(f"a trace needs a weight of shape (C_out, C_in/groups, *K) with 1 to 3 "
                         f"kernel axes, got shape {tuple(w0.shape)}")
    x, w, _ = prepare(nd, input, w0, flip)
    g = check_geometry(nd, x, w, stride, padding, dilation, groups)
    full_out = (x.shape[0], w.shape[0], *g.out)
    _check_steps(shapes.prod(full_out), max_steps, f"conv{nd}d")
    b = np.zeros(w.shape[0], dtype=x.dtype)
    if bias is not None:
        b = float_array(bias, "bias")
        same_dtype(x, b, "bias")
        if b.shape != (w.shape[0],):
            raise ValueError(f"bias needs one value per kernel, shape ({w.shape[0]},), got {b.shape}")
    padded = pad(x, g.pads)  # (N, C_in, *P)
    index = _steps(full_out)  # (S, 2 + nd)
    origin = index[:, 2:] * np.array(g.stride)  # (S, nd)
    taps = _taps(g.kernel, g.dilation)  # (T, nd)
    per_group, per_out = w.shape[1], w.shape[0] // g.groups
    channels = (index[:, 1] // per_out)[:, None] * per_group + np.arange(per_group)  # (S, Cg)
    window = _gather(padded, index, origin, taps, g.kernel, channels)  # (S, Cg, *K)
    products = window * w[index[:, 1]]  # (S, Cg, *K)
    channel_sums = products.reshape(products.shape[:2] + (-1,)).sum(axis=2)  # (S, Cg)
    result = channel_sums.sum(axis=1) + b[index[:, 1]]  # (S,)
    fields, feeds = receptive_fields(tuple(x.shape[2:]), g.out, tuple(lo for lo, _ in g.pads),
                                     taps, g.stride)
    return ConvTrace("conv", bool(flip), g.stride, g.dilation, g.groups, g.pads, padded,
                     np.ascontiguousarray(w), result.reshape(full_out), index, origin, taps,
                     channels, window, products, channel_sums, b[index[:, 1]], result,
                     fields, feeds)


def pool_trace(
    input: Array, kind: str, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
    padding: IntOrTuple = 0, dilation: IntOrTuple = 1, ceil_mode: bool = False,
    count_include_pad: bool = True, ndim: Optional[int] = None, max_steps: int = 4096,
) -> PoolTrace:
    """Trace a max or average pooling step by step.

    Args:
        input: ``(N, C, *S)``; ``ndim`` spatial axes (default ``input.ndim - 2``).
        kind: ``"max"`` or ``"avg"``; other arguments as in ``max_pool2d`` /
            ``avg_pool2d`` (``dilation`` is for max pooling only).
        max_steps: most output cells to trace.

    Returns:
        :class:`PoolTrace`. The average divides by PyTorch's divisor: the window
        clipped to the padded input (``count_include_pad``) or to the real input.

    Raises:
        ValueError: what the pooling rejects, or more than ``max_steps`` output cells.
    """
    if kind not in ("max", "avg"):
        raise ValueError(f"kind must be 'max' or 'avg', got {kind!r}")
    x0 = float_array(input, "input")
    nd = x0.ndim - 2 if ndim is None else ndim
    if nd not in (1, 2, 3):
        raise ValueError(f"pooling works on 1 to 3 spatial axes, got input shape {x0.shape}")
    if kind == "avg" and dilation not in (1, (1,) * nd, [1] * nd):
        raise ValueError("average pooling has no dilation")
    x, _, g = prepare_pool(nd, f"{kind}_pool{nd}d", x0, kernel_size, stride, padding, dilation,
                           ceil_mode)
    k, s, p, d, out = g.kernel, g.stride, g.padding, g.dilation, g.out
    full_out = (*x.shape[:2], *out)
    _check_steps(shapes.prod(full_out), max_steps, f"{kind}_pool{nd}d")
    reach = [(o - 1) * si + di * (ki - 1) + 1 for o, si, di, ki in zip(out, s, d, k)]
    pads = tuple((pi, max(pi, r - h - pi)) for pi, r, h in zip(p, reach, x.shape[2:]))
    padded = pad(x, pads)  # (N, C, *P)
    inside = pad(np.ones((1, 1) + x.shape[2:], dtype=bool), pads, False)[0, 0]  # (*P,)
    index = _steps(full_out)  # (S, 2 + nd)
    origin = index[:, 2:] * np.array(s)  # (S, nd)
    taps = _taps(k, d)  # (T, nd)
    window = _gather(padded, index, origin, taps, k, index[:, 1:2])[:, 0]  # (S, *K)
    cells = origin[:, None, :] + taps[None, :, :]  # (S, T, nd)
    valid = inside[tuple(cells[..., a] for a in range(nd))].reshape(window.shape)  # (S, *K)
    flat = window.reshape(len(index), -1)  # (S, T)
    if kind == "max":
        masked = np.where(valid.reshape(flat.shape), flat, -np.inf)  # (S, T)
        result = masked.max(axis=1)  # (S,)
        maxima = (masked == result[:, None]).reshape(window.shape)  # (S, *K)
        first = np.argmax(masked == result[:, None], axis=1).astype(np.int64)  # (S,)
        argmax = _first_position(cells, first, valid.reshape(flat.shape), pads, x.shape[2:])
        divisor = np.ones(len(index), dtype=x.dtype)
    else:
        divisor = avg_divisor(g, bool(count_include_pad), x.dtype)[tuple(index[:, 2:].T)]  # (S,)
        result = flat.sum(axis=1) / divisor  # (S,)
        maxima = np.zeros(window.shape, dtype=bool)
        first = np.full(len(index), -1, dtype=np.int64)
        argmax = np.full(len(index), -1, dtype=np.int64)
    fields, feeds = receptive_fields(tuple(x.shape[2:]), out, p, taps, s)
    return PoolTrace(kind, k, s, d, pads, bool(ceil_mode), bool(count_include_pad), padded,
                     inside, ~g.read(), result.reshape(full_out).astype(x.dtype), index, origin,
                     taps, window, valid, maxima, first, argmax, divisor, result.astype(x.dtype),
                     fields, feeds)


def _first_position(
    cells: IntArray, first: IntArray, valid: NDArray[np.bool_],
    pads: tuple[tuple[int, int], ...], size: tuple[int, ...],
) -> IntArray:
    """Flat input position (row-major over ``size``) of each step's first maximum, -1 where
    that tap is padding (a window of nothing but padding).

    Args:
        cells: ``(S, T, nd)`` padded coordinates of every tap; first: ``(S,)`` tap index;
        valid: ``(S, T)`` True on real cells.
    """
    steps = np.arange(len(first))  # (S,)
    pick = cells[steps, first] - np.array([lo for lo, _ in pads])  # (S, nd) input coordinates
    real = valid[steps, first]  # (S,)
    inside = tuple(np.clip(pick[:, a], 0, h - 1) for a, h in enumerate(size))  # nd x (S,)
    flat = np.ravel_multi_index(inside, size).astype(np.int64)  # (S,)
    return np.where(real, flat, -1)  # (S,)
