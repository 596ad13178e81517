"""Teaching a network new classes: feature vectors of photos, a head trained on them, its answers.

Everything is priced before work: the features by the network's multiply-adds up to its
feature layer times the images, the head's training by epochs x vectors x D x K x 4
(forward, backward and scoring) plus the projection's SVD. The server keeps nothing: the
vectors and the head come with every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from engine import network
from engine.network import explain
from engine.network import head as heads

from .. import admission
from ..config import Settings
from ..errors import TooLarge
from ..images import decode_image
from ..schemas.teach import (
    HEAD_FORMAT,
    ClassProbability,
    FeaturesResponse,
    HeadExplainResponse,
    HeadIn,
    HeadPrediction,
    HeadTrainRequest,
    ImageInfo,
    PredictResponse,
)
from ..tensors import Array, TensorIn, check_elements, compact, decode, encode, shape_of
from .networks import preset_named, runnable_preset

BATCH = 4
"""Images run through the network at once (bounds the intermediates' memory)."""


@dataclass(frozen=True)
class FeaturePlan:
    """Where a preset's feature vector comes from and what one image costs."""

    preset: network.Preset
    model: network.Model
    layer: str
    dimension: int
    macs: int


def feature_plan(preset: network.Preset) -> FeaturePlan:
    """The preset's feature layer and the multiply-adds of one image up to it (422 if none)."""
    model = network.load(preset.name)
    index = heads.feature_index(model)
    macs = sum(row.macs for row in preset.run_summary.layers[:index + 1])
    return FeaturePlan(preset, model, model.layers[index].name,
                       int(model.infos[index].output_shape[0]), int(macs))


def price_images(plan: FeaturePlan, count: int, settings: Settings) -> int:
    """Multiply-adds of ``count`` images; 413 above the image or the network limit."""
    if count > settings.max_feature_images:
        raise TooLarge(f"{count} images is more than the {settings.max_feature_images} one request "
                       "may send (CNNVIS_MAX_FEATURE_IMAGES); send them in several requests")
    macs = plan.macs * count
    if macs > settings.max_network_macs:
        raise TooLarge(f"{count} images through {plan.preset.name} up to {plan.layer} need "
                       f"{macs:,} multiply-adds; the limit is {settings.max_network_macs:,} "
                       "(CNNVIS_MAX_NETWORK_MACS); send fewer images at once")
    return macs


async def read_images(request: Request, settings: Settings, extra: frozenset[str] = frozenset()
                      ) -> tuple[list[bytes], dict[str, bytes]]:
    """The files of a multipart form (each field ``file``) and its other allowed fields' bytes.

    Raises:
        ValueError: no file, a field that is not ``file`` or in ``extra``, or not a form.
        TooLarge: more files than ``max_feature_images``.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        raise HTTPException(415, "send the images as a multipart form, each in a field named 'file'")
    form = await request.form(max_files=1000, max_fields=8)  # counted below, with a 413
    try:
        unknown = sorted(set(form.keys()) - {"file"} - extra)
        if unknown:
            allowed = ", ".join(repr(n) for n in sorted({"file"} | extra))
            raise ValueError(f"the form has a field {unknown[0][:32]!r}; it takes only {allowed}")
        files = form.getlist("file")
        if not files:
            raise ValueError("send at least one image in a form field named 'file'")
        if len(files) > settings.max_feature_images:
            raise TooLarge(f"{len(files)} images is more than the {settings.max_feature_images} one "
                           "request may send (CNNVIS_MAX_FEATURE_IMAGES); send them in several "
                           "requests")
        images = []
        for upload in files:
            if not isinstance(upload, UploadFile):
                raise ValueError("each 'file' field must be an image file, not text")  # noqa: TRY004 - a 422
            images.append(await upload.read(settings.max_upload_bytes + 1))
        fields: dict[str, bytes] = {}
        for name in extra:
            value = form.get(name)
            if isinstance(value, UploadFile):
                fields[name] = await value.read(settings.max_body_bytes + 1)
            elif isinstance(value, str):
                fields[name] = value.encode()
        return images, fields
    finally:
        await form.close()


def _inputs(plan: FeaturePlan, images: list[bytes], settings: Settings
            ) -> tuple[Array, list[ImageInfo]]:
    """Decode and preprocess every image: ``(N, C, H, W)`` and what was read."""
    xs, infos = [], []
    for i, data in enumerate(images):
        try:
            decoded = decode_image(data, settings)
        except ValueError as exc:  # TooLarge included: same status, the image named
            raise type(exc)(f"image {i + 1}: {exc}") from None
        x, _ = network.preprocess(plan.preset.name, decoded.pixels)
        xs.append(x)
        infos.append(ImageInfo(width=decoded.original_size[0], height=decoded.original_size[1],
                               format=decoded.format))
    return np.concatenate(xs), infos


def compute_features(job: tuple[FeaturePlan, list[bytes]], settings: Settings) -> FeaturesResponse:
    """Feature vectors of the images (worker thread); priced before anything is decoded."""
    plan, images = job
    macs = price_images(plan, len(images), settings)
    start = time.perf_counter()
    x, infos = _inputs(plan, images, settings)
    vectors = heads.features(plan.model, x, batch_size=BATCH).astype(np.float32)  # (N, D)
    return FeaturesResponse(network=plan.preset.name, layer=plan.layer, dimension=plan.dimension,
                            macs=macs, seconds=time.perf_counter() - start, images=infos,
                            features=encode(vectors, "base64"))


@dataclass(frozen=True)
class TrainJob:
    """A checked head training: its vectors, labels and price."""

    request: HeadTrainRequest
    x: Array
    labels: np.ndarray
    macs: int


def _vectors(tensor: TensorIn, name: str, settings: Settings) -> Array:
    shape = shape_of(tensor)
    check_elements(shape, name, settings.max_tensor_elements)
    if len(shape) == 1:
        shape = (1, shape[0])
    if len(shape) != 2:
        raise ValueError(f"{name} must be (N, D): one vector per row, got shape {list(shape_of(tensor))}")
    x = decode(tensor, name, max_elements=settings.max_tensor_elements, dtype="float64")
    return x.reshape(shape).astype(np.float64)


def check_train(req: HeadTrainRequest, settings: Settings) -> TrainJob:
    """Decode and check a training request against the limits, and price it."""
    k = len(req.classes)
    if k > settings.max_head_classes:
        raise TooLarge(f"{k} classes is more than the {settings.max_head_classes} a head may have "
                       "(CNNVIS_MAX_HEAD_CLASSES)")
    if len(req.labels) > settings.max_head_examples:
        raise TooLarge(f"{len(req.labels)} vectors is more than the {settings.max_head_examples} one "
                       "training may use (CNNVIS_MAX_HEAD_EXAMPLES)")
    if req.epochs > settings.max_head_epochs:
        raise TooLarge(f"{req.epochs} epochs is more than the limit of {settings.max_head_epochs} "
                       "(CNNVIS_MAX_HEAD_EPOCHS)")
    if req.network not in network.PRESETS:
        raise ValueError(f"there is no network named {req.network[:64]!r}; the presets are "
                         f"{', '.join(network.PRESETS)}")
    if len(set(req.classes)) != k:
        raise ValueError("every class needs its own name; two classes are called the same")
    shape = shape_of(req.features)
    if len(shape) != 2 or shape[0] != len(req.labels):
        raise ValueError(f"features must be (N, D) with one row per label ({len(req.labels)}), "
                         f"got shape {list(shape)}")
    n, d = shape
    macs = req.epochs * n * d * k * 4 + n * d * min(n, d)
    if macs > settings.max_head_macs:
        raise TooLarge(f"training {n} vectors of {d} numbers into {k} classes for {req.epochs} "
                       f"epochs costs {macs:,} multiply-adds; the limit is "
                       f"{settings.max_head_macs:,} (CNNVIS_MAX_HEAD_MACS); use fewer epochs")
    bad = [label for label in req.labels if label >= k]
    if bad:
        raise ValueError(f"label {bad[0]} names no class: there are {k} classes, 0 to {k - 1}")
    x = _vectors(req.features, "features", settings)
    return TrainJob(req, x, np.asarray(req.labels, np.intp), macs)


def head_out(head: heads.Head, network_name: str) -> dict[str, Any]:
    """The head as JSON: the file the page exports and ``/heads/predict`` reads back."""
    return {"format": HEAD_FORMAT, "version": 1, "network": network_name,
            "classes": list(head.classes),
            "weight": encode(head.weight.astype(np.float32), "base64").model_dump(),
            "bias": encode(head.bias.astype(np.float32), "list").model_dump()}


def _warnings(job: TrainJob, last: heads.HeadProgress) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    counts = np.bincount(job.labels, minlength=len(job.request.classes))
    few = [int(c) for c in np.flatnonzero(counts < heads.FEW_PHOTOS)]
    if few:
        names = ", ".join(job.request.classes[c] for c in few)
        out.append({"id": "few_examples", "classes": few,
                    "detail": f"{names}: fewer than {heads.FEW_PHOTOS} photos; a class needs "
                              "more examples to learn from and to test on"})
    if last.held_out_accuracy is not None and last.accuracy - last.held_out_accuracy > heads.OVERFIT_GAP:
        out.append({"id": "overfitting", "classes": [],
                    "detail": f"held-out accuracy {last.held_out_accuracy:.0%} is far below training "
                              f"accuracy {last.accuracy:.0%}: the head memorised its training photos "
                              "instead of learning what the classes have in common (over-fitting); "
                              "add more varied photos or raise the weight decay"})
    return out


def train_lines(job: TrainJob) -> Iterator[dict[str, Any]]:
    """``start``, one ``progress`` line per epoch, ``done`` with the head and what it learned."""
    req, x, y = job.request, job.x, job.labels
    k = len(req.classes)
    records = heads.train_head(x, y, req.classes, held_out=req.held_out,
                               learning_rate=req.learning_rate, epochs=req.epochs,
                               weight_decay=req.weight_decay, batch_size=req.batch_size,
                               optimizer=req.optimizer, seed=req.seed)
    first = True
    last: heads.HeadProgress | None = None
    for rec in records:
        if first:
            yield {"type": "start", "examples": int(y.size), "train": int(rec.train_index.size),
                   "held_out": int(rec.held_out_index.size), "classes": list(req.classes),
                   "dimension": int(x.shape[1]), "epochs": req.epochs, "macs": job.macs}
            first = False
        yield {"type": "progress", "epoch": rec.epoch, "epochs": rec.epochs, "loss": rec.loss,
               "accuracy": rec.accuracy, "held_out_loss": rec.held_out_loss,
               "held_out_accuracy": rec.held_out_accuracy, "seconds": rec.seconds}
        last = rec
    assert last is not None and last.head is not None
    on = "held_out" if last.held_out_index.size else "train"
    rows = last.held_out_index if on == "held_out" else last.train_index
    predicted = heads.predict_head(last.head, x[rows]).argmax(axis=1)
    points, _, _, explained = heads.principal_components(x, 2)
    yield {"type": "done", "seconds": last.seconds, "accuracy": last.accuracy,
           "held_out_accuracy": last.held_out_accuracy, "head": head_out(last.head, req.network),
           "confusion": {"on": on, "matrix": heads.confusion_matrix(y[rows], predicted, k).tolist()},
           "projection": {"points": encode(points.astype(np.float32), "list").model_dump(),
                          "explained": [float(e) for e in explained]},
           "train_index": last.train_index.tolist(), "held_out_index": last.held_out_index.tolist(),
           "warnings": _warnings(job, last)}


def read_head(raw: bytes | None) -> HeadIn:
    """A head file's JSON (the form field ``head``), validated; 422 naming the fields at fault."""
    if raw is None:
        raise ValueError("send the head in a form field named 'head' (the JSON file the page "
                         "exports, or the head of the training stream's done line)")
    try:
        return HeadIn.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", "head", *e["loc"])} for e in exc.errors(include_input=False)]
        ) from None


