"""Teach a network new classes: ``/networks/{name}/features``, ``/heads/train``, ``/heads/predict``.

The server keeps nothing: a page (or a script) holds its photos' vectors and its head and
sends them with each request.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

from engine import network

from .. import admission, streams
from ..errors import COMPUTE_RESPONSES, Message
from ..heavy import Run, get_settings
from ..ops import teach as ops
from ..schemas.lines import stream_schema
from ..schemas.teach import (
    FeaturesResponse,
    HeadExplainResponse,
    HeadIn,
    HeadLine,
    HeadPredictJson,
    HeadTrainRequest,
    PredictResponse,
)

router = APIRouter(tags=["teach"])

Name = Annotated[str, Path(description="A preset's name (efficientnet_lite0 for photos); any "
                                       "other answers 404.",
                           json_schema_extra={"enum": list(network.PRESETS)})]

_FILES = {"type": "array", "minItems": 1,
          "items": {"type": "string", "format": "binary"},
          "description": "One or several PNG, JPEG, GIF, WebP or BMP images, each in a field "
                         "named `file` (at most CNNVIS_MAX_FEATURE_IMAGES)."}

FEATURES_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "additionalProperties": False,
                                       "properties": {"file": _FILES}}}}}}

_PREDICT_JSON = HeadPredictJson.model_json_schema(ref_template="#/components/schemas/{model}")
_PREDICT_JSON.pop("$defs", None)

PREDICT_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file", "head"], "additionalProperties": False,
        "properties": {"file": _FILES,
                       "head": {"type": "string", "description": "The head's JSON (the file the "
                                                                 "page exports)."}}}},
    "application/json": {"schema": _PREDICT_JSON}}}}

_COMMON: dict[int | str, dict[str, Any]] = {
    404: {"model": Message, "description": "No preset has that name."},
    415: {"model": Message, "description": "Not the kind of body the endpoint takes."},
    503: {"model": Message, "description": "The network is unavailable here: the sentence says why."},
    **COMPUTE_RESPONSES,
}


@router.post("/networks/{name}/features", summary="Feature vectors of photos",
             openapi_extra=FEATURES_BODY, responses=_COMMON)
async def features(name: Name, request: Request, run: Run) -> FeaturesResponse:
    """Send one or several images (multipart, each in a field ``file``); receive one feature
    vector per image: the network run up to its first vector layer (EfficientNet-Lite0:
    the global average pool, 1280 numbers), as base64 float32 ``(N, D)``. Priced before any
    image is decoded: the images times the network's multiply-adds up to that layer, against
    ``CNNVIS_MAX_NETWORK_MACS``; at most ``CNNVIS_MAX_FEATURE_IMAGES`` images."""
    settings = get_settings(request)
    plan = ops.plan_for(name)
    images, _ = await ops.read_images(request, settings)
    ops.price_images(plan, len(images), settings)
    give_back = ops.admit_images(request, plan, len(images))
    try:
        return await run(ops.compute_features, (plan, images))
    finally:
        give_back()


@router.post("/heads/train", summary="Train a softmax head on feature vectors, streamed",
             response_class=StreamingResponse,
             responses={200: {"description": "NDJSON lines: start, progress per epoch, done.",
                              "content": {streams.MEDIA_TYPE: {"schema": stream_schema(HeadLine)}}},
                        **COMPUTE_RESPONSES})
async def train(body: HeadTrainRequest, request: Request, run: Run) -> StreamingResponse:
    """A softmax regression ``softmax(x W^T + b)`` on the vectors, trained by the engine's own
    linear layer, cross-entropy and optimiser; a share of each class is held out to test on.
    Receive ``start``, one ``progress`` line per epoch (loss and accuracy on the training and
    the held-out vectors), then ``done`` with the head (weight ``(K, D)``, bias ``(K,)``, the
    class names: save it as a file), the confusion matrix on the held-out vectors, every
    vector on the two principal components, and warnings (a class with few photos,
    over-fitting). Priced before work against ``CNNVIS_MAX_HEAD_MACS`` and admitted against
    the worker's memory budget; a client that leaves stops the training at the next epoch."""
    settings = get_settings(request)
    give_back = ops.admit_training(request, body)
    try:
        job = await run(ops.check_train, body)
    except BaseException:
        give_back()
        raise
    return streams.respond(ops.train_lines(job), settings, run.limiter, on_close=give_back)


@router.post("/heads/predict", summary="Classify photos (or vectors) with a trained head",
             openapi_extra=PREDICT_BODY, responses=_COMMON)
async def predict(request: Request, run: Run) -> PredictResponse:
    """Multipart: one or several images in fields ``file`` and the head's JSON in ``head``;
    the head's network makes their feature vectors and the head their probabilities. JSON:
    ``{"head": ..., "features": (N, D)}`` classifies vectors directly. Each answer lists
    every class, most likely first."""
    settings = get_settings(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        images, fields = await ops.read_images(request, settings, frozenset({"head"}))
        head = ops.read_head(fields.get("head"))
        plan = ops.plan_for(head.network)
        ops.price_images(plan, len(images), settings)
        give_back = ops.admit_images(request, plan, len(images))
        try:
            return await run(ops.predict_images, (plan, head, images))
        finally:
            give_back()
    if kind in ("application/json", ""):
        try:
            body = HeadPredictJson.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_input=False)) from None
        return await run(ops.predict_vectors, (body.head, body.features))
    raise HTTPException(415, "send JSON ({\"head\", \"features\"}) or a multipart form with "
                             "images in fields 'file' and the head in 'head'")


EXPLAIN_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file", "head"], "additionalProperties": False,
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": "One PNG, JPEG, GIF, WebP or BMP image."},
                       "head": {"type": "string", "description": "The head's JSON (the file the "
                                                                 "page exports)."},
                       "target": {"type": "integer", "minimum": 0,
                                  "description": "The class to explain (its index); default: the "
                                                 "most likely one."}}}}}}}


@router.post("/heads/explain", summary="Why the head says a class: Grad-CAM of a photo",
             openapi_extra=EXPLAIN_BODY, responses=_COMMON)
async def explain(request: Request, run: Run) -> HeadExplainResponse:
    """Multipart: one image in ``file``, the head's JSON in ``head`` and optionally a class
    index in ``target``. The head becomes the network's classifier and Grad-CAM shows where in
    the photo the evidence for that class lies: the last layer with maps, weighted by the
    class score's mean gradient, rectified and stretched over the network's input (the
    photo's centre square). Priced against ``CNNVIS_MAX_EXPLAIN_MACS`` and the memory budget."""
    settings = get_settings(request)
    images, fields = await ops.read_images(request, settings, frozenset({"head", "target"}))
    if len(images) != 1:
        raise ValueError(f"send one image to explain, not {len(images)}")
    head = ops.read_head(fields.get("head"))
    plan = ops.plan_for(head.network)
    macs = ops.price_explain(plan, settings)
    give_back = admission.admit(request, plan.preset, "explain")
    try:
        return await run(ops.explain_image, (plan, head, images[0], fields.get("target"), macs))
    finally:
        give_back()


__all__ = ["HeadIn", "router"]
