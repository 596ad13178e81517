"""Layer specs: the plain dictionaries that describe a network, checked and named.

A network is a list of dicts such as ``{"type": "conv", "out_channels": 6,
"kernel_size": 5}``; the same list drives the summary, the forward and backward
passes and the pages. :func:`parse` checks every key and value, fills in the
defaults and gives each layer a unique name (``conv1``, ``relu2``, and inside a
block ``res1.conv1``), so later code never meets a malformed spec. Blocks hold
other specs: ``residual`` adds its ``body`` to its ``shortcut`` (empty: the
input itself), ``concat`` stacks the channels of its ``branches``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .kind import LayerKind
from .table import LAYER_TYPES, kind_of

__all__ = ["LAYER_TYPES", "Layer", "parse", "to_dicts"]


@dataclass(frozen=True)
class Layer:
    """One checked layer spec.

    Attributes:
        type: one of :data:`LAYER_TYPES` (a stable id).
        name: unique within the network; block children are ``"<block>.<child>"``.
        options: every setting with defaults filled in (``kernel_size`` as a pair, etc.).
        children: ``(body, shortcut)`` for ``residual``, the branches for ``concat``, else empty.
        kind: the layer table's entry for ``type``: options, shapes, passes.
    """

    type: str
    name: str
    options: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[tuple[Layer, ...], ...] = ()
    kind: LayerKind = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", kind_of(self.type, f"layer {self.name!r}"))


def _one(raw: Any, where: str, prefix: str, counts: dict[str, int], taken: set[str]) -> Layer:
    """Check one spec dict (recursing into blocks) and name it."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be a dict such as {{\"type\": \"relu\"}}, got {type(raw).__name__}")
    kind = kind_of(raw.get("type"), where)
    counts[kind.type] = counts.get(kind.type, 0) + 1
    name = raw.get("name", f"{kind.short_name}{counts[kind.type]}")
    if not isinstance(name, str) or not name or "." in name:
        raise ValueError(f"{where}: name must be a non-empty text without dots, got {name!r}")
    full = prefix + name
    if full in taken:
        raise ValueError(f"{where}: the name {full!r} is used twice; every layer needs its own name")
    taken.add(full)
    where = f"layer {full!r} ({kind.type})"
    allowed = set(kind.required) | set(kind.defaults) | {"type", "name"}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed - {"type", "name"})) or "nothing but a name"
        raise ValueError(f"{where} has an unknown setting {unknown[0]!r}; it takes {takes}")
    missing = [k for k in kind.required if k not in raw]
    if missing:
        raise ValueError(f"{where} needs the setting {missing[0]!r}")
    if kind.block:
        def parse_list(raws: Sequence[Any], key: str, at: str, auto: str) -> tuple[Layer, ...]:
            return _many(raws, full + ".", taken, at, auto)

        return Layer(kind.type, full, {}, kind.parse_children(where, raw, parse_list), kind)  # type: ignore[attr-defined]
    options = {**kind.defaults, **{k: v for k, v in raw.items() if k not in ("type", "name")}}
    return Layer(kind.type, full, kind.check(where, options), (), kind)


def _many(raws: Sequence[Any], prefix: str, taken: set[str], where: str,
          auto: str = "") -> tuple[Layer, ...]:
    """Parse a list of specs sharing a name prefix; ``auto`` prefixes automatic names."""
    counts: dict[str, int] = {}
    out = []
    for i, raw in enumerate(raws):
        if isinstance(raw, Mapping) and "name" not in raw and auto and raw.get("type") in LAYER_TYPES:
            kind = kind_of(raw["type"], where)
            n = counts.get(kind.type, 0) + 1
            raw = {**raw, "name": f"{auto}{kind.short_name}{n}"}
        out.append(_one(raw, f"{where} layer {i + 1}", prefix, counts, taken))
    return tuple(out)


def parse(specs: Sequence[Mapping[str, Any]]) -> tuple[Layer, ...]:
    """Check a network description and return its layers, named and with defaults.

    Args:
        specs: list of layer dicts (see the module docstring); blocks nest lists.

    Returns:
        the layers in order.

    Raises:
        ValueError: a sentence naming the layer and what is wrong with it.
    """
    if isinstance(specs, (str, bytes)) or not isinstance(specs, Sequence):
        raise ValueError(f"a network must be a list of layer specs, got {type(specs).__name__}")
    if not specs:
        raise ValueError("a network needs at least one layer")
    return _many(specs, "", set(), "network")


def to_dicts(layers: Sequence[Layer]) -> list[dict[str, Any]]:
    """Layers back to plain dicts (JSON-friendly: tuples become lists), names included."""
    return [{"type": layer.type, "name": layer.name.rsplit(".", 1)[-1], **layer.kind.to_dict(layer)}
            for layer in layers]
