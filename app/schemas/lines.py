"""The NDJSON lines of every stream, one model per line kind, published in ``/openapi.json``.

The streams build their lines as plain dicts (the hot path); these models name every field
a line may carry, with ``extra="forbid"``, and ``tests/app/test_lines.py`` checks real
stream lines against them, so a field renamed on one side fails a test instead of a page.
Each stream's schema is a union on ``type``: forward (:data:`ForwardLine`), backward
(:data:`BackwardLine`) and training (:data:`TrainLine`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

__all__ = ["BackwardLine", "ExplainLine", "ForwardLine", "MapPayload", "TrainLine", "VisualizeLine",
           "stream_schema"]


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MapPayload(_Line):
    """A computed array, compact: float16 (2 bytes a number) or uint8 (1 byte, per channel).

    Decoding: float16 values times ``scale`` (1 when absent); uint8 ``offset + q * scale``,
    per channel along ``axis`` when ``offset`` and ``scale`` are lists.
    """

    shape: list[int]
    dtype: Literal["float16", "uint8"]
    encoding: Literal["base64"]
    data: str = Field(description="Base64 of the little-endian numbers, row-major.")
    min: float = Field(description="The exact smallest value (before encoding).")
    max: float = Field(description="The exact largest value.")
    scale: float | list[float] | None = None
    offset: float | list[float] | None = None
    axis: Literal[0] | None = None


class Omitted(_Line):
    """Weights too large to send (more than 2^18 numbers): only their shape."""

    shape: list[int]
    omitted: Literal[True]


Weights = Union[MapPayload, Omitted, None]


class Step(_Line):
    """One preprocessing step, with its picture where it helps."""

    name: str
    description: str = Field(description="English, with the numbers filled in.")
    shape: list[int]
    image: MapPayload | None = None


class StartLine(_Line):
    """The first line of a network pass: the input as the network gets it, and how it was made."""

    type: Literal["start"]
    pass_: Literal["forward", "backward"] = Field(alias="pass")
    network: str
    trained: bool
    variant: str | None
    layers: int = Field(description="How many top-level `layer` lines follow.")
    steps: list[Step]
    input: MapPayload
    target: int | None


class _Figures(_Line):
    index: int = Field(description="Position among the top-level layers, from 0.")
    name: str
    kind: str = Field(description="The layer's type in the layer table.")
    input_shape: list[int]
    output_shape: list[int]
    seconds: float
    params: int
    macs: int
    volume: int
    ratio: float


class InnerLayer(_Figures):
    """A layer inside a block; its maps only for the blocks asked for with ``?inner=``."""

    output: MapPayload | None
    kernels: Weights
    bias: Weights


class ForwardLayerLine(_Figures):
    """One top-level layer's output maps (a block's: its result; its inner layers in ``children``)."""

    type: Literal["layer"]
    output: MapPayload
    kernels: Weights
    bias: Weights
    children: list[InnerLayer]


class TopClass(_Line):
    index: int = Field(description="The class's index, the stable id a page words in its language.")
    label: str = Field(description="The class's name (English).")
    probability: float


class Prediction(_Line):
    top: list[TopClass] = Field(description="The 5 most likely classes, most likely first.")
    probabilities: list[float] = Field(description="Every class's probability, by index.")


class ForwardDoneLine(_Line):
    type: Literal["done"]
    seconds: float
    prediction: Prediction | None = Field(description="None when the network ends in maps.")


class BackwardLayerLine(_Figures):
    """dL/d a top-level layer's output and dL/d its weights (a block's: every inner layer's)."""

    type: Literal["layer"]
    loss: float
    grad_output: MapPayload
    grad_params: dict[str, Weights]


class BackwardDoneLine(_Line):
    type: Literal["done"]
    loss: float
    target: int | None
    grad_input: MapPayload
    saliency: MapPayload = Field(description="|dL/d input|, the largest over the channels: (H, W).")


class TrainStartLine(_Line):
    type: Literal["start"]
    network: str
    steps: int
    optimizer: str
    learning_rate: float
    batch_size: int
    seed: int
    init: str


