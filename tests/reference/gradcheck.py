"""Central finite differences, for checking every backward."""

from __future__ import annotations

from typing import Callable

import numpy as np


def numeric_grad(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Gradient of the scalar ``f()`` with respect to ``x``, by central differences.

    ``x`` is perturbed in place, one element at a time, and restored. Use float64.
    """
    assert x.flags.c_contiguous, "numeric_grad perturbs x in place: pass a contiguous array"
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad
