"""Forward and backward of one leaf layer (no blocks), on a batch ``(N, ...)``.

Each kind maps to :mod:`engine.functional` and the small modules beside it
(:mod:`engine.norm`, :mod:`engine.dropout`, :mod:`engine.adaptive`). A forward
returns the output and the *tape*, the forward values its backward needs (the
input, and for dropout the mask it drew); nothing else is remembered. Weights
are read from ``params`` by key, ``"<layer name>.weight"`` and so on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .. import adaptive, dropout, norm
from .. import functional as F
from .spec import Layer

Array = NDArray[np.floating]
Params = Mapping[str, Array]

__all__ = ["Context", "leaf_backward", "leaf_forward"]


@dataclass
class Context:
    """How a pass runs.

    Attributes:
        training: batch norm uses the batch's statistics, dropout drops.
        rng: draws dropout masks (required when training with dropout).
        updates: filled in training mode with batch norm's new running statistics by key.
    """

    training: bool = False
    rng: np.random.Generator | None = None
    updates: dict[str, Array] = field(default_factory=dict)


def _conv_args(o: Mapping[str, Any]) -> dict[str, Any]:
    return {"stride": o["stride"], "padding": o["padding"], "dilation": o["dilation"],
            "groups": o["groups"]}


def _pool_args(o: Mapping[str, Any]) -> dict[str, Any]:
    args = {"stride": o["stride"], "padding": o["padding"], "ceil_mode": o["ceil_mode"]}
    if o["kind"] == "max":
        args["dilation"] = o["dilation"]
    else:
        args["count_include_pad"] = o["count_include_pad"]
    return args


def _bn(layer: Layer, params: Params) -> tuple[Array, Array, Array, Array]:
    """Running mean, running var, weight and bias of a batch-norm layer."""
    n = layer.name
    return (params[n + ".running_mean"], params[n + ".running_var"], params[n + ".weight"],
            params[n + ".bias"])


def leaf_forward(layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
    """Run one leaf layer.

    Args:
        layer: a checked spec that is not a block.
        params: arrays by key.
        x: ``(N, C, H, W)`` or ``(N, F)``.
        ctx: training flag, rng, running-statistics updates.

    Returns:
        ``(output, tape)``; the tape goes to :func:`leaf_backward`.
    """
    t, o, n = layer.type, layer.options, layer.name
    if t == "conv":
        return F.conv2d(x, params[n + ".weight"], params.get(n + ".bias"), **_conv_args(o)), x
    if t == "pool":
        op = F.max_pool2d if o["kind"] == "max" else F.avg_pool2d
        return op(x, o["kernel_size"], **_pool_args(o)), x
    if t == "adaptive_avg_pool":
        return adaptive.adaptive_avg_pool2d(x, o["output_size"]), x
    if t == "relu":
        return F.relu(x), x
    if t == "batchnorm":
        mean, var, w, b = _bn(layer, params)
        if ctx.training:
            ctx.updates[n + ".running_mean"], ctx.updates[n + ".running_var"] = \
                norm.batch_norm_update(x, mean, var, o["momentum"])
        return norm.batch_norm(x, mean, var, w, b, ctx.training, o["eps"]), x
    if t == "dropout":
        if not ctx.training or o["p"] == 0.0:
            return x, None
        if ctx.rng is None:
            raise ValueError("training with dropout needs an rng (np.random.Generator) in the context")
        mask = dropout.dropout_mask(x.shape, o["p"], ctx.rng, x.dtype.type)
        return x * mask, mask
    if t == "flatten":
        return F.flatten(x), x
    if t == "linear":
        return F.linear(x, params[n + ".weight"], params.get(n + ".bias")), x
    if t == "softmax":
        return F.softmax(x, dim=1), x
    raise AssertionError(f"not a leaf layer: {t}")


def leaf_backward(
    layer: Layer, params: Params, tape: Any, grad: Array, ctx: Context
) -> tuple[Array, dict[str, Array]]:
    """Backward of one leaf layer.

    Args:
        layer: the spec.
        params: arrays by key.
        tape: what :func:`leaf_forward` returned beside the output.
        grad: dL/d output, the output's shape.
        ctx: the forward's context (training flag).

    Returns:
        ``(dL/d input, {key: dL/d weight})``; the dict is empty for layers without weights.
    """
    t, o, n = layer.type, layer.options, layer.name
    x = tape
    if t == "conv":
        gx, gw, gb = F.conv2d_backward(grad, x, params[n + ".weight"], **_conv_args(o))
        return gx, {n + ".weight": gw, **({n + ".bias": gb} if o["bias"] else {})}
    if t == "pool":
        op = F.max_pool2d_backward if o["kind"] == "max" else F.avg_pool2d_backward
        return op(grad, x, o["kernel_size"], **_pool_args(o)), {}
    if t == "adaptive_avg_pool":
        return adaptive.adaptive_avg_pool2d_backward(grad, x, o["output_size"]), {}
    if t == "relu":
        return F.relu_backward(grad, x), {}
    if t == "batchnorm":
        mean, var, w, _ = _bn(layer, params)
        gx, gw, gb = norm.batch_norm_backward(grad, x, mean, var, w, ctx.training, o["eps"])
        return gx, {n + ".weight": gw, n + ".bias": gb}
    if t == "dropout":
        return (grad if tape is None else dropout.dropout_backward(grad, tape)), {}
    if t == "flatten":
        return F.flatten_backward(grad, x), {}
    if t == "linear":
        gx, gw, gb = F.linear_backward(grad, x, params[n + ".weight"])
        return gx, {n + ".weight": gw, **({n + ".bias": gb} if o["bias"] else {})}
    if t == "softmax":
        return F.softmax_backward(grad, x, dim=1), {}
    raise AssertionError(f"not a leaf layer: {t}")
