"""Batch norm folded into the convolution before it, for whole-network inference.

At inference a batch norm is a per-channel ``y = x * s + t`` with
``s = weight / sqrt(running_var + eps)`` and ``t = bias - running_mean * s``; after a
convolution it can be merged into it: kernels ``w * s`` (per output channel) and bias
``b * s + t``. :func:`folded` gives such a network's layers and arrays, made once per model:
the same answers (up to float rounding) with one pass over the maps fewer per batch norm.
The layer-by-layer passes the pages show keep every batch norm; only
:func:`engine.network.passes.forward` without a context (inference) uses this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .kind import Array
from .kinds import BatchNorm, Conv
from .model import Model
from .spec import Layer

__all__ = ["folded"]

_CACHE: dict[int, tuple[Model, tuple[Layer, ...], dict[str, Array]]] = {}
CACHED = 16
"""Folded networks kept (the presets, and a few built ones), oldest dropped first."""


def folded(model: Model) -> tuple[tuple[Layer, ...], dict[str, Array]]:
    """``(layers, params)`` of ``model`` with every convolution + batch norm pair merged."""
    hit = _CACHE.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1], hit[2]
    params = dict(model.params)
    layers = _fold(model.layers, params)
    # Only read-only arrays (the presets') are kept folded: arrays that may change in place
    # (a model being trained or probed) are folded afresh at every call.
    if not any(a.flags.writeable for a in model.params.values()):
        if len(_CACHE) >= CACHED:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[id(model)] = (model, layers, params)
    return layers, params


def _fold(layers: Sequence[Layer], params: dict[str, Array]) -> tuple[Layer, ...]:
    out: list[Layer] = []
    i = 0
    while i < len(layers):
        layer = layers[i]
        nxt = layers[i + 1] if i + 1 < len(layers) else None
        if layer.kind.block:
            out.append(replace(layer, children=tuple(_fold(kids, params) for kids in layer.children)))
        elif isinstance(layer.kind, Conv) and nxt is not None and isinstance(nxt.kind, BatchNorm):
            out.append(_merge(layer, nxt, params))
            i += 1  # the batch norm is inside the convolution now
        else:
            out.append(layer)
        i += 1
    return tuple(out)


def _merge(conv: Layer, bn: Layer, params: dict[str, Array]) -> Layer:
    w = params[conv.name + ".weight"]
    scale = params[bn.name + ".weight"] / np.sqrt(params[bn.name + ".running_var"] + bn.options["eps"])
    shift = params[bn.name + ".bias"] - params[bn.name + ".running_mean"] * scale
    bias = params.get(conv.name + ".bias")
    params[conv.name + ".weight"] = (w * scale.reshape(-1, *([1] * (w.ndim - 1)))).astype(w.dtype)
    params[conv.name + ".bias"] = ((shift if bias is None else bias * scale + shift)).astype(w.dtype)
    return replace(conv, options={**conv.options, "bias": True})
