"""Forward and backward through a list of layers, blocks included.

A residual block computes ``body(x) + shortcut(x)`` (an empty shortcut is ``x``
itself); its backward sends the same gradient into both paths and adds what
comes out at ``x``. A concat block runs every branch on ``x`` and stacks the
outputs along the channels; its backward slices the gradient by channels, one
slice per branch, and adds the branches' input gradients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .layers import Array, Context, Params, leaf_backward, leaf_forward
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
        ctx: how to run.

    Returns:
        ``(output, tapes)`` with one tape per layer.
    """
    tapes = []
    for layer in layers:
        x, tape = layer_forward(layer, params, x, ctx)
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
    """One layer, leaf or block: ``(output, tape)``."""
    if layer.type == "residual":
        body, shortcut = layer.children
        y, body_tapes = sequence_forward(body, params, x, ctx)
        s, short_tapes = sequence_forward(shortcut, params, x, ctx)
        return y + s, (body_tapes, short_tapes)
    if layer.type == "concat":
        outs, tapes = [], []
        for branch in layer.children:
            y, branch_tapes = sequence_forward(branch, params, x, ctx)
            outs.append(y)
            tapes.append(branch_tapes)
        sizes = [y.shape[1] for y in outs]
        return np.concatenate(outs, axis=1), (tapes, sizes)  # (N, sum(C_b), H, W)
    return leaf_forward(layer, params, x, ctx)


def layer_backward(
    layer: Layer, params: Params, tape: Any, grad: Array, ctx: Context
) -> tuple[Array, dict[str, Array]]:
    """One layer's backward: ``(dL/d input, {key: dL/d weight})``."""
    grads: dict[str, Array] = {}
    if layer.type == "residual":
        body, shortcut = layer.children
        body_tapes, short_tapes = tape
        gx = sequence_backward(body, params, body_tapes, grad, ctx, grads)
        gx = gx + sequence_backward(shortcut, params, short_tapes, grad, ctx, grads)
        return gx, grads
    if layer.type == "concat":
        tapes, sizes = tape
        edges = np.cumsum([0, *sizes])
        total = None
        for branch, branch_tapes, lo, hi in zip(layer.children, tapes, edges[:-1], edges[1:]):
            g = sequence_backward(branch, params, branch_tapes, grad[:, lo:hi], ctx, grads)
            total = g if total is None else total + g
        assert total is not None
        return total, grads
    return leaf_backward(layer, params, tape, grad, ctx)