def engine_head(head: HeadIn, settings: Settings, dimension: int | None = None) -> heads.Head:
    """The engine's head from its JSON, its shapes checked against each other and the vectors."""
    k = len(head.classes)
    if k > settings.max_head_classes:
        raise TooLarge(f"the head has {k} classes, more than the {settings.max_head_classes} "
                       "allowed (CNNVIS_MAX_HEAD_CLASSES)")
    w = decode(head.weight, "head weight", max_elements=settings.max_tensor_elements, dtype="float32")
    b = decode(head.bias, "head bias", max_elements=settings.max_tensor_elements, dtype="float32")
    if w.ndim != 2 or w.shape[0] != k or b.shape != (k,):
        raise ValueError(f"a head of {k} classes needs a weight ({k}, D) and a bias ({k},), got "
                         f"{list(w.shape)} and {list(b.shape)}")
    if dimension is not None and w.shape[1] != dimension:
        raise ValueError(f"the head reads vectors of {w.shape[1]} numbers but {head.network}'s "
                         f"features have {dimension}")
    return heads.Head(w.astype(np.float64), b.astype(np.float64), tuple(head.classes))


def _predictions(head: heads.Head, x: Array) -> list[HeadPrediction]:
    probs = heads.predict_head(head, x)  # (N, K)
    out = []
    for row in probs:
        order = np.argsort(-row, kind="stable")
        out.append(HeadPrediction(
            top=[ClassProbability(index=int(i), label=head.classes[i], probability=float(row[i]))
                 for i in order],
            probabilities=[float(p) for p in row]))
    return out


