"""Preset networks: listing, reading an input, and the NDJSON lines of each pass.

A pass is prepared in full before the stream starts (image decoded, input
preprocessed, cost checked), so every bad input is a 4xx answer with a status
code; only what fails later becomes an ``error`` line. The lines themselves
come from the engine's layer-by-layer generators, one line per layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from engine import network

from ..config import Settings
from ..errors import TooLarge
from ..images import decode_image
from ..schemas.networks import LayerGroupInfo, NetworkInfo, NetworkList, NetworkRequest
from ..schemas.shapes import ShapesResponse
from ..tensors import Array, TensorIn, check_elements, compact, decode, shape_of

MAX_SENT_WEIGHTS = 2**18
"""Kernels and weight gradients above this many numbers are left out of a line (``omitted``)."""

TOP_CLASSES = 5

FORM_FIELDS = {"file", "target"}


def _info(preset: network.Preset) -> NetworkInfo:
    return NetworkInfo(
        name=preset.name, title=preset.title, description=preset.description,
        trained=preset.trained, input_shape=list(preset.input_shape), labels=list(preset.labels),
        channels={layer: list(names) for layer, names in preset.channels.items()},
        variant=preset.variant,
        summary=ShapesResponse.model_validate(preset.summary.to_dict()),
        run_summary=ShapesResponse.model_validate(preset.run_summary.to_dict()),
        model_card=preset.model_card, weights=preset.weights, unavailable=preset.unavailable(),
        groups=[LayerGroupInfo(name=g.name, layers=list(g.layers), facts=dict(g.facts))
                for g in preset.groups],
    )


@lru_cache(maxsize=1)
def list_networks() -> NetworkList:
    """Every preset with its summaries (computed once; presets never change)."""
    return NetworkList(networks=[_info(p) for p in network.list_presets()])


def preset_named(name: str) -> network.Preset:
    """The preset ``name``, or 404 naming the ones there are."""
    if name not in network.PRESETS:
        names = ", ".join(network.PRESETS)
        raise HTTPException(404, f"there is no network named {name[:64]!r}; the presets are {names}")
    return network.get(name)


def runnable_preset(name: str) -> network.Preset:
    """The preset ``name`` if it can run here: 404 for no such name, 503 with the reason when
    it is unavailable (e.g. its published weights are not installed)."""
    preset = preset_named(name)
    reason = preset.unavailable()
    if reason is not None:
        raise HTTPException(503, f"{preset.title} is unavailable on this server: {reason}")
    return preset


@dataclass(frozen=True)
class Source:
    """What the client sent: an image file's bytes or a tensor, and maybe a target class."""

    image: bytes | None = None
    tensor: TensorIn | None = None
    target: int | None = None


async def read_form(request: Request, settings: Settings) -> Source:
    """Read a multipart image upload (field ``file``, optional ``target``), not decoded yet.

    Raises:
        ValueError: a form without a usable ``file``, with another field, or a bad ``target``.
    """
    form = await request.form(max_files=1, max_fields=4)
    try:
        unknown = sorted(set(form.keys()) - FORM_FIELDS)
        if unknown:
            raise ValueError(f"the form has a field {unknown[0][:32]!r}; it takes only "
                             "'file' (the image) and 'target'")
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValueError("send the image in a form field named 'file'")
        data = await upload.read(settings.max_upload_bytes + 1)
        return Source(image=data, target=_form_target(form.get("target")))
    finally:
        await form.close()  # the spooled upload files


async def read_json(request: Request) -> Source:
    """Read a JSON body ``{"input": tensor, "target"?}``.

    Raises:
        RequestValidationError: a body that does not fit :class:`NetworkRequest`.
    """
    try:
        body = NetworkRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False)) from None
    return Source(tensor=body.input, target=body.target)


