"""A preset network written with ``torch.nn.functional`` from the engine's own layer list: the
PyTorch twin the benchmarks time the engine against (``benchmarks/engine.py``,
``benchmarks/training.py``). Benchmark code only: the engine never imports PyTorch."""

from __future__ import annotations

from typing import Any

import torch.nn.functional as F


def torch_layers(layers: Any, params: dict, t: Any) -> Any:
    """A plain network's layers (conv, batch norm, ReLU, pooling, residual blocks, linear...)
    run with ``torch.nn.functional`` on the engine's arrays, by each layer kind's class name;
    up to the logits (a final softmax is left out, as the loss takes logits)."""
    for layer in layers:
        kind, o, p = type(layer.kind).__name__, layer.options, layer.name + "."
        if kind == "Conv":
            t = F.conv2d(t, params[p + "weight"], params.get(p + "bias"), o["stride"], o["padding"],
                         o["dilation"], o["groups"])
        elif kind == "BatchNorm":
            t = F.batch_norm(t, params[p + "running_mean"], params[p + "running_var"],
                             params[p + "weight"], params[p + "bias"], False, 0.0, o["eps"])
        elif kind == "ReLU":
            t = F.relu(t)
        elif kind == "Pool":
            pool = F.max_pool2d if o["kind"] == "max" else F.avg_pool2d
            extra = {"dilation": o["dilation"]} if o["kind"] == "max" else {"count_include_pad": o["count_include_pad"]}
            t = pool(t, o["kernel_size"], o["stride"], o["padding"], ceil_mode=o["ceil_mode"], **extra)
        elif kind == "Residual":
            t = torch_layers(layer.children[0], params, t) + torch_layers(layer.children[1], params, t)
        elif kind == "AdaptiveAvgPool":
            t = F.adaptive_avg_pool2d(t, o["output_size"])
        elif kind == "Flatten":
            t = t.flatten(1)
        elif kind == "Linear":
            t = F.linear(t, params[p + "weight"], params.get(p + "bias"))
        elif kind in ("Dropout", "Softmax"):
            pass  # inference: dropout is the identity; the softmax is left to the loss
        else:
            raise ValueError(f"no PyTorch twin for a {kind} layer")
    return t
