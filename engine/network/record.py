"""What the layer-by-layer passes yield: one record per layer, ready to stream."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]

__all__ = ["GradRecord", "LayerRecord", "Prediction"]


@dataclass(frozen=True)
class LayerRecord:
    """One layer's forward result.

    Attributes:
        index: position among the top-level layers, from 0.
        name, kind: the layer's name and ``"type"``.
        input_shape, output_shape: with the batch axis, e.g. ``(1, 3, 224, 224)``.
        output: the activation, ``output_shape``.
        seconds: time the layer took.
        kernels: a conv layer's weight ``(C_out, C_in/groups, kH, kW)``, else None.
        bias: a conv or linear layer's bias ``(C_out,)``, else None.
        children: a block's inner layers in the order they ran (full names such as
            ``"b3.dw"``; their ``index`` is the block's), else empty.
    """

    index: int
    name: str
    kind: str
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    output: Array
    seconds: float
    kernels: Array | None = None
    bias: Array | None = None
    children: tuple[LayerRecord, ...] = ()


@dataclass(frozen=True)
class GradRecord:
    """One layer's backward result, from the loss towards the input.

    Attributes:
        index, name, kind: as in :class:`LayerRecord`.
        input_shape, output_shape: with the batch axis.
        grad_output: dL/d this layer's output, ``output_shape``.
        grad_input: dL/d this layer's input, ``input_shape``.
        grad_params: dL/d each weight of the layer (block children included), by key
            such as ``"conv1.weight"``; empty for layers without weights.
        seconds: time the layer's backward took.
        loss: the loss value (the same on every record).
    """

    index: int
    name: str
    kind: str
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    grad_output: Array
    grad_input: Array
    grad_params: dict[str, Array] = field(default_factory=dict)
    seconds: float = 0.0
    loss: float = 0.0


@dataclass(frozen=True)
class Prediction:
    """The network's answer for one sample.

    Attributes:
        probabilities: ``(K,)`` class probabilities.
        top: up to 5 ``(class index, label, probability)``, most likely first.
    """

    probabilities: Array
    top: tuple[tuple[int, str, float], ...]