def _form_target(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 6:
        raise ValueError(f"target must be a class number such as 3, got {str(value)[:32]!r}")
    return int(value)


@dataclass(frozen=True)
class Prepared:
    """A pass ready to run: the model, its input ``(1, C, H, W)`` and how it was made."""

    preset: network.Preset
    model: network.Model
    x: Array
    steps: list[dict[str, Any]]
    target: int | None


def prepare(job: tuple[network.Preset, Source, int], settings: Settings) -> Prepared:
    """Decode and preprocess the input, check the cost; runs in a worker thread.

    Args:
        job: ``(preset, source, passes)``; ``passes`` is 1 for forward, 3 for backward.
    """
    preset, source, passes = job
    macs = preset.run_summary.macs * passes
    if macs > settings.max_network_macs:
        raise TooLarge(
            f"{preset.name} needs {macs:,} multiply-adds for this pass; the limit is "
            f"{settings.max_network_macs:,} (CNNVIS_MAX_NETWORK_MACS)"
        )
    if source.image is not None:
        decoded = decode_image(source.image, settings)
        x, steps = network.preprocess(preset.name, decoded.pixels)
        steps = [{"name": "decode", "description": "; ".join(decoded.steps),
                  "shape": list(decoded.pixels.shape)}, *steps]
    else:
        assert source.tensor is not None
        x, steps = _tensor_input(preset, source.tensor, settings), []
    labels = len(preset.labels)
    if source.target is not None and labels and source.target >= labels:
        raise ValueError(f"target must be a class from 0 to {labels - 1} for {preset.name}, "
                         f"got {source.target}")
    return Prepared(preset, network.load(preset.name), x, [_step(s) for s in steps], source.target)


def _tensor_input(preset: network.Preset, tensor: TensorIn, settings: Settings) -> Array:
    shape, want = shape_of(tensor), tuple(preset.input_shape)
    check_elements(shape, "input", settings.max_tensor_elements)
    if shape not in (want, (1, *want)):
        raise ValueError(f"{preset.name} takes an input of shape {list(want)} (C, H, W), "
                         f"got {list(shape)}")
    x = decode(tensor, "input", max_elements=settings.max_tensor_elements, dtype="float32")
    return x.astype(np.float32).reshape((1, *want))


def _step(step: dict[str, Any]) -> dict[str, Any]:
    """A preprocessing step with its picture as a compact map."""
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in step.items() if k != "image"}
    image = step.get("image")
    if isinstance(image, np.ndarray):
        out["image"] = compact(image.astype(np.float32), "preprocessing image")
    return out


def _start(prep: Prepared, kind: str) -> dict[str, Any]:
    p = prep.preset
    return {"type": "start", "pass": kind, "network": p.name, "trained": p.trained,
            "variant": p.variant, "layers": len(p.run_summary.layers), "steps": prep.steps,
            "input": compact(prep.x[0], "input"), "target": prep.target}


def _weights(array: Array | None) -> dict[str, Any] | None:
    if array is None:
        return None
    if array.size > MAX_SENT_WEIGHTS:
        return {"shape": list(array.shape), "omitted": True}
    return compact(array, "weights")


def _row(prep: Prepared, index: int) -> dict[str, Any]:
    return _figures(prep.preset.run_summary.layers[index])


def _figures(row: network.LayerSummary) -> dict[str, Any]:
    return {"params": row.params, "macs": row.macs, "volume": row.volume, "ratio": row.ratio}


def _inner_rows(row: network.LayerSummary) -> dict[str, network.LayerSummary]:
    """A block's inner summary rows by full name, nested blocks included."""
    out: dict[str, network.LayerSummary] = {}
    for kids in row.children:
        for kid in kids:
            out[kid.name] = kid
            out.update(_inner_rows(kid))
    return out


