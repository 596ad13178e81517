"""Max and average pooling in 1, 2 and 3 dimensions: forward and backward.

A pooling slides a window of ``K`` taps (``D`` cells apart) over every channel
on its own, ``S`` cells per step, and keeps the window's largest value (max) or
its mean (average). Output size per spatial axis, PyTorch's rule::

    O = floor((H + 2P - D * (K - 1) - 1) / S) + 1

``ceil_mode`` rounds up instead, but the last window must start inside the
input or its left padding: ``(O - 1) * S < H + P``. Padding ``P`` is at most
``K // 2``; max pooling pads with ``-inf`` (never the maximum), average pooling
with zeros.

No loop runs over pixels. Pooling has no matmul, so rather than conv's window
view it reads one strided slice per kernel tap, and only the cells inside the
input: no padded copy is ever made. Both forwards are separable, reducing one
axis at a time. The max backward recomputes the maximum, loops over the
``prod(K)`` taps of the window in row-major order, and routes each output
gradient to the window's maximum by one of three ``ties`` rules:

- ``"first"`` (PyTorch): the first maximum in the row-major scan gets it all;
- ``"all"``: every tied maximum gets the full gradient;
- ``"split"``: the gradient is shared equally among the tied maxima.

Average pooling divides window ``o`` by ``end - start`` with
``start = o*S - P`` and ``end = min(start + K, H + P)`` (product over axes);
``count_include_pad=False`` counts only the cells inside the input.

Corner cases, as PyTorch where it is defined: a NaN is its window's maximum
(``"first"`` sends the gradient to the window's last NaN, as PyTorch does;
``"all"``/``"split"`` count every NaN); a window made only of padding (dilation
can do that) gives ``-inf`` and passes no gradient.

The ``N*C`` channels, which pool independently, go through in blocks of about
``BLOCK_BYTES``, so the few passes each tap makes over a block hit the CPU cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from itertools import product
from typing import Any, Callable, Optional

import numpy as np
from numpy.typing import NDArray

from . import shapes
from .shapes import IntOrTuple
from .validate import batched, float_array, same_dtype

Array = NDArray[np.floating]
Span = tuple[slice, slice]  # (input cells, output cells) of one tap along one axis

__all__ = [
    "max_pool1d", "max_pool2d", "max_pool3d",
    "max_pool1d_backward", "max_pool2d_backward", "max_pool3d_backward",
    "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "avg_pool1d_backward", "avg_pool2d_backward", "avg_pool3d_backward",
]

TIES = ("first", "all", "split")

# Input bytes per block of channels: the passes each tap makes then stay in the CPU cache
# (max pooling fwd+bwd on 1x64x224x224 is about 1.7x faster than in one block, measured).
BLOCK_BYTES = 1 << 19

_LAYOUTS = {1: "(N, C, L)", 2: "(N, C, H, W)", 3: "(N, C, D, H, W)"}

Box = tuple[tuple[slice, ...], tuple[slice, ...]]  # (input cells, output cells) of one N-d tap


@dataclass(frozen=True)
class _Geometry:
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


def _at(axis: int, sl: slice) -> tuple[slice, ...]:
    """Index selecting ``sl`` along array axis ``axis`` (all of the axes before it)."""
    return (slice(None),) * axis + (sl,)


def _setup(
    nd: int, op: str, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool,
) -> tuple[Array, bool, _Geometry]:
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
    return x, was_batched, _Geometry(tuple(x.shape[2:]), k, s, p, d, out)


def _grad(grad_output: Any, x: Array, was_batched: bool, g: _Geometry) -> Array:
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


def _rows(a: Array) -> Array:
    """Merge batch and channels, which pool independently: ``(N, C, *S) -> (N*C, *S)``."""
    return a.reshape((a.shape[0] * a.shape[1],) + a.shape[2:])  # (N*C, *S)


def _blocks(x: Array) -> list[slice]:
    """Slices of the first axis of ``x`` (``(N*C, *S)``) of about ``BLOCK_BYTES`` each."""
    step = max(1, BLOCK_BYTES // max(1, x[:1].nbytes))
    return [slice(i, i + step) for i in range(0, x.shape[0], step)]


def _reduce(x: Array, g: _Geometry, ufunc: np.ufunc, init: float, out: Array) -> None:
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
            ufunc(y[_at(a, spans[0][0])], y[_at(a, spans[1][0])], out=z)
            spans = spans[2:]
        else:
            z.fill(init)
        for i, o in spans:
            view = z[_at(a, o)]  # (B, ..., windows this tap serves, ...)
            ufunc(view, y[_at(a, i)], out=view)
        y = z
    if not moving:
        np.copyto(out, x)


def _spread(share: Array, g: _Geometry, out: Array) -> None:
    """Adjoint of the separable sum: each window's ``share`` (``(B, *O)``) is added onto
    every cell of the window in ``out`` (``(B, *S)``, zeros on entry)."""
    moving = g.moving()
    for axis in reversed(moving):
        a = axis + 1
        shape = share.shape[:a] + (g.size[axis],) + share.shape[a + 1:]  # (B, ..., H_axis, ...)
        z = out if axis == moving[0] else np.zeros(shape, share.dtype)
        for i, o in g.spans(axis):
            view = z[_at(a, i)]  # (B, ..., cells this tap reads, ...)
            np.add(view, share[_at(a, o)], out=view)
        share = z
    if not moving:
        np.copyto(out, share)


def _divisor(g: _Geometry, count_include_pad: bool, dtype: np.dtype[Any]) -> Array:
    """Per-window divisor of average pooling, ``(*O)``, as an outer product of per-axis counts."""
    counts = []
    for h, o, k, s, p in zip(g.size, g.out, g.kernel, g.stride, g.padding):
        start = np.arange(o) * s - p  # (O,)
        end = np.minimum(start + k, h + p)  # (O,)
        counts.append(end - start if count_include_pad
                      else np.minimum(end, h) - np.maximum(start, 0))
    return reduce(np.multiply.outer, counts).astype(dtype)  # (*O)


def _finite(a: Array) -> bool:
    """True when ``a`` holds no inf or NaN (min and max propagate both, without a temporary)."""
    return a.size == 0 or bool(np.isfinite(a.min()) and np.isfinite(a.max()))


def _route(target: Array, value: Array, hit: NDArray[np.bool_], overwrite: bool,
           finite: bool) -> None:
    """``target += value`` where ``hit``, in place; with ``overwrite``, ``target`` is set
    (``value`` where ``hit``, else 0) whatever it held.

    Multiplying by the mask is several times faster than a masked add, but
    ``inf * 0`` is NaN, so a ``value`` with non-finite numbers takes the masked path.
    """
    if overwrite:
        if finite:
            np.multiply(value, hit, out=target)
        else:
            target[...] = np.where(hit, value, 0)
    elif finite:
        target += value * hit
    else:
        np.add(target, value, out=target, where=hit)


def _first(
    x: Array, y: Array, go: Array, grad: Array, g: _Geometry,
    match: Callable[[Array, Array], NDArray[np.bool_]], reverse: bool = False,
    taken: Optional[NDArray[np.bool_]] = None,
) -> NDArray[np.bool_]:
    """Give each window's gradient to its first tap (row-major, or last if ``reverse``)
    that ``match``es, adding into ``grad`` in place.

    Args:
        x: ``(B, *S)``; y: its max pooling ``(B, *O)``; go: ``(B, *O)``; grad: ``(B, *S)``.
        taken: ``(B, *O)``, windows already served; None if none yet (and ``grad``
            not yet written: with disjoint windows each tap then simply sets its cells).

    Returns:
        ``taken`` (``(B, *O)``), now with every window a tap matched.
    """
    boxes = g.boxes()[::-1] if reverse else g.boxes()
    fresh, finite = taken is None, _finite(go)
    taken = np.zeros(y.shape, dtype=bool) if taken is None else taken  # (B, *O)
    for n, (xi, yo) in enumerate(boxes):
        hit = match(x[xi], y[yo])  # (B, *windows this tap serves)
        if n or not fresh:
            np.greater(hit, taken[yo], out=hit)  # a match, and no earlier tap took the window
        np.logical_or(taken[yo], hit, out=taken[yo])
        _route(grad[xi], go[yo], hit, fresh and g.disjoint(), finite)
    return taken


def _tied(x: Array, y: Array, go: Array, grad: Array, g: _Geometry, split: bool,
          has_nan: bool) -> None:
    """Rules ``"all"`` and ``"split"``: every tied maximum (NaNs count as maxima) gets a share.

    Shapes as in :func:`_first`.
    """
    boxes = g.boxes()

    def hits(xv: Array, yv: Array) -> NDArray[np.bool_]:
        hit: NDArray[np.bool_] = np.equal(xv, yv)
        return hit | np.isnan(xv) if has_nan else hit

    if split:
        count = np.zeros(y.shape, dtype=y.dtype)  # (B, *O) tied maxima per window
        for xi, yo in boxes:
            np.add(count[yo], hits(x[xi], y[yo]), out=count[yo])
        go = np.divide(go, count, out=np.zeros_like(go), where=count > 0)  # (B, *O)
    finite = _finite(go)
    for xi, yo in boxes:
        _route(grad[xi], go[yo], hits(x[xi], y[yo]), False, finite)


def _max_backward_block(x: Array, go: Array, grad: Array, g: _Geometry, ties: str) -> None:
    """Max pooling backward of one block: ``x (B, *S)``, ``go (B, *O)`` into ``grad (B, *S)``."""
    y = np.empty(go.shape, dtype=x.dtype)  # (B, *O)
    _reduce(x, g, np.maximum, -np.inf, out=y)
    if ties == "first":
        taken = _first(x, y, go, grad, g, np.equal)
        if not taken.all():  # windows whose maximum is NaN: PyTorch picks their last NaN
            _first(x, y, go, grad, g, lambda xv, _: np.isnan(xv), True, taken)
    else:
        _tied(x, y, go, grad, g, ties == "split", y.size > 0 and bool(np.isnan(y.max())))


def _max_pool(nd: int, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
              padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool) -> Array:
    """N-d max pooling core; see :func:`max_pool2d`."""
    x, was_batched, g = _setup(nd, f"max_pool{nd}d", input, kernel_size, stride, padding,
                               dilation, ceil_mode)
    rows = _rows(x)  # (N*C, *S)
    y = np.empty((rows.shape[0],) + g.out, dtype=x.dtype)  # (N*C, *O)
    for b in _blocks(rows):
        _reduce(rows[b], g, np.maximum, -np.inf, out=y[b])
    y = y.reshape(x.shape[:2] + g.out)  # (N, C, *O)
    return y if was_batched else y[0]


def _max_pool_backward(
    nd: int, grad_output: Any, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool, ties: str,
) -> Array:
    """N-d max pooling backward core; see :func:`max_pool2d_backward`."""
    if ties not in TIES:
        raise ValueError(f"ties must be 'first', 'all' or 'split', got {ties!r}")
    x, was_batched, g = _setup(nd, f"max_pool{nd}d", input, kernel_size, stride, padding,
                               dilation, ceil_mode)
    rows, go = _rows(x), _rows(_grad(grad_output, x, was_batched, g))  # (N*C, *S), (N*C, *O)
    # every cell is set when the windows tile the input and each gradient has one home
    grad = np.empty_like(rows) if ties == "first" and g.tiles() else np.zeros_like(rows)
    for b in _blocks(rows):
        _max_backward_block(rows[b], go[b], grad[b], g, ties)
    grad = grad.reshape(x.shape)  # (N, C, *S)
    return grad if was_batched else grad[0]


def _avg_pool(nd: int, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
              padding: IntOrTuple, ceil_mode: bool, count_include_pad: bool) -> Array:
    """N-d average pooling core; see :func:`avg_pool2d`."""
    x, was_batched, g = _setup(nd, f"avg_pool{nd}d", input, kernel_size, stride, padding, 1,
                               ceil_mode)
    rows = _rows(x)  # (N*C, *S)
    divisor = _divisor(g, bool(count_include_pad), x.dtype)  # (*O)
    y = np.empty((rows.shape[0],) + g.out, dtype=x.dtype)  # (N*C, *O)
    for b in _blocks(rows):
        _reduce(rows[b], g, np.add, 0.0, out=y[b])  # window sums
        y[b] /= divisor
    y = y.reshape(x.shape[:2] + g.out)  # (N, C, *O)
    return y if was_batched else y[0]


def _avg_pool_backward(
    nd: int, grad_output: Any, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, ceil_mode: bool, count_include_pad: bool,
) -> Array:
    """N-d average pooling backward core; see :func:`avg_pool2d_backward`."""
    x, was_batched, g = _setup(nd, f"avg_pool{nd}d", input, kernel_size, stride, padding, 1,
                               ceil_mode)
    go = _rows(_grad(grad_output, x, was_batched, g))  # (N*C, *O)
    divisor = _divisor(g, bool(count_include_pad), x.dtype)  # (*O)
    grad = np.zeros((go.shape[0],) + g.size, dtype=x.dtype)  # (N*C, *S)
    for b in _blocks(grad):
        _spread(go[b] / divisor, g, out=grad[b])
    grad = grad.reshape(x.shape)  # (N, C, *S)
    return grad if was_batched else grad[0]


# --- public API ------------------------------------------------------------------------------


def max_pool1d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, dilation: IntOrTuple = 1,
               ceil_mode: bool = False) -> Array:
    """1-d max pooling of a signal; see :func:`max_pool2d`.

    Args:
        input: ``(N, C, L)`` or unbatched ``(C, L)``; float32 or float64.
        kernel_size, stride, padding, dilation, ceil_mode: as in :func:`max_pool2d`.

    Returns:
        ``(N, C, L_out)`` with ``L_out = floor((L + 2P - D(K-1) - 1) / S) + 1``.
    """
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool2d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, dilation: IntOrTuple = 1,
               ceil_mode: bool = False) -> Array:
    """2-d max pooling, as ``torch.nn.functional.max_pool2d``: each window's largest value.

    Args:
        input: ``(N, C, H, W)`` or unbatched ``(C, H, W)``; float32 or float64.
        kernel_size: int or ``(kH, kW)``, at least 1.
        stride: int or ``(sH, sW)``; None (default) means ``kernel_size``.
        padding: int or ``(pH, pW)``, at most half the kernel; padding cells are ``-inf``.
        dilation: int or ``(dH, dW)``, the distance between taps.
        ceil_mode: round the output size up (a last, partial window).

    Returns:
        ``(N, C, H_out, W_out)`` with ``H_out = floor((H + 2P - D(K-1) - 1) / S) + 1``.

    Raises:
        ValueError: shapes, dtypes or hyperparameters that do not fit.
    """
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool3d(input: Array, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
               padding: IntOrTuple = 0, dilation: IntOrTuple = 1,
               ceil_mode: bool = False) -> Array:
    """3-d max pooling of a volume; see :func:`max_pool2d`.

    Args:
        input: ``(N, C, D, H, W)`` or unbatched ``(C, D, H, W)``; float32 or float64.
        kernel_size, stride, padding, dilation, ceil_mode: as in :func:`max_pool2d`.

    Returns:
        ``(N, C, D_out, H_out, W_out)``, each size by the formula of :func:`max_pool2d`.
    """
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool1d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        dilation: IntOrTuple = 1, ceil_mode: bool = False,
                        ties: str = "first") -> Array:
    """Input gradient of :func:`max_pool1d`; see :func:`max_pool2d_backward`.

    Args:
        grad_output: ``(N, C, L_out)``; input: ``(N, C, L)`` (or both unbatched).
        kernel_size, stride, padding, dilation, ceil_mode, ties: as in :func:`max_pool2d_backward`.

    Returns:
        ``(N, C, L)``.
    """
    return _max_pool_backward(1, grad_output, input, kernel_size, stride, padding, dilation,
                              ceil_mode, ties)


def max_pool2d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        dilation: IntOrTuple = 1, ceil_mode: bool = False,
                        ties: str = "first") -> Array:
    """Input gradient of :func:`max_pool2d`: each window's gradient goes to its maximum.

    Overlapping windows (kernel larger than stride) add up on a shared maximum.

    Args:
        grad_output: ``(N, C, H_out, W_out)``, dL/d output.
        input: ``(N, C, H, W)``, the forward input (both may lack the batch axis).
        kernel_size, stride, padding, dilation, ceil_mode: as in the forward call.
        ties: ``"first"`` (PyTorch: the first maximum in row-major order takes it all),
            ``"all"`` (every tied maximum gets the full gradient) or ``"split"``
            (the tied maxima share it equally).

    Returns:
        ``(N, C, H, W)``, dL/d input.

    Raises:
        ValueError: as :func:`max_pool2d`, a grad_output of the wrong shape or dtype,
            or an unknown ``ties``.
    """
    return _max_pool_backward(2, grad_output, input, kernel_size, stride, padding, dilation,
                              ceil_mode, ties)


def max_pool3d_backward(grad_output: Array, input: Array, kernel_size: IntOrTuple,
                        stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                        dilation: IntOrTuple = 1, ceil_mode: bool = False,
                        ties: str = "first") -> Array:
    """Input gradient of :func:`max_pool3d`; see :func:`max_pool2d_backward`.

    Args:
        grad_output: ``(N, C, D_out, H_out, W_out)``; input: ``(N, C, D, H, W)``.
        kernel_size, stride, padding, dilation, ceil_mode, ties: as in :func:`max_pool2d_backward`.

    Returns:
        ``(N, C, D, H, W)``.
    """
    return _max_pool_backward(3, grad_output, input, kernel_size, stride, padding, dilation,
                              ceil_mode, ties)


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
