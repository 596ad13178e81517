"""``/api/v1/pool``: max and average pooling, forward and backward."""

from __future__ import annotations

from fastapi import APIRouter

from ..errors import COMPUTE_RESPONSES
from ..heavy import Run
from ..ops.pool import pool_backward, pool_forward
from ..schemas import PoolBackwardRequest, PoolBackwardResponse, PoolRequest, PoolResponse

router = APIRouter(prefix="/pool", tags=["pooling"], responses=COMPUTE_RESPONSES)


@router.post("", summary="Max or average pooling")
async def pool(body: PoolRequest, run: Run) -> PoolResponse:
    """``max_pool*d`` / ``avg_pool*d``. Max pooling 2x2 with stride 2 halves H and W."""
    return await run(pool_forward, body)


@router.post("/backward", summary="Gradient of a pooling")
async def pool_backward_route(body: PoolBackwardRequest, run: Run) -> PoolBackwardResponse:
    """Max pooling routes each gradient to its window's maximum (``ties``: first, all,
    split); average pooling divides it over the cells each window covered."""
    return await run(pool_backward, body)
