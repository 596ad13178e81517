"""How a convolution is computed, chosen by its shape: three routes, one answer.

:func:`choose` picks, for forward and backward alike:

``pointwise``
    1x1 kernels, stride 1, no padding: the input already *is* the column matrix,
    so one matmul per group and no im2col at all.
``depthwise``
    one channel per group (``groups == C_in == C_out``): a kxk depthwise layer
    does only k*k multiply-adds per output cell, too few to repay im2col's k*k-fold
    copy or a matmul, so it runs as one ``einsum`` over a window view of the padded
    input, channels last: the output row being summed stays in cache while every
    tap adds to it, with no product array in between. The innermost loop runs over
    a few output cells of the last axis and all their channels (about
    :data:`ROW_CELLS` cells, or the channels alone where that axis has a stride).
    The input gradient
    goes one stride phase at a time (a stride-1 correlation with the taps that
    reach that phase), the weight gradient is one more einsum.
``im2col``
    everything else: a window view of the padded input copied into columns and one
    BLAS matmul, in blocks of output rows (of the first spatial axis) whose columns
    fit the cache instead of one column matrix of ``C_in * prod(K)`` times the output.
    Its input gradient is col2im, or, for stride 1 where the shape makes it cheaper, a
    forward correlation of the output gradient with the flipped kernel (channels swapped).

Memory layout: like PyTorch's ``channels_last``, the arrays keep their
``(N, C, *S)`` shape and indexing, but may be laid out with channels last. The
depthwise route answers in that layout (a transposed view; converting back would
cost a pass over the output) and the pointwise route keeps the layout it gets,
so a network of depthwise and pointwise layers (EfficientNet) never transposes
between them. Every route keeps the input's dtype: float32 stays float32.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import product
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from . import shapes
from .window import add_windows, channel_windows, pad, phase_slices, place, windows

if TYPE_CHECKING:
    from .conv import Geometry

Array = NDArray[np.floating]

__all__ = ["ROUTES", "backward", "choose", "forward", "input_gradient"]

ROUTES = ("pointwise", "depthwise", "im2col")
IM2COL_BYTES = 1 << 24
"""Columns per im2col block, at most (a block is never less than one output row). Measured here
(2026-12-02, 2 BLAS threads, the host's matmul at 310 GFLOP/s): on 64 -> 128 channels 3x3 at
112x112, 16 MB blocks (2 blocks) 7.0-7.5 ms, 4 MB (7 blocks, each matmul only 1,792 columns
wide) 8.6-8.8 ms, one whole 29 MB column matrix 8.3-8.5 ms; the other convolutions of
benchmarks/engine.py within noise of each other. The app's memory admission prices a whole
column matrix, so a block never exceeds what it counts."""


def choose(c_in: int, c_out: int, g: Geometry) -> str:
    """The route for ``C_in -> C_out`` channels with geometry ``g``; one of :data:`ROUTES`."""
    if all(k == 1 for k in g.kernel) and all(s == 1 for s in g.stride) and not any(
        lo or hi for lo, hi in g.pads
    ):
        return "pointwise"
    if g.groups == c_in == c_out:
        return "depthwise"
    return "im2col"


def forward(x: Array, w: Array, g: Geometry) -> Array:
    """``conv(x, w)`` without bias. ``x: (N, C_in, *S)``, ``w: (C_out, C_in/G, *K)``,
    returns ``(N, C_out, *O)``."""
    return _FORWARD[choose(x.shape[1], w.shape[0], g)](x, w, g)


def backward(go: Array, x: Array, w: Array, g: Geometry,
             input_grad: bool = True) -> tuple[Array | None, Array]:
    """``(grad_input (N, C_in, *S), grad_weight (C_out, C_in/G, *K))`` of ``conv(x, w)``
    for ``go = dL/d output (N, C_out, *O)``. With ``input_grad`` False, grad_input is None
    and, on the im2col route, not computed (training's first layer: its col2im is the
    dearest part of the backward and the image's gradient is never used)."""
    route = choose(x.shape[1], w.shape[0], g)
    if not input_grad and route == "im2col":
        return None, _im2col_weight_gradient(go, x, w, g)
    grad_x, grad_w = _BACKWARD[route](go, x, w, g)
    return (grad_x if input_grad else None), grad_w


# -- layout helpers ---------------------------------------------------------------------------

def _last(a: Array) -> Array:
    """``(N, C, *S) -> (N, *S, C)``, a view."""
    return a.transpose(0, *range(2, a.ndim), 1)


def _first(a: Array) -> Array:
    """``(N, *S, C) -> (N, C, *S)``, a view."""
    return a.transpose(0, a.ndim - 1, *range(1, a.ndim - 1))


def _is_channels_last(a: Array) -> bool:
    return bool(_last(a).flags.c_contiguous) and not a.flags.c_contiguous


def _blocks(total: int, per_step_bytes: int, budget: int) -> Iterator[slice]:
    """Consecutive slices of ``range(total)``, each about ``budget`` bytes of work."""
    step = max(1, budget // max(1, per_step_bytes))
    for start in range(0, total, step):
        yield slice(start, min(total, start + step))


def _grouped_weight(w: Array, groups: int) -> Array:
    """``(C_out, C_in/G, *K) -> (G, C_out/G, C_in/G * prod(K))``."""
    return w.reshape(groups, w.shape[0] // groups, -1)


# -- pointwise: the input is the column matrix -------------------------------------------------

def _pointwise(x: Array, w: Array, g: Geometry) -> Array:
    """1x1, stride 1, no padding: ``y[n, o, p] = sum_c w[o, c] x[n, c, p]``, one matmul."""
    n, c, spatial, c_out, groups = x.shape[0], x.shape[1], x.shape[2:], w.shape[0], g.groups
    if groups == 1 and _is_channels_last(x):
        rows = _last(x).reshape(-1, c)  # (N*prod(S), C_in), a view
        y = rows @ w.reshape(c_out, c).T  # (N*prod(S), C_out)
        return _first(y.reshape(n, *spatial, c_out))  # (N, C_out, *S), channels last
    cols = x.reshape(n, groups, c // groups, shapes.prod(spatial))  # (N, G, C_in/G, prod(S))
    y = _grouped_weight(w, groups) @ cols  # (N, G, C_out/G, prod(S))
    return y.reshape(n, c_out, *spatial)


def _pointwise_backward(go: Array, x: Array, w: Array, g: Geometry) -> tuple[Array, Array]:
    """dL/dx = W^T dL/dy and dL/dW = dL/dy x^T, in the output gradient's layout."""
    n, c, spatial, c_out, groups = x.shape[0], x.shape[1], x.shape[2:], w.shape[0], g.groups
    if groups == 1 and _is_channels_last(go):
        g_rows = _last(go).reshape(-1, c_out)  # (N*prod(S), C_out), a view
        x_rows = _last(x).reshape(-1, c)  # (N*prod(S), C_in), a copy unless channels last
        grad_w = (g_rows.T @ x_rows).reshape(w.shape)  # (C_out, C_in, 1...)
        grad_x = g_rows @ w.reshape(c_out, c)  # (N*prod(S), C_in)
        return _first(grad_x.reshape(n, *spatial, c)), grad_w
    g_cols = go.reshape(n, groups, c_out // groups, shapes.prod(spatial))  # (N, G, C_out/G, prod(S))
    cols = x.reshape(n, groups, c // groups, shapes.prod(spatial))  # (N, G, C_in/G, prod(S))
    grad_w = np.matmul(g_cols, cols.swapaxes(-1, -2)).sum(axis=0)  # (G, C_out/G, C_in/G)
    grad_x = _grouped_weight(w, groups).swapaxes(-1, -2) @ g_cols  # (N, G, C_in/G, prod(S))
    return grad_x.reshape(x.shape), grad_w.reshape(w.shape)


# -- depthwise: one einsum over a window view, channels last -----------------------------------

ROW_CELLS = 1024
"""Cells a depthwise einsum's innermost loop runs over, at most: ``chunk`` output cells of
the last axis times the channels (4 KB of float32, so that output run, its weights and the
input it reads stay in L1 across all taps). Measured here against per-tap accumulation:
1.4-3x faster; against the channels alone innermost (``chunk`` 1): up to 4x at 32 channels,
about 1.2x at 144 to 480."""

_OUT, _TAP = "opq", "ijk"  # einsum letters of up to 3 output and kernel axes


def _chunk(c: int, out_last: int, stride_last: int) -> int:
    """Output cells of the last axis per innermost run: the largest divisor of ``O_last``
    with at most :data:`ROW_CELLS` cells; 1 when that axis has a stride (not contiguous)."""
    if stride_last != 1:
        return 1
    return max(b for b in range(1, out_last + 1) if out_last % b == 0 and (b == 1 or b * c <= ROW_CELLS))


def _correlate(xp: Array, wk: Array, stride: Sequence[int], dilation: Sequence[int],
               out: Sequence[int]) -> Array:
    """Depthwise cross-correlation ``y[n, o, c] = sum_k wk[k, c] xp[n, o * s + k * d, c]``.

    One einsum over a window view: it keeps the run of output cells it accumulates in
    cache while every tap adds to it, and needs no product array (per-tap
    ``y += slice * w`` writes both, 2 passes a tap).

    Args:
        xp: padded input, channels last ``(N, *P, C)``, contiguous.
        wk: ``(*K, C)``.

    Returns:
        ``(N, *O, C)``.
    """
    nd, n, c, kernel = len(out), xp.shape[0], xp.shape[-1], wk.shape[:-1]
    o, k, b = _OUT[:nd], _TAP[:nd], _chunk(c, out[-1], stride[-1])
    view = channel_windows(xp, kernel, stride, dilation, out, b)  # (N, *O[:-1], O_last/b, *K, b*C)
    tiles = np.empty((*kernel, b, c), wk.dtype)  # each tap's weights along a run
    tiles[...] = wk[..., None, :]
    y = np.einsum(f"n{o}{k}x,{k}x->n{o}x", view, tiles.reshape(*kernel, b * c))
    return y.reshape(n, *out, c)  # (N, *O, C)


def _correlate_weight(xp: Array, gl: Array, kernel: Sequence[int], stride: Sequence[int],
                      dilation: Sequence[int]) -> Array:
    """``dL/dw[k, c] = sum_{n, o} gl[n, o, c] xp[n, o * s + k * d, c]``: ``(*K, C)``."""
    nd, n, c, out = len(kernel), xp.shape[0], xp.shape[-1], gl.shape[1:-1]
    # Here runs of a few cells measured up to 2x slower than whole rows or the channels alone.
    whole = stride[-1] == 1 and out[-1] * c <= 4 * ROW_CELLS
    o, k, b = _OUT[:nd], _TAP[:nd], out[-1] if whole else 1
    view = channel_windows(xp, kernel, stride, dilation, out, b)  # (N, *O[:-1], O_last/b, *K, b*C)
    runs = gl.reshape(n, *out[:-1], out[-1] // b, b * c)  # (N, *O[:-1], O_last/b, b*C)
    per_run = np.einsum(f"n{o}{k}x,n{o}x->{k}x", view, runs)  # (*K, b*C)
    return per_run.reshape(*kernel, b, c).sum(axis=nd)  # (*K, C)


def _kernel_last(w: Array) -> Array:
    """``(C, 1, *K) -> (*K, C)``, contiguous."""
    return np.ascontiguousarray(np.moveaxis(w[:, 0], 0, -1))


def _padded(x: Array, g: Geometry) -> Array:
    """The input zero-padded, channels last: ``(N, *P, C)``, one copy."""
    size = tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[2:], g.pads))
    return place(_last(x), [lo for lo, _ in g.pads], size)


def _depthwise(x: Array, w: Array, g: Geometry) -> Array:
    """``y[n, c, o] = sum_k w[c, k] * padded[n, c, o * s + k * d]``.

    Returns:
        ``(N, C, *O)``, laid out channels last.
    """
    return _first(_correlate(_padded(x, g), _kernel_last(w), g.stride, g.dilation, g.out))


def _phase_taps(k: int, s: int, d: int, a: int) -> list[int]:
    """The taps of one axis that read stride phase ``a``: ``t * d = a (mod s)``."""
    return [t for t in range(k) if t * d % s == a]


def _depthwise_input_gradient(gl: Array, wk: Array, g: Geometry, size: Sequence[int]) -> Array:
    """dL/dx, the transposed correlation, one stride phase of the input at a time.

    Padded cell ``q * s + a`` gets ``sum_t w[t] dL/dy[q - t * d // s]`` over the taps ``t``
    of phase ``a``, which are evenly spaced (``d / gcd(s, d)`` apart in ``q``): a stride-1
    correlation of the shifted ``dL/dy`` with those taps reversed, computed only at the
    phase's input cells (never at the padding).

    Args:
        gl: ``(N, *O, C)``; wk: ``(*K, C)``; size: ``S``.

    Returns:
        ``(N, *S, C)``.
    """
    unit = all(s == 1 for s in g.stride)  # then one phase holds every input cell
    grad = None if unit else np.zeros((gl.shape[0], *size, gl.shape[-1]), gl.dtype)  # (N, *S, C)
    step = [d // math.gcd(s, d) for s, d in zip(g.stride, g.dilation)]
    for a in product(*(range(s) for s in g.stride)):
        taps = [_phase_taps(k, s, d, ai) for k, s, d, ai in zip(g.kernel, g.stride, g.dilation, a)]
        cells = [phase_slices(n, lo, s, ai, o + d * (k - 1) // s) for n, (lo, _), s, ai, o, k, d
                 in zip(size, g.pads, g.stride, a, g.out, g.kernel, g.dilation)]
        if not all(taps) or not all(q.stop > q.start for _, q in cells):
            continue  # no tap reads this phase (or it holds no input cell): its gradient is 0
        # ext[u] = dL/dy[u + q0 - shift]: the last tap of the phase meets cell q0 at u = 0
        shift = [t[0] * d // s + (len(t) - 1) * e - q.start
                 for t, s, d, e, (_, q) in zip(taps, g.stride, g.dilation, step, cells)]
        out = [q.stop - q.start for _, q in cells]
        ext = place(gl, shift, [m + (len(t) - 1) * e for m, t, e in zip(out, taps, step)])
        sub = wk[np.ix_(*(t[::-1] for t in taps))]  # (*J, C), the phase's taps reversed
        part = _correlate(ext, sub, [1] * len(out), step, out)  # (N, *Q_a, C)
        if grad is None:
            return part
        grad[(slice(None),) + tuple(x for x, _ in cells)] = part
    assert grad is not None, "a stride-1 kernel always reaches its one phase"
    return grad


def _depthwise_backward(go: Array, x: Array, w: Array, g: Geometry) -> tuple[Array, Array]:
    """Gradients of :func:`_depthwise`: ``(grad_input (N, C, *S) laid out channels last,
    grad_weight (C, 1, *K))``."""
    gl = np.ascontiguousarray(_last(go))  # (N, *O, C)
    grad_w = _correlate_weight(_padded(x, g), gl, g.kernel, g.stride, g.dilation)  # (*K, C)
    grad_x = _depthwise_input_gradient(gl, _kernel_last(w), g, x.shape[2:])  # (N, *S, C)
    return _first(grad_x), np.ascontiguousarray(np.moveaxis(grad_w, -1, 0)).reshape(w.shape)


# -- im2col in blocks of output rows ----------------------------------------------------------

def _column_blocks(x: Array, g: Geometry) -> Iterator[tuple[slice, Array]]:
    """im2col in blocks of output rows (of the first spatial axis).

    Yields:
        ``(rows, cols)``: each block's columns ``(N, G, C_in/G * prod(K), R * prod(O[1:]))``,
        copied once into one buffer that the next block reuses.
    """
    n, c, nd = x.shape[0], x.shape[1], len(g.out)
    xp = np.ascontiguousarray(pad(x, g.pads))  # (N, C_in, *P); channels first for the copies
    view = windows(xp, g.kernel, g.stride, g.dilation, g.out)  # (N, C_in, *K, *O)
    per_row = n * c * shapes.prod(g.kernel) * shapes.prod(g.out[1:])  # column cells per output row
    blocks = list(_blocks(g.out[0], per_row * x.itemsize, IM2COL_BYTES))
    buf = np.empty(per_row * (blocks[0].stop - blocks[0].start), x.dtype)
    for rows in blocks:
        block = view[(Ellipsis, rows) + (slice(None),) * (nd - 1)]  # (N, C_in, *K, R, *O[1:])
        cols = buf[: block.size].reshape(block.shape)
        np.copyto(cols, block)  # the one copy
        yield rows, cols.reshape(n, g.groups, c // g.groups * shapes.prod(g.kernel),
                                 (rows.stop - rows.start) * shapes.prod(g.out[1:]))


def _im2col(x: Array, w: Array, g: Geometry) -> Array:
    """One matmul per block of output rows, written straight into the output."""
    n, c_out, per_row = x.shape[0], w.shape[0], shapes.prod(g.out[1:])
    wg = _grouped_weight(w, g.groups)  # (G, C_out/G, C_in/G * prod(K))
    y = np.empty((n, c_out, *g.out), x.dtype)  # (N, C_out, *O)
    yg = y.reshape(n, g.groups, c_out // g.groups, shapes.prod(g.out))  # (N, G, C_out/G, prod(O)), a view
    for rows, cols in _column_blocks(x, g):  # cols: (N, G, C_in/G*prod(K), R*prod(O[1:]))
        np.matmul(wg, cols, out=yg[..., rows.start * per_row : rows.stop * per_row])
    return y


def _im2col_weight_gradient(go: Array, x: Array, w: Array, g: Geometry) -> Array:
    """Per block of output rows: dL/dW += dL/dy cols^T; ``(C_out, C_in/G, *K)``.

    The first block's product is the sum itself, and a batch of one needs no sum over it: a
    layer with few output cells (ResNet's 512 channels at 7x7, one block) has a weight
    gradient of 2.4 M numbers from a product only 49 deep, and every extra pass over it (a
    zeroed sum, an add) cost more than the product: measured 6.5 -> 1.3 ms there."""
    n, c_out, per_row = x.shape[0], w.shape[0], shapes.prod(g.out[1:])
    go_g = go.reshape(n, g.groups, c_out // g.groups, shapes.prod(g.out))  # (N, G, C_out/G, prod(O))
    grad_w = None  # (G, C_out/G, C_in/G*prod(K))
    for rows, cols in _column_blocks(x, g):  # cols: (N, G, C_in/G*prod(K), R*prod(O[1:]))
        gb = go_g[..., rows.start * per_row : rows.stop * per_row]  # (N, G, C_out/G, R*prod(O[1:]))
        part = np.matmul(gb, cols.swapaxes(-1, -2))  # (N, G, C_out/G, C_in/G*prod(K))
        part = part[0] if n == 1 else part.sum(axis=0)
        if grad_w is None:
            grad_w = part
        else:
            grad_w += part
    assert grad_w is not None, "a convolution has at least one output row"
    return grad_w.reshape(w.shape)


def _im2col_backward(go: Array, x: Array, w: Array, g: Geometry) -> tuple[Array, Array]:
    """dL/dW per block of output rows, and col2im of W^T dL/dy."""
    n, c_out = x.shape[0], w.shape[0]
    go_g = go.reshape(n, g.groups, c_out // g.groups, shapes.prod(g.out))  # (N, G, C_out/G, prod(O))
    return input_gradient(go_g, w, x.shape, g), _im2col_weight_gradient(go, x, w, g)


def _correlates(c_in: int, c_out: int, size: Sequence[int]) -> bool:
    """Whether a stride-1 input gradient ``C_out -> C_in`` at input size ``S`` is cheaper as a
    correlation than as col2im. The correlation copies ``C_out * prod(K)`` columns per input
    cell where col2im adds ``C_in * prod(K)`` strided ones (a read, a read and a write each), so
    it needs ``C_out <= C_in``; and its matmul ``(C_in, C_out * prod(K)) @ (C_out * prod(K),
    prod(S))`` needs ``prod(S) >= 2 * C_in`` columns: thinner (ResNet's 256 and 512 channels at
    14x14 and 7x7) it measured 1.2-2.2x slower than col2im's. Measured here with 2 BLAS
    threads: 64 -> 64 channels at 56x56 2.8 -> 2.0 ms, 128 -> 64 at 112x112 20 -> 11 ms,
    tinyvgg's 10 -> 10 at 62x62 0.36 -> 0.24 ms; 64 -> 128 at 112x112 14 vs 16 ms, 3 -> 64 at
    224x224 2.3 vs 20 ms (col2im kept)."""
    return c_out <= c_in and shapes.prod(size) >= 2 * c_in


def input_gradient(go_cols: Array, w: Array, x_shape: Sequence[int], g: Geometry) -> Array:
    """dL/dx, the transposed convolution: for stride 1 where it is cheaper (:func:`_correlates`)
    a forward correlation of ``dL/dy`` with the flipped kernel, else col2im
    (:func:`_scatter_gradient`).

    Args:
        go_cols: ``(N, G, C_out/G, prod(O))``.
        w: ``(C_out, C_in/G, *K)`` as applied (already flipped for true convolution).
        x_shape: ``(N, C_in, *S)``.

    Returns:
        ``(N, C_in, *S)``.
    """
    pads = _correlation_pads(w, x_shape, g)
    if pads is None:
        return _scatter_gradient(go_cols, w, x_shape, g)
    n, c, groups, c_out = x_shape[0], x_shape[1], g.groups, w.shape[0]
    go = go_cols.reshape(n, c_out, *g.out)  # (N, C_out, *O)
    flipped = w[(slice(None), slice(None)) + (slice(None, None, -1),) * len(g.kernel)]
    wt = flipped.reshape(groups, c_out // groups, c // groups, *g.kernel).swapaxes(1, 2)  # (G, C_in/G, C_out/G, *K)
    wt = np.ascontiguousarray(wt.reshape(c, c_out // groups, *g.kernel))  # (C_in, C_out/G, *K)
    full = replace(g, stride=(1,) * len(g.kernel), pads=pads, out=tuple(x_shape[2:]))
    return forward(go, wt, full)


def _correlation_pads(w: Array, x_shape: Sequence[int], g: Geometry) -> tuple[tuple[int, int], ...] | None:
    """The padding of dL/dy under which dL/dx is its correlation with the flipped kernel, channels
    swapped; None unless the stride is 1, no axis is padded by more than the kernel spans and
    the shape favours it (:func:`_correlates`).

    With stride 1, padded input cell ``u`` gets ``sum_t w[t] dL/dy[u - t * d]``: a correlation
    of ``dL/dy`` padded by ``A = d * (K - 1) - lo`` before and ``S + lo - O`` after with the
    flipped taps, whose cell ``i`` is the input cell ``i`` (padded cell ``lo + i``).
    """
    if any(s != 1 for s in g.stride) or not _correlates(x_shape[1], w.shape[0], x_shape[2:]):
        return None
    pads = tuple((d * (k - 1) - lo, size + lo - o) for k, d, (lo, _), size, o
                 in zip(g.kernel, g.dilation, g.pads, x_shape[2:], g.out))
    return pads if all(a >= 0 and b >= 0 for a, b in pads) else None


def _scatter_gradient(go_cols: Array, w: Array, x_shape: Sequence[int], g: Geometry) -> Array:
    """col2im of ``W^T @ dL/dy`` in blocks of output rows, any stride; arguments and answer
    as :func:`input_gradient`'s."""
    n, c = x_shape[0], x_shape[1]
    wt = _grouped_weight(w, g.groups).swapaxes(-1, -2)  # (G, C_in/G*prod(K), C_out/G)
    padded = tuple(s + lo + hi for s, (lo, hi) in zip(x_shape[2:], g.pads))
    grad = np.zeros((n, c) + padded, dtype=w.dtype)  # (N, C_in, *P)
    per_row = shapes.prod(g.out[1:])
    row_bytes = n * c * shapes.prod(g.kernel) * per_row * w.itemsize
    s0, span0 = g.stride[0], g.dilation[0] * (g.kernel[0] - 1) + 1
    for rows in _blocks(g.out[0], row_bytes, IM2COL_BYTES):
        dcols = wt @ go_cols[..., rows.start * per_row : rows.stop * per_row]  # (N, G, C_in/G*prod(K), R*prod(O[1:]))
        r = rows.stop - rows.start
        dcols = dcols.reshape(n, c, *g.kernel, r, *g.out[1:])  # (N, C_in, *K, R, *O[1:])
        target = grad[:, :, rows.start * s0 : rows.start * s0 + (r - 1) * s0 + span0]
        add_windows(target, dcols, g.stride, g.dilation)
    inner = tuple(slice(lo, lo + s) for s, (lo, _) in zip(x_shape[2:], g.pads))
    return np.ascontiguousarray(grad[(slice(None), slice(None)) + inner])


_FORWARD = {"pointwise": _pointwise, "depthwise": _depthwise, "im2col": _im2col}
_BACKWARD = {"pointwise": _pointwise_backward, "depthwise": _depthwise_backward,
             "im2col": _im2col_backward}
