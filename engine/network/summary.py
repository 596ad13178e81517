"""The summary of a network: per layer output shape, parameters, multiply-adds, information volume.

Cheap by design (no arrays): the server calls :func:`summarize` to bound a
request by its multiply-adds before any work starts. The information volume of
an activation is ``C x H x W`` numbers; its ratio to the layer before shows
what a layer does to the amount of information (doubling the channels then
2x2 pooling halves it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import shapes
from .infer import Info, infer
from .spec import parse

__all__ = ["LayerSummary", "Summary", "summarize"]


@dataclass(frozen=True)
class LayerSummary:
    """One row of the summary.

    Attributes:
        name, kind: the layer's name and ``"type"``.
        input_shape, output_shape: per sample, ``(C, H, W)`` or ``(F,)``.
        params: learnable numbers, children included.
        macs: multiply-adds per sample, children included.
        volume: ``prod(output_shape)``.
        ratio: ``volume`` over the volume of this layer's input.
        children: rows of a block's body and shortcut, or of its branches.
    """

    name: str
    kind: str
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    params: int
    macs: int
    volume: int
    ratio: float
    children: tuple[tuple[LayerSummary, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dict (shapes as lists, children nested)."""
        return {"name": self.name, "kind": self.kind, "input_shape": list(self.input_shape),
                "output_shape": list(self.output_shape), "params": self.params, "macs": self.macs,
                "volume": self.volume, "ratio": self.ratio,
                "children": [[c.to_dict() for c in kids] for kids in self.children]}


@dataclass(frozen=True)
class Summary:
    """A network's summary and totals.

    Attributes:
        input_shape: ``(C, H, W)``.
        layers: one row per top-level layer.
        params: total learnable numbers.
        macs: total multiply-adds per sample.
        output_shape: the last layer's output shape.
    """

    input_shape: tuple[int, ...]
    layers: tuple[LayerSummary, ...]
    params: int
    macs: int
    output_shape: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return {"input_shape": list(self.input_shape), "layers": [r.to_dict() for r in self.layers],
                "params": self.params, "macs": self.macs, "output_shape": list(self.output_shape),
                "input_volume": shapes.info_volume(self.input_shape)}


def _row(info: Info) -> LayerSummary:
    return LayerSummary(
        info.layer.name, info.layer.type, info.input_shape, info.output_shape, info.params,
        info.macs, shapes.info_volume(info.output_shape),
        shapes.volume_ratio(info.output_shape, info.input_shape),
        tuple(tuple(_row(i) for i in kids) for kids in info.children),
    )


def summary_of(infos: Sequence[Info], input_shape: Sequence[int]) -> Summary:
    """Build a :class:`Summary` from inferred layers."""
    rows = tuple(_row(i) for i in infos)
    return Summary(tuple(int(s) for s in input_shape), rows, sum(r.params for r in rows),
                   sum(r.macs for r in rows), rows[-1].output_shape)


def summarize(input_shape: Sequence[int], specs: Sequence[Mapping[str, Any]]) -> Summary:
    """Summarise a network given as plain layer specs, allocating no arrays.

    Args:
        input_shape: ``(C, H, W)`` of one sample.
        specs: layer dicts (see :mod:`engine.network.spec`).

    Returns:
        the per-layer rows and the totals.

    Raises:
        ValueError: a malformed spec, or a layer that does not fit its input.
    """
    shape = _input_shape(input_shape)
    return summary_of(infer(parse(specs), shape), shape)


def _input_shape(input_shape: Any) -> tuple[int, int, int]:
    """Check ``input_shape`` is ``(C, H, W)`` of positive integers."""
    ok = isinstance(input_shape, (list, tuple)) and len(input_shape) == 3 and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in input_shape)
    if not ok:
        raise ValueError(
            f"input_shape must be three positive whole numbers (C, H, W), such as [3, 224, 224], "
            f"got {input_shape!r}"
        )
    c, h, w = input_shape
    return int(c), int(h), int(w)
