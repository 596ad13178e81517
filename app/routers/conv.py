"""``/api/v1/conv``: convolution forward and backward."""

from __future__ import annotations

from fastapi import APIRouter

from ..errors import COMPUTE_RESPONSES
from ..heavy import Run
from ..ops.conv import conv_backward, conv_forward
from ..schemas import ConvBackwardRequest, ConvBackwardResponse, ConvRequest, ConvResponse

router = APIRouter(prefix="/conv", tags=["convolution"], responses=COMPUTE_RESPONSES)


@router.post("", summary="Convolve an input with kernels")
async def conv(body: ConvRequest, run: Run) -> ConvResponse:
    """``conv1d`` / ``conv2d`` / ``conv3d`` (cross-correlation, or true convolution with
    ``flip``). Output size per axis: ``O = floor((H + 2P - D(K-1) - 1) / S) + 1``.
    A 5x5 input with a 3x3 kernel answers 3x3; ``trace: true`` adds every sliding step."""
    return await run(conv_forward, body)


@router.post("/backward", summary="Gradients of a convolution")
async def conv_backward_route(body: ConvBackwardRequest, run: Run) -> ConvBackwardResponse:
    """``conv*d_backward``: dL/d input (``grad_output`` cross-correlated with the kernel
    rotated 180 degrees, i.e. truly convolved with the kernel as it is: a transposed convolution), dL/d weight (the input correlated with ``grad_output``)
    and dL/d bias."""
    return await run(conv_backward, body)
