"""Shared cases for the pooling tests: valid configurations for Hypothesis, inputs, tolerances."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from engine.pool import (
    avg_pool1d, avg_pool1d_backward, avg_pool2d, avg_pool2d_backward, avg_pool3d,
    avg_pool3d_backward, max_pool1d, max_pool1d_backward, max_pool2d, max_pool2d_backward,
    max_pool3d, max_pool3d_backward,
)

MAX = {1: max_pool1d, 2: max_pool2d, 3: max_pool3d}


MAX_BACKWARD = {1: max_pool1d_backward, 2: max_pool2d_backward, 3: max_pool3d_backward}


AVG = {1: avg_pool1d, 2: avg_pool2d, 3: avg_pool3d}


AVG_BACKWARD = {1: avg_pool1d_backward, 2: avg_pool2d_backward, 3: avg_pool3d_backward}


@st.composite
def pool_configs(draw, kind="max"):
    """A valid pooling (shapes, hyperparameters, dtype), small enough for the loop references."""
    nd = draw(st.sampled_from([1, 2, 3]))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = draw(st.one_of(st.none(), st.tuples(*[st.integers(1, 3)] * nd)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd)) if kind == "max" else (1,) * nd
    # the window must fit the padded input; PyTorch's avg_pool3d also wants the kernel unpadded
    low = [max(1, d * (k - 1) + 1 - 2 * p, k if (kind, nd) == ("avg", 3) else 1)
           for k, d, p in zip(kernel, dilation, padding)]
    spatial = tuple(draw(st.integers(lo, max(lo, {1: 10, 2: 6, 3: 4}[nd]))) for lo in low)
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) + spatial
    hyper = dict(kernel_size=kernel, stride=stride, padding=padding, ceil_mode=draw(st.booleans()))
    if kind == "max":
        hyper["dilation"] = dilation
    else:
        hyper["count_include_pad"] = draw(st.booleans())
    return dict(nd=nd, shape=shape, hyper=hyper, ties=draw(st.booleans()),
                dtype=draw(st.sampled_from([np.float32, np.float64])),
                seed=draw(st.integers(0, 2**16)))


def pool_input(cfg):
    """Random input; with ``ties`` small integers, so windows hold equal maxima."""
    rng = np.random.default_rng(cfg["seed"])
    x = rng.integers(-2, 3, cfg["shape"]) if cfg["ties"] else rng.standard_normal(cfg["shape"])
    return x.astype(cfg["dtype"])


def loop_args(hyper):
    """The references take the kernel positionally."""
    kw = dict(hyper)
    return kw.pop("kernel_size"), kw


def tolerance(dtype):
    return dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


GRAD_CASES = [
    (1, (2, 2, 9), dict(kernel_size=3, stride=2, padding=1)),
    (2, (1, 2, 5, 6), dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1), ceil_mode=True)),
    (2, (2, 1, 6, 6), dict(kernel_size=3, stride=1)),
    (3, (1, 1, 4, 3, 4), dict(kernel_size=2, stride=(2, 1, 2), padding=(1, 0, 1))),
]
