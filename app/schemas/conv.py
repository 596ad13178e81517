"""Requests and answers of ``/api/v1/conv``: the engine's argument names."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from ..model import StrictModel
from ..tensors import Encoding, TensorIn, TensorOut
from .common import NDIM_FIELD, Ndim, NonNegativeInts, Positive, PositiveInts
from .trace import ConvTraceOut

SOBEL_X = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
EDGE_5X5 = [0.0, 0.0, 1.0, 1.0, 1.0] * 5

CONV_EXAMPLE: dict[str, Any] = {
    "input": {"shape": [5, 5], "data": EDGE_5X5},
    "weight": {"shape": [3, 3], "data": [v for row in SOBEL_X for v in row]},
    "stride": 1,
    "padding": 0,
}

INPUT_DOC = (
    "The input: (H, W), (C_in, H, W) or (N, C_in, H, W) for 2-D; likewise with one "
    "or three spatial axes. The answer keeps the axes given."
)
ConvPadding = NonNegativeInts | Literal["valid", "same", "full"]
"""Zeros added on each side: a number, one per axis, or a name the engine resolves."""

PADDING_DOC = (
    "Zeros added on both sides of every spatial axis: an integer, one per axis, or a name: "
    "'valid' (none), 'same' (the output keeps the input's size; stride 1 only) or 'full' "
    "(D*(K-1) on each side, every window that overlaps the input by at least one cell: "
    "with stride 1 the output is H + D*(K-1), the input plus the dilated kernel's span minus one)."
)

WEIGHT_DOC = (
    "The kernels: a bare kernel (kH, kW) (one input and one output channel) or "
    "(C_out, C_in/groups, kH, kW). The kernel's axes decide the dimension: 1 or 2 axes "
    "a bare 1-D/2-D kernel, 4 or 5 axes a 2-D/3-D layer, 3 axes a bare 3-D kernel unless "
    "the input has fewer than 3 axes (then (C_out, C_in, kL) of a 1-D layer)."
)


class ConvHyperparameters(StrictModel):
    """The arguments of ``conv1d/2d/3d`` besides the tensors."""

    stride: PositiveInts = 1
    padding: ConvPadding = Field(default=0, description=PADDING_DOC)
    dilation: PositiveInts = 1
    groups: Positive = 1
    flip: bool = Field(
        default=False, description="Rotate the kernel 180 degrees: true convolution, not cross-correlation."
    )
    ndim: Ndim | None = NDIM_FIELD
    encoding: Encoding = Field(
        default="auto", description="Answer tensors as lists, base64, or lists when small (auto)."
    )


class ConvRequest(ConvHyperparameters):
    """``POST /api/v1/conv``: the convolution of ``input`` with ``weight``."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONV_EXAMPLE]})

    input: TensorIn = Field(description=INPUT_DOC)
    weight: TensorIn = Field(description=WEIGHT_DOC)
    bias: TensorIn | None = Field(default=None, description="One value per kernel: (C_out,).")
    trace: bool = Field(
        default=False,
        description="Also answer every sliding step (window, products, sum); small inputs only.",
    )


class ConvBackwardRequest(ConvHyperparameters):
    """``POST /api/v1/conv/backward``: gradients of the convolution."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **CONV_EXAMPLE, "grad_output": {"shape": [3, 3], "data": [1.0] * 9},
    }]})

    grad_output: TensorIn = Field(description="dL/d output, in the forward answer's shape.")
    input: TensorIn = Field(description=INPUT_DOC)
    weight: TensorIn = Field(description=WEIGHT_DOC)


class ConvResponse(StrictModel):
    """The convolution's output, in the layout of the request's input."""

    output: TensorOut
    trace: ConvTraceOut | None = Field(
        default=None, description="The engine's sliding trace, when asked for."
    )


class ConvBackwardResponse(StrictModel):
    """Gradients with respect to the input, the weight and the bias."""

    grad_input: TensorOut = Field(description="dL/d input: grad_output cross-correlated with the kernel rotated 180 degrees (a true convolution with the kernel as it is), a transposed convolution.")
    grad_weight: TensorOut = Field(description="dL/d weight: the input correlated with grad_output.")
    grad_bias: TensorOut = Field(description="dL/d bias: grad_output summed per output channel.")
