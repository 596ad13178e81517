"""Field types shared by the layer requests: hyperparameters as the engine takes them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

MAX_HYPERPARAMETER = 4096
"""No stride, padding, dilation, kernel size or group count above this is meaningful here."""

Positive = Annotated[int, Field(ge=1, le=MAX_HYPERPARAMETER)]
NonNegative = Annotated[int, Field(ge=0, le=MAX_HYPERPARAMETER)]

PositiveInts = Positive | Annotated[list[Positive], Field(min_length=1, max_length=3)]
"""One value for every axis, or one per spatial axis (outermost first)."""

NonNegativeInts = NonNegative | Annotated[list[NonNegative], Field(min_length=1, max_length=3)]

ConvPadding = NonNegativeInts | Literal["valid", "same"]
"""Zeros added on each side; ``"valid"`` is none, ``"same"`` keeps the size (stride 1)."""

Ndim = Literal[1, 2, 3]

NDIM_FIELD = Field(
    default=None,
    description=(
        "Spatial dimensions of the operation (conv1d/2d/3d). Inferred when omitted; "
        "give it when a 3-axis tensor could be read two ways."
    ),
)
