"""engine.conv's transposed convolution against plain stamping loops, the convolution's own
input gradient and (when installed) PyTorch; one test per error message."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.conv import (
    conv2d,
    conv2d_backward,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from tests.reference.conv import conv_transpose_loops

TRANSPOSE = {1: conv_transpose1d, 2: conv_transpose2d, 3: conv_transpose3d}
X = np.zeros((1, 1, 7, 7))
W = np.zeros((1, 1, 3, 3))


@st.composite
def transpose_configs(draw):
    nd = draw(st.sampled_from([1, 2, 3]))
    groups = draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    out_pad = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    spatial = tuple(draw(st.integers(1, {1: 6, 2: 4, 3: 3}[nd])) for _ in range(nd))
    # padding may not eat the whole output: keep (S-1)s + d(k-1) + op + 1 - 2p >= 1
    padding = tuple(
        draw(st.integers(0, max(0, ((s - 1) * st_ + d * (k - 1) + op) // 2)))
        for s, st_, d, k, op in zip(spatial, stride, dilation, kernel, out_pad)
    )
    c_in = groups * draw(st.integers(1, 2))
    return dict(nd=nd, x_shape=(1, c_in) + spatial, w_shape=(c_in, draw(st.integers(1, 2))) + kernel,
                stride=stride, padding=padding, output_padding=out_pad, groups=groups, dilation=dilation,
                seed=draw(st.integers(0, 2**16)), bias=draw(st.booleans()))


@settings(max_examples=50, deadline=None)
@given(transpose_configs())
def test_conv_transpose_matches_loops(cfg):
    rng = np.random.default_rng(cfg["seed"])
    x, w = rng.standard_normal(cfg["x_shape"]), rng.standard_normal(cfg["w_shape"])
    b = rng.standard_normal(cfg["w_shape"][1] * cfg["groups"]) if cfg["bias"] else None
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "groups", "dilation")}
    np.testing.assert_allclose(TRANSPOSE[cfg["nd"]](x, w, b, **kw),
                               conv_transpose_loops(x, w, b, **kw), rtol=1e-10, atol=1e-10)


def test_conv2d_backward_input_gradient_is_transposed_convolution():
    """dL/dx is dL/dy run through the transposed convolution with the same kernel."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 2, 7, 7)), rng.standard_normal((3, 2, 3, 3))
    g = rng.standard_normal(conv2d(x, w, stride=2, padding=1).shape)  # (1, 3, 4, 4)
    gx, _, _ = conv2d_backward(g, x, w, stride=2, padding=1)
    np.testing.assert_allclose(gx, conv_transpose2d(g, w, stride=2, padding=1), atol=1e-12)


@pytest.mark.parametrize("kw", [dict(stride=2, padding=1, output_padding=1),
                                dict(stride=3, dilation=2, groups=2, output_padding=2),
                                # stride 1, fewer input than output channels: a correlation
                                dict(dilation=2, padding=1, output_padding=1, groups=2)])
def test_conv_transpose2d_matches_torch(kw):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    x, w, b = rng.standard_normal((2, 4, 5, 4)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(3 * kw.get("groups", 1))
    expected = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), **kw)
    np.testing.assert_allclose(conv_transpose2d(x, w, b, **kw), expected.numpy(), atol=1e-12)


def test_conv_transpose2d_rejects_large_output_padding():
    with pytest.raises(ValueError, match="output_padding 2x2 must be smaller than the stride 2x2 or the dilation 1x1"):
        conv_transpose2d(X, W, stride=2, output_padding=2)


def test_conv_transpose2d_rejects_channel_mismatch():
    with pytest.raises(ValueError, match="the weight has 2 input channels"):
        conv_transpose2d(X, np.zeros((2, 1, 3, 3)))


def test_conv_transpose2d_rejects_output_smaller_than_one():
    with pytest.raises(ValueError, match=r"would be -1x-1; it needs at least one cell: use less padding"):
        conv_transpose2d(np.zeros((1, 1, 1, 1)), np.zeros((1, 1, 1, 1)), padding=1)
