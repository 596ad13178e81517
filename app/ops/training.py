"""Training streams: one ``progress`` line per optimiser step, then ``done``."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from engine import network

from ..config import Settings
from ..errors import TooLarge
from ..schemas.networks import TrainRequest
from ..tensors import compact


def check(req: TrainRequest, settings: Settings) -> None:
    """Raise unless the request fits the step limit."""
    if req.steps > settings.max_train_steps:
        raise TooLarge(f"training for {req.steps:,} steps is more than the limit of "
                       f"{settings.max_train_steps:,} (CNNVIS_MAX_TRAIN_STEPS)")


def train_lines(req: TrainRequest) -> Iterator[dict[str, Any]]:
    """The engine's training generator as NDJSON-ready lines.

    Raises:
        ValueError: the loss stopped being a number (a learning rate too high).
    """
    yield {"type": "start", "network": req.network, "steps": req.steps,
           "optimizer": req.optimizer, "learning_rate": req.learning_rate,
           "batch_size": req.batch_size, "seed": req.seed, "init": req.init}
    last = None
    for p in network.train(req.network, steps=req.steps, learning_rate=req.learning_rate,
                           batch_size=req.batch_size, optimizer=req.optimizer, seed=req.seed,
                           every=req.every, init=req.init):
        if not math.isfinite(p.loss):
            raise ValueError(f"at step {p.step} the loss became {p.loss}: the learning rate "
                             f"{req.learning_rate:g} is too high for {req.optimizer}; try a tenth")
        line: dict[str, Any] = {"type": "progress", "step": p.step, "steps": p.steps,
                                "loss": p.loss, "accuracy": p.accuracy,
                                "learning_rate": p.learning_rate, "seconds": p.seconds}
        if p.kernels is not None:
            line["kernels"] = compact(p.kernels, "kernels")
        if p.feature_maps is not None:
            line["feature_maps"] = compact(p.feature_maps, "feature maps", per_channel=True)
        if p.sample is not None:
            line["sample"] = compact(p.sample, "sample")
        last = p
        yield line
    assert last is not None
    yield {"type": "done", "steps": last.step, "loss": last.loss, "accuracy": last.accuracy,
           "seconds": last.seconds}
