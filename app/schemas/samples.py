"""Answers of ``/api/v1/samples``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SampleInfo(BaseModel):
    """A sample image the server makes."""

    name: str = Field(description="The sample's stable id, used in its URL.")
    title: str = Field(description="Short display name (English).")
    kind: Literal["digit", "shape", "photo"]
    label: int | None = Field(description="Its class for lenet5 (digits) or tinyvgg (shapes).")
    credit: str | None = Field(default=None, description="A real photograph's author and licence.")
    width: int
    height: int
    channels: int = Field(description="1 grey, 3 RGB.")
    url: str = Field(description="Where its PNG is.")


class SampleList(BaseModel):
    """Every sample image."""

    samples: list[SampleInfo]
