"""The layer table: every layer kind by its spec ``"type"``.

Adding a kind is one new :class:`~engine.network.kind.LayerKind` entry here (and
its tests); spec parsing, shape inference, initialisation, the passes, training
and the API's schema read this table.
"""

from __future__ import annotations

from .blocks import BLOCK_KINDS
from .kind import LayerKind
from .kinds import LEAF_KINDS

__all__ = ["KINDS", "LAYER_TYPES", "kind_of"]

KINDS: dict[str, LayerKind] = {k.type: k for k in (*LEAF_KINDS, *BLOCK_KINDS)}
"""Every layer kind by its ``"type"``."""

LAYER_TYPES: tuple[str, ...] = tuple(KINDS)
"""Every ``"type"`` a spec may have."""


def kind_of(type_: object, where: str) -> LayerKind:
    """The table entry for ``type_``; a sentence listing the kinds otherwise."""
    if not isinstance(type_, str) or type_ not in KINDS:
        raise ValueError(f"{where} has type {type_!r}, which is not one of: {', '.join(LAYER_TYPES)}")
    return KINDS[type_]
