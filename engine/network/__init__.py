"""Networks built from plain layer specs: summary, layer-by-layer passes, presets, training.

A network is a list of dicts (``{"type": "conv", "out_channels": 6,
"kernel_size": 5}``, see :mod:`engine.network.spec`); the same list gives the
summary (:func:`summarize`, no arrays), the forward and backward passes as
generators of per-layer records (:func:`forward_layers`,
:func:`backward_layers`) and the presets' pages. Pure NumPy, no web imports::

    from engine import network
    model = network.load("lenet5")
    x, steps = network.preprocess("lenet5", drawing)
    for record in network.forward_layers(model, x):
        ...
"""

from __future__ import annotations

from typing import Any

from .layers import Context
from .model import Model, build, init_params
from .passes import (
    as_batch,
    backward_layers,
    forward,
    forward_layers,
    loss_and_grads,
    predict,
    prediction,
)
from .presets import PRESETS, Preset, get, list_presets, load
from .record import GradRecord, LayerRecord, Prediction
from .spec import LAYER_TYPES, Layer, parse
from .summary import LayerSummary, Summary, summarize
from .train import TRAINABLE, TrainProgress, accuracy, train

__all__ = [
    "LAYER_TYPES",
    "PRESETS",
    "TRAINABLE",
    "Context",
    "GradRecord",
    "Layer",
    "LayerRecord",
    "LayerSummary",
    "Model",
    "Prediction",
    "Preset",
    "Summary",
    "TrainProgress",
    "accuracy",
    "as_batch",
    "backward_layers",
    "build",
    "forward",
    "forward_layers",
    "get",
    "init_params",
    "list_presets",
    "load",
    "loss_and_grads",
    "parse",
    "predict",
    "prediction",
    "preprocess",
    "summarize",
    "train",
]


def preprocess(name: str, image: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Turn an image into preset ``name``'s input.

    Args:
        name: a preset name.
        image: ``(H, W)`` or ``(H, W, C)`` (C = 1, 3 or 4), uint8 0..255 or float 0..1.

    Returns:
        ``(x (1, C, H, W) float32, steps)``; each step is a dict with ``name``,
        ``description``, ``shape`` and sometimes ``image`` (an array to show).

    Raises:
        ValueError: an unknown preset or an array that is not an image.
    """
    preset = get(name)
    _check_image(image)
    return preset.preprocess(image)


def _check_image(image: Any) -> None:
    """An array of numbers; its shape is checked by :func:`engine.network.data.image.to_rgb`."""
    import numpy as np

    if not isinstance(image, np.ndarray) or image.dtype.kind not in "uif":
        raise ValueError(f"the image must be a NumPy array of numbers, got {type(image).__name__}")
