"""The leaf layer kinds: one class each, the rows of the layer table.

Each maps a spec to :mod:`engine.functional` and the small modules beside it
(:mod:`engine.norm`, :mod:`engine.dropout`, :mod:`engine.adaptive`). Weights are
read from ``params`` by key, ``"<layer name>.weight"`` and so on. The blocks
that hold other layers (residual, concat) are in :mod:`engine.network.blocks`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .. import adaptive, dropout, norm, shapes
from .. import functional as F
from . import options as opt
from .kind import Array, ArraySpec, Context, LayerKind, Params, Shape

if TYPE_CHECKING:
    from .spec import Layer

__all__ = ["LEAF_KINDS"]


def _with_bias(layer: Layer, out: int, weight: ArraySpec) -> dict[str, ArraySpec]:
    return {"weight": weight, **({"bias": ArraySpec((out,), "zeros")} if layer.options["bias"] else {})}


def _weight_grads(layer: Layer, gw: Array, gb: Array) -> dict[str, Array]:
    n = layer.name
    return {n + ".weight": gw, **({n + ".bias": gb} if layer.options["bias"] else {})}


def _guided(grad: Array, ctx: Context) -> Array:
    """Guided backpropagation keeps only the positive gradients arriving at a ReLU."""
    return np.maximum(grad, 0) if ctx.guided else grad


class Conv(LayerKind):
    """Convolution; with ``connections`` (a 0/1 table ``(C_out, C_in)``, groups 1) output map
    ``o`` sees only the input maps its row marks: the kernel is multiplied by the table before
    it slides (one convolution, one matmul), the unconnected kernels are not parameters and
    their gradient is 0."""

    type = "conv"
    description = ("2-D convolution (cross-correlation, as PyTorch): out_channels kernels of "
                   "kernel_size slide with stride, padding, dilation; groups splits the channels; "
                   "connections (a 0/1 row per output channel) lets each see only some input maps.")
    required = ("out_channels", "kernel_size")
    defaults = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True, "connections": None}
    option_types = {"out_channels": "count", "kernel_size": "size", "stride": "size",
                    "padding": "padding", "dilation": "size", "groups": "count", "bias": "flag",
                    "connections": "connections"}
    shows_kernel = True
    needs = "maps"

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["out_channels"] = opt.positive(where, "out_channels", o["out_channels"])
        o["groups"] = opt.positive(where, "groups", o["groups"])
        for key in ("kernel_size", "stride", "dilation"):
            o[key] = opt.pair(where, key, o[key], 1)
        o["padding"] = opt.conv_padding(where, o["padding"])
        o["bias"] = opt.flag(where, "bias", o["bias"])
        o["connections"] = opt.connection_table(where, o["connections"], o["out_channels"])
        if o["connections"] is not None and o["groups"] != 1:
            raise ValueError(f"{where}: a connection table needs groups=1 (the table itself says which "
                             f"input maps each output map sees), got groups={o['groups']}")
        return o

    @staticmethod
    def _table(layer: Layer, shape: Shape) -> Array | None:
        """The connection table ``(C_out, C_in)`` of 0 and 1 checked against the input's channels,
        or None."""
        table = layer.options["connections"]
        if table is None:
            return None
        if len(table[0]) != shape[0]:
            raise ValueError(
                f"layer {layer.name!r} (conv): its connections have {len(table[0])} entries a row, "
                f"but its input has {shape[0]} channels; give one entry per input channel"
            )
        return np.array(table, dtype=np.float32)  # (C_out, C_in)

    def _cost(self, layer: Layer, shape: Shape) -> shapes.LayerCost:
        o = layer.options
        if shape[0] % o["groups"] or o["out_channels"] % o["groups"]:
            raise ValueError(
                f"layer {layer.name!r} (conv): groups={o['groups']} must divide both the {shape[0]} "
                f"input channels and the {o['out_channels']} output channels"
            )
        try:
            pads = (shapes.resolve_conv_padding(o["padding"], o["kernel_size"], o["stride"],
                                                o["dilation"], shape[1:])
                    if isinstance(o["padding"], str) else tuple((p, p) for p in o["padding"]))
            cost = shapes.conv_layer_cost(shape, o["out_channels"], o["kernel_size"], o["stride"],
                                          pads, o["dilation"], o["groups"], o["bias"])
        except ValueError as exc:
            raise ValueError(f"layer {layer.name!r} (conv) on input {shapes.dims(shape)}: {exc}") from None
        table = self._table(layer, shape)
        if table is None:
            return cost
        kernels = int(table.sum()) * shapes.prod(o["kernel_size"])  # connected kernel weights
        return replace(cost, params=kernels + (o["out_channels"] if o["bias"] else 0),
                       macs=kernels * shapes.prod(cost.output_shape[1:]))

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        return self._cost(layer, shape).output_shape

    def macs(self, layer: Layer, shape: Shape, out: Shape) -> int:
        return self._cost(layer, shape).macs

    def window(self, layer: Layer, shape: Shape) -> tuple[tuple[int, int, int, int], ...]:
        o = layer.options
        pads = (shapes.resolve_conv_padding(o["padding"], o["kernel_size"], o["stride"], o["dilation"],
                                            shape[1:])
                if isinstance(o["padding"], str) else tuple((p, p) for p in o["padding"]))
        return tuple((k, s, lo, d) for k, s, (lo, _), d in
                     zip(o["kernel_size"], o["stride"], pads, o["dilation"]))

    def arrays(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        o = layer.options
        w = ArraySpec((o["out_channels"], shape[0] // o["groups"], *o["kernel_size"]), "he")
        return _with_bias(layer, o["out_channels"], w)

    def masks(self, layer: Layer, shape: Shape) -> dict[str, Array]:
        table = self._table(layer, shape)
        return {} if table is None else {"weight": table[:, :, None, None]}  # (C_out, C_in, 1, 1)

    @staticmethod
    def _args(o: Any) -> dict[str, Any]:
        return {k: o[k] for k in ("stride", "padding", "dilation", "groups")}

    @staticmethod
    def _weight(layer: Layer, params: Params) -> Array:
        """The kernels as the layer uses them: ``(C_out, C_in/groups, kH, kW)``, times the table."""
        w = params[layer.name + ".weight"]
        table = layer.options["connections"]
        return w if table is None else w * np.array(table, dtype=w.dtype)[:, :, None, None]

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        w = self._weight(layer, params)
        return F.conv2d(x, w, params.get(layer.name + ".bias"), **self._args(layer.options)), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        w = self._weight(layer, params)
        gx, gw, gb = F.conv2d_backward(grad, tape, w, **self._args(layer.options),
                                       input_grad=ctx.skip_input_grad != layer.name)
        if layer.options["connections"] is not None:
            gw = gw * np.array(layer.options["connections"], dtype=gw.dtype)[:, :, None, None]
        return gx, _weight_grads(layer, gw, gb)

    def to_dict(self, layer: Layer) -> dict[str, Any]:
        out = super().to_dict(layer)
        if out["connections"] is not None:
            out["connections"] = [list(row) for row in out["connections"]]
        return out


class Pool(LayerKind):
    type = "pool"
    description = ("Max or average pooling per channel (kind), kernel_size windows moved by stride "
                   "(default: the kernel size); no parameters.")
    required = ("kind", "kernel_size")
    defaults = {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False,
                "count_include_pad": True}
    option_types = {"kind": "choice:max,avg", "kernel_size": "size", "stride": "size_or_null",
                    "padding": "offset", "dilation": "size", "ceil_mode": "flag",
                    "count_include_pad": "flag"}
    needs = "maps"
    _OPS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "max": (F.max_pool2d, F.max_pool2d_backward), "avg": (F.avg_pool2d, F.avg_pool2d_backward)}

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        if o["kind"] not in self._OPS:
            raise ValueError(f"{where}: kind must be 'max' or 'avg', got {o['kind']!r}")
        o["kernel_size"] = opt.pair(where, "kernel_size", o["kernel_size"], 1)
        o["stride"] = o["kernel_size"] if o["stride"] is None else opt.pair(where, "stride", o["stride"], 1)
        o["padding"] = opt.pair(where, "padding", o["padding"], 0)
        o["dilation"] = opt.pair(where, "dilation", o["dilation"], 1)
        if o["kind"] != "max" and o["dilation"] != (1, 1):
            raise ValueError(f"{where}: average pooling has no dilation; remove it or use kind 'max'")
        o["ceil_mode"] = opt.flag(where, "ceil_mode", o["ceil_mode"])
        o["count_include_pad"] = opt.flag(where, "count_include_pad", o["count_include_pad"])
        return o

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        o = layer.options
        try:
            out = shapes.pool_output_shape(shape[1:], o["kernel_size"], o["stride"], o["padding"],
                                           o["dilation"], o["ceil_mode"])
        except ValueError as exc:
            raise ValueError(f"layer {layer.name!r} (pool) on input {shapes.dims(shape)}: {exc}") from None
        return (shape[0], *out)

    def window(self, layer: Layer, shape: Shape) -> tuple[tuple[int, int, int, int], ...]:
        o = layer.options
        return tuple(zip(o["kernel_size"], o["stride"], o["padding"], o["dilation"]))

    @staticmethod
    def _args(o: Any) -> dict[str, Any]:
        args = {"stride": o["stride"], "padding": o["padding"], "ceil_mode": o["ceil_mode"]}
        if o["kind"] == "max":
            args["dilation"] = o["dilation"]
        else:
            args["count_include_pad"] = o["count_include_pad"]
        return args

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        o = layer.options
        return self._OPS[o["kind"]][0](x, o["kernel_size"], **self._args(o)), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        o = layer.options
        return self._OPS[o["kind"]][1](grad, tape, o["kernel_size"], **self._args(o)), {}


class AdaptiveAvgPool(LayerKind):
    type = "adaptive_avg_pool"
    description = "Average pooling to a fixed output_size, whatever the input size (no parameters)."
    required = ("output_size",)
    option_types = {"output_size": "size"}
    needs = "maps"

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["output_size"] = opt.pair(where, "output_size", o["output_size"], 1)
        return o

    def window(self, layer: Layer, shape: Shape) -> str:
        return "all"

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        return (shape[0], *layer.options["output_size"])

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        return adaptive.adaptive_avg_pool2d(x, layer.options["output_size"]), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return adaptive.adaptive_avg_pool2d_backward(grad, tape, layer.options["output_size"]), {}


class ReLU(LayerKind):
    type = "relu"
    description = "max(0, x) element by element (no parameters)."

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        return F.relu(x), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return F.relu_backward(_guided(grad, ctx), tape), {}


class ReLU6(LayerKind):
    type = "relu6"
    description = "min(max(0, x), 6) element by element (no parameters): MobileNet's capped ReLU."

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        return F.relu6(x), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return F.relu6_backward(_guided(grad, ctx), tape), {}


class ScaledTanh(LayerKind):
    """LeCun's squashing function (1998): ``f(x) = A tanh(S x)``, ``A = 1.7159``, ``S = 2/3``,
    so ``f(1) = 1`` and ``f(-1) = -1``; ``f'(x) = A S (1 - tanh(S x)^2)``."""

    type = "scaled_tanh"
    description = "1.7159 * tanh(2/3 * x) element by element (no parameters): LeNet-5's squashing function."
    AMPLITUDE: ClassVar[float] = 1.7159
    SLOPE: ClassVar[float] = 2.0 / 3.0

    @property
    def short_name(self) -> str:
        return "tanh"

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        t = np.tanh(x * self.SLOPE)  # (*) the input's shape and dtype
        return t * self.AMPLITUDE, t

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return grad * ((1 - tape * tape) * (self.AMPLITUDE * self.SLOPE)), {}