def predict_images(job: tuple[FeaturePlan, HeadIn, list[bytes]], settings: Settings) -> PredictResponse:
    """Classify images with a head (worker thread): features, then the head's softmax."""
    plan, head_in, images = job
    price_images(plan, len(images), settings)
    head = engine_head(head_in, settings, plan.dimension)
    start = time.perf_counter()
    x, _ = _inputs(plan, images, settings)
    vectors = heads.features(plan.model, x, batch_size=BATCH).astype(np.float64)
    return PredictResponse(network=plan.preset.name, classes=list(head.classes),
                           predictions=_predictions(head, vectors),
                           seconds=time.perf_counter() - start)


def predict_vectors(job: tuple[HeadIn, TensorIn], settings: Settings) -> PredictResponse:
    """Classify feature vectors with a head (no network pass)."""
    head_in, tensor = job
    head = engine_head(head_in, settings)
    start = time.perf_counter()
    x = _vectors(tensor, "features", settings)
    if x.shape[1] != head.weight.shape[1]:
        raise ValueError(f"the head reads vectors of {head.weight.shape[1]} numbers, the features "
                         f"have {x.shape[1]}")
    if x.shape[0] > settings.max_head_examples:
        raise TooLarge(f"{x.shape[0]} vectors is more than the {settings.max_head_examples} one "
                       "request may classify (CNNVIS_MAX_HEAD_EXAMPLES)")
    return PredictResponse(network=head_in.network, classes=list(head.classes),
                           predictions=_predictions(head, x), seconds=time.perf_counter() - start)


