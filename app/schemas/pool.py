"""Requests and answers of ``/api/v1/pool``: the engine's argument names."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from ..model import StrictModel
from ..tensors import Encoding, TensorIn, TensorOut
from .common import NDIM_FIELD, Ndim, NonNegativeInts, PositiveInts
from .trace import PoolTraceOut

POOL_EXAMPLE: dict[str, Any] = {
    "input": {"shape": [4, 4], "data": [1.0, 3.0, 2.0, 1.0, 4.0, 2.0, 0.0, 1.0,
                                        1.0, 1.0, 5.0, 6.0, 0.0, 2.0, 7.0, 8.0]},
    "kind": "max",
    "kernel_size": 2,
}

INPUT_DOC = (
    "The input: (H, W), (C, H, W) or (N, C, H, W) for 2-D; likewise with one or three "
    "spatial axes. With an integer kernel_size, 1 axis is 1-D, 2 to 4 axes 2-D, 5 axes 3-D."
)


class PoolHyperparameters(StrictModel):
    """The arguments of ``max_pool*d`` / ``avg_pool*d`` besides the tensors."""

    kind: Literal["max", "avg"]
    kernel_size: PositiveInts
    stride: PositiveInts | None = Field(default=None, description="Defaults to kernel_size.")
    padding: NonNegativeInts = Field(default=0, description="At most half the kernel.")
    dilation: PositiveInts | None = Field(default=None, description="Max pooling only; default 1.")
    ceil_mode: bool = False
    count_include_pad: bool | None = Field(
        default=None, description="Average pooling only: divide by the padded window (default true)."
    )
    ndim: Ndim | None = NDIM_FIELD
    encoding: Encoding = "auto"


class PoolRequest(PoolHyperparameters):
    """``POST /api/v1/pool``: max or average pooling of ``input``."""

    model_config = ConfigDict(json_schema_extra={"examples": [POOL_EXAMPLE]})

    input: TensorIn = Field(description=INPUT_DOC)
    trace: bool = Field(default=False, description="Also answer every window step; small inputs only.")


class PoolBackwardRequest(PoolHyperparameters):
    """``POST /api/v1/pool/backward``: the input gradient of the pooling."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **POOL_EXAMPLE, "grad_output": {"shape": [2, 2], "data": [1.0, 2.0, 3.0, 4.0]},
        "ties": "first",
    }]})

    grad_output: TensorIn = Field(description="dL/d output, in the forward answer's shape.")
    input: TensorIn = Field(description=INPUT_DOC)
    ties: Literal["first", "all", "split"] | None = Field(
        default=None,
        description="Max pooling only: equal maxima get the gradient first-only (PyTorch), "
        "all of it each, or split equally. Default first.",
    )


class PoolResponse(StrictModel):
    """The pooled output, in the layout of the request's input."""

    output: TensorOut
    trace: PoolTraceOut | None = Field(default=None, description="The engine's window trace.")


class PoolBackwardResponse(StrictModel):
    """The gradient with respect to the input."""

    grad_input: TensorOut
