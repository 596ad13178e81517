"""Optimisers as pure functions: minibatch SGD with momentum, and Adam.

Each step takes the parameters, their gradients and the optimiser's state and
returns new parameters and a new state; nothing is changed in place::

    SGD:  v = momentum * v + (g + wd * w);          w = w - lr * v
    Adam: m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
          w = w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .layers import Array

__all__ = ["OPTIMIZERS", "OptimizerState", "adam_step", "sgd_step", "step"]

OPTIMIZERS = ("sgd", "adam")


@dataclass(frozen=True)
class OptimizerState:
    """Steps taken so far and the running averages by parameter key."""

    t: int = 0
    first: Mapping[str, Array] = field(default_factory=dict)
    second: Mapping[str, Array] = field(default_factory=dict)


def sgd_step(params: Mapping[str, Array], grads: Mapping[str, Array], state: OptimizerState,
             lr: float, momentum: float = 0.9, weight_decay: float = 0.0
             ) -> tuple[dict[str, Array], OptimizerState]:
    """One SGD step with (heavy-ball) momentum on the keys of ``grads``; other keys are copied."""
    new, vel = dict(params), {}
    for k, g in grads.items():
        d = g + weight_decay * params[k] if weight_decay else g
        v = momentum * state.first[k] + d if k in state.first else d
        vel[k] = v
        new[k] = (params[k] - lr * v).astype(params[k].dtype, copy=False)
    return new, OptimizerState(state.t + 1, vel, {})


def adam_step(params: Mapping[str, Array], grads: Mapping[str, Array], state: OptimizerState,
              lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
              weight_decay: float = 0.0) -> tuple[dict[str, Array], OptimizerState]:
    """One Adam step (bias-corrected moments; ``weight_decay`` added to the gradient)."""
    b1, b2 = betas
    t = state.t + 1
    new, m1, m2 = dict(params), {}, {}
    for k, g in grads.items():
        d = g + weight_decay * params[k] if weight_decay else g
        m1[k] = b1 * state.first.get(k, 0.0) + (1 - b1) * d
        m2[k] = b2 * state.second.get(k, 0.0) + (1 - b2) * d * d
        update = (m1[k] / (1 - b1 ** t)) / (np.sqrt(m2[k] / (1 - b2 ** t)) + eps)
        new[k] = (params[k] - lr * update).astype(params[k].dtype, copy=False)
    return new, OptimizerState(t, m1, m2)


def step(name: str, params: Mapping[str, Array], grads: Mapping[str, Array],
         state: OptimizerState, lr: float, weight_decay: float = 0.0
         ) -> tuple[dict[str, Array], OptimizerState]:
    """Dispatch to :func:`sgd_step` or :func:`adam_step` by ``name``."""
    if name == "sgd":
        return sgd_step(params, grads, state, lr, weight_decay=weight_decay)
    if name == "adam":
        return adam_step(params, grads, state, lr, weight_decay=weight_decay)
    raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {name!r}")
