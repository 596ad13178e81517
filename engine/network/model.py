"""A model: checked layer specs plus their arrays, and the deterministic seeded initialisation.

Weights are He-normal (``std = sqrt(2 / fan_in)``, ``fan_in = C_in/groups * kH * kW``
or ``in_features``), biases 0, batch norm scale 1 and shift 0 with running mean 0
and variance 1. The same seed always gives the same arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .infer import Info, buffer_shapes, infer, param_shapes
from .layers import Array
from .spec import Layer, parse
from .summary import _input_shape

__all__ = ["Model", "build", "init_params"]


@dataclass(frozen=True)
class Model:
    """Specs and arrays of a network.

    Attributes:
        name: preset name, or ``"custom"``.
        input_shape: ``(C, H, W)``.
        layers: the checked specs.
        infos: per layer shapes (see :mod:`engine.network.infer`).
        params: learnable arrays and batch-norm running statistics, by key.
        labels: class names (English), empty for a network without classes.
        trained: whether ``params`` were learned (False: seeded random weights).
    """

    name: str
    input_shape: tuple[int, int, int]
    layers: tuple[Layer, ...]
    infos: tuple[Info, ...]
    params: Mapping[str, Array]
    labels: tuple[str, ...] = ()
    trained: bool = False

    @property
    def trainable(self) -> tuple[str, ...]:
        """Keys of the learnable arrays (not the running statistics)."""
        return tuple(param_shapes(self.infos))


def init_params(infos: Sequence[Info], rng: np.random.Generator,
                dtype: type = np.float32) -> dict[str, Array]:
    """He-normal weights, zero biases, identity batch norm, drawn in layer order from ``rng``."""
    out: dict[str, Array] = {}
    for info in infos:
        for key, spec in info.layer.kind.inits(info).items():
            if spec.init == "he":
                fan_in = int(np.prod(spec.shape[1:]))
                w = rng.standard_normal(spec.shape, dtype=np.float32)  # float32 draws: half the memory
                out[key] = (w * np.float32(np.sqrt(2.0 / fan_in))).astype(dtype, copy=False)
            else:
                out[key] = (np.zeros if spec.init == "zeros" else np.ones)(spec.shape, dtype)
    return out


def build(specs: Sequence[Mapping[str, Any]], input_shape: Sequence[int], *, seed: int = 0,
          params: Mapping[str, Array] | None = None, name: str = "custom",
          labels: Sequence[str] = (), trained: bool = False, dtype: type = np.float32) -> Model:
    """Check ``specs``, infer shapes and attach arrays.

    Args:
        specs: layer dicts.
        input_shape: ``(C, H, W)``.
        seed: seeds the He-normal initialisation when ``params`` is None.
        params: arrays by key to use instead; every expected key with its exact shape.
        name, labels, trained: stored on the model.
        dtype: float32 or float64 for the initialisation.

    Raises:
        ValueError: bad specs, or ``params`` missing a key or with a wrong shape.
    """
    shape = _input_shape(list(input_shape))
    layers = parse(specs)
    infos = infer(layers, shape)
    if params is None:
        params = init_params(infos, np.random.default_rng(seed), dtype)
    expected = {**param_shapes(infos), **buffer_shapes(infos)}
    for key, s in expected.items():
        if key not in params:
            raise ValueError(f"the weights lack {key!r}, shape {s}")
        if tuple(params[key].shape) != s:
            raise ValueError(f"{key!r} must have shape {s}, got {tuple(params[key].shape)}")
    return Model(name, shape, layers, infos, {k: params[k] for k in expected}, tuple(labels), trained)
