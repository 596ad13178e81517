"""Requests and answers of ``/api/v1/shapes``: a network's sizes, without computing it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from engine.network.table import KINDS

from ..model import StrictModel
from .common import Positive
from .layers import LayerSpec


def _layer_doc() -> str:
    """Every kind of the engine's layer table with its settings (required first, ``?`` optional)."""
    kinds = " ".join(
        f"{{\"type\": \"{k.type}\"{''.join(f', {r}' for r in k.required)}"
        f"{''.join(f', {d}?' for d in k.defaults)}}}: {k.description}"
        for k in KINDS.values())
    return f"A layer spec, as the engine's networks use. {kinds} Any layer may have a \"name\"."


LAYER_DOC = _layer_doc()

SHAPES_EXAMPLE: dict[str, Any] = {
    "input_shape": [1, 28, 28],
    "layers": [
        {"type": "conv", "out_channels": 6, "kernel_size": 3, "padding": 1},
        {"type": "relu"},
        {"type": "pool", "kind": "max", "kernel_size": 2},
        {"type": "conv", "out_channels": 12, "kernel_size": 3, "padding": 1},
        {"type": "relu"},
        {"type": "pool", "kind": "max", "kernel_size": 2},
        {"type": "flatten"},
        {"type": "linear", "out_features": 10},
    ],
}


class ShapesRequest(StrictModel):
    """``POST /api/v1/shapes``: what every layer of a network makes of an input."""

    model_config = ConfigDict(json_schema_extra={"examples": [SHAPES_EXAMPLE]})

    input_shape: list[Positive] = Field(
        min_length=3, max_length=3, description="(C, H, W) of one sample."
    )
    layers: list[LayerSpec] = Field(min_length=1, description=LAYER_DOC)

    def specs(self) -> list[dict[str, Any]]:
        """The layers as plain dicts with only what the client gave (the engine fills defaults)."""
        return [layer.model_dump(exclude_unset=True) for layer in self.layers]


class LayerRow(BaseModel):
    """One layer of the answer (a block's rows nest in ``children``)."""

    name: str
    kind: str
    input_shape: list[int]
    output_shape: list[int] = Field(description="Per sample: (C, H, W), or (F,) after flatten.")
    params: int = Field(description="Learnable numbers (weights and biases).")
    macs: int = Field(description="Multiply-adds per sample.")
    volume: int = Field(description="Information volume of the output, C x H x W.")
    ratio: float = Field(description="volume over the volume of the layer's input.")
    children: list[list[LayerRow]] = Field(
        default_factory=list, description="A residual block's body and shortcut, or a concat's branches."
    )


class ShapesResponse(BaseModel):
    """Every layer's output shape, parameters, multiply-adds and information volume."""

    input_shape: list[int]
    input_volume: int
    output_shape: list[int]
    params: int = Field(description="Total learnable numbers.")
    macs: int = Field(description="Total multiply-adds per sample.")
    layers: list[LayerRow]
