"""``/api/v1/conv_transpose``: transposed convolution, with an optional stamp trace."""

from __future__ import annotations

from fastapi import APIRouter

from ..errors import COMPUTE_RESPONSES
from ..heavy import Run
from ..ops.conv_transpose import conv_transpose
from ..schemas import ConvTransposeRequest, ConvTransposeResponse

router = APIRouter(prefix="/conv_transpose", tags=["convolution"], responses=COMPUTE_RESPONSES)


@router.post("", summary="Transposed convolution: every input cell stamps the scaled kernel")
async def conv_transpose_route(body: ConvTransposeRequest, run: Run) -> ConvTransposeResponse:
    """``conv_transpose1d`` / ``conv_transpose2d`` / ``conv_transpose3d``, as
    ``torch.nn.functional.conv_transpose2d``: each input cell adds the kernel, scaled by its
    value, onto the output, ``S`` cells after the previous one; ``P`` cells are then cropped
    from both ends. Output size per axis: ``O = (H - 1)*S - 2P + D*(K - 1) + output_padding + 1``.
    It is the input gradient of ``/api/v1/conv`` with the same weight, stride, padding and
    dilation (``/api/v1/conv/backward`` with ``grad_output`` = this input gives the same
    numbers). A 2x2 input with a 3x3 kernel, stride 2, padding 1, output_padding 1 answers
    4x4; ``trace: true`` adds every stamp and the output after it."""
    return await run(conv_transpose, body)
