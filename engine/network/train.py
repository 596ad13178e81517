"""Training a preset with the engine itself: minibatch SGD or Adam on cross-entropy.

:func:`train` is a generator: one :class:`TrainProgress` per step, so a server
can run it step by step and stop when nobody listens, and a terminal can print
it. The learning rate follows a cosine from ``learning_rate`` down to 5% of it.
The same seed gives the same weights (one BLAS thread count assumed).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from . import optim
from .layers import Array, Context
from .model import Model, build
from .passes import forward, loss_and_grads
from .presets import PRESETS

__all__ = ["TRAINABLE", "TrainProgress", "accuracy", "train", "trainer"]

TRAINABLE = tuple(p.name for p in PRESETS.values() if p.recipe is not None)
"""Presets with a data set to train on."""

INITS = ("scratch", "trained")
"""Where training starts: seeded random weights, or the shipped trained ones (fine-tuning)."""

SAMPLE_SEED = 7
"""Seeds the one training sample whose first-layer maps the progress records show."""


@dataclass(frozen=True)
class TrainProgress:
    """One training step.

    Attributes:
        step: 1-based step number; ``steps`` is the total.
        loss: mean cross-entropy of this step's batch.
        accuracy: fraction of this batch classified right (before the update).
        learning_rate: the rate used for this step.
        seconds: time since training started.
        kernels: every ``every`` steps (and the last), the first conv layer's weight
            ``(C_out, C_in, kH, kW)``, else None.
        feature_maps: with the kernels, the first conv layer's output for a fixed
            sample, ``(C_out, H_out, W_out)``.
        sample: with the kernels, that sample ``(C, H, W)``.
        model: on the last step only, the trained model.
    """

    step: int
    steps: int
    loss: float
    accuracy: float
    learning_rate: float
    seconds: float
    kernels: Array | None = None
    feature_maps: Array | None = None
    sample: Array | None = None
    model: Model | None = None


def trainer(name: str) -> ModuleType:
    """The preset module that supplies the data (``train_batch``, ``test_set``)."""
    recipe = PRESETS[name].recipe if name in PRESETS else None
    if recipe is None:
        raise ValueError(f"only {', '.join(TRAINABLE)} can be trained, got {name!r}")
    return recipe


def accuracy(model: Model, x: Array, labels: np.ndarray, batch: int = 256) -> float:
    """Fraction of ``x (N, C, H, W)`` classified as ``labels (N,)``, in inference mode."""
    right = 0
    for i in range(0, len(labels), batch):
        right += int((forward(model, x[i:i + batch]).argmax(axis=1) == labels[i:i + batch]).sum())
    return right / max(len(labels), 1)


def _check(steps: int, learning_rate: float, batch_size: int, optimizer: str, init: str) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive whole number, got {steps!r}")
    if not isinstance(learning_rate, (int, float)) or not 0 < learning_rate <= 10:
        raise ValueError(f"learning_rate must be a number above 0 and at most 10, got {learning_rate!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= 1024:
        raise ValueError(f"batch_size must be a whole number from 1 to 1024, got {batch_size!r}")
    if optimizer not in optim.OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(optim.OPTIMIZERS)}, got {optimizer!r}")
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, got {init!r}")


def _unconnected_zeroed(model: Model) -> dict[str, Array]:
    """The model's arrays with every masked-out entry (a connection table's unconnected kernels)
    set to 0: the layer never reads them and their gradient is 0, so they stay 0 and a page
    drawing the kernels shows the connections as they are."""
    params = dict(model.params)
    for info in model.infos:
        for key, mask in info.layer.kind.mask_arrays(info).items():
            params[key] = params[key] * mask.astype(params[key].dtype)
    return params


def _first_conv(model: Model) -> str | None:
    return next((layer.name for layer in model.layers if layer.kind.shows_kernel), None)


def train(name: str, steps: int = 200, learning_rate: float = 0.002, batch_size: int = 32,
          optimizer: str = "adam", seed: int = 0, every: int = 10,
          weight_decay: float = 0.0, init: str = "scratch") -> Iterator[TrainProgress]:
    """Train preset ``name``, yielding progress after every step.

    Args:
        name: a preset in :data:`TRAINABLE` (``"lenet5"``, ``"lenet5_1998"``, ``"tinyvgg"``).
        steps: number of minibatches.
        learning_rate: peak rate (cosine decay to 5% of it).
        batch_size: samples per step.
        optimizer: ``"sgd"`` (momentum 0.9) or ``"adam"``.
        seed: seeds the initial weights, the batches and dropout.
        every: kernels and feature maps are attached every ``every`` steps.
        weight_decay: L2 penalty added to the gradients.
        init: ``"scratch"`` starts from weights seeded by ``seed``; ``"trained"`` from the
            shipped trained weights (fine-tuning: the loss starts low).

    Yields:
        :class:`TrainProgress`; the last one carries the trained ``model``.
    """
    _check(steps, learning_rate, batch_size, optimizer, init)
    source = trainer(name)
    model = build(source.SPECS, source.INPUT_SHAPE, seed=seed, name=name, labels=source.LABELS)
    params, state = _unconnected_zeroed(model), optim.OptimizerState()
    if init == "trained":
        from .presets import load

        params = {k: np.array(v) for k, v in load(name).params.items()}  # writable copies
    rng = np.random.default_rng(seed)
    sample = source.train_batch(np.random.default_rng(SAMPLE_SEED), 1)[0]  # (1, C, H, W) shown
    conv = _first_conv(model)
    start = time.perf_counter()
    for t in range(1, steps + 1):
        lr = learning_rate * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * (t - 1) / steps)))
        x, labels = source.train_batch(rng, batch_size)
        ctx = Context(training=True, rng=rng)
        loss, logits, grads = loss_and_grads(model, params, x, labels, ctx)
        params, state = optim.step(optimizer, params, grads, state, lr, weight_decay)
        params.update(ctx.updates)
        acc = float((logits.argmax(axis=1) == labels).mean())
        last = t == steps
        current = Model(name, model.input_shape, model.layers, model.infos, params, model.labels,
                        trained=True)
        maps = None
        if conv is not None and (t % every == 0 or last):
            maps = _conv_maps(current, sample)
        yield TrainProgress(t, steps, loss, acc, lr, time.perf_counter() - start,
                            params[conv + ".weight"] if maps is not None and conv else None,
                            maps, sample[0] if maps is not None else None,
                            current if last else None)


def _conv_maps(model: Model, sample: Array) -> Array:
    """The first conv layer's output for ``sample (1, C, H, W)``: ``(C_out, H_out, W_out)``."""
    from .passes import forward_layers

    for record in forward_layers(model, sample):
        if record.kernels is not None:
            return record.output[0]
    raise AssertionError("no conv layer")
