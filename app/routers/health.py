"""``/api/v1/health``: is the server up."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter

from .. import __version__
from ..schemas import EngineInfo, Health

router = APIRouter(prefix="/health", tags=["health"])


@router.get("", summary="The server answers")
async def health() -> Health:
    """``{"status": "ok"}`` with the version; fast even while heavy requests compute."""
    return Health(version=__version__,
                  engine=EngineInfo(numpy=np.__version__, dtypes=["float32", "float64"]))
