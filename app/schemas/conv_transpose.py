"""Requests and answers of ``/api/v1/conv_transpose``: the engine's argument names."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import StrictModel
from ..tensors import Encoding, TensorIn, TensorOut
from .common import NDIM_FIELD, Ndim, NonNegativeInts, Positive, PositiveInts

__all__ = ["ConvTransposeRequest", "ConvTransposeResponse", "ConvTransposeTraceOut"]

Nested = list[Any]
"""An array as nested lists of numbers (or booleans), row-major."""

CONV_TRANSPOSE_EXAMPLE: dict[str, Any] = {
    "input": {"shape": [2, 2], "data": [1.0, 2.0, 3.0, 4.0]},
    "weight": {"shape": [3, 3], "data": [1.0, 0.0, -1.0, 1.0, 0.0, -1.0, 1.0, 0.0, -1.0]},
    "stride": 2,
    "padding": 1,
    "output_padding": 1,
}

INPUT_DOC = (
    "The input: (H, W), (C_in, H, W) or (N, C_in, H, W) for 2-D; likewise with one or three "
    "spatial axes. The answer keeps the axes given."
)
WEIGHT_DOC = (
    "The kernels, laid out as the forward convolution's weight whose input gradient this is: "
    "a bare kernel (kH, kW) (one input and one output channel) or (C_in, C_out/groups, kH, kW). "
    "The kernel's axes decide the dimension as for /api/v1/conv."
)


class ConvTransposeRequest(StrictModel):
    """``POST /api/v1/conv_transpose``: every input cell stamps the kernel, scaled by its value."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONV_TRANSPOSE_EXAMPLE]})

    input: TensorIn = Field(description=INPUT_DOC)
    weight: TensorIn = Field(description=WEIGHT_DOC)
    bias: TensorIn | None = Field(default=None, description="One value per output channel: (C_out,).")
    stride: PositiveInts = Field(
        default=1, description="Cells between two stamps: S - 1 zeros between the input's cells.")
    padding: NonNegativeInts = Field(
        default=0, description="Cells cropped from both ends of every spatial axis of the stamped result.")
    output_padding: NonNegativeInts = Field(
        default=0,
        description="Cells added at the high end of every spatial axis; smaller than the stride or "
                    "the dilation. It picks which of the sizes that a stride-S convolution maps "
                    "back to H the answer has.",
    )
    dilation: PositiveInts = Field(default=1, description="Spacing of the kernel's taps.")
    groups: Positive = 1
    ndim: Ndim | None = NDIM_FIELD
    encoding: Encoding = Field(
        default="auto", description="Answer tensors as lists, base64, or lists when small (auto)."
    )
    trace: bool = Field(
        default=False,
        description="Also answer every stamp (the scaled kernel each input cell adds and the "
                    "output after it); small inputs only.",
    )


class ConvTransposeTraceOut(BaseModel):
    """Every stamp of a transposed convolution: ``S`` steps (one per input cell, row-major over
    ``(N, C_in, *H)``), ``Co = C_out / groups`` channels a step writes, ``T`` kernel taps.
    Field for field the engine's :class:`engine.transpose_trace.TransposeTrace`."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    stride: list[int]
    padding: list[int] = Field(description="Cropped from both ends, per axis.")
    output_padding: list[int] = Field(description="Added at the high end, per axis.")
    dilation: list[int]
    groups: int
    canvas: list[int] = Field(description="The uncropped size (H-1)*S + D*(K-1) + 1 per axis.")
    input: Nested = Field(description="(N, C_in, *H).")
    weight: Nested = Field(description="(C_in, Co, *K).")
    bias: list[float] = Field(description="(C_out,): zeros without bias.")
    output: Nested = Field(description="(N, C_out, *O): the transposed convolution.")
    index: list[list[int]] = Field(description="(S, 2 + nd): rows [n, c_in, *i], one per step.")
    origin: list[list[int]] = Field(
        description="(S, nd): where the stamp's first tap lands in the output, i*S - P (may be negative).")
    taps: list[list[int]] = Field(description="(T, nd): tap offsets from the origin, k*D.")
    channels: list[list[int]] = Field(description="(S, Co): the output channels each step writes.")
    value: list[float] = Field(description="(S,): the input cell's value.")
    stamp: Nested = Field(description="(S, Co, *K): the kernel scaled by that value.")
    kept: Nested = Field(description="(S, *K): true where the tap lands inside the output, "
                                     "false where the padding crops it.")
    partial: Nested = Field(description="(S, C_out, *O): the step's sample's output after its "
                                        "stamp (bias plus every stamp so far).")


class ConvTransposeResponse(StrictModel):
    """The transposed convolution's output, in the layout of the request's input."""

    output: TensorOut
    trace: ConvTransposeTraceOut | None = Field(
        default=None, description="Every stamp, when asked for."
    )