class Subsample(LayerKind):
    """LeNet-5's trainable subsampling (S2, S4): per channel ``c``, each window's sum times a
    learned coefficient ``weight[c]`` plus a learned ``bias[c]``:

        y[n, c, i, j] = weight[c] * sum_{a, b} x[n, c, i*sH + a, j*sW + b] + bias[c]

    The window sum is ``kH*kW`` times the window mean (:func:`engine.functional.avg_pool2d`,
    no padding), and its backward spreads ``dL/dy * weight[c]`` back over each window.
    Output size ``floor((H - kH) / sH) + 1``; no activation (put one after it)."""

    type = "subsample"
    description = ("Trainable subsampling (LeNet-5's S2, S4): each kernel_size window's sum per channel, "
                   "times a learned coefficient plus a learned bias (2 parameters a channel).")
    required = ("kernel_size",)
    defaults = {"stride": None}
    option_types = {"kernel_size": "size", "stride": "size_or_null"}
    needs = "maps"

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["kernel_size"] = opt.pair(where, "kernel_size", o["kernel_size"], 1)
        o["stride"] = o["kernel_size"] if o["stride"] is None else opt.pair(where, "stride", o["stride"], 1)
        return o

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        o = layer.options
        try:
            out = shapes.pool_output_shape(shape[1:], o["kernel_size"], o["stride"], (0, 0), (1, 1), False)
        except ValueError as exc:
            raise ValueError(f"layer {layer.name!r} (subsample) on input {shapes.dims(shape)}: {exc}") from None
        return (shape[0], *out)

    def window(self, layer: Layer, shape: Shape) -> tuple[tuple[int, int, int, int], ...]:
        o = layer.options
        return tuple((k, s, 0, 1) for k, s in zip(o["kernel_size"], o["stride"]))

    def arrays(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        return {"weight": ArraySpec((shape[0],), "ones"), "bias": ArraySpec((shape[0],), "zeros")}

    def macs(self, layer: Layer, shape: Shape, out: Shape) -> int:
        return shapes.prod(out)  # one product (sum times coefficient) per output value

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        o, n = layer.options, layer.name
        area = shapes.prod(o["kernel_size"])
        sums = F.avg_pool2d(x, o["kernel_size"], o["stride"]) * area  # (N, C, H_out, W_out)
        w, b = params[n + ".weight"], params[n + ".bias"]
        return sums * w[:, None, None] + b[:, None, None], (x, sums)

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        o, n = layer.options, layer.name
        x, sums = tape
        w = params[n + ".weight"]
        area = shapes.prod(o["kernel_size"])
        gx = F.avg_pool2d_backward(grad * (w[:, None, None] * area), x, o["kernel_size"], o["stride"])
        return gx, {n + ".weight": (grad * sums).sum(axis=(0, 2, 3)), n + ".bias": grad.sum(axis=(0, 2, 3))}


class BatchNorm(LayerKind):
    type = "batchnorm"
    description = ("Batch normalisation per channel: (x - mean) / sqrt(var + eps) * weight + bias, "
                   "running statistics at inference.")
    defaults = {"eps": 1e-5, "momentum": 0.1}
    option_types = {"eps": "number", "momentum": "number"}
    needs = "maps"

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["eps"] = opt.number(where, "eps", o["eps"], 0.0, 1.0)
        if o["eps"] == 0.0:
            raise ValueError(f"{where}: eps must be above 0 so no variance is divided by zero")
        o["momentum"] = opt.number(where, "momentum", o["momentum"], 0.0, 1.0 + 1e-12)
        return o

    def arrays(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        return {"weight": ArraySpec((shape[0],), "ones"), "bias": ArraySpec((shape[0],), "zeros")}

    def buffers(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        return {"running_mean": ArraySpec((shape[0],), "zeros"),
                "running_var": ArraySpec((shape[0],), "ones")}

    @staticmethod
    def _arrays(layer: Layer, params: Params) -> tuple[Array, Array, Array, Array]:
        n = layer.name
        return (params[n + ".running_mean"], params[n + ".running_var"], params[n + ".weight"],
                params[n + ".bias"])

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        mean, var, w, b = self._arrays(layer, params)
        o, n = layer.options, layer.name
        if ctx.training:
            ctx.updates[n + ".running_mean"], ctx.updates[n + ".running_var"] = \
                norm.batch_norm_update(x, mean, var, o["momentum"])
        return norm.batch_norm(x, mean, var, w, b, ctx.training, o["eps"]), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        mean, var, w, _ = self._arrays(layer, params)
        gx, gw, gb = norm.batch_norm_backward(grad, tape, mean, var, w, ctx.training,
                                              layer.options["eps"])
        return gx, {layer.name + ".weight": gw, layer.name + ".bias": gb}


class Dropout(LayerKind):
    type = "dropout"
    description = "Zeroes each value with probability p while training, scaling the rest by 1/(1-p)."
    defaults = {"p": 0.5}
    option_types = {"p": "number"}

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["p"] = opt.number(where, "p", o["p"], 0.0, 1.0)
        return o

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        p = layer.options["p"]
        if not ctx.training or p == 0.0:
            return x, None
        if ctx.rng is None:
            raise ValueError("training with dropout needs an rng (np.random.Generator) in the context")
        mask = dropout.dropout_mask(x.shape, p, ctx.rng, x.dtype.type)
        return x * mask, mask

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return (grad if tape is None else dropout.dropout_backward(grad, tape)), {}


class Flatten(LayerKind):
    type = "flatten"
    description = "(C, H, W) maps laid out as one vector of C*H*W features."

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        return (shapes.prod(shape),)

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        return F.flatten(x), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return F.flatten_backward(grad, tape), {}


class Linear(LayerKind):
    type = "linear"
    description = "Fully connected: every output is a weighted sum of all in_features inputs plus a bias."
    required = ("out_features",)
    defaults = {"bias": True}
    option_types = {"out_features": "count", "bias": "flag"}
    needs = "vector"

    def check(self, where: str, o: dict[str, Any]) -> dict[str, Any]:
        o["out_features"] = opt.positive(where, "out_features", o["out_features"])
        o["bias"] = opt.flag(where, "bias", o["bias"])
        return o

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        return (layer.options["out_features"],)

    def macs(self, layer: Layer, shape: Shape, out: Shape) -> int:
        return shape[0] * out[0]

    def arrays(self, layer: Layer, shape: Shape) -> dict[str, ArraySpec]:
        out = layer.options["out_features"]
        return _with_bias(layer, out, ArraySpec((out, shape[0]), "he"))

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        n = layer.name
        return F.linear(x, params[n + ".weight"], params.get(n + ".bias")), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        gx, gw, gb = F.linear_backward(grad, tape, params[layer.name + ".weight"])
        return gx, _weight_grads(layer, gw, gb)


class Softmax(LayerKind):
    type = "softmax"
    description = "Scores to class probabilities: exp(z_i) / sum_j exp(z_j)."
    probabilities = True

    def output_shape(self, layer: Layer, shape: Shape) -> Shape:
        if len(shape) != 1:
            raise ValueError(
                f"layer {layer.name!r} (softmax) turns a flat vector of scores into probabilities, "
                f"but its input is {shapes.dims(shape)}; add flatten and linear layers before it"
            )
        return shape

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        return F.softmax(x, dim=1), x

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        return F.softmax_backward(grad, tape, dim=1), {}


LEAF_KINDS: tuple[LayerKind, ...] = (Conv(), Pool(), AdaptiveAvgPool(), ReLU(), ReLU6(), BatchNorm(),
                                     Dropout(), Flatten(), Linear(), Softmax(), ScaledTanh(),
                                     Subsample())
"""One instance of every leaf kind, in the order the docs list them."""