def _layer_fields(rec: network.LayerRecord, row: network.LayerSummary,
                  maps: bool = True) -> dict[str, Any]:
    """What a forward ``layer`` line (or one of a block's ``children``) says about one layer;
    without ``maps`` its ``output``, ``kernels`` and ``bias`` are null."""
    return {"index": rec.index, "name": rec.name, "kind": rec.kind,
            "input_shape": list(rec.input_shape[1:]), "output_shape": list(rec.output_shape[1:]),
            "seconds": rec.seconds, **_figures(row),
            "output": compact(rec.output[0], f"output of {rec.name}", per_channel=True) if maps else None,
            "kernels": _weights(rec.kernels) if maps else None,
            "bias": _weights(rec.bias) if maps else None}


def inner_blocks(preset: network.Preset, inner: str | None) -> frozenset[str]:
    """The blocks named in ``inner`` (``"all"``: every block); 422 naming the blocks otherwise."""
    blocks = [row.name for row in preset.run_summary.layers if row.children]
    if not inner:
        return frozenset()
    if inner == "all":
        return frozenset(blocks)
    asked = [n for n in inner.split(",") if n]
    unknown = [n for n in asked if n not in blocks]
    if unknown:
        listed = ", ".join(blocks[:20]) + (" ..." if len(blocks) > 20 else "") if blocks else "none"
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "inner"),
            "msg": f"{preset.name} has no block named {unknown[0][:40]!r}; its blocks are {listed}"}])
    return frozenset(asked)


def forward_lines(prep: Prepared, inner: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """``start``, one ``layer`` line per top-level layer, then ``done`` with the prediction.

    A block's line lists its inner layers in ``children``, with their maps only for the
    blocks in ``inner``.
    """
    yield _start(prep, "forward")
    last: network.LayerRecord | None = None
    total = 0.0
    for rec in network.forward_layers(prep.model, prep.x):
        total += rec.seconds
        row = prep.preset.run_summary.layers[rec.index]
        rows = _inner_rows(row)
        maps = rec.name in inner
        yield {"type": "layer", **_layer_fields(rec, row),
               "children": [_layer_fields(kid, rows[kid.name], maps) for kid in rec.children]}
        last = rec
    assert last is not None
    yield {"type": "done", "seconds": total, "prediction": _prediction(prep, last)}


def _prediction(prep: Prepared, last: network.LayerRecord) -> dict[str, Any] | None:
    """Top classes from the last layer, read by the engine's :func:`engine.network.prediction`."""
    preset = prep.preset
    if not preset.labels or last.output.ndim != 2:
        return None
    pred = network.prediction(prep.model, last.output.astype(np.float64), TOP_CLASSES)
    return {"top": [{"index": i, "label": label, "probability": p}
                    for i, label, p in pred.top],
            "probabilities": [float(p) for p in pred.probabilities]}


def backward_lines(prep: Prepared) -> Iterator[dict[str, Any]]:
    """``start``, one ``layer`` line per layer from the loss back to the input, ``done``.

    A layer line carries dL/d its output (which is dL/d the next line's input, so it is
    sent once) and dL/d its weights; ``done`` carries dL/d the network's input.
    """
    yield _start(prep, "backward")
    first: network.GradRecord | None = None
    for rec in network.backward_layers(prep.model, prep.x, prep.target):
        yield {"type": "layer", "index": rec.index, "name": rec.name, "kind": rec.kind,
               "input_shape": list(rec.input_shape[1:]), "output_shape": list(rec.output_shape[1:]),
               "seconds": rec.seconds, "loss": rec.loss, **_row(prep, rec.index),
               "grad_output": compact(rec.grad_output[0], f"gradient at {rec.name}", per_channel=True),
               "grad_params": {k: _weights(v) for k, v in rec.grad_params.items()}}
        first = rec
    assert first is not None
    saliency = np.abs(first.grad_input[0]).max(axis=0)  # (H, W)
    yield {"type": "done", "loss": first.loss, "target": prep.target,
           "grad_input": compact(first.grad_input[0], "gradient of the input", per_channel=True),
           "saliency": compact(saliency, "saliency")}
