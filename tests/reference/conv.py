"""Convolution written as the notes write it: loops over every output cell and kernel tap.

Nothing here imports ``engine``. Slow on purpose; use on small inputs only.
"""

from __future__ import annotations

import itertools

import numpy as np


def conv_loops(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, flip=False):
    """N-d cross-correlation (or convolution with ``flip``) by loops.

    x: (N, C_in, *S); w: (C_out, C_in/groups, *K); padding: int or per-axis ints
    (same on both sides) or a list of (lo, hi) pairs. Returns (N, C_out, *O).
    """
    nd = x.ndim - 2
    stride = (stride,) * nd if isinstance(stride, int) else tuple(stride)
    dilation = (dilation,) * nd if isinstance(dilation, int) else tuple(dilation)
    if isinstance(padding, int):
        pads = [(padding, padding)] * nd
    else:
        pads = [p if isinstance(p, tuple) else (p, p) for p in padding]
    if flip:
        w = w[(slice(None), slice(None)) + (slice(None, None, -1),) * nd]
    n, c_in = x.shape[:2]
    c_out, c_per = w.shape[:2]
    kernel = w.shape[2:]
    xp = np.zeros((n, c_in) + tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[2:], pads)), x.dtype)
    xp[(slice(None), slice(None)) + tuple(slice(lo, lo + s) for s, (lo, _) in zip(x.shape[2:], pads))] = x
    out_size = [(p - d * (k - 1) - 1) // s + 1 for p, k, s, d in zip(xp.shape[2:], kernel, stride, dilation)]
    y = np.zeros((n, c_out) + tuple(out_size), dtype=np.float64)
    per_group_out = c_out // groups
    for i in range(n):
        for o in range(c_out):
            g = o // per_group_out
            for pos in itertools.product(*(range(s) for s in out_size)):
                total = 0.0 if b is None else float(b[o])
                for c in range(c_per):
                    for tap in itertools.product(*(range(k) for k in kernel)):
                        cell = tuple(p * s + t * d for p, s, t, d in zip(pos, stride, tap, dilation))
                        total += xp[(i, g * c_per + c) + cell] * w[(o, c) + tap]
                y[(i, o) + pos] = total
    return y


def conv_transpose_loops(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed convolution by scattering: every input cell adds a weighted kernel.

    x: (N, C_in, *S); w: (C_in, C_out/groups, *K). Returns (N, C_out, *O) with
    O = (S - 1) * stride - 2 * padding + dilation * (K - 1) + output_padding + 1.
    """
    nd = x.ndim - 2
    tup = lambda v: (v,) * nd if isinstance(v, int) else tuple(v)  # noqa: E731
    stride, padding, output_padding, dilation = map(tup, (stride, padding, output_padding, dilation))
    n, c_in = x.shape[:2]
    c_per_out = w.shape[1]
    kernel = w.shape[2:]
    size = [(s - 1) * st - 2 * p + d * (k - 1) + op + 1
            for s, st, p, d, k, op in zip(x.shape[2:], stride, padding, dilation, kernel, output_padding)]
    full = np.zeros((n, c_per_out * groups) + tuple(s + 2 * p for s, p in zip(size, padding)))
    in_per_group = c_in // groups
    for i in range(n):
        for c in range(c_in):
            g = c // in_per_group
            for pos in itertools.product(*(range(s) for s in x.shape[2:])):
                for oc in range(c_per_out):
                    for tap in itertools.product(*(range(k) for k in kernel)):
                        cell = tuple(p * s + t * d for p, s, t, d in zip(pos, stride, tap, dilation))
                        if all(cc < fs for cc, fs in zip(cell, full.shape[2:])):
                            full[(i, g * c_per_out + oc) + cell] += x[(i, c) + pos] * w[(c, oc) + tap]
    crop = tuple(slice(p, p + s) for p, s in zip(padding, size))
    y = full[(slice(None), slice(None)) + crop]
    if b is not None:
        y = y + np.asarray(b).reshape((1, -1) + (1,) * nd)
    return y
