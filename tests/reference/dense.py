"""Activations, the dense layer and cross-entropy written as the notes write them: loops.

Nothing here imports ``engine``. Everything is computed in float64 with ``math``,
one number at a time; slow on purpose, use on small inputs only.
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def _rows(x, dim):
    """Index lists, one per 1-d slice of ``x`` along ``dim``, with ``None`` at ``dim``."""
    dim = dim % max(x.ndim, 1)
    other = [range(s) for i, s in enumerate(x.shape) if i != dim]
    for pos in itertools.product(*other):
        yield [*pos[:dim], None, *pos[dim:]]


def _at(index, k):
    return tuple(k if i is None else i for i in index)


def relu_loops(x):
    y = np.zeros(x.shape)
    for pos in np.ndindex(x.shape):
        y[pos] = x[pos] if x[pos] > 0 else 0.0
    return y


def relu_backward_loops(g, x):
    grad = np.zeros(x.shape)
    for pos in np.ndindex(x.shape):
        grad[pos] = g[pos] if x[pos] > 0 else 0.0
    return grad


def softmax_loops(x, dim=-1):
    """Softmax of every slice along ``dim``: exp(x_i - max) / sum_j exp(x_j - max)."""
    y = np.zeros(x.shape)
    for index in _rows(x, dim):
        values = [float(x[_at(index, k)]) for k in range(x.shape[dim])]
        top = max(values)
        total = sum(math.exp(v - top) for v in values)
        for k, v in enumerate(values):
            y[_at(index, k)] = math.exp(v - top) / total
    return y


def log_softmax_loops(x, dim=-1):
    y = np.zeros(x.shape)
    for index in _rows(x, dim):
        values = [float(x[_at(index, k)]) for k in range(x.shape[dim])]
        top = max(values)
        log_total = math.log(sum(math.exp(v - top) for v in values))
        for k, v in enumerate(values):
            y[_at(index, k)] = v - top - log_total
    return y


def softmax_backward_loops(g, x, dim=-1):
    """Through the Jacobian: dx_j = sum_i g_i * dy_i/dx_j, with dy_i/dx_j = y_i (delta_ij - y_j)."""
    y, grad = softmax_loops(x, dim), np.zeros(x.shape)
    for index in _rows(x, dim):
        for j in range(x.shape[dim]):
            grad[_at(index, j)] = sum(
                g[_at(index, i)] * y[_at(index, i)] * ((i == j) - y[_at(index, j)])
                for i in range(x.shape[dim])
            )
    return grad


def log_softmax_backward_loops(g, x, dim=-1):
    """Through the Jacobian: d log y_i / dx_j = delta_ij - y_j."""
    y, grad = softmax_loops(x, dim), np.zeros(x.shape)
    for index in _rows(x, dim):
        for j in range(x.shape[dim]):
            grad[_at(index, j)] = sum(
                g[_at(index, i)] * ((i == j) - y[_at(index, j)]) for i in range(x.shape[dim])
            )
    return grad


def linear_loops(x, w, b=None):
    """y[..., o] = sum_i x[..., i] * w[o, i] + b[o], for every leading index."""
    out = np.zeros(x.shape[:-1] + (w.shape[0],))
    for pos in np.ndindex(x.shape[:-1]):
        for o in range(w.shape[0]):
            total = 0.0 if b is None else float(b[o])
            for i in range(w.shape[1]):
                total += float(x[pos + (i,)]) * float(w[o, i])
            out[pos + (o,)] = total
    return out


def linear_backward_loops(g, x, w):
    """x[..., i] * w[o, i] sends g[..., o] * w[o, i] to x[..., i] and g[..., o] * x[..., i] to w."""
    gx, gw, gb = np.zeros(x.shape), np.zeros(w.shape), np.zeros(w.shape[0])
    for pos in np.ndindex(x.shape[:-1]):
        for o in range(w.shape[0]):
            gb[o] += g[pos + (o,)]
            for i in range(w.shape[1]):
                gx[pos + (i,)] += g[pos + (o,)] * w[o, i]
                gw[o, i] += g[pos + (o,)] * x[pos + (i,)]
    return gx, gw, gb


def cross_entropy_loops(x, target, reduction="mean", label_smoothing=0.0):
    """Per sample: -sum_c q'_c log p_c with q' the (smoothed) target distribution.

    x: (N, C) or (C,); target: class indices (N,) / () or probabilities like x.
    """
    unbatched = x.ndim == 1
    if unbatched:
        x, target = x[None], np.asarray(target)[None]
    n, c = x.shape
    losses = np.zeros(n)
    for s in range(n):
        logp = log_softmax_loops(x[s])
        for k in range(c):
            if target.ndim == 1:  # class index
                q = (1 - label_smoothing) * (k == target[s]) + label_smoothing / c
            else:
                q = (1 - label_smoothing) * float(target[s, k]) + label_smoothing / c
            losses[s] -= q * logp[k]
    if reduction == "none":
        return losses[0] if unbatched else losses
    return losses.sum() if reduction == "sum" else losses.sum() / n


def cross_entropy_backward_loops(g, x, target, reduction="mean", label_smoothing=0.0):
    """dloss_s/dx_sk = (p_sk * sum_c q'_sc - q'_sk) * g (g_s for "none"), / N for "mean"."""
    unbatched = x.ndim == 1
    if unbatched:
        x, target = x[None], np.asarray(target)[None]
        g = np.asarray(g)[None] if reduction == "none" else g
    n, c = x.shape
    grad = np.zeros((n, c))
    for s in range(n):
        p = softmax_loops(x[s])
        eps = label_smoothing
        if target.ndim == 1:
            q = [(1 - eps) * (k == target[s]) + eps / c for k in range(c)]
        else:
            q = [(1 - eps) * float(target[s, k]) + eps / c for k in range(c)]
        scale = float(g[s]) if reduction == "none" else float(g) / (n if reduction == "mean" else 1)
        for k in range(c):
            grad[s, k] = (p[k] * sum(q) - q[k]) * scale
    return grad[0] if unbatched else grad
