"""The base of every request and answer model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Strict types (no ``true`` for 1, no ``"2"`` for 2) and no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid")
