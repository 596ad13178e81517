"""What every layer kind provides: the one interface the layer table's entries implement.

A :class:`LayerKind` is one row of the table in :mod:`engine.network.table`:
its options (required names, defaults and their check), what it makes of one
sample's shape, its arrays (learnable parameters and buffers, each with how it
is initialised), its forward and backward on a batch, its multiply-adds and a
one-line description. Spec parsing, shape inference, initialisation and the
passes call these methods and never compare a kind's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from .. import shapes

if TYPE_CHECKING:
    from .infer import Info
    from .spec import Layer

Array = NDArray[np.floating]
Params = Mapping[str, Array]
Shape = tuple[int, ...]
Init = Literal["he", "zeros", "ones"]

__all__ = ["Array", "ArraySpec", "Context", "LayerKind", "Params", "Shape"]


@dataclass
class Context:
    """How a pass runs.

    Attributes:
        training: batch norm uses the batch's statistics, dropout drops.
        rng: draws dropout masks (required when training with dropout).
        updates: filled in training mode with batch norm's new running statistics by key.
        trace: when a list, every layer run inside a block appends ``(layer, input,
            output, seconds)`` to it (how a pass shows a block's inner layers).
        guided: backward through ReLU and ReLU6 passes only positive gradients (guided
            backpropagation, Springenberg et al. 2015); the forward is unchanged.
        capture: a layer's full name (``"b6.dw"`` inside a block works too): its output is
            kept in ``captured["output"]`` and dL/d that output in ``captured["grad"]``.
        skip_input_grad: a layer's full name whose dL/d input nobody wants (training's first
            layer: the images' gradient is never used); a convolution then skips its col2im
            and returns None for it.
    """

    training: bool = False
    rng: np.random.Generator | None = None
    updates: dict[str, Array] = field(default_factory=dict)
    trace: list[tuple[Layer, Array, Array, float]] | None = None
    guided: bool = False
    capture: str | None = None
    captured: dict[str, Array] = field(default_factory=dict)
    skip_input_grad: str | None = None


@dataclass(frozen=True)
class ArraySpec:
    """One array a layer owns: its shape and how a fresh model fills it.

    Attributes:
        shape: e.g. ``(C_out, C_in/groups, kH, kW)`` or ``(C,)``.
        init: ``"he"`` (normal, ``std = sqrt(2 / fan_in)``, ``fan_in = prod(shape[1:])``),
            ``"zeros"`` or ``"ones"``.
    """

    shape: Shape
    init: Init


class LayerKind:
    """Base of every table entry; a leaf kind overrides what differs from "keeps the shape".

    Class attributes:
        type: the spec's ``"type"``, a stable id.
        description: one line in English.
        required: option names a spec must give.
        defaults: the other options with their defaults.
        block: holds child layer lists (residual, concat).
        probabilities: turns scores into class probabilities (a final softmax).
        shows_kernel: its ``weight`` is a kernel a page can draw beside its maps.
        short_name: prefix of automatic names (``conv1``; ``res1`` for residual).
        option_types: what each option holds, for a schema: ``"count"`` (a whole number
            >= 1), ``"size"`` (a count or a pair of them), ``"offset"`` (>= 0, or a pair),
            ``"padding"`` (an offset, ``"valid"``, ``"same"`` or ``"tf_same"``),
            ``"size_or_null"``, ``"number"``, ``"flag"``, ``"choice:a,b"``, ``"layers"``
            (a list of specs), ``"branches"`` (a list of such lists) or ``"connections"``
            (null, or a table of 0 and 1: one row per output channel, one entry per input
            channel).
    """

    type: ClassVar[str] = ""
    description: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    defaults: ClassVar[Mapping[str, Any]] = {}
    block: ClassVar[bool] = False
    probabilities: ClassVar[bool] = False
    shows_kernel: ClassVar[bool] = False
    needs: ClassVar[Literal["maps", "vector", "any"]] = "any"
    option_types: ClassVar[Mapping[str, str]] = {}

    @property
    def short_name(self) -> str:
        """Prefix of automatic layer names."""
        return self.type

    def check(self, where: str, options: dict[str, Any]) -> dict[str, Any]:
        """Validate and normalise ``options`` (defaults already filled in)."""
        return options

    # -- shapes ------------------------------------------------------------------------
    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        """One sample's output shape for input ``shape``; ValueError if it cannot take it."""
        return shape

    def arrays(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        """Learnable arrays by key suffix (``"weight"``, ``"bias"``) for input ``shape``."""
        return {}

    def buffers(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        """Non-learned arrays by key suffix (batch norm's running statistics)."""
        return {}

    def masks(self, layer: Layer, shape: Shape) -> dict[str, Array]:
        """Fixed 0/1 masks of learnable arrays by key suffix, each broadcastable to its array.

        An entry where the mask is 0 is not a parameter: the layer never reads it and its
        gradient is 0 (a connection table's unconnected kernels). Empty for most kinds.
        """
        return {}

    def param_count(self, layer: Layer, shape: Shape) -> int:
        """Learnable numbers on input ``shape``: the arrays' sizes, masked-out entries not counted."""
        masks = self.masks(layer, shape)
        return sum(int(np.broadcast_to(masks[k], a.shape).sum()) if k in masks else shapes.prod(a.shape)
                   for k, a in self.arrays(layer, shape).items())

    def macs(self, layer: Layer, shape: Shape, out: Shape) -> int:
        """Multiply-adds for one sample (products of conv and linear layers; else 0)."""
        return 0

    def infer(self, layer: Layer, shape: Shape) -> Info:
        """The :class:`~engine.network.infer.Info` of this layer on input ``shape``."""
        from .infer import Info

        self._check_input(layer, shape)
        out = self.output_shape(layer, shape)
        return Info(layer, shape, out, self.param_count(layer, shape), self.macs(layer, shape, out))

    def _check_input(self, layer: Layer, shape: Shape) -> None:
        if self.needs == "maps" and len(shape) != 3:
            raise ValueError(
                f"layer {layer.name!r} ({self.type}) needs feature maps (C, H, W), but its input "
                f"is {shapes.dims(shape)}; put it before the flatten layer"
            )
        if self.needs == "vector" and len(shape) != 1:
            raise ValueError(
                f"layer {layer.name!r} ({self.type}) needs a flat feature vector, but its input is "
                f"{shapes.dims(shape)}; add {{\"type\": \"flatten\"}} before it"
            )

    def window(self, layer: Layer, shape: Shape) -> tuple[tuple[int, int, int, int], ...] | str | None:
        """How an output cell reads the input, per spatial axis: ``(kernel, stride, pad_before,
        dilation)``; None when a cell reads only the same cell (element-wise layers), ``"all"``
        when it reads the whole map. Receptive fields are traced with it."""
        return None

    # -- passes ------------------------------------------------------------------------
    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        """``(output, tape)`` for a batch ``x``; the tape is what :meth:`backward` needs."""
        return x, None

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        """``(dL/d input, {key: dL/d array})`` from dL/d output ``grad``."""
        return grad, {}

    # -- specs -------------------------------------------------------------------------
    def to_dict(self, layer: Layer) -> dict[str, Any]:
        """The spec's settings as JSON-friendly values (tuples become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in layer.options.items()}

    def param_shapes(self, info: Info) -> dict[str, Shape]:
        """Learnable arrays of this layer (and its children) by full key."""
        return {f"{info.layer.name}.{k}": a.shape
                for k, a in self.arrays(info.layer, info.input_shape).items()}

    def buffer_shapes(self, info: Info) -> dict[str, Shape]:
        """Buffers of this layer (and its children) by full key."""
        return {f"{info.layer.name}.{k}": a.shape
                for k, a in self.buffers(info.layer, info.input_shape).items()}

    def mask_arrays(self, info: Info) -> dict[str, Array]:
        """The fixed masks of this layer (and its children) by full key (see :meth:`masks`)."""
        return {f"{info.layer.name}.{k}": m for k, m in self.masks(info.layer, info.input_shape).items()}

    def inits(self, info: Info) -> dict[str, ArraySpec]:
        """Every array (learnable and buffers) with its initialisation, by full key."""
        n, s = info.layer.name, info.input_shape
        return {**{f"{n}.{k}": a for k, a in self.arrays(info.layer, s).items()},
                **{f"{n}.{k}": a for k, a in self.buffers(info.layer, s).items()}}
