"""Explanations of a preset's prediction, priced before they start and streamed with progress."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from engine import network
from engine.network import explain as engine_explain

from ..config import Settings
from ..errors import TooLarge
from ..schemas.explain import ExplainSettings
from ..tensors import compact
from .networks import Prepared, _start

MANY_PASSES = ("smoothgrad", "integrated", "occlusion")


def copies(preset: network.Preset, how: ExplainSettings) -> int:
    """How many copies of the input an explanation holds at once (its batches), for admission."""
    if how.method not in MANY_PASSES:
        return 1
    return engine_explain.chunk_size(network.load(preset.name))


def price(prep: Prepared, how: ExplainSettings, settings: Settings) -> int:
    """Multiply-adds the explanation will cost; 413 naming it when over the limit, 422 for a
    network with no classes or a layer Grad-CAM cannot use."""
    if not prep.preset.labels:
        raise ValueError(f"{prep.preset.name} ends in feature maps, not classes: there is no "
                         "prediction to explain (try edges' maps on /maps instead)")
    if how.method in ("gradcam", "guided_gradcam") and how.layer is not None:
        layers = engine_explain.gradcam_layers(prep.model)
        if how.layer not in layers:
            raise ValueError(f"Grad-CAM looks at a layer with maps; {how.layer[:40]!r} is not one "
                             f"of {prep.preset.name}'s: {', '.join(layers)}")
    passes = engine_explain.pass_budget(how.method, {**how.engine_settings(),
                                                     "size": prep.x.shape[2:]})
    macs = prep.preset.run_summary.macs * passes
    if macs > settings.max_explain_macs:
        raise TooLarge(
            f"{how.method} on {prep.preset.name} takes {passes} passes, {macs:,} multiply-adds; "
            f"the limit is {settings.max_explain_macs:,} (CNNVIS_MAX_EXPLAIN_MACS): ask for fewer "
            "samples or steps, or a larger occlusion stride")
    return macs


def explain_lines(prep: Prepared, how: ExplainSettings, macs: int) -> Iterator[dict[str, Any]]:
    """``start``, ``progress`` per batch of passes (many-pass methods), ``done`` with the maps."""
    yield {**_start(prep, "explain"), "method": how.method, "macs": macs}
    began = time.perf_counter()
    x = prep.x
    base = engine_explain.baseline(x, how.baseline)
    for step in engine_explain.explain_steps(prep.model, x, how.method, prep.target,
                                             baseline=base, **how.engine_settings()):
        if isinstance(step, engine_explain.Progress):
            yield {"type": "progress", "done": step.done, "total": step.total,
                   "seconds": time.perf_counter() - began}
        else:
            yield _done(prep, step, time.perf_counter() - began)


def _done(prep: Prepared, e: engine_explain.Explanation, seconds: float) -> dict[str, Any]:
    return {"type": "done", "method": e.method, "target": e.target, "label": e.label,
            "score": e.score, "probability": e.probability, "signed": e.signed, "layer": e.layer,
            "passes": e.passes, "seconds": seconds,
            "heatmap": compact(e.heatmap, "heat map"),
            "attribution": (compact(e.attribution, "attribution", per_channel=True)
                            if e.attribution is not None else None),
            "details": _details(e.details)}


def _details(details: dict[str, Any]) -> dict[str, Any]:
    """Method-specific numbers as JSON: small vectors as lists, maps compact."""
    out: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, np.ndarray):
            out[key] = compact(value, key) if value.ndim == 2 else [float(v) for v in value]
        elif isinstance(value, list) and value and isinstance(value[0], tuple):
            out[key] = [list(v) for v in value]
        else:
            out[key] = value
    return out
