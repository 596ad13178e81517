"""Max and average pooling in 1, 2 and 3 dimensions, forward and backward.

One place to import both from: :mod:`engine.max_pool` (with the ``ties`` rules
of its backward) and :mod:`engine.avg_pool` (with PyTorch's border divisors),
built on :mod:`engine.pool_window`. Output size per spatial axis::

    O = floor((H + 2P - D * (K - 1) - 1) / S) + 1
"""

from __future__ import annotations

from .avg_pool import (
    avg_pool1d, avg_pool1d_backward, avg_pool2d, avg_pool2d_backward, avg_pool3d,
    avg_pool3d_backward,
)
from .max_pool import (
    TIES, max_pool1d, max_pool1d_backward, max_pool2d, max_pool2d_backward, max_pool3d,
    max_pool3d_backward,
)

__all__ = [
    "TIES",
    "max_pool1d", "max_pool2d", "max_pool3d",
    "max_pool1d_backward", "max_pool2d_backward", "max_pool3d_backward",
    "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "avg_pool1d_backward", "avg_pool2d_backward", "avg_pool3d_backward",
]
