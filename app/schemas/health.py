"""The health answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class EngineInfo(BaseModel):
    """What computes the answers."""

    numpy: str = Field(description="NumPy version.")
    dtypes: list[str] = Field(description="Dtypes the engine keeps.")


class Health(BaseModel):
    """``GET /api/v1/health``: the server answers."""

    status: Literal["ok"] = "ok"
    version: str
    engine: EngineInfo
    memory_used: int = Field(default=0, description="Bytes this worker's running streams were "
                                                    "admitted with (see CNNVIS_MAX_MEMORY_BYTES).")
    passes_stopped: int = Field(default=0, description="Passes this worker stopped because their "
                                                       "client left.")
