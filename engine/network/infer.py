"""Shape inference: every layer's output shape, parameter shapes and multiply-adds, without arrays.

Shapes are per sample, without the batch axis: ``(C, H, W)`` for maps and
``(F,)`` for feature vectors. Multiply-adds count the products of convolution
and linear layers (what published figures list); pooling, activations and batch
norm count as 0. Everything here is arithmetic on tuples, so a full-size VGG16
is summarised in microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .spec import Layer

__all__ = ["Info", "buffer_shapes", "infer", "param_shapes"]

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Info:
    """What one layer does to one sample's shape.

    Attributes:
        layer: the checked spec.
        input_shape: ``(C, H, W)`` or ``(F,)``.
        output_shape: ``(C_out, H_out, W_out)`` or ``(F_out,)``.
        params: learnable numbers (weights and biases, children included).
        macs: multiply-adds for one sample (children included).
        children: per child list (residual body and shortcut; concat branches).
    """

    layer: Layer
    input_shape: Shape
    output_shape: Shape
    params: int
    macs: int
    children: tuple[tuple[Info, ...], ...] = ()


def infer(layers: Sequence[Layer], input_shape: Sequence[int]) -> tuple[Info, ...]:
    """Follow one sample's shape through ``layers``.

    Args:
        layers: from :func:`engine.network.spec.parse`.
        input_shape: ``(C, H, W)``.

    Returns:
        one :class:`Info` per layer.

    Raises:
        ValueError: a layer that cannot take the shape it receives.
    """
    shape = tuple(int(s) for s in input_shape)
    out = []
    for layer in layers:
        info = layer.kind.infer(layer, shape)
        out.append(info)
        shape = info.output_shape
    return tuple(out)


def param_shapes(infos: Sequence[Info]) -> dict[str, Shape]:
    """Learnable arrays by key (``"conv1.weight"``): conv ``(C_out, C_in/groups, kH, kW)``,
    linear ``(out, in)``, biases and batch-norm scale/shift ``(C,)``."""
    return {k: v for info in infos for k, v in info.layer.kind.param_shapes(info).items()}


def buffer_shapes(infos: Sequence[Info]) -> dict[str, Shape]:
    """Non-learned arrays by key: batch norm's ``running_mean`` and ``running_var``, ``(C,)``."""
    return {k: v for info in infos for k, v in info.layer.kind.buffer_shapes(info).items()}