def admit_images(request: Request, plan: FeaturePlan, count: int) -> Callable[[], None]:
    """Take from the worker's memory budget what ``count`` images through ``plan``'s network
    hold at their peak: BATCH forward passes at once and every image's network input
    ``(N, C, H, W)`` float32; returns the function that gives it back (503 when full)."""
    inputs = count * admission.FLOAT * int(np.prod(plan.preset.input_shape))
    return admission.admit(request, plan.preset, "forward", copies=min(BATCH, count), extra=inputs)


def admit_training(request: Request, req: HeadTrainRequest) -> Callable[[], None]:
    """Take from the worker's memory budget what training a head on ``req``'s vectors holds:
    the ``(N, D)`` vectors (float64) three times over (decoded, standardised, a batch's
    gradient) and the ``(K, D)`` weights with their gradient and Adam's two moments; returns
    the function that gives it back (503 when full). A malformed shape is priced as nothing:
    :func:`check_train` refuses it."""
    shape = shape_of(req.features)
    n, d = (shape if len(shape) == 2 else (1, shape[0]) if len(shape) == 1 else (0, 0))
    need = 8 * (3 * n * d + 4 * len(req.classes) * d)
    return admission.admit_bytes(request, need, f"training a head on {n} vectors of {d} numbers")


GRADCAM_PASSES = 3
"""Grad-CAM's cost in forward passes: one forward and one backward (about two)."""


