"""Network descriptions: counted against the layer limit, then summarised by the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine import network

from ..config import Settings
from ..errors import TooLarge
from ..schemas import ShapesRequest, ShapesResponse


def count_layers(specs: Sequence[Any]) -> int:
    """Layer specs in a description, block children included (no recursion: any depth is safe).

    Only what could be a spec is counted; the engine's parser judges the rest.
    """
    count, pending = 0, [specs]
    while pending:
        items = pending.pop()
        for spec in items if isinstance(items, list) else ():
            count += 1
            if not isinstance(spec, dict):
                continue
            for key in ("body", "shortcut"):
                pending.append(spec.get(key))
            branches = spec.get("branches")
            pending.extend(branches if isinstance(branches, list) else ())
    return count


def check_layers(specs: Sequence[Any], settings: Settings) -> None:
    """Raise :class:`TooLarge` when a description holds more layers than allowed."""
    count = count_layers(specs)
    if count > settings.max_layers:
        raise TooLarge(
            f"the network has {count} layers (block layers included); the limit is "
            f"{settings.max_layers} (CNNVIS_MAX_LAYERS)"
        )


def shapes(req: ShapesRequest, settings: Settings) -> ShapesResponse:
    """The engine's summary of ``req.layers`` on an input of ``req.input_shape``."""
    specs = req.specs()
    check_layers(specs, settings)
    summary = network.summarize(tuple(req.input_shape), specs)
    return ShapesResponse.model_validate(summary.to_dict())
