"""Output-size arithmetic for sliding windows (convolution and pooling).

Every spatial dimension follows the same formula::

    O = floor((H + P_lo + P_hi - D * (K - 1) - 1) / S) + 1

with input size ``H``, padding ``P_lo``/``P_hi`` on the two sides, dilation
``D``, kernel size ``K`` and stride ``S``. A kernel with dilation ``D`` spans
``D * (K - 1) + 1`` cells. Functions here validate hyperparameters and explain
the numbers; they never touch array data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence, Union

import numpy as np

IntOrTuple = Union[int, Sequence[int]]
Padding = Union[int, Sequence[int], str]

def dims(values: Sequence[int]) -> str:
    """Format sizes the way the notes write them: ``(5, 5) -> "5x5"``."""
    return "x".join(str(int(v)) for v in values)


def ntuple(value: IntOrTuple, n: int, name: str, minimum: int = 0) -> tuple[int, ...]:
    """Expand an int or a sequence into an ``n``-tuple of ints, each ``>= minimum``.

    Args:
        value: one int for every dimension, or one per dimension.
        n: number of spatial dimensions (1, 2 or 3).
        name: argument name used in error messages ("stride").
        minimum: smallest value allowed.

    Returns:
        tuple of ``n`` ints.

    Raises:
        ValueError: wrong length, a non-integer, or a value below ``minimum``.
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        items = (int(value),) * n
    elif isinstance(value, (tuple, list)) and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in value
    ):
        if len(value) == 1:
            items = (int(value[0]),) * n
        elif len(value) == n:
            items = tuple(int(v) for v in value)
        else:
            raise ValueError(f"{name} needs 1 or {n} integers, got {len(value)}: {tuple(value)}")
    else:
        raise ValueError(f"{name} must be an integer or a tuple of {n} integers, got {value!r}")
    if any(v < minimum for v in items):
        rule = "positive" if minimum == 1 else f"at least {minimum}"
        raise ValueError(f"{name} must be {rule}, got {dims(items) if n > 1 else items[0]}")
    return items


def tf_same_pads(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's SAME padding of one axis: ``(before, after)``, the smaller half before.

    The output has ``ceil(size / stride)`` cells; the total padding is what that needs,
    ``max((ceil(size / stride) - 1) * stride + span - size, 0)`` with
    ``span = dilation * (kernel - 1) + 1``.
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel_span(kernel, dilation) - size, 0)
    return total // 2, total - total // 2


def kernel_span(kernel: int, dilation: int) -> int:
    """Number of input cells a kernel of ``kernel`` taps with ``dilation`` covers."""
    return dilation * (kernel - 1) + 1


def resolve_conv_padding(
    padding: Padding,
    kernel: Sequence[int],
    stride: Sequence[int],
    dilation: Sequence[int],
    size: Sequence[int] | None = None,
) -> tuple[tuple[int, int], ...]:
    """Turn a convolution ``padding`` argument into ``(lo, hi)`` pairs per dimension.

    ``"valid"`` is no padding. ``"same"`` keeps the output size equal to the
    input size (stride 1 only, as in PyTorch): the total ``D * (K - 1)`` is split
    with the extra cell, for an even span, on the high side. ``"full"`` pads
    ``D * (K - 1)`` (the dilated kernel's span minus one) on both sides, so every
    window that overlaps the input by one cell is computed: with stride 1 the output
    is ``H + D * (K - 1)``, the input size plus the span minus one. ``"tf_same"`` is
    TensorFlow's SAME for any stride, which needs the input ``size``: the output
    is ``ceil(H / S)`` and the total ``max((ceil(H / S) - 1) * S + D * (K - 1) + 1 - H, 0)``
    is split with the smaller half before (asymmetric where the stride is 2).

    Returns:
        ``n`` pairs ``(pad_lo, pad_hi)``.
    """
    n = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * n
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(
                    "padding='same' keeps the output as large as the input, which only a "
                    f"stride of 1 can do; got stride {dims(stride)} (TensorFlow's SAME for "
                    "any stride is 'tf_same')"
                )
            totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        if padding == "full":
            return tuple((d * (k - 1), d * (k - 1)) for k, d in zip(kernel, dilation))
        if padding == "tf_same":
            if size is None:
                raise ValueError("padding='tf_same' depends on the input size, which is not known here")
            return tuple(tf_same_pads(h, k, s, d) for h, k, s, d in zip(size, kernel, stride, dilation))
        raise ValueError(
            f"padding must be an integer, a tuple, 'valid', 'same', 'full' or 'tf_same', "
            f"got {padding!r}")
    pads = ntuple(padding, n, "padding", minimum=0)
    return tuple((p, p) for p in pads)


