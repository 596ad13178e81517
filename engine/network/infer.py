"""Shape inference: every layer's output shape, parameter shapes and multiply-adds, without arrays.

Shapes are per sample, without the batch axis: ``(C, H, W)`` for maps and
``(F,)`` for feature vectors. Multiply-adds count the products of convolution
and linear layers (what published figures list); pooling, activations and batch
norm count as 0. Everything here is arithmetic on tuples, so a full-size VGG16
is summarised in microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import shapes
from .spec import Layer

__all__ = ["Info", "buffer_shapes", "infer", "param_shapes"]

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Info:
    """What one layer does to one sample's shape.

    Attributes:
        layer: the checked spec.
        input_shape: ``(C, H, W)`` or ``(F,)``.
        output_shape: ``(C_out, H_out, W_out)`` or ``(F_out,)``.
        params: learnable numbers (weights and biases, children included).
        macs: multiply-adds for one sample (children included).
        children: per child list (residual body and shortcut; concat branches).
    """

    layer: Layer
    input_shape: Shape
    output_shape: Shape
    params: int
    macs: int
    children: tuple[tuple[Info, ...], ...] = ()


def _needs_maps(layer: Layer, shape: Shape) -> None:
    if len(shape) != 3:
        raise ValueError(
            f"layer {layer.name!r} ({layer.type}) needs feature maps (C, H, W), but its input is "
            f"{shapes.dims(shape)}; put it before the flatten layer"
        )


def _conv(layer: Layer, shape: Shape) -> tuple[Shape, int, int]:
    _needs_maps(layer, shape)
    o = layer.options
    if shape[0] % o["groups"] or o["out_channels"] % o["groups"]:
        raise ValueError(
            f"layer {layer.name!r} (conv): groups={o['groups']} must divide both the {shape[0]} "
            f"input channels and the {o['out_channels']} output channels"
        )
    try:
        pads = (shapes.resolve_conv_padding(o["padding"], o["kernel_size"], o["stride"], o["dilation"])
                if isinstance(o["padding"], str) else tuple((p, p) for p in o["padding"]))
        cost = shapes.conv_layer_cost(shape, o["out_channels"], o["kernel_size"], o["stride"], pads,
                                      o["dilation"], o["groups"], o["bias"])
    except ValueError as exc:
        raise ValueError(f"layer {layer.name!r} (conv) on input {shapes.dims(shape)}: {exc}") from None
    return cost.output_shape, cost.params, cost.macs


def _pool(layer: Layer, shape: Shape) -> Shape:
    _needs_maps(layer, shape)
    o = layer.options
    try:
        out = shapes.pool_output_shape(shape[1:], o["kernel_size"], o["stride"], o["padding"],
                                       o["dilation"], o["ceil_mode"])
    except ValueError as exc:
        raise ValueError(f"layer {layer.name!r} (pool) on input {shapes.dims(shape)}: {exc}") from None
    return (shape[0], *out)


def _linear(layer: Layer, shape: Shape) -> tuple[Shape, int, int]:
    if len(shape) != 1:
        raise ValueError(
            f"layer {layer.name!r} (linear) needs a flat feature vector, but its input is "
            f"{shapes.dims(shape)}; add {{\"type\": \"flatten\"}} before it"
        )
    o = layer.options
    return (o["out_features"],), shapes.linear_params(shape[0], o["out_features"], o["bias"]), \
        shape[0] * o["out_features"]


def _block(layer: Layer, shape: Shape) -> Info:
    """Residual (body + shortcut) or concat (branches stacked along channels)."""
    kids = tuple(infer(branch, shape) if branch else () for branch in layer.children)
    outs = [k[-1].output_shape if k else shape for k in kids]
    if layer.type == "residual":
        if outs[0] != outs[1]:
            raise ValueError(
                f"residual block {layer.name!r}: the body gives {shapes.dims(outs[0])} but the "
                f"shortcut gives {shapes.dims(outs[1])}; they must match to be added"
            )
        out = outs[0]
    else:
        if any(len(s) != 3 or s[1:] != outs[0][1:] for s in outs):
            sizes = ", ".join(shapes.dims(s) for s in outs)
            raise ValueError(
                f"concat block {layer.name!r}: every branch must give maps of the same height and "
                f"width to be stacked, got {sizes}"
            )
        out = (sum(s[0] for s in outs), *outs[0][1:])
    params = sum(i.params for k in kids for i in k)
    macs = sum(i.macs for k in kids for i in k)
    return Info(layer, shape, out, params, macs, kids)


def _one(layer: Layer, shape: Shape) -> Info:
    """Infer one layer (a block recursively)."""
    t = layer.type
    if t in ("residual", "concat"):
        return _block(layer, shape)
    params = macs = 0
    if t == "conv":
        out, params, macs = _conv(layer, shape)
    elif t == "linear":
        out, params, macs = _linear(layer, shape)
    elif t == "pool":
        out = _pool(layer, shape)
    elif t == "adaptive_avg_pool":
        _needs_maps(layer, shape)
        out = (shape[0], *layer.options["output_size"])
    elif t == "batchnorm":
        _needs_maps(layer, shape)
        out, params = shape, 2 * shape[0]
    elif t == "flatten":
        out = (shapes.prod(shape),)
    elif t == "softmax" and len(shape) != 1:
        raise ValueError(
            f"layer {layer.name!r} (softmax) turns a flat vector of scores into probabilities, but "
            f"its input is {shapes.dims(shape)}; add flatten and linear layers before it"
        )
    else:
        out = shape
    return Info(layer, shape, out, params, macs)


def infer(layers: Sequence[Layer], input_shape: Sequence[int]) -> tuple[Info, ...]:
    """Follow one sample's shape through ``layers``.

    Args:
        layers: from :func:`engine.network.spec.parse`.
        input_shape: ``(C, H, W)``.

    Returns:
        one :class:`Info` per layer.

    Raises:
        ValueError: a layer that cannot take the shape it receives.
    """
    shape = tuple(int(s) for s in input_shape)
    out = []
    for layer in layers:
        info = _one(layer, shape)
        out.append(info)
        shape = info.output_shape
    return tuple(out)


def param_shapes(infos: Sequence[Info]) -> dict[str, Shape]:
    """Learnable arrays by key (``"conv1.weight"``): conv ``(C_out, C_in/groups, kH, kW)``,
    linear ``(out, in)``, biases and batch-norm scale/shift ``(C,)``."""
    out: dict[str, Shape] = {}
    for info in infos:
        layer, o = info.layer, info.layer.options
        if layer.type == "conv":
            out[layer.name + ".weight"] = (o["out_channels"], info.input_shape[0] // o["groups"],
                                           *o["kernel_size"])
            if o["bias"]:
                out[layer.name + ".bias"] = (o["out_channels"],)
        elif layer.type == "linear":
            out[layer.name + ".weight"] = (o["out_features"], info.input_shape[0])
            if o["bias"]:
                out[layer.name + ".bias"] = (o["out_features"],)
        elif layer.type == "batchnorm":
            out[layer.name + ".weight"] = out[layer.name + ".bias"] = (info.input_shape[0],)
        for kids in info.children:
            out.update(param_shapes(kids))
    return out


def buffer_shapes(infos: Sequence[Info]) -> dict[str, Shape]:
    """Non-learned arrays by key: batch norm's ``running_mean`` and ``running_var``, ``(C,)``."""
    out: dict[str, Shape] = {}
    for info in infos:
        if info.layer.type == "batchnorm":
            c = (info.input_shape[0],)
            out[info.layer.name + ".running_mean"] = out[info.layer.name + ".running_var"] = c
        for kids in info.children:
            out.update(buffer_shapes(kids))
    return out
