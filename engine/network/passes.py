"""Whole-network and layer-by-layer passes: forward, backward, loss and prediction.

The layer-by-layer passes are generators, so a caller (the server) can send
each layer's arrays as soon as they exist. The loss of a classifier is the
cross-entropy of its logits (the input of a final softmax layer); a network
whose output is feature maps (the ``edges`` preset) uses the mean of one
output channel instead, so its backward shows which input pixels excite that
map.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from .. import functional as F
from .fold import folded
from .graph import layer_backward, layer_forward, sequence_backward, sequence_forward
from .infer import infer
from .layers import Array, Context
from .model import Model
from .record import GradRecord, LayerRecord, Prediction
from .spec import Layer

__all__ = [
    "as_batch",
    "backward_layers",
    "forward",
    "forward_layers",
    "logits_layers",
    "loss_and_grads",
    "predict",
    "prediction",
]


def as_batch(model: Model, x: Any) -> Array:
    """``x`` as ``(N, C, H, W)`` in the model's dtype, checked against the layers.

    Raises:
        ValueError: not an array, the wrong number of channels, or a size a layer cannot take.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind not in "fiu":
        raise ValueError(f"the input must be a NumPy array of numbers, got {type(x).__name__}")
    if x.ndim == 3:
        x = x[None]  # (1, C, H, W)
    if x.ndim != 4:
        raise ValueError(f"the input must be (N, C, H, W) or (C, H, W), got shape {x.shape}")
    if x.shape[1] != model.input_shape[0]:
        raise ValueError(
            f"{model.name} takes images with {model.input_shape[0]} channel(s), got {x.shape[1]}"
        )
    if tuple(x.shape[1:]) != tuple(model.input_shape):  # the model's own size was checked at build
        infer(model.layers, x.shape[1:])  # a sentence if some layer cannot take this size
    dtype = next(iter(model.params.values())).dtype if model.params else np.float32
    return np.ascontiguousarray(x, dtype=dtype)


def logits_layers(model: Model) -> tuple[Layer, ...]:
    """The layers up to the logits: all of them but a final softmax."""
    if model.layers[-1].kind.probabilities:
        return model.layers[:-1]
    return model.layers


def forward(model: Model, x: Array, ctx: Context | None = None) -> Array:
    """The whole network at once: ``(N, C, H, W) -> (N, K)`` or the last maps.

    Without a context (inference) every batch norm runs folded into the convolution
    before it (:mod:`engine.network.fold`): the same answer, up to float rounding, faster.
    """
    if ctx is None:
        layers, params = folded(model)
        y, _ = sequence_forward(layers, params, as_batch(model, x), Context())
        return y
    y, _ = sequence_forward(model.layers, model.params, as_batch(model, x), ctx)
    return y


def forward_layers(model: Model, x: Array) -> Iterator[LayerRecord]:
    """Run the network one top-level layer at a time, in inference mode.

    Args:
        model: from :func:`engine.network.load` or :func:`engine.network.build`.
        x: ``(N, C, H, W)`` or ``(C, H, W)``.

    Yields:
        one :class:`LayerRecord` per top-level layer, in order, a block's with its inner
        layers as ``children``; the last output is the network's (class probabilities
        for a classifier).
    """
    x = as_batch(model, x)
    for i, layer in enumerate(model.layers):
        ctx = Context(trace=[] if layer.kind.block else None)
        start = time.perf_counter()
        y, _ = layer_forward(layer, model.params, x, ctx)
        seconds = time.perf_counter() - start
        children = tuple(_record(model, i, kid, kx, ky, s) for kid, kx, ky, s in ctx.trace or ())
        yield _record(model, i, layer, x, y, seconds, children)
        x = y


def _record(model: Model, index: int, layer: Layer, x: Array, y: Array, seconds: float,
            children: tuple[LayerRecord, ...] = ()) -> LayerRecord:
    return LayerRecord(index, layer.name, layer.type, x.shape, y.shape, y, seconds,
                       model.params.get(layer.name + ".weight") if layer.kind.shows_kernel else None,
                       model.params.get(layer.name + ".bias"), children)


def _check_target(target: Any, classes: int, what: str) -> int:
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise ValueError(f"target must be a whole number ({what} 0 to {classes - 1}), got {target!r}")
    if not 0 <= target < classes:
        raise ValueError(f"target must be a {what} from 0 to {classes - 1}, got {target}")
    return int(target)


