"""engine.conv against plain loops, finite differences and (when installed) PyTorch.

The transposed convolution has its own module (``test_conv_transpose.py``), and so have the
routes a convolution takes by shape (``test_conv_routes.py``)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.conv import (
    conv1d,
    conv1d_backward,
    conv2d,
    conv2d_backward,
    conv3d,
    conv3d_backward,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from tests.reference.conv import conv_loops
from tests.reference.gradcheck import numeric_grad

CONV = {1: conv1d, 2: conv2d, 3: conv3d}
BACKWARD = {1: conv1d_backward, 2: conv2d_backward, 3: conv3d_backward}
TRANSPOSE = {1: conv_transpose1d, 2: conv_transpose2d, 3: conv_transpose3d}


@st.composite
def conv_configs(draw):
    """A valid convolution: shapes, hyperparameters and dtype, small enough for loops."""
    nd = draw(st.sampled_from([1, 2, 3]))
    max_size = {1: 12, 2: 7, 3: 5}[nd]
    groups = draw(st.integers(1, 2))
    c_in = groups * draw(st.integers(1, 2))
    c_out = groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    mode = draw(st.sampled_from(["int", "valid", "same", "tf_same"]))
    stride = (1,) * nd if mode == "same" else tuple(draw(st.integers(1, 3)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(nd)) if mode == "int" else mode
    pad_total = [2 * p for p in padding] if mode == "int" else [0] * nd
    min_size = [max(1, d * (k - 1) + 1 - t) for k, d, t in zip(kernel, dilation, pad_total)]
    spatial = tuple(draw(st.integers(lo, max(lo, max_size))) for lo in min_size)
    n = draw(st.integers(1, 2))
    return dict(nd=nd, x_shape=(n, c_in) + spatial, w_shape=(c_out, c_in // groups) + kernel,
                stride=stride, padding=padding, dilation=dilation, groups=groups,
                flip=draw(st.booleans()), bias=draw(st.booleans()),
                dtype=draw(st.sampled_from([np.float32, np.float64])), seed=draw(st.integers(0, 2**16)))


def _tf_same(size, k, s, d):
    """TensorFlow's SAME: ceil(size / s) cells out, the smaller half of the padding before."""
    total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def _pairs(nd, value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * nd


def _loop_padding(cfg):
    """The reference takes (lo, hi) pairs; "same" puts the odd cell on the high side."""
    nd, kernel = cfg["nd"], cfg["w_shape"][2:]
    dilation, stride = _pairs(nd, cfg["dilation"]), _pairs(nd, cfg["stride"])
    if cfg["padding"] == "valid":
        return [(0, 0)] * nd
    if cfg["padding"] == "same":
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return [(t // 2, t - t // 2) for t in totals]
    if cfg["padding"] == "tf_same":
        return [_tf_same(n, k, s, d) for n, k, s, d in zip(cfg["x_shape"][2:], kernel, stride, dilation)]
    return [(p, p) for p in _pairs(nd, cfg["padding"])]


def _arrays(cfg):
    rng = np.random.default_rng(cfg["seed"])
    x = rng.standard_normal(cfg["x_shape"]).astype(cfg["dtype"])
    w = rng.standard_normal(cfg["w_shape"]).astype(cfg["dtype"])
    b = rng.standard_normal(cfg["w_shape"][0]).astype(cfg["dtype"]) if cfg["bias"] else None
    return x, w, b


def _hyper(cfg):
    return {k: cfg[k] for k in ("stride", "padding", "dilation", "groups", "flip")}


@settings(max_examples=60, deadline=None)
@given(conv_configs())
def test_conv_matches_loops(cfg):
    x, w, b = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, b, **_hyper(cfg))
    expected = _loops(cfg, x, w, b)
    assert y.dtype == cfg["dtype"]
    tol = 1e-4 if cfg["dtype"] == np.float32 else 1e-10
    np.testing.assert_allclose(y, expected, rtol=tol, atol=tol)


def _loops(cfg, x, w, b=None):
    b = None if b is None else b.astype(np.float64)
    return conv_loops(x.astype(np.float64), w.astype(np.float64), b, _pairs(cfg["nd"], cfg["stride"]),
                      _loop_padding(cfg), _pairs(cfg["nd"], cfg["dilation"]), cfg["groups"], cfg["flip"])


@settings(max_examples=60, deadline=None)
@given(conv_configs())
def test_conv_backward_is_the_adjoint(cfg):
    """Convolution is linear in x and in w: <conv(x, w), g> = <x, dL/dx> = <w, dL/dw>."""
    x, w, _ = _arrays(cfg)
    x, w = x.astype(np.float64), w.astype(np.float64)
    y = CONV[cfg["nd"]](x, w, None, **_hyper(cfg))
    g = np.random.default_rng(cfg["seed"] + 1).standard_normal(y.shape)
    gx, gw, gb = BACKWARD[cfg["nd"]](g, x, w, **_hyper(cfg))
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (w.shape[0],)
    inner = float(np.sum(y * g))
    np.testing.assert_allclose(np.sum(x * gx), inner, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.sum(w * gw), inner, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(gb, g.sum(axis=(0,) + tuple(range(2, g.ndim))))


@settings(max_examples=30, deadline=None)
@given(conv_configs())
def test_conv_backward_keeps_dtype(cfg):
    x, w, _ = _arrays(cfg)
    y = CONV[cfg["nd"]](x, w, **_hyper(cfg))
    grads = BACKWARD[cfg["nd"]](np.ones_like(y), x, w, **_hyper(cfg))
    assert all(g.dtype == cfg["dtype"] for g in grads)


BACKWARD_CASES = [
    (2, (2, 2, 6, 5), (3, 2, 3, 2), dict(stride=2, padding=1)),
    (2, (1, 4, 6, 6), (4, 2, 3, 3), dict(padding="same", dilation=2, groups=2, flip=True)),
    (2, (1, 1, 5, 5), (2, 1, 2, 2), dict(padding="same")),
    (1, (2, 3, 9), (2, 3, 4), dict(stride=3, dilation=2, padding=2)),
    (3, (1, 2, 4, 4, 3), (2, 2, 2, 3, 2), dict(stride=(1, 2, 1), padding=(1, 0, 1), flip=True)),
]


@pytest.mark.parametrize("nd,x_shape,w_shape,kw", BACKWARD_CASES)
def test_conv_backward_matches_finite_differences(nd, x_shape, w_shape, kw):
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    g = rng.standard_normal(CONV[nd](x, w, b, **kw).shape)
    loss = lambda: float(np.sum(CONV[nd](x, w, b, **kw) * g))  # noqa: E731
    gx, gw, gb = BACKWARD[nd](g, x, w, **kw)
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


def test_conv2d_backward_input_gradient_is_full_convolution_with_flipped_kernel():
    """Stride 1: dL/dx = full-padded dL/dy cross-correlated with the kernel rotated 180 degrees."""
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((1, 1, 3, 3))
    g = rng.standard_normal((1, 1, 4, 4))
    gx, _, _ = conv2d_backward(g, x, w)
    np.testing.assert_allclose(gx, conv2d(g, w, padding=2, flip=True), atol=1e-12)


def test_conv2d_backward_weight_gradient_is_input_correlated_with_output_gradient():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((1, 1, 3, 3))
    g = rng.standard_normal((1, 1, 4, 4))
    _, gw, _ = conv2d_backward(g, x, w)
    np.testing.assert_allclose(gw, conv2d(x, g), atol=1e-12)


def test_conv2d_seed_example_28x28_with_3x3_gives_26x26():
    assert conv2d(np.zeros((1, 1, 28, 28)), np.zeros((1, 1, 3, 3))).shape == (1, 1, 26, 26)


def test_conv2d_seed_example_6x6x1_gives_4x4x1():
    assert conv2d(np.zeros((1, 6, 6)), np.zeros((1, 1, 3, 3))).shape == (1, 4, 4)


def test_conv2d_hand_computed_example():
    x = np.arange(9.0).reshape(1, 1, 3, 3)  # [[0,1,2],[3,4,5],[6,7,8]]
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    # each window: top-left minus bottom-right = -4
    np.testing.assert_array_equal(conv2d(x, w, np.array([0.5])), np.full((1, 1, 2, 2), -3.5))


def test_conv2d_flip_turns_correlation_into_convolution():
    """A single 1 in the input: correlation paints the kernel rotated, convolution the kernel."""
    x = np.zeros((1, 1, 5, 5))
    x[0, 0, 2, 2] = 1.0
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    np.testing.assert_array_equal(conv2d(x, w, padding=1, flip=True)[0, 0, 1:4, 1:4], w[0, 0])
    np.testing.assert_array_equal(conv2d(x, w, padding=1)[0, 0, 1:4, 1:4], w[0, 0, ::-1, ::-1])


def test_conv2d_same_padding_keeps_size_for_even_kernel():
    y = conv2d(np.ones((1, 1, 5, 6)), np.ones((1, 1, 2, 4)), padding="same")
    assert y.shape == (1, 1, 5, 6)
    # the extra cell goes to the bottom/right: the top-left output sees a full 2x3 of ones
    assert y[0, 0, 0, 0] == 6.0 and y[0, 0, -1, -1] == 2.0


def test_conv2d_unbatched_input_answers_unbatched():
    x, w = np.ones((2, 4, 4), np.float32), np.ones((3, 2, 3, 3), np.float32)
    y = conv2d(x, w)
    assert y.shape == (3, 2, 2) and y.dtype == np.float32
    gx, gw, gb = conv2d_backward(np.ones_like(y), x, w)
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (3,)


TORCH_CASES = [
    (2, (2, 4, 11, 9), (6, 2, 3, 2), dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)),
    (2, (1, 3, 8, 8), (4, 3, 4, 4), dict(padding="same", dilation=2)),
    (1, (3, 2, 20), (5, 2, 5), dict(stride=3, padding=2)),
    (3, (1, 2, 5, 6, 4), (4, 1, 2, 3, 2), dict(stride=2, padding=1, groups=2)),
]


@pytest.mark.parametrize("nd,x_shape,w_shape,kw", TORCH_CASES)
def test_conv_matches_torch(nd, x_shape, w_shape, kw):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(5)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    with warnings.catch_warnings():  # torch notes that "same" with even kernels pads a copy
        warnings.simplefilter("ignore", UserWarning)
        yt = getattr(F, f"conv{nd}d")(xt, wt, bt, **kw)
    g = rng.standard_normal(tuple(yt.shape))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(CONV[nd](x, w, b, **kw), yt.detach().numpy(), atol=1e-12)
    gx, gw, gb = BACKWARD[nd](g, x, w, **kw)
    for ours, theirs in ((gx, xt), (gw, wt), (gb, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-11)


# --- one test per error message -------------------------------------------------------------

X = np.zeros((1, 1, 7, 7))
W = np.zeros((1, 1, 3, 3))


def test_conv2d_rejects_kernel_larger_than_padded_input():
    with pytest.raises(ValueError, match=r"kernel 5x5 with dilation 2x2 spans 9x9, larger than the padded input 7x7"):
        conv2d(X, np.zeros((1, 1, 5, 5)), dilation=2)


def test_conv2d_rejects_kernel_larger_than_input_without_dilation():
    with pytest.raises(ValueError, match=r"^kernel 9x9 spans 9x9, larger than the padded input 7x7$"):
        conv2d(X, np.zeros((1, 1, 9, 9)))


def test_conv2d_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"conv2d expects input of shape \(N, C_in, H, W\).*got shape \(7, 7\)"):
        conv2d(np.zeros((7, 7)), W)


def test_conv2d_rejects_wrong_weight_rank():
    with pytest.raises(ValueError, match=r"conv2d expects a weight of shape \(C_out, C_in/groups, kH, kW\), got shape \(3, 3\)"):
        conv2d(X, np.zeros((3, 3)))


def test_conv2d_rejects_channel_mismatch():
    with pytest.raises(ValueError, match=r"1 channel\(s\) per group x 1 group\(s\) = 1 input channels, but the input has 3"):
        conv2d(np.zeros((1, 3, 5, 5)), W)


def test_conv2d_rejects_groups_not_dividing_kernels():
    with pytest.raises(ValueError, match=r"groups=2 must divide the 3 output channels"):
        conv2d(np.zeros((1, 2, 5, 5)), np.zeros((3, 1, 3, 3)), groups=2)


@pytest.mark.parametrize("groups", [0, 1.5, True])
def test_conv2d_rejects_bad_groups(groups):
    with pytest.raises(ValueError, match="groups must be"):
        conv2d(X, W, groups=groups)


def test_conv2d_rejects_empty_kernel():
    with pytest.raises(ValueError, match="at least one tap per axis, got 0x3"):
        conv2d(X, np.zeros((1, 1, 0, 3)))


def test_conv2d_rejects_zero_stride():
    with pytest.raises(ValueError, match="stride must be positive, got 0x0"):
        conv2d(X, W, stride=0)


def test_conv2d_rejects_zero_dilation():
    with pytest.raises(ValueError, match="dilation must be positive"):
        conv2d(X, W, dilation=(1, 0))


def test_conv2d_rejects_negative_padding():
    with pytest.raises(ValueError, match="padding must be at least 0, got -1x-1"):
        conv2d(X, W, padding=-1)


def test_conv2d_rejects_tuple_of_wrong_length():
    with pytest.raises(ValueError, match=r"stride needs 1 or 2 integers, got 3: \(1, 1, 1\)"):
        conv2d(X, W, stride=(1, 1, 1))


def test_conv2d_rejects_non_integer_hyperparameter():
    with pytest.raises(ValueError, match="stride must be an integer or a tuple of 2 integers, got 1.5"):
        conv2d(X, W, stride=1.5)


def test_conv2d_rejects_unknown_padding_word():
    with pytest.raises(ValueError, match="padding must be an integer, a tuple, 'valid', 'same', 'full' or 'tf_same', got 'circular'"):
        conv2d(X, W, padding="circular")


def test_conv2d_rejects_same_padding_with_stride():
    with pytest.raises(ValueError, match="only a stride of 1 can do; got stride 2x2"):
        conv2d(X, W, padding="same", stride=2)


def test_conv2d_rejects_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"bias needs one value per kernel, shape \(1,\), got \(2,\)"):
        conv2d(X, W, np.zeros(2))


def test_conv2d_rejects_non_array_input():
    with pytest.raises(ValueError, match="input must be a NumPy array, got list"):
        conv2d([[1.0]], W)


def test_conv2d_rejects_integer_input():
    with pytest.raises(ValueError, match="input must be float32 or float64, got int64"):
        conv2d(np.zeros((1, 1, 7, 7), dtype=np.int64), W)


def test_conv2d_rejects_mixed_dtypes():
    with pytest.raises(ValueError, match="weight is float32 but the input is float64; use one dtype"):
        conv2d(X, W.astype(np.float32))


def test_conv2d_backward_rejects_grad_output_of_wrong_shape():
    with pytest.raises(ValueError, match=r"grad_output must have the forward output's shape \(1, 1, 5, 5\), got \(1, 1, 4, 4\)"):
        conv2d_backward(np.zeros((1, 1, 4, 4)), X, W)