class ProgressLine(_Line):
    type: Literal["progress"]
    step: int
    steps: int
    loss: float
    accuracy: float
    learning_rate: float
    seconds: float
    kernels: MapPayload | None = None
    feature_maps: MapPayload | None = None
    sample: MapPayload | None = None


class TrainDoneLine(_Line):
    type: Literal["done"]
    steps: int
    loss: float
    accuracy: float
    seconds: float


class ExplainStartLine(StartLine):
    """The first line of an explanation: as a pass's, with the method and its priced cost."""

    pass_: Literal["explain"] = Field(alias="pass")  # type: ignore[assignment]
    method: str
    macs: int = Field(description="Multiply-adds the explanation was priced at.")


class ExplainProgressLine(_Line):
    """A many-pass method's progress: ``done`` of ``total`` copies through the network."""

    type: Literal["progress"]
    done: int
    total: int
    seconds: float


class ExplainDoneLine(_Line):
    """The explanation: a heat map over the input, and per input value where the method has it."""

    type: Literal["done"]
    method: str
    target: int
    label: str
    score: float = Field(description="The target's logit.")
    probability: float
    signed: bool = Field(description="The heat map has both signs (a diverging scale), else >= 0.")
    layer: str | None
    passes: int
    seconds: float
    heatmap: MapPayload = Field(description="(H, W) over the network's input.")
    attribution: MapPayload | None = Field(description="(C, H, W), or null (Grad-CAM, occlusion).")
    details: dict[str, Any] = Field(
        description="Grad-CAM: alpha (channel weights), cam (the map at the layer's size), "
                    "layer_shape; integrated gradients: steps, sum, difference, error, "
                    "baseline_score; occlusion: patch, stride, positions, drops, origins; "
                    "SmoothGrad: samples, sigma, noise.")


class VisualizeStartLine(_Line):
    type: Literal["start"]
    network: str
    layer: str
    channel: int
    steps: int
    macs: int = Field(description="Multiply-adds it was priced at.")


class AscentLine(_Line):
    """One gradient ascent step: the channel's mean before it, and every few steps the image."""

    type: Literal["progress"]
    step: int
    steps: int
    objective: float
    seconds: float
    image: MapPayload | None = None


class PatchOut(_Line):
    """A sample where the channel answers strongly: its unit (y, x) and the input box it sees."""

    sample: str
    value: float
    y: int
    x: int
    box: list[int] = Field(description="[top, left, bottom, right] in the network's input, exclusive.")
    input: MapPayload = Field(description="The sample as the network takes it, (C, H, W).")


class VisualizeDoneLine(_Line):
    type: Literal["done"]
    seconds: float
    image: MapPayload = Field(description="(C, H, W): the input that excites the channel most.")
    patches: list[PatchOut]


class ErrorLine(_Line):
    """What failed after the stream began (the status line was already 200)."""

    type: Literal["error"]
    detail: str


ForwardLine = Annotated[Union[StartLine, ForwardLayerLine, ForwardDoneLine, ErrorLine],
                        Field(discriminator="type")]
"""A line of ``POST /api/v1/networks/{name}/forward``."""
BackwardLine = Annotated[Union[StartLine, BackwardLayerLine, BackwardDoneLine, ErrorLine],
                         Field(discriminator="type")]
"""A line of ``POST /api/v1/networks/{name}/backward``."""
ExplainLine = Annotated[Union[ExplainStartLine, ExplainProgressLine, ExplainDoneLine, ErrorLine],
                        Field(discriminator="type")]
"""A line of ``POST /api/v1/networks/{name}/explain``."""
VisualizeLine = Annotated[Union[VisualizeStartLine, AscentLine, VisualizeDoneLine, ErrorLine],
                          Field(discriminator="type")]
"""A line of ``POST /api/v1/networks/{name}/visualize``."""
TrainLine = Annotated[Union[TrainStartLine, ProgressLine, TrainDoneLine, ErrorLine],
                      Field(discriminator="type")]
"""A line of ``POST /api/v1/train``."""


def stream_schema(line: Any) -> dict[str, Any]:
    """The JSON schema of one line of a stream, its models in ``$defs`` beside it."""
    return TypeAdapter(line).json_schema(by_alias=True)
