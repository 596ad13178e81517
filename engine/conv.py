"""Convolution in 1, 2 and 3 dimensions: forward, backward and transposed.

Like every deep-learning library, ``conv*d`` computes cross-correlation: the
kernel slides over the input unflipped. ``flip=True`` rotates the kernel by 180
degrees first, which is convolution as mathematics defines it.

This module checks the arguments; :mod:`engine.conv_route` computes, by one of
three N-d routes chosen by shape: one matmul for 1x1 (pointwise) layers, one
einsum over a channels-last window view for depthwise layers, and im2col (a
window view of the padded input, one contiguous copy into columns, one BLAS
matmul) in cache-sized blocks of output rows for everything else. Output size
per spatial axis::

    O = floor((H + P_lo + P_hi - D * (K - 1) - 1) / S) + 1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from numpy.typing import NDArray

from . import conv_route, shapes
from .shapes import IntOrTuple, Padding
from .validate import batched, check_channels, float_array, same_dtype

Array = NDArray[np.floating]

__all__ = [
    "conv1d", "conv2d", "conv3d",
    "conv1d_backward", "conv2d_backward", "conv3d_backward",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
]

_LAYOUTS = {1: ("(N, C_in, L)", "(C_out, C_in/groups, kL)"),
            2: ("(N, C_in, H, W)", "(C_out, C_in/groups, kH, kW)"),
            3: ("(N, C_in, D, H, W)", "(C_out, C_in/groups, kD, kH, kW)")}


@dataclass(frozen=True)
class Geometry:
    """Validated hyperparameters of one convolution (shared with :mod:`engine.trace`)."""

    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]
    out: tuple[int, ...]
    groups: int


def check_geometry(
    nd: int, x: Array, weight: Array, stride: IntOrTuple, padding: Padding,
    dilation: IntOrTuple, groups: int,
) -> Geometry:
    """Validate a batched input ``(N, C_in, *S)`` against ``weight`` and the hyperparameters."""
    op = f"conv{nd}d"
    if weight.ndim != nd + 2:
        raise ValueError(
            f"{op} expects a weight of shape {_LAYOUTS[nd][1]}, got shape {tuple(weight.shape)}"
        )
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)):
        raise ValueError(f"groups must be a positive integer, got {groups!r}")
    check_channels(x.shape[1], weight.shape[1], int(groups), weight.shape[0])
    kernel = tuple(int(k) for k in weight.shape[2:])
    if min(kernel) < 1:
        raise ValueError(f"the kernel must have at least one tap per axis, got {shapes.dims(kernel)}")
    s = shapes.ntuple(stride, nd, "stride", minimum=1)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    pads = shapes.resolve_conv_padding(padding, kernel, s, d, x.shape[2:])
    out = shapes.conv_output_shape(x.shape[2:], kernel, s, pads, d)
    return Geometry(kernel, s, pads, d, out, int(groups))


def prepare(nd: int, input: Array, weight: Array, flip: bool) -> tuple[Array, Array, bool]:
    """Check types, add the batch axis if missing, flip the kernel for true convolution."""
    x = float_array(input, "input")
    w = float_array(weight, "weight")
    same_dtype(x, w, "weight")
    x, was_batched = batched(x, nd, f"conv{nd}d", _LAYOUTS[nd][0])
    if flip:
        w = np.flip(w, axis=tuple(range(2, w.ndim)))
    return x, w, was_batched


def _conv(
    nd: int, input: Array, weight: Array, bias: Optional[Array], stride: IntOrTuple,
    padding: Padding, dilation: IntOrTuple, groups: int, flip: bool,
) -> Array:
    """N-d convolution core; see :func:`conv2d` for the meaning of the arguments."""
    x, w, was_batched = prepare(nd, input, weight, flip)
    g = check_geometry(nd, x, w, stride, padding, dilation, groups)
    y = conv_route.forward(x, w, g)  # (N, C_out, *O)
    if bias is not None:
        b = float_array(bias, "bias")
        same_dtype(x, b, "bias")
        if b.shape != (w.shape[0],):
            raise ValueError(f"bias needs one value per kernel, shape ({w.shape[0]},), got {b.shape}")
        y += b.reshape((1, -1) + (1,) * nd)
    return y if was_batched else y[0]


def _conv_backward(
    nd: int, grad_output: Array, input: Array, weight: Array, stride: IntOrTuple,
    padding: Padding, dilation: IntOrTuple, groups: int, flip: bool, input_grad: bool = True,
) -> tuple[Array | None, Array, Array]:
    """N-d convolution backward core; see :func:`conv2d_backward`."""
    x, w, was_batched = prepare(nd, input, weight, flip)
    g = check_geometry(nd, x, w, stride, padding, dilation, groups)
    go = float_array(grad_output, "grad_output")
    same_dtype(x, go, "grad_output")
    expected = (x.shape[0], w.shape[0], *g.out)
    go = go if was_batched or go.shape != expected[1:] else go[None]
    if go.shape != expected:
        raise ValueError(
            f"grad_output must have the forward output's shape {expected if was_batched else expected[1:]}, "
            f"got {tuple(grad_output.shape)}"
        )
    grad_x, grad_w = conv_route.backward(go, x, w, g, input_grad)  # (N, C_in, *S), (C_out, C_in/G, *K)
    if flip:
        grad_w = np.flip(grad_w, axis=tuple(range(2, w.ndim)))
    grad_b = go.sum(axis=(0,) + tuple(range(2, go.ndim)))  # (C_out,)
    if grad_x is not None and not was_batched:
        grad_x = grad_x[0]
    return grad_x, np.ascontiguousarray(grad_w), grad_b


def _conv_transpose(
    nd: int, input: Array, weight: Array, bias: Optional[Array], stride: IntOrTuple,
    padding: IntOrTuple, output_padding: IntOrTuple, groups: int, dilation: IntOrTuple,
) -> Array:
    """N-d transposed convolution: the input gradient of ``conv`` applied to ``input``.

    ``weight`` is ``(C_in, C_out/groups, *K)``; the output size per axis is
    ``(H - 1) * S - 2P + D * (K - 1) + output_padding + 1``.
    """
    x, w, was_batched = prepare(nd, input, weight, flip=False)
    if w.ndim != nd + 2:
        raise ValueError(
            f"conv_transpose{nd}d expects a weight of shape (C_in, C_out/groups, *K), got {w.shape}"
        )
    s = shapes.ntuple(stride, nd, "stride", minimum=1)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    p = shapes.ntuple(padding, nd, "padding", minimum=0)
    op = shapes.ntuple(output_padding, nd, "output_padding", minimum=0)
    if any(o >= max(si, di) for o, si, di in zip(op, s, d)):
        raise ValueError(
            f"output_padding {shapes.dims(op)} must be smaller than the stride {shapes.dims(s)} "
            f"or the dilation {shapes.dims(d)}"
        )
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive integer, got {groups!r}")
    if w.shape[0] != x.shape[1] or x.shape[1] % groups:
        raise ValueError(
            f"the weight has {w.shape[0]} input channels (axis 0) for groups={groups}, "
            f"but the input has {x.shape[1]}"
        )
    kernel = w.shape[2:]
    size = tuple((h - 1) * si - 2 * pi + di * (k - 1) + o + 1
                 for h, si, pi, di, k, o in zip(x.shape[2:], s, p, d, kernel, op))
    if min(size) < 1:
        raise ValueError(
            f"the transposed convolution's output (H - 1)*S - 2P + D*(K - 1) + output_padding + 1 "
            f"would be {shapes.dims(size)}; it needs at least one cell: use less padding"
        )
    g = Geometry(tuple(kernel), s, tuple((pi, pi) for pi in p), d,
                  tuple(x.shape[2:]), int(groups))
    c_out = w.shape[1] * groups
    # Seen as a convolution from C_out to C_in channels, w is (C_in, C_out/G, *K).
    go_cols = x.reshape(x.shape[0], g.groups, x.shape[1] // g.groups, -1)  # (N, G, C_in/G, prod(S))
    y = conv_route.input_gradient(go_cols, w, (x.shape[0], c_out) + size, g)  # (N, C_out, *size)
    if bias is not None:
        b = float_array(bias, "bias")
        same_dtype(x, b, "bias")
        if b.shape != (c_out,):
            raise ValueError(f"bias needs one value per output channel, shape ({c_out},), got {b.shape}")
        y += b.reshape((1, -1) + (1,) * nd)
    return y if was_batched else y[0]


def conv1d(input: Array, weight: Array, bias: Optional[Array] = None, stride: IntOrTuple = 1,
           padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
           flip: bool = False) -> Array:
    """1-d convolution of a signal. ``input: (N, C_in, L)``, ``weight: (C_out, C_in/groups, kL)``,
    returns ``(N, C_out, L_out)``. See :func:`conv2d`."""
    return _conv(1, input, weight, bias, stride, padding, dilation, groups, flip)


def conv2d(input: Array, weight: Array, bias: Optional[Array] = None, stride: IntOrTuple = 1,
           padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
           flip: bool = False) -> Array:
    """2-d convolution (cross-correlation unless ``flip``), as ``torch.nn.functional.conv2d``.

    Args:
        input: ``(N, C_in, H, W)`` or unbatched ``(C_in, H, W)``; float32 or float64.
        weight: ``(C_out, C_in/groups, kH, kW)``, same dtype.
        bias: ``(C_out,)`` or None.
        stride, dilation: int or ``(sH, sW)``, at least 1.
        padding: int, ``(pH, pW)``, ``"valid"`` (none), ``"same"`` (stride 1 only)
            or ``"tf_same"`` (TensorFlow's SAME, any stride; asymmetric where needed).
        groups: input and output channels split into this many independent groups.
        flip: rotate the kernel 180 degrees first (true convolution).

    Returns:
        ``(N, C_out, H_out, W_out)`` with ``H_out = floor((H + 2P - D(K-1) - 1) / S) + 1``.

    Raises:
        ValueError: shapes, channels, dtypes or hyperparameters that do not fit.
    """
    return _conv(2, input, weight, bias, stride, padding, dilation, groups, flip)


def conv3d(input: Array, weight: Array, bias: Optional[Array] = None, stride: IntOrTuple = 1,
           padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
           flip: bool = False) -> Array:
    """3-d convolution of a volume. ``input: (N, C_in, D, H, W)``,
    ``weight: (C_out, C_in/groups, kD, kH, kW)``, returns ``(N, C_out, D_out, H_out, W_out)``."""
    return _conv(3, input, weight, bias, stride, padding, dilation, groups, flip)


def conv1d_backward(grad_output: Array, input: Array, weight: Array, stride: IntOrTuple = 1,
                    padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
                    flip: bool = False, input_grad: bool = True) -> tuple[Array | None, Array, Array]:
    """Gradients of :func:`conv1d`; see :func:`conv2d_backward`."""
    return _conv_backward(1, grad_output, input, weight, stride, padding, dilation, groups, flip, input_grad)


def conv2d_backward(grad_output: Array, input: Array, weight: Array, stride: IntOrTuple = 1,
                    padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
                    flip: bool = False, input_grad: bool = True) -> tuple[Array | None, Array, Array]:
    """Gradients of :func:`conv2d` with respect to its input, weight and bias.

    The input gradient is the output gradient cross-correlated with the kernel
    rotated 180 degrees, the same as a true convolution with the kernel unrotated
    (a transposed convolution); the weight gradient is the input cross-correlated
    with the output gradient; the bias gradient sums the output gradient.

    Args:
        grad_output: ``(N, C_out, H_out, W_out)``, dL/d output.
        input: ``(N, C_in, H, W)``, the forward input.
        weight: ``(C_out, C_in/groups, kH, kW)``, the forward weight.
        stride, padding, dilation, groups, flip: as in the forward call.
        input_grad: False when dL/d input is not wanted (a network's first layer in
            training): it is then None and, on the im2col route, not computed.

    Returns:
        ``(grad_input (N, C_in, H, W), grad_weight (C_out, C_in/groups, kH, kW), grad_bias (C_out,))``.
    """
    return _conv_backward(2, grad_output, input, weight, stride, padding, dilation, groups, flip, input_grad)


def conv3d_backward(grad_output: Array, input: Array, weight: Array, stride: IntOrTuple = 1,
                    padding: Padding = 0, dilation: IntOrTuple = 1, groups: int = 1,
                    flip: bool = False, input_grad: bool = True) -> tuple[Array | None, Array, Array]:
    """Gradients of :func:`conv3d`; see :func:`conv2d_backward`."""
    return _conv_backward(3, grad_output, input, weight, stride, padding, dilation, groups, flip, input_grad)


def conv_transpose1d(input: Array, weight: Array, bias: Optional[Array] = None,
                     stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1) -> Array:
    """1-d transposed convolution; see :func:`conv_transpose2d`."""
    return _conv_transpose(1, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose2d(input: Array, weight: Array, bias: Optional[Array] = None,
                     stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1) -> Array:
    """2-d transposed convolution, as ``torch.nn.functional.conv_transpose2d``.

    Every input cell scatters a kernel-weighted copy onto the output; this is
    exactly the input gradient of :func:`conv2d`.

    Args:
        input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``.
        weight: ``(C_in, C_out/groups, kH, kW)``.
        bias: ``(C_out,)`` or None.
        output_padding: extra cells on the high side, smaller than stride or dilation.

    Returns:
        ``(N, C_out, H_out, W_out)`` with ``H_out = (H - 1) S - 2P + D (K - 1) + output_padding + 1``.
    """
    return _conv_transpose(2, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose3d(input: Array, weight: Array, bias: Optional[Array] = None,
                     stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1) -> Array:
    """3-d transposed convolution; see :func:`conv_transpose2d`."""
    return _conv_transpose(3, input, weight, bias, stride, padding, output_padding, groups, dilation)
