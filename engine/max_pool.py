"""Max pooling in 1, 2 and 3 dimensions: forward and backward with a rule for ties.

Each window keeps its largest value; padding is ``-inf`` (never the maximum).
Output size per axis ``O = floor((H + 2P - D * (K - 1) - 1) / S) + 1`` (see
:mod:`engine.pool_window`). The backward recomputes the maximum, loops over the
``prod(K)`` taps of the window in row-major order, and routes each output
gradient to the window's maximum by one of three ``ties`` rules:

- ``"first"`` (PyTorch): the first maximum in the row-major scan gets it all;
- ``"all"``: every tied maximum gets the full gradient;
- ``"split"``: the gradient is shared equally among the tied maxima.

Overlapping windows (kernel larger than stride) add up on a shared maximum.
Corner cases, as PyTorch where it is defined: a NaN is its window's maximum
(``"first"`` sends the gradient to the window's last NaN, as PyTorch does;
``"all"``/``"split"`` count every NaN); a window made only of padding (dilation
can do that) gives ``-inf`` and passes no gradient.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np
from numpy.typing import NDArray

from .pool_window import (
    Array, Geometry, blocks, check_grad, merge_channels, prepare, reduce_windows,
)
from .shapes import IntOrTuple

__all__ = [
    "TIES",
    "max_pool1d", "max_pool2d", "max_pool3d",
    "max_pool1d_backward", "max_pool2d_backward", "max_pool3d_backward",
]

TIES = ("first", "all", "split")


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
    x: Array, y: Array, go: Array, grad: Array, g: Geometry,
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


def _tied(x: Array, y: Array, go: Array, grad: Array, g: Geometry, split: bool,
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


def _max_backward_block(x: Array, go: Array, grad: Array, g: Geometry, ties: str) -> None:
    """Max pooling backward of one block: ``x (B, *S)``, ``go (B, *O)`` into ``grad (B, *S)``."""
    y = np.empty(go.shape, dtype=x.dtype)  # (B, *O)
    reduce_windows(x, g, np.maximum, -np.inf, out=y)
    if ties == "first":
        taken = _first(x, y, go, grad, g, np.equal)
        if not taken.all():  # windows whose maximum is NaN: PyTorch picks their last NaN
            _first(x, y, go, grad, g, lambda xv, _: np.isnan(xv), True, taken)
    else:
        _tied(x, y, go, grad, g, ties == "split", y.size > 0 and bool(np.isnan(y.max())))


def _max_pool(nd: int, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
              padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool) -> Array:
    """N-d max pooling core; see :func:`max_pool2d`."""
    x, was_batched, g = prepare(nd, f"max_pool{nd}d", input, kernel_size, stride, padding,
                               dilation, ceil_mode)
    rows = merge_channels(x)  # (N*C, *S)
    y = np.empty((rows.shape[0],) + g.out, dtype=x.dtype)  # (N*C, *O)
    for b in blocks(rows):
        reduce_windows(rows[b], g, np.maximum, -np.inf, out=y[b])
    y = y.reshape(x.shape[:2] + g.out)  # (N, C, *O)
    return y if was_batched else y[0]


def _max_pool_backward(
    nd: int, grad_output: Any, input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple],
    padding: IntOrTuple, dilation: IntOrTuple, ceil_mode: bool, ties: str,
) -> Array:
    """N-d max pooling backward core; see :func:`max_pool2d_backward`."""
    if ties not in TIES:
        raise ValueError(f"ties must be 'first', 'all' or 'split', got {ties!r}")
    x, was_batched, g = prepare(nd, f"max_pool{nd}d", input, kernel_size, stride, padding,
                               dilation, ceil_mode)
    rows = merge_channels(x)  # (N*C, *S)
    go = merge_channels(check_grad(grad_output, x, was_batched, g))  # (N*C, *O)
    # every cell is set when the windows tile the input and each gradient has one home
    grad = np.empty_like(rows) if ties == "first" and g.tiles() else np.zeros_like(rows)
    for b in blocks(rows):
        _max_backward_block(rows[b], go[b], grad[b], g, ties)
    grad = grad.reshape(x.shape)  # (N, C, *S)
    return grad if was_batched else grad[0]


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
