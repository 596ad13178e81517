"""Which axes a request's tensors have, and the engine's full layout for them.

The engine takes ``(N, C, *spatial)`` (or ``(C, *spatial)``). A learner sends a
5x5 grid and a 3x3 kernel; this module reads the operation's dimension from the
kernel, adds the missing batch and channel axes, and gives the answer back with
the axes the user gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Shape = tuple[int, ...]


def _dims(shape: Sequence[int]) -> str:
    return "x".join(map(str, shape)) if shape else "()"


@dataclass(frozen=True)
class Layout:
    """An input as the user gave it and as the engine takes it.

    Attributes:
        nd: spatial dimensions of the operation.
        full_input: ``(N, C, *S)``.
        batched: the user's input had the batch axis.
        channelled: the user's input had the channel axis.
    """

    nd: int
    full_input: Shape
    batched: bool
    channelled: bool

    def user_shape(self, full: Shape) -> Shape:
        """The user's view of an engine result ``(N, C, *S)``.

        The batch axis goes if the input had none; the channel axis goes if the
        input had none and there is one channel.
        """
        shape = full if self.batched else full[1:]  # an unbatched input has no channel-less batch
        if not self.channelled and full[1] == 1:
            shape = shape[1:]
        return shape


def input_layout(input_shape: Shape, nd: int, op: str) -> Layout:
    """Add the missing batch/channel axes to an input of an ``nd``-d operation."""
    extra = len(input_shape) - nd
    if extra == 0:
        return Layout(nd, (1, 1, *input_shape), batched=False, channelled=False)
    if extra == 1:
        return Layout(nd, (1, *input_shape), batched=False, channelled=True)
    if extra == 2:
        return Layout(nd, input_shape, batched=True, channelled=True)
    spatial = ("L",) if nd == 1 else ("H", "W") if nd == 2 else ("D", "H", "W")
    axes = ", ".join(spatial)
    raise ValueError(
        f"{op} takes an input of shape ({axes}), (C, {axes}) or (N, C, {axes}); "
        f"got {_dims(input_shape)} ({len(input_shape)} axes)"
    )


def conv_dimension(input_shape: Shape, weight_shape: Shape, ndim: int | None) -> int:
    """The convolution's spatial dimension, from ``ndim`` or the kernel's axes.

    1 or 2 kernel axes: a bare 1-D/2-D kernel. 4 or 5: ``(C_out, C_in/groups, *K)`` of
    a 2-D/3-D layer. 3: a bare 3-D kernel, unless the input has fewer than 3 axes,
    then ``(C_out, C_in/groups, kL)`` of a 1-D layer.
    """
    if ndim is not None:
        return ndim
    axes = len(weight_shape)
    if axes >= 4:
        return axes - 2
    if axes == 3:
        return 1 if len(input_shape) < 3 else 3
    return axes


def conv_layout(
    input_shape: Shape, weight_shape: Shape, ndim: int | None
) -> tuple[Layout, Shape]:
    """The input's layout and the full weight ``(C_out, C_in/groups, *K)``."""
    nd = conv_dimension(input_shape, weight_shape, ndim)
    op = f"conv{nd}d"
    if len(weight_shape) == nd:
        full_weight: Shape = (1, 1, *weight_shape)
    elif len(weight_shape) == nd + 2:
        full_weight = weight_shape
    else:
        raise ValueError(
            f"{op} takes a kernel of {nd} axes or (C_out, C_in/groups, {nd} kernel axes); "
            f"got weight of shape {_dims(weight_shape)}"
        )
    return input_layout(input_shape, nd, op), full_weight


def pool_dimension(input_shape: Shape, kernel_size: int | list[int], ndim: int | None) -> int:
    """The pooling's spatial dimension: ``ndim``, the kernel_size list's length, or the input's axes.

    With an integer kernel_size: 1 input axis is 1-D, 2 to 4 axes 2-D, 5 axes 3-D.
    """
    if ndim is not None:
        return ndim
    if isinstance(kernel_size, list) and len(kernel_size) > 1:
        return len(kernel_size)
    axes = len(input_shape)
    return 1 if axes == 1 else 3 if axes == 5 else 2


def check_grad_output(layout: Layout, full_output: Shape, given: Shape) -> None:
    """Raise unless ``grad_output`` has the shape the forward answer has."""
    expected = layout.user_shape(full_output)
    if given != expected:
        raise ValueError(
            f"grad_output must have the forward output's shape {_dims(expected)}, "
            f"got {_dims(given)}"
        )
