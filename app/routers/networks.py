"""``/api/v1/networks``: the presets, and their layer-by-layer passes as NDJSON streams."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from engine import network

from .. import admission, streams
from ..config import Settings
from ..errors import COMPUTE_RESPONSES, Message
from ..heavy import Run, get_settings
from ..ops import explain as explain_ops
from ..ops import networks as ops
from ..ops import visualize as visualize_ops
from ..schemas.explain import ExplainSettings, VisualizeSettings
from ..schemas.lines import BackwardLine, ExplainLine, ForwardLine, VisualizeLine, stream_schema
from ..schemas.networks import NetworkInfo, NetworkList, NetworkRequest

router = APIRouter(prefix="/networks", tags=["networks"])

Name = Annotated[str, Path(description="A preset's name; any other answers 404.",
                           json_schema_extra={"enum": list(network.PRESETS)})]

_TENSOR_SCHEMA = NetworkRequest.model_json_schema(ref_template="#/components/schemas/{model}")
_TENSOR_SCHEMA.pop("$defs", None)

PASS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "additionalProperties": False,
                "properties": {
                    "file": {"type": "string", "format": "binary",
                             "description": "A PNG, JPEG, GIF, WebP or BMP image, any size."},
                    "target": {"type": "string", "pattern": "^[0-9]{0,6}$",
                               "description": "Backward only: the class the loss asks for "
                                              "(empty: the predicted class)."},
                },
            }},
            "application/json": {"schema": _TENSOR_SCHEMA},
        },
    },
}

def _pass_responses(line: Any, what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": f"NDJSON, one JSON object a line: {what}.",
              "content": {streams.MEDIA_TYPE: {"schema": stream_schema(line)}}},
        404: {"model": Message, "description": "No preset has that name."},
        415: {"model": Message, "description": "Neither JSON nor a multipart form."},
        503: {"model": Message, "description": "The network is unavailable here (its weights are not "
                                               "installed): the sentence says why."},
        **COMPUTE_RESPONSES,
    }


FORWARD_RESPONSES = _pass_responses(ForwardLine, "start, a layer line per layer, done")
EXPLAIN_RESPONSES = _pass_responses(ExplainLine, "start, progress for the many-pass methods, done "
                                                 "with the heat map")
VISUALIZE_RESPONSES = {k: v for k, v in _pass_responses(
    VisualizeLine, "start, progress per ascent step (the image every few steps), done with the "
                   "image and the top-activating sample patches").items() if k != 415}
BACKWARD_RESPONSES = _pass_responses(BackwardLine, "start, a layer line per layer from the loss "
                                                   "back, done")


@router.get("", summary="The preset networks")
async def networks() -> NetworkList:
    """Every preset (edges, lenet5 and lenet5_1998, tinyvgg, EfficientNet-Lite0 and the ImageNet
    architectures) with its layers, parameters and multiply-adds, at full size and as it runs
    here, where its weights come from, why it is unavailable if it is, and the preset whose
    summary to show beside its own (``compare``: the modern variant of LeNet-5 for the 1998
    original)."""
    return ops.list_networks()


@router.get("/{name}", summary="One preset network", responses={404: {"model": Message}})
async def network_info(name: Name) -> NetworkInfo:
    """The preset ``name`` with its summaries and, for trained ones, the model card; ``compare``
    names the preset whose summary a page shows beside this one's (or is null)."""
    preset = ops.preset_named(name)
    return next(n for n in ops.list_networks().networks if n.name == preset.name)


Inner = Annotated[str | None, Query(
    max_length=512, pattern=r"^[A-Za-z0-9_.,]*$",
    description="Blocks whose inner layers' maps to send, comma-separated (e.g. `b3,b4`), or "
                "`all`. Without it a block's `children` carry their shapes and figures but no "
                "`output` maps (EfficientNet-Lite0's inner maps are 18 million numbers).")]


