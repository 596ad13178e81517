"""Requests and answers of ``/api/v1/networks`` and ``/api/v1/train``.

The layer-by-layer answers are NDJSON streams, one JSON object a line, whose models
are in :mod:`app.schemas.lines`; the models here are the presets and the JSON
request bodies.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from engine import network
from engine.network.train import TRAINABLE

from ..model import StrictModel
from ..tensors import TensorIn
from .shapes import ShapesResponse


class LayerGroupInfo(BaseModel):
    """Consecutive top-level layers a page folds together."""

    name: str = Field(description="'stem', 'stage1' .. 'stage7' or 'head'.")
    layers: list[str] = Field(description="The top-level layer names, in order.")
    facts: dict[str, int] = Field(description="Blocks, kernel, stride, channels... to word it.")


class NetworkInfo(BaseModel):
    """A preset network, with its summary at full size and as it runs here.

    Text is English; ``name``, a class's index and a channel's layer and index are the stable
    ids a page words in its own language.
    """

    name: str = Field(description="The preset's stable id, used in every path.")
    title: str = Field(description="Short display name (English).")
    description: str = Field(description="What it is and what it shows (English).")
    trained: bool = Field(description="False: deterministic seeded weights, not trained.")
    input_shape: list[int] = Field(description="(C, H, W) the network takes.")
    labels: list[str] = Field(
        description="Class names in English, by class index (empty for networks that end in maps).")
    channels: dict[str, list[str]] = Field(
        default_factory=dict,
        description="English names of a layer's output maps, by layer name then channel index "
                    "(only for layers whose maps have a meaning a person names, e.g. the edge filters).")
    variant: str | None = Field(
        default=None, description="How the network that runs differs from the full-size one."
    )
    summary: ShapesResponse = Field(description="The architecture at full size.")
    run_summary: ShapesResponse = Field(description="The network that computes the answers.")
    model_card: str | None = Field(default=None, description="Data, training and accuracy (Markdown).")
    weights: Literal["trained", "published", "hand-set", "seeded"] = Field(
        description="Where the arrays come from: trained here, a published file, set by hand, or a "
                    "fixed seed (untrained).")
    unavailable: str | None = Field(
        default=None, description="Why this network cannot run here (its passes answer 503), or null.")
    groups: list[LayerGroupInfo] = Field(
        default_factory=list, description="How the layers fold into stages (empty: not grouped).")

    @computed_field(  # type: ignore[prop-decorator]
        description="The preset whose summary a page shows beside this one's (the modern variant "
                    "of a historical network, e.g. lenet5 for lenet5_1998), or null.")
    @property
    def compare(self) -> str | None:
        """Read from the engine's preset by name, so every listing carries it."""
        preset = network.PRESETS.get(self.name)
        return None if preset is None else preset.compare

    @computed_field(  # type: ignore[prop-decorator]
        description="The kind of picture it was made for: 'digit' (lenet5, lenet5_1998), 'shape' "
                    "(tinyvgg) or 'photo'; a page can pick a fitting sample or warn about one "
                    "that does not fit without naming networks.")
    @property
    def sample_kind(self) -> str:
        """Read from the engine's preset by name."""
        preset = network.PRESETS.get(self.name)
        return "photo" if preset is None else preset.sample_kind


class NetworkList(BaseModel):
    """Every preset network."""

    networks: list[NetworkInfo]


class NetworkRequest(StrictModel):
    """A JSON body for ``forward`` / ``backward``: the network's input as a tensor.

    To send an image instead, post ``multipart/form-data`` with a ``file`` field
    (PNG, JPEG, GIF, WebP or BMP) and, for backward, an optional ``target`` field.
    """

    input: TensorIn = Field(description="(C, H, W) or (1, C, H, W), the network's input size.")
    target: int | None = Field(
        default=None, ge=0, le=100_000,
        description="Backward only: the class the loss asks for; default the predicted class.",
    )


class TrainRequest(StrictModel):
    """``POST /api/v1/train``: train a small preset from seeded random weights, or fine-tune it."""

    network: Literal[TRAINABLE] = Field(  # type: ignore[valid-type]
        description="A preset with a training recipe: " + ", ".join(TRAINABLE) + ".")
    steps: int = Field(default=100, ge=1, description="Optimiser steps (limit: CNNVIS_MAX_TRAIN_STEPS).")
    learning_rate: float = Field(default=0.002, gt=0, le=1.0, allow_inf_nan=False)
    batch_size: int = Field(default=32, ge=1, le=256)
    optimizer: Literal["sgd", "adam"] = "adam"
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    init: Literal["scratch", "trained"] = Field(
        default="scratch",
        description="Start from weights seeded by `seed` (scratch) or fine-tune the shipped "
                    "trained weights (trained).")
    every: int = Field(default=10, ge=1, le=1000,
                       description="Send kernels and feature maps every this many steps.")
