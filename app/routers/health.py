"""``/api/v1/health``: is the server up."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request

from engine.network import cancel

from .. import __version__
from ..schemas import EngineInfo, Health

router = APIRouter(prefix="/health", tags=["health"])


@router.get("", summary="The server answers")
async def health(request: Request) -> Health:
    """``{"status": "ok"}`` with the version, the memory the worker's streams hold and how many
    passes it stopped for clients that left; computes nothing, fast while heavy requests run."""
    return Health(version=__version__,
                  engine=EngineInfo(numpy=np.__version__, dtypes=["float32", "float64"]),
                  memory_used=request.app.state.memory_budget.used,
                  passes_stopped=cancel.stopped_count())