def conv_output_shape(
    spatial: Sequence[int],
    kernel: Sequence[int],
    stride: Sequence[int],
    pads: Sequence[tuple[int, int]],
    dilation: Sequence[int],
) -> tuple[int, ...]:
    """Output size per dimension of a convolution, checking that the kernel fits.

    Raises:
        ValueError: the dilated kernel is larger than the padded input.
    """
    padded = [h + lo + hi for h, (lo, hi) in zip(spatial, pads)]
    spans = [kernel_span(k, d) for k, d in zip(kernel, dilation)]
    if any(sp > p for sp, p in zip(spans, padded)):
        how = f" with dilation {dims(dilation)}" if any(d != 1 for d in dilation) else ""
        raise ValueError(
            f"kernel {dims(kernel)}{how} spans {dims(spans)}, larger than the padded input "
            f"{dims(padded)}"
        )
    return tuple((p - sp) // s + 1 for p, sp, s in zip(padded, spans, stride))


def pool_output_size(
    size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool
) -> int:
    """Output size of one pooled dimension, PyTorch's rule.

    With ``ceil_mode`` the division rounds up, but the last window must start
    inside the input or its left padding: ``(O - 1) * S < H + P``.
    """
    room = size + 2 * padding - kernel_span(kernel, dilation)
    out = (-(-room // stride) if ceil_mode else room // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def pool_output_shape(
    spatial: Sequence[int],
    kernel: Sequence[int],
    stride: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
    ceil_mode: bool,
) -> tuple[int, ...]:
    """Output size per dimension of a pooling, validating padding and fit.

    Raises:
        ValueError: padding above half the kernel, or a window larger than the
            padded input.
    """
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(
            f"pooling padding {dims(padding)} is more than half the kernel {dims(kernel)}: "
            "a window would hold nothing but padding"
        )
    padded = [h + 2 * p for h, p in zip(spatial, padding)]
    spans = [kernel_span(k, d) for k, d in zip(kernel, dilation)]
    if any(sp > p for sp, p in zip(spans, padded)):
        how = f" with dilation {dims(dilation)}" if any(d != 1 for d in dilation) else ""
        raise ValueError(
            f"pooling window {dims(kernel)}{how} spans {dims(spans)}, larger than the padded "
            f"input {dims(padded)}"
        )
    return tuple(
        pool_output_size(h, k, s, p, d, ceil_mode)
        for h, k, s, p, d in zip(spatial, kernel, stride, padding, dilation)
    )


def prod(values: Sequence[int]) -> int:
    """Product of sizes (1 for an empty sequence)."""
    return math.prod(int(v) for v in values)


def conv_params(
    in_channels: int, out_channels: int, kernel: Sequence[int], groups: int = 1, bias: bool = True
) -> int:
    """Learnable numbers of a convolution layer.

    Each of the ``C_out`` kernels has ``C_in / groups * prod(K)`` weights, plus
    one bias each: ``C_out * (C_in / groups * prod(K) + 1)``. A 3x3 kernel on 3
    channels with 64 outputs: ``64 * (3 * 9 + 1) = 1,792``.
    """
    return out_channels * (in_channels // groups * prod(kernel) + (1 if bias else 0))


def conv_macs(
    in_channels: int, out_channels: int, kernel: Sequence[int], out: Sequence[int], groups: int = 1
) -> int:
    """Multiply-adds of one convolution on one sample: ``C_out * prod(O) * C_in/groups * prod(K)``."""
    return out_channels * prod(out) * (in_channels // groups) * prod(kernel)


def linear_params(in_features: int, out_features: int, bias: bool = True) -> int:
    """Learnable numbers of a fully connected layer: ``out * in + out`` (with bias)."""
    return out_features * in_features + (out_features if bias else 0)


def info_volume(shape: Sequence[int]) -> int:
    """Information volume of one sample's activation, ``C x H x W`` (any number of axes)."""
    return prod(shape)


def volume_ratio(shape: Sequence[int], previous: Sequence[int]) -> float:
    """Volume of ``shape`` over that of ``previous``.

    Doubling the channels then 2x2 pooling gives ``2 * 1/4 = 0.5``: half the volume.
    """
    return info_volume(shape) / info_volume(previous)


@dataclass(frozen=True)
class LayerCost:
    """What a convolution layer costs, beside a fully connected layer on the same input.

    ``dense_params`` is the parameter count of a linear layer that maps the
    flattened input ``C_in x H x W`` to the flattened output ``C_out x H_out x W_out``:
    what weight sharing and local connectivity save.
    """

    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    params: int
    macs: int
    dense_params: int
    input_volume: int
    output_volume: int

    @property
    def volume_ratio(self) -> float:
        """Output volume over input volume."""
        return self.output_volume / self.input_volume


def conv_layer_cost(
    input_shape: Sequence[int], out_channels: int, kernel: Sequence[int],
    stride: Sequence[int], pads: Sequence[tuple[int, int]], dilation: Sequence[int],
    groups: int = 1, bias: bool = True,
) -> LayerCost:
    """Shapes, parameters and multiply-adds of a convolution layer on one sample.

    Args:
        input_shape: ``(C_in, *S)``.
        kernel, stride, dilation: per spatial axis; pads: ``(lo, hi)`` per axis.

    Returns:
        :class:`LayerCost` with ``output_shape = (C_out, *O)``.

    Raises:
        ValueError: the kernel does not fit, or groups do not divide the channels.
    """
    c_in, spatial = int(input_shape[0]), tuple(int(s) for s in input_shape[1:])
    if groups < 1 or c_in % groups or out_channels % groups:
        raise ValueError(
            f"groups={groups} must divide both the {c_in} input and {out_channels} output channels"
        )
    out = conv_output_shape(spatial, kernel, stride, pads, dilation)
    output_shape = (out_channels, *out)
    return LayerCost(
        (c_in, *spatial), output_shape, conv_params(c_in, out_channels, kernel, groups, bias),
        conv_macs(c_in, out_channels, kernel, out, groups),
        linear_params(info_volume((c_in, *spatial)), info_volume(output_shape), bias),
        info_volume((c_in, *spatial)), info_volume(output_shape),
    )
