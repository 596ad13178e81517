"""Pooling written as the notes write it: loops over every window and every kernel tap.

Nothing here imports ``engine``. Slow on purpose; use on small inputs only. Every
function takes ``x`` of shape (N, C, *S) and per-axis ints or tuples, as PyTorch does.
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def _tuple(value, nd):
    return (value,) * nd if isinstance(value, int) else tuple(value)


def pool_output_size(size, kernel, stride, padding, dilation=1, ceil_mode=False):
    """Number of windows along one axis, PyTorch's rule.

    floor((H + 2P - D(K-1) - 1) / S) + 1, or ceil; with ceil the last window must
    start inside the input or its left padding.
    """
    room = size + 2 * padding - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return room // stride + 1
    out = math.ceil(room / stride) + 1
    if (out - 1) * stride >= size + padding:
        out -= 1
    return out


def _geometry(x, kernel, stride, padding, dilation, ceil_mode):
    nd = x.ndim - 2
    kernel = _tuple(kernel, nd)
    stride = kernel if stride is None else _tuple(stride, nd)
    padding, dilation = _tuple(padding, nd), _tuple(dilation, nd)
    out = tuple(pool_output_size(h, k, s, p, d, ceil_mode)
                for h, k, s, p, d in zip(x.shape[2:], kernel, stride, padding, dilation))
    return kernel, stride, padding, dilation, out


def _cells(pos, size, kernel, stride, padding, dilation):
    """The input cells of window ``pos`` that are not padding, in row-major tap order."""
    cells = []
    for tap in itertools.product(*(range(k) for k in kernel)):
        cell = tuple(o * s + t * d - p
                     for o, s, t, d, p in zip(pos, stride, tap, dilation, padding))
        if all(0 <= c < h for c, h in zip(cell, size)):
            cells.append(cell)
    return cells


def max_pool_loops(x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Each window's largest input value (padding is -inf, never the maximum)."""
    kernel, stride, padding, dilation, out = _geometry(x, kernel, stride, padding, dilation,
                                                       ceil_mode)
    y = np.empty(x.shape[:2] + out)
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for pos in itertools.product(*(range(o) for o in out)):
            cells = _cells(pos, x.shape[2:], kernel, stride, padding, dilation)
            values = [x[(n, c) + cell] for cell in cells]
            y[(n, c) + pos] = max(values, default=-np.inf)
    return y


def max_pool_backward_loops(g, x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False,
                            ties="first"):
    """Route each window's gradient to its maximum.

    ties="first": the first maximum in row-major order gets it all (PyTorch);
    "all": every tied maximum gets the whole gradient; "split": they share it equally.
    """
    kernel, stride, padding, dilation, out = _geometry(x, kernel, stride, padding, dilation,
                                                       ceil_mode)
    grad = np.zeros(x.shape)
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for pos in itertools.product(*(range(o) for o in out)):
            cells = _cells(pos, x.shape[2:], kernel, stride, padding, dilation)
            if not cells:
                continue
            top = max(x[(n, c) + cell] for cell in cells)
            tied = [cell for cell in cells if x[(n, c) + cell] == top]
            if ties == "first":
                tied = tied[:1]
            share = g[(n, c) + pos] / (len(tied) if ties == "split" else 1)
            for cell in tied:
                grad[(n, c) + cell] += share
    return grad


def _avg_window(pos, size, kernel, stride, padding, count_include_pad):
    """The in-input cells of an average-pooling window and its divisor, PyTorch's rule."""
    ranges, pool_size, count = [], 1, 1
    for o, h, k, s, p in zip(pos, size, kernel, stride, padding):
        start = o * s - p
        end = min(start + k, h + p)
        pool_size *= end - start
        lo, hi = max(start, 0), min(end, h)
        count *= hi - lo
        ranges.append(range(lo, hi))
    return list(itertools.product(*ranges)), pool_size if count_include_pad else count


def avg_pool_loops(x, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Each window's sum divided by its divisor."""
    kernel, stride, padding, _, out = _geometry(x, kernel, stride, padding, 1, ceil_mode)
    y = np.empty(x.shape[:2] + out)
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for pos in itertools.product(*(range(o) for o in out)):
            cells, divisor = _avg_window(pos, x.shape[2:], kernel, stride, padding,
                                         count_include_pad)
            y[(n, c) + pos] = sum(float(x[(n, c) + cell]) for cell in cells) / divisor
    return y


def avg_pool_backward_loops(g, x, kernel, stride=None, padding=0, ceil_mode=False,
                            count_include_pad=True):
    """Each window's gradient divided by its divisor, added onto each of its input cells."""
    kernel, stride, padding, _, out = _geometry(x, kernel, stride, padding, 1, ceil_mode)
    grad = np.zeros(x.shape)
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for pos in itertools.product(*(range(o) for o in out)):
            cells, divisor = _avg_window(pos, x.shape[2:], kernel, stride, padding,
                                         count_include_pad)
            for cell in cells:
                grad[(n, c) + cell] += g[(n, c) + pos] / divisor
    return grad