async def _source(request: Request, settings: Settings) -> ops.Source:
    """The input by content type: a multipart image upload or a JSON tensor; 415 otherwise."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        return await ops.read_form(request, settings)
    if kind in ("application/json", ""):
        return await ops.read_json(request)
    raise HTTPException(415, "send JSON ({\"input\": a tensor}) or a multipart form with an image "
                             "in the field 'file'")


async def _stream(name: str, request: Request, run: Run, passes: int,
                  inner: str | None = None) -> StreamingResponse:
    preset = ops.runnable_preset(name)
    blocks = ops.inner_blocks(preset, inner)
    settings = get_settings(request)
    give_back = admission.admit(request, preset, "forward" if passes == 1 else "backward")
    try:
        source = await _source(request, settings)
        prepared = await run(ops.prepare, (preset, source, passes))
    except BaseException:
        give_back()
        raise
    lines = ops.forward_lines(prepared, blocks) if passes == 1 else ops.backward_lines(prepared)
    return streams.respond(lines, settings, run.limiter, on_close=give_back)


@router.post("/{name}/forward", summary="Feature maps of every layer, streamed",
             openapi_extra=PASS_BODY, responses=FORWARD_RESPONSES, response_class=StreamingResponse)
async def forward(name: Name, request: Request, run: Run, inner: Inner = None) -> StreamingResponse:
    """Send an image (multipart ``file``) or a JSON ``input`` tensor; receive NDJSON: a
    ``start`` line (the preprocessing steps), one ``layer`` line per layer as soon as it is
    computed (its output maps, kernels, shape, parameters, multiply-adds, information
    volume, time; a block's inner layers in ``children``, with their maps for the blocks
    named in ``inner``), then ``done`` with the top 5 classes and their probabilities."""
    return await _stream(name, request, run, passes=1, inner=inner)


@router.post("/{name}/backward", summary="Gradients of every layer, streamed",
             openapi_extra=PASS_BODY, responses=BACKWARD_RESPONSES, response_class=StreamingResponse)
async def backward(name: Name, request: Request, run: Run) -> StreamingResponse:
    """As ``forward``, plus an optional ``target`` class (default: the predicted one). The
    lines run from the loss back to the input: dL/d output and dL/d input of each layer and
    dL/d its weights; ``done`` carries the loss and a saliency map (|dL/d input|, the
    largest over the channels)."""
    return await _stream(name, request, run, passes=3)


@router.post("/{name}/explain", summary="Why it said that: an attribution map, streamed",
             openapi_extra=PASS_BODY, responses=EXPLAIN_RESPONSES, response_class=StreamingResponse)
async def explain(name: Name, request: Request, run: Run,
                  how: Annotated[ExplainSettings, Query()]) -> StreamingResponse:
    """Send an image (multipart ``file``, optional ``target``) or a JSON ``input`` tensor; the
    query names the method (``gradcam`` by default; ``gradient``, ``gradient_x_input``,
    ``guided``, ``guided_gradcam``, ``smoothgrad``, ``integrated``, ``occlusion``) and its
    settings. The cost (the method's passes times the network's multiply-adds) is checked
    against ``CNNVIS_MAX_EXPLAIN_MACS`` before any work (413 naming it). Receive NDJSON:
    ``start``, ``progress`` lines for the methods that take many passes, then ``done`` with
    the heat map over the input, the attribution per input value where the method has one,
    and its numbers (Grad-CAM's channel weights, integrated gradients' completeness check)."""
    preset = ops.runnable_preset(name)
    settings = get_settings(request)
    give_back = admission.admit(request, preset, "explain", explain_ops.copies(preset, how))
    try:
        source = await _source(request, settings)
        prepared = await run(ops.prepare, (preset, source, 1))
        macs = explain_ops.price(prepared, how, settings)
    except BaseException:
        give_back()
        raise
    return streams.respond(explain_ops.explain_lines(prepared, how, macs), settings, run.limiter,
                           on_close=give_back)


@router.post("/{name}/visualize", summary="What a channel looks for, streamed",
             responses=VISUALIZE_RESPONSES, response_class=StreamingResponse)
async def visualize(name: Name, request: Request, run: Run,
                    how: Annotated[VisualizeSettings, Query()]) -> StreamingResponse:
    """No body: the query names a top-level ``layer`` with maps and a ``channel``. Gradient
    ascent on the input raises that channel's mean (with jitter and an occasional blur so the
    picture is not noise); one ``progress`` line per step with the image every ``every``
    steps; ``done`` with the final image and the sample images' patches that excite the
    channel most, each with the input box its unit sees. Priced like an explanation
    (``CNNVIS_MAX_EXPLAIN_MACS``)."""
    preset = ops.runnable_preset(name)
    settings = get_settings(request)
    give_back = admission.admit(request, preset, "visualize")
    try:
        model = await run(visualize_ops.load, preset.name)
        macs = visualize_ops.price(preset, model, how, settings)
    except BaseException:
        give_back()
        raise
    return streams.respond(visualize_ops.visualize_lines(preset, model, how, macs), settings,
                           run.limiter, on_close=give_back)
