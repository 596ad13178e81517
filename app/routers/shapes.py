"""``/api/v1/shapes``: output sizes, parameters and information volume of a network."""

from __future__ import annotations

from fastapi import APIRouter

from ..errors import COMPUTE_RESPONSES
from ..heavy import Run
from ..ops.shapes import shapes
from ..schemas import ShapesRequest, ShapesResponse

router = APIRouter(prefix="/shapes", tags=["shapes"], responses=COMPUTE_RESPONSES)


@router.post("", summary="Sizes of every layer of a network")
async def shapes_route(body: ShapesRequest, run: Run) -> ShapesResponse:
    """Per layer: the output shape from ``O = floor((H + 2P - D(K-1) - 1) / S) + 1``,
    parameters, multiply-adds and information volume (C x H x W) with its ratio to the
    layer before; then the totals. Nothing is computed on arrays."""
    return await run(shapes, body)