def _loss_gradient(model: Model, out: Array, pre: Array, target: Any) -> tuple[float, Array, Array]:
    """Loss and dL/d output of the last layer (and of its input, for a final softmax).

    Returns:
        ``(loss, grad_output, grad_logits)``; ``grad_logits`` is for the input of a
        final softmax layer, else equal to ``grad_output``.
    """
    n = out.shape[0]
    if out.ndim == 2:  # a classifier: cross-entropy of the logits
        final_softmax = model.layers[-1].kind.probabilities
        logits = pre if final_softmax else out
        t = int(np.argmax(logits[0])) if target is None else _check_target(target, out.shape[1], "class")
        labels = np.full(n, t)
        loss = float(F.cross_entropy(logits, labels))
        g_logits = F.cross_entropy_backward(np.asarray(1.0, logits.dtype), logits, labels)
        if not final_softmax:
            return loss, g_logits, g_logits
        onehot = np.zeros_like(out)
        onehot[:, t] = 1.0
        g_out = -onehot / np.maximum(out, np.finfo(out.dtype).tiny) / n  # dL/dp = -1/(N p_t)
        return loss, g_out, g_logits
    # feature maps: L = mean of channel `target` (the most active one by default)
    means = out.mean(axis=(0, *range(2, out.ndim)))  # (C,)
    t = int(np.argmax(means)) if target is None else _check_target(target, out.shape[1], "channel")
    g = np.zeros_like(out)
    g[:, t] = 1.0 / (out[:, t].size)
    return float(means[t]), g, g


def backward_layers(model: Model, x: Array, target: int | None = None) -> Iterator[GradRecord]:
    """Backpropagate from the loss to the input, one top-level layer at a time.

    The forward pass runs first (inference mode) and keeps each layer's tape.

    Args:
        model: the network.
        x: ``(N, C, H, W)`` or ``(C, H, W)``.
        target: the class (or, for maps, the output channel) the loss asks for; None
            picks the predicted class (the most active channel).

    Yields:
        one :class:`GradRecord` per top-level layer, from the last layer to the first.
    """
    x = as_batch(model, x)
    ctx = Context()
    inputs, tapes = [x], []
    for layer in model.layers:
        y, tape = layer_forward(layer, model.params, inputs[-1], ctx)
        inputs.append(y)
        tapes.append(tape)
    pre = inputs[-2]
    loss, grad, g_logits = _loss_gradient(model, inputs[-1], pre, target)
    for i in reversed(range(len(model.layers))):
        layer = model.layers[i]
        start = time.perf_counter()
        if i == len(model.layers) - 1 and layer.kind.probabilities and inputs[-1].ndim == 2:
            gx, gp = g_logits, dict[str, Array]()  # softmax + cross-entropy together, without dividing by p
        else:
            gx, gp = layer_backward(layer, model.params, tapes[i], grad, ctx)
        seconds = time.perf_counter() - start
        yield GradRecord(i, layer.name, layer.type, inputs[i].shape, inputs[i + 1].shape, grad, gx,
                         gp, seconds, loss)
        grad = gx


def loss_and_grads(model: Model, params: dict[str, Array], x: Array, labels: np.ndarray,
                   ctx: Context) -> tuple[float, Array, dict[str, Array]]:
    """Mean cross-entropy of a batch and the gradient of every weight (for training).

    Args:
        model: supplies the layers.
        params: the current arrays (may differ from ``model.params``).
        x: ``(N, C, H, W)``.
        labels: ``(N,)`` class indices.
        ctx: training context (batch norm statistics, dropout rng).

    Returns:
        ``(loss, logits (N, K), grads by key)``.
    """
    layers = logits_layers(model)
    logits, tapes = sequence_forward(layers, params, x, ctx)
    loss = float(F.cross_entropy(logits, labels))
    g = F.cross_entropy_backward(np.asarray(1.0, logits.dtype), logits, labels)
    grads: dict[str, Array] = {}
    ctx.skip_input_grad = layers[0].name  # only the weights' gradients are wanted, not the images'
    sequence_backward(layers, params, tapes, g, ctx, grads)
    return loss, logits, grads


def prediction(model: Model, output: Array, k: int = 5) -> Prediction:
    """Read the first sample's classes off a network output, e.g. the last forward record's.

    Args:
        model: supplies the labels and whether the last layer is a softmax.
        output: ``(N, K)`` probabilities (or logits when there is no final softmax).
        k: how many classes to list.

    Raises:
        ValueError: the output is feature maps, not classes.
    """
    if output.ndim != 2:
        raise ValueError(f"{model.name} outputs feature maps, not classes, so it predicts nothing")
    probs = output[0] if model.layers[-1].kind.probabilities else F.softmax(output[0])
    order = np.argsort(-probs, kind="stable")[:k]
    labels = model.labels or tuple(f"class {i}" for i in range(probs.size))
    return Prediction(probs, tuple((int(i), labels[i], float(probs[i])) for i in order))


def predict(model: Model, x: Array, k: int = 5) -> Prediction:
    """Class probabilities of the first sample of ``x`` and the ``k`` most likely classes.

    Raises:
        ValueError: the network has no classes (its output is feature maps).
    """
    return prediction(model, forward(model, x), k)