def price_explain(plan: FeaturePlan, settings: Settings) -> int:
    """Multiply-adds of Grad-CAM of one photo through the network and the head; 413 above
    ``CNNVIS_MAX_EXPLAIN_MACS``."""
    macs = plan.preset.run_summary.macs * GRADCAM_PASSES
    if macs > settings.max_explain_macs:
        raise TooLarge(f"Grad-CAM on {plan.preset.name} costs {macs:,} multiply-adds; the limit is "
                       f"{settings.max_explain_macs:,} (CNNVIS_MAX_EXPLAIN_MACS)")
    return macs


def read_target(raw: bytes | None, classes: int) -> int | None:
    """The form's ``target`` field: a class index, or None (the most likely class)."""
    if raw is None or not raw.strip():
        return None
    text = raw.decode("utf-8", "replace").strip()
    if not text.isdigit() or int(text) >= classes:
        raise ValueError(f"target must be a class from 0 to {classes - 1}, got {text[:16]!r}")
    return int(text)


def explain_image(job: tuple[FeaturePlan, HeadIn, bytes, bytes | None, int],
                  settings: Settings) -> HeadExplainResponse:
    """Grad-CAM of a head's class for one photo (worker thread): the network with the head as
    its classifier (:func:`engine.network.head.with_head`), at its last layer with maps."""
    plan, head_in, image, target_raw, macs = job
    head = engine_head(head_in, settings, plan.dimension)
    target = read_target(target_raw, len(head.classes))
    start = time.perf_counter()
    x, _ = _inputs(plan, [image], settings)
    e = explain.explain(heads.with_head(plan.model, head), x, "gradcam", target)
    probabilities = heads.predict_head(head, heads.features(plan.model, x).astype(np.float64))[0]
    return HeadExplainResponse(
        network=plan.preset.name, classes=list(head.classes), target=e.target, label=e.label,
        probability=float(probabilities[e.target]), probabilities=[float(p) for p in probabilities],
        layer=e.layer or "", layer_shape=list(e.details["layer_shape"]),
        cam=compact(e.details["cam"], "class activation map"),
        heatmap=compact(e.heatmap, "heat map"), macs=macs, seconds=time.perf_counter() - start)


def plan_for(name: str) -> FeaturePlan:
    """The feature plan of a runnable preset (404 / 503 / 422 otherwise)."""
    return feature_plan(runnable_preset(name))


__all__ = [
    "admit_images",
    "admit_training",
    "check_train",
    "compute_features",
    "explain_image",
    "feature_plan",
    "plan_for",
    "predict_images",
    "predict_vectors",
    "preset_named",
    "price_explain",
    "read_head",
    "read_images",
    "train_lines",
]
