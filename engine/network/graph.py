"""Forward and backward through a list of layers, each through its layer-table entry.

Blocks (:mod:`engine.network.blocks`) call back into :func:`sequence_forward`
and :func:`sequence_backward` for their children.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from . import cancel
from .kind import Array, Context, Params
from .spec import Layer

__all__ = ["layer_backward", "layer_forward", "sequence_backward", "sequence_forward"]


def sequence_forward(
    layers: Sequence[Layer], params: Params, x: Array, ctx: Context
) -> tuple[Array, list[Any]]:
    """Run ``layers`` one after the other.

    Args:
        layers: checked specs.
        params: arrays by key.
        x: ``(N, C, H, W)``.
        ctx: how to run; with ``ctx.trace`` a list, each layer run is appended to it.

    Returns:
        ``(output, tapes)`` with one tape per layer.
    """
    tapes = []
    for layer in layers:
        start = time.perf_counter()
        y, tape = layer_forward(layer, params, x, ctx)
        if ctx.trace is not None:
            ctx.trace.append((layer, x, y, time.perf_counter() - start))
        x = y
        tapes.append(tape)
    return x, tapes


def sequence_backward(
    layers: Sequence[Layer], params: Params, tapes: Sequence[Any], grad: Array, ctx: Context,
    grads: dict[str, Array],
) -> Array:
    """Backward through ``layers`` in reverse, adding weight gradients into ``grads``.

    Returns:
        dL/d input of the first layer.
    """
    for layer, tape in zip(reversed(layers), reversed(tapes)):
        grad, g = layer_backward(layer, params, tape, grad, ctx)
        grads.update(g)
    return grad


def layer_forward(layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
    """One layer, leaf or block: ``(output, tape)``; the tape goes to :func:`layer_backward`.

    Raises:
        cancel.Cancelled: the pass was stopped (see :mod:`engine.network.cancel`).
    """
    cancel.check()
    y, tape = layer.kind.forward(layer, params, x, ctx)
    if ctx.capture == layer.name:
        ctx.captured["output"] = y
    return y, tape


def layer_backward(
    layer: Layer, params: Params, tape: Any, grad: Array, ctx: Context
) -> tuple[Array, dict[str, Array]]:
    """One layer's backward: ``(dL/d input, {key: dL/d weight})``."""
    cancel.check()
    if ctx.capture == layer.name:
        ctx.captured["grad"] = grad
    return layer.kind.backward(layer, params, tape, grad, ctx)
