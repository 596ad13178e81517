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

import numpy as np

from .. import shapes

__all__ = ["LAYER_TYPES", "Layer", "parse", "to_dicts"]

_REQUIRED: dict[str, tuple[str, ...]] = {
    "conv": ("out_channels", "kernel_size"),
    "pool": ("kind", "kernel_size"),
    "adaptive_avg_pool": ("output_size",),
    "relu": (), "batchnorm": (), "dropout": (), "flatten": (),
    "linear": ("out_features",), "softmax": (),
    "residual": ("body",), "concat": ("branches",),
}
_DEFAULTS: dict[str, dict[str, Any]] = {
    "conv": {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True},
    "pool": {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False,
             "count_include_pad": True},
    "adaptive_avg_pool": {}, "relu": {}, "flatten": {}, "softmax": {},
    "batchnorm": {"eps": 1e-5, "momentum": 0.1},
    "dropout": {"p": 0.5},
    "linear": {"bias": True},
    "residual": {"shortcut": []}, "concat": {},
}
LAYER_TYPES: tuple[str, ...] = tuple(_REQUIRED)
"""Every ``"type"`` a spec may have."""


@dataclass(frozen=True)
class Layer:
    """One checked layer spec.

    Attributes:
        type: one of :data:`LAYER_TYPES`.
        name: unique within the network; block children are ``"<block>.<child>"``.
        options: every setting with defaults filled in (``kernel_size`` as a pair, etc.).
        children: ``(body, shortcut)`` for ``residual``, the branches for ``concat``, else empty.
    """

    type: str
    name: str
    options: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[tuple[Layer, ...], ...] = ()


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _positive(where: str, key: str, v: Any) -> int:
    if not _is_int(v) or v < 1:
        raise ValueError(f"{where}: {key} must be a positive whole number, got {v!r}")
    return int(v)


def _number(where: str, key: str, v: Any, low: float, high: float) -> float:
    ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
    if not ok or not low <= v < high:
        raise ValueError(f"{where}: {key} must be a number from {low} up to (not including) {high}, got {v!r}")
    return float(v)


