"""The shared machinery of pooling: geometry, checks, and separable window passes.

A pooling slides a window of ``K`` taps (``D`` cells apart) over every channel
on its own, ``S`` cells per step. Output size per spatial axis, PyTorch's rule::

    O = floor((H + 2P - D * (K - 1) - 1) / S) + 1

``ceil_mode`` rounds up instead, but the last window must start inside the
input or its left padding: ``(O - 1) * S < H + P``. Padding ``P`` is at most
``K // 2``.

No loop runs over pixels. Pooling has no matmul, so rather than conv's window
view it reads one strided slice per kernel tap, and only the cells inside the
input: no padded copy is ever made. Reductions are separable, one axis at a
time. The ``N*C`` channels, which pool independently, go through in blocks of
about ``BLOCK_BYTES``, so the few passes each tap makes over a block hit the
CPU cache. :mod:`engine.max_pool` and :mod:`engine.avg_pool` build on this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from itertools import product
from typing import Any, Optional

import numpy as np
from numpy.typing import NDArray

from . import shapes
from .shapes import IntOrTuple
from .validate import batched, float_array, same_dtype

Array = NDArray[np.floating]
Span = tuple[slice, slice]  # (input cells, output cells) of one tap along one axis

# Input bytes per block of channels: the passes each tap makes then stay in the CPU cache
# (max pooling fwd+bwd on 1x64x224x224 is about 1.7x faster than in one block, measured).
BLOCK_BYTES = 1 << 19

_LAYOUTS = {1: "(N, C, L)", 2: "(N, C, H, W)", 3: "(N, C, D, H, W)"}

Box = tuple[tuple[slice, ...], tuple[slice, ...]]  # (input cells, output cells) of one N-d tap


@dataclass(frozen=True)
class Geometry:
    """Validated hyperparameters of one pooling over an input of spatial size ``size``."""

    size: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    out: tuple[int, ...]

    def spans(self, axis: int) -> list[Span]:
        """Per kernel tap along ``axis`` (in order), the cells it reads and the windows it serves.

        Tap ``j`` of window ``o`` reads input cell ``o*S + j*D - P``; only the
        windows where that cell lies inside the input are kept. Taps that fall
        in the padding for every window are left out.
        """
        h, o_n, k, s, d, p = (self.size[axis], self.out[axis], self.kernel[axis],
                              self.stride[axis], self.dilation[axis], self.padding[axis])
        spans = []
        for j in range(k):
            offset = j * d - p
            lo = max(0, -(offset // s))  # first o with o*S + offset >= 0
            hi = min(o_n, (h - 1 - offset) // s + 1)  # past the last o with o*S + offset < H
            if hi > lo:
                start = lo * s + offset
                spans.append((slice(start, start + (hi - lo - 1) * s + 1, s), slice(lo, hi)))
        return spans

    def read(self) -> NDArray[np.bool_]:
        """``(*S)`` True on the input cells some window reads.

        Windows are every combination of per-axis positions, taps every combination of
        per-axis taps, so a cell is read exactly when each of its coordinates is read along
        its axis: an outer AND of per-axis masks. Cells left False are skipped by a stride
        longer than the window, fall between dilated taps, or lie past the last window.
        """
        masks = []
        for axis in range(len(self.size)):
            mask = np.zeros(self.size[axis], dtype=bool)  # (H_axis,)
            for cells, _ in self.spans(axis):
                mask[cells] = True
            masks.append(mask)
        read: NDArray[np.bool_] = reduce(np.logical_and.outer, masks)  # (*S)
        return read

    def moving(self) -> list[int]:
        """Spatial axes where the pooling does something (not kernel 1, stride 1, padding 0)."""
        return [a for a in range(len(self.size))
                if (self.kernel[a], self.stride[a], self.padding[a]) != (1, 1, 0)]

    def disjoint(self) -> bool:
        """True when no two windows share a cell (stride at least the span on every axis)."""
        return all(s >= shapes.kernel_span(k, d)
                   for k, s, d in zip(self.kernel, self.stride, self.dilation))

    def tiles(self) -> bool:
        """True when the windows cover every input cell exactly once (stride = kernel,
        dilation 1, no padding, no cell left over)."""
        return all(k == s and d == 1 and p == 0 and o * k == h for h, k, s, p, d, o in
                   zip(self.size, self.kernel, self.stride, self.padding, self.dilation, self.out))

    def boxes(self) -> list[Box]:
        """Per kernel tap (row-major), the input cells it reads and the windows it serves,
        as indices into ``(B, *S)`` and ``(B, *O)`` arrays."""
        lead = (slice(None),)
        return [(lead + tuple(i for i, _ in tap), lead + tuple(o for _, o in tap))
                for tap in product(*(self.spans(a) for a in range(len(self.size))))]


def at(axis: int, sl: slice) -> tuple[slice, ...]:
    """Index selecting ``sl`` along array axis ``axis`` (all of the axes before it)."""
    return (slice(None),) * axis + (sl,)


def prepare(
    nd: int, op: str, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool,
) -> tuple[Array, bool, Geometry]:
    """Check the input and hyperparameters; returns ``(x (N, C, *S), was_batched, geometry)``."""
    x, was_batched = batched(float_array(input, "input"), nd, op, _LAYOUTS[nd])
    if 0 in x.shape[1:]:
        raise ValueError(
            f"{op} needs at least one channel and one cell along every spatial axis, got shape "
            f"{tuple(x.shape if was_batched else x.shape[1:])}"
        )
    k = shapes.ntuple(kernel_size, nd, "kernel_size", minimum=1)
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        s = k  # PyTorch's default: windows side by side
    else:
        s = shapes.ntuple(stride, nd, "stride", minimum=1)
    p = shapes.ntuple(padding, nd, "padding", minimum=0)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    if op == "avg_pool3d" and any(h < kk for h, kk in zip(x.shape[2:], k)):
        raise ValueError(
            f"avg_pool3d needs an input at least as large as the kernel {shapes.dims(k)} before "
            f"padding (PyTorch's rule for 3-d average pooling), got {shapes.dims(x.shape[2:])}"
        )
    out = shapes.pool_output_shape(x.shape[2:], k, s, p, d, bool(ceil_mode))
    return x, was_batched, Geometry(tuple(x.shape[2:]), k, s, p, d, out)


def check_grad(grad_output: Any, x: Array, was_batched: bool, g: Geometry) -> Array:
    """Check ``grad_output`` against the forward output; returns it as ``(N, C, *O)``."""
    go = float_array(grad_output, "grad_output")
    same_dtype(x, go, "grad_output")
    expected = x.shape[:2] + g.out
    go = go if was_batched or go.shape != expected[1:] else go[None]  # (N, C, *O)
    if go.shape != expected:
        raise ValueError(
            f"grad_output must have the forward output's shape "
            f"{expected if was_batched else expected[1:]}, got {tuple(grad_output.shape)}"
        )
    return go


def merge_channels(a: Array) -> Array:
    """Merge batch and channels, which pool independently: ``(N, C, *S) -> (N*C, *S)``."""
    return a.reshape((a.shape[0] * a.shape[1],) + a.shape[2:])  # (N*C, *S)


def blocks(x: Array) -> list[slice]:
    """Slices of the first axis of ``x`` (``(N*C, *S)``) of about ``BLOCK_BYTES`` each."""
    step = max(1, BLOCK_BYTES // max(1, x[:1].nbytes))
    return [slice(i, i + step) for i in range(0, x.shape[0], step)]


def reduce_windows(x: Array, g: Geometry, ufunc: np.ufunc, init: float, out: Array) -> None:
    """Separable window reduction ``(B, *S) -> out (B, *O)``, one spatial axis at a time.

    Along each axis, ``out[o] = ufunc over taps j of x[o*S + j*D - P]``, only the
    cells inside the input taking part; windows no tap reaches keep ``init``.
    """
    moving = g.moving()
    y = x
    for axis in moving:
        a, spans, whole = axis + 1, g.spans(axis), slice(0, g.out[axis])
        shape = y.shape[:a] + (g.out[axis],) + y.shape[a + 1:]  # (B, ..., O_axis, ...)
        z = out if axis == moving[-1] else np.empty(shape, y.dtype)
        if len(spans) > 1 and spans[0][1] == spans[1][1] == whole:
            ufunc(y[at(a, spans[0][0])], y[at(a, spans[1][0])], out=z)
            spans = spans[2:]
        else:
            z.fill(init)
        for i, o in spans:
            view = z[at(a, o)]  # (B, ..., windows this tap serves, ...)
            ufunc(view, y[at(a, i)], out=view)
        y = z
    if not moving:
        np.copyto(out, x)


def spread(share: Array, g: Geometry, out: Array) -> None:
    """Adjoint of the separable sum: each window's ``share`` (``(B, *O)``) is added onto
    every cell of the window in ``out`` (``(B, *S)``, zeros on entry)."""
    moving = g.moving()
    for axis in reversed(moving):
        a = axis + 1
        shape = share.shape[:a] + (g.size[axis],) + share.shape[a + 1:]  # (B, ..., H_axis, ...)
        z = out if axis == moving[0] else np.zeros(shape, share.dtype)
        for i, o in g.spans(axis):
            view = z[at(a, i)]  # (B, ..., cells this tap reads, ...)
            np.add(view, share[at(a, o)], out=view)
        share = z
    if not moving:
        np.copyto(out, share)
