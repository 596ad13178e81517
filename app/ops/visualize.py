"""What a channel looks for: activation maximisation streamed step by step, then the sample
images' patches that excite the channel most."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from engine import network
from engine.network import visualize as engine_visualize
from engine.network.data import samples

from ..config import Settings
from ..errors import TooLarge
from ..schemas.explain import VisualizeSettings
from ..tensors import compact

ASCENT_PASSES = 3
"""A step of gradient ascent is a forward and a backward: three passes' multiply-adds."""


def load(name: str, settings: Settings) -> network.Model:
    """The preset's model (loaded once; off the event loop the first time)."""
    return network.load(name)


def sample_names(preset: network.Preset) -> list[str]:
    """The sample images of the kind this network was made for."""
    return [s.name for s in samples.SAMPLES.values() if s.kind == preset.sample_kind]


def price(preset: network.Preset, model: network.Model, how: VisualizeSettings,
          settings: Settings) -> int:
    """Multiply-adds of the ascent and the patches; 422 for a bad layer or channel, 413 over
    ``CNNVIS_MAX_EXPLAIN_MACS``."""
    layers = engine_visualize.channel_layers(model)
    if how.layer not in layers:
        raise ValueError(f"{how.layer[:40]!r} is not a layer of {preset.name} with maps; choose one "
                         f"of {', '.join(layers)}")
    if how.channel >= layers[how.layer]:
        raise ValueError(f"{how.layer} has channels 0 to {layers[how.layer] - 1}, got {how.channel}")
    rows = preset.run_summary.layers
    upto = [row.name for row in rows].index(how.layer)
    macs_upto = sum(row.macs for row in rows[:upto + 1])
    macs = macs_upto * (ASCENT_PASSES * how.steps + len(sample_names(preset)))
    if macs > settings.max_explain_macs:
        raise TooLarge(
            f"{how.steps} ascent steps up to {how.layer} of {preset.name} cost {macs:,} "
            f"multiply-adds; the limit is {settings.max_explain_macs:,} (CNNVIS_MAX_EXPLAIN_MACS): "
            "ask for fewer steps or an earlier layer")
    return macs


def visualize_lines(preset: network.Preset, model: network.Model, how: VisualizeSettings,
                    macs: int) -> Iterator[dict[str, Any]]:
    """``start``, ``progress`` per ascent step (its image every few steps), ``done`` with the
    final image and the top-activating sample patches."""
    began = time.perf_counter()
    yield {"type": "start", "network": preset.name, "layer": how.layer, "channel": how.channel,
           "steps": how.steps, "macs": macs}
    image = None
    for step in engine_visualize.maximise(model, how.layer, how.channel, how.steps,
                                          bounds=preset.input_range, every=how.every, seed=how.seed):
        line: dict[str, Any] = {"type": "progress", "step": step.step, "steps": step.steps,
                                "objective": step.objective, "seconds": time.perf_counter() - began}
        if step.image is not None:
            image = step.image
            line["image"] = compact(step.image, "image")
        yield line
    names = sample_names(preset)
    inputs = [network.preprocess(preset.name, samples.sample_image(n))[0] for n in names]
    patches = engine_visualize.top_patches(model, inputs, how.layer, how.channel, k=how.patches)
    assert image is not None
    yield {"type": "done", "seconds": time.perf_counter() - began, "image": compact(image, "image"),
           "patches": [{"sample": names[p.source], "value": p.value, "y": p.y, "x": p.x,
                        "box": list(p.box), "input": compact(np.asarray(inputs[p.source][0]), "input")}
                       for p in patches]}