def _flag(where: str, key: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError(f"{where}: {key} must be true or false, got {v!r}")
    return v


def _pair(where: str, key: str, v: Any, minimum: int) -> tuple[int, int]:
    try:
        a, b = shapes.ntuple(list(v) if isinstance(v, tuple) else v, 2, key, minimum=minimum)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return a, b


def _conv_padding(where: str, v: Any) -> Any:
    if isinstance(v, str):
        if v not in ("valid", "same"):
            raise ValueError(f"{where}: padding must be a number, a pair, 'valid' or 'same', got {v!r}")
        return v
    return _pair(where, "padding", v, 0)


def _options(where: str, kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check the settings of a leaf layer and return them normalised."""
    o = {**_DEFAULTS[kind], **{k: v for k, v in raw.items() if k not in ("type", "name")}}
    if kind == "conv":
        o["out_channels"] = _positive(where, "out_channels", o["out_channels"])
        o["groups"] = _positive(where, "groups", o["groups"])
        o["kernel_size"] = _pair(where, "kernel_size", o["kernel_size"], 1)
        o["stride"] = _pair(where, "stride", o["stride"], 1)
        o["dilation"] = _pair(where, "dilation", o["dilation"], 1)
        o["padding"] = _conv_padding(where, o["padding"])
        o["bias"] = _flag(where, "bias", o["bias"])
    elif kind == "pool":
        if o["kind"] not in ("max", "avg"):
            raise ValueError(f"{where}: kind must be 'max' or 'avg', got {o['kind']!r}")
        o["kernel_size"] = _pair(where, "kernel_size", o["kernel_size"], 1)
        o["stride"] = o["kernel_size"] if o["stride"] is None else _pair(where, "stride", o["stride"], 1)
        o["padding"] = _pair(where, "padding", o["padding"], 0)
        o["dilation"] = _pair(where, "dilation", o["dilation"], 1)
        if o["kind"] == "avg" and o["dilation"] != (1, 1):
            raise ValueError(f"{where}: average pooling has no dilation; remove it or use kind 'max'")
        o["ceil_mode"] = _flag(where, "ceil_mode", o["ceil_mode"])
        o["count_include_pad"] = _flag(where, "count_include_pad", o["count_include_pad"])
    elif kind == "adaptive_avg_pool":
        o["output_size"] = _pair(where, "output_size", o["output_size"], 1)
    elif kind == "batchnorm":
        o["eps"] = _number(where, "eps", o["eps"], 0.0, 1.0)
        if o["eps"] == 0.0:
            raise ValueError(f"{where}: eps must be above 0 so no variance is divided by zero")
        o["momentum"] = _number(where, "momentum", o["momentum"], 0.0, 1.0 + 1e-12)
    elif kind == "dropout":
        o["p"] = _number(where, "p", o["p"], 0.0, 1.0)
    elif kind == "linear":
        o["out_features"] = _positive(where, "out_features", o["out_features"])
        o["bias"] = _flag(where, "bias", o["bias"])
    return o


def _spec_list(where: str, key: str, v: Any, allow_empty: bool) -> Sequence[Any]:
    if not isinstance(v, (list, tuple)):
        raise ValueError(f"{where}: {key} must be a list of layer specs, got {type(v).__name__}")
    if not v and not allow_empty:
        raise ValueError(f"{where}: {key} must hold at least one layer")
    return v


def _one(raw: Any, where: str, prefix: str, counts: dict[str, int], taken: set[str]) -> Layer:
    """Check one spec dict (recursing into blocks) and name it."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be a dict such as {{\"type\": \"relu\"}}, got {type(raw).__name__}")
    kind = raw.get("type")
    if kind not in _REQUIRED:
        raise ValueError(f"{where} has type {kind!r}, which is not one of: {', '.join(LAYER_TYPES)}")
    counts[kind] = counts.get(kind, 0) + 1
    name = raw.get("name", f"{'res' if kind == 'residual' else kind}{counts[kind]}")
    if not isinstance(name, str) or not name or "." in name:
        raise ValueError(f"{where}: name must be a non-empty text without dots, got {name!r}")
    full = prefix + name
    if full in taken:
        raise ValueError(f"{where}: the name {full!r} is used twice; every layer needs its own name")
    taken.add(full)
    where = f"layer {full!r} ({kind})"
    allowed = set(_REQUIRED[kind]) | set(_DEFAULTS[kind]) | {"type", "name"}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed - {"type", "name"})) or "nothing but a name"
        raise ValueError(f"{where} has an unknown setting {unknown[0]!r}; it takes {takes}")
    missing = [k for k in _REQUIRED[kind] if k not in raw]
    if missing:
        raise ValueError(f"{where} needs the setting {missing[0]!r}")
    if kind == "residual":
        body = _spec_list(where, "body", raw["body"], allow_empty=False)
        short = _spec_list(where, "shortcut", raw.get("shortcut", []), allow_empty=True)
        return Layer(kind, full, {}, (_many(body, full + ".", taken, f"{where} body"),
                                      _many(short, full + ".", taken, f"{where} shortcut", "down_")))
    if kind == "concat":
        branches = _spec_list(where, "branches", raw["branches"], allow_empty=False)
        kids = tuple(_many(_spec_list(where, f"branch {i + 1}", b, allow_empty=False), f"{full}.",
                           taken, f"{where} branch {i + 1}", f"b{i + 1}_")
                     for i, b in enumerate(branches))
        return Layer(kind, full, {}, kids)
    return Layer(kind, full, _options(where, kind, raw))


def _many(raws: Sequence[Any], prefix: str, taken: set[str], where: str,
          auto: str = "") -> tuple[Layer, ...]:
    """Parse a list of specs sharing a name prefix; ``auto`` prefixes automatic names."""
    counts: dict[str, int] = {}
    out = []
    for i, raw in enumerate(raws):
        if isinstance(raw, Mapping) and "name" not in raw and auto and raw.get("type") in _REQUIRED:
            kind = raw["type"]
            n = counts.get(kind, 0) + 1
            raw = {**raw, "name": f"{auto}{'res' if kind == 'residual' else kind}{n}"}
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
    out: list[dict[str, Any]] = []
    for layer in layers:
        d: dict[str, Any] = {"type": layer.type, "name": layer.name.rsplit(".", 1)[-1]}
        if layer.type == "residual":
            d["body"], d["shortcut"] = to_dicts(layer.children[0]), to_dicts(layer.children[1])
        elif layer.type == "concat":
            d["branches"] = [to_dicts(b) for b in layer.children]
        else:
            d.update({k: list(v) if isinstance(v, tuple) else v for k, v in layer.options.items()})
        out.append(d)
    return out
