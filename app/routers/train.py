"""``/api/v1/train``: train a small preset with the engine, progress streamed."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from engine import network

from .. import admission, streams
from ..errors import COMPUTE_RESPONSES, Message
from ..heavy import Run, Slots, get_settings
from ..ops.training import check, train_lines
from ..schemas.lines import TrainLine, stream_schema
from ..schemas.networks import TrainRequest

router = APIRouter(prefix="/train", tags=["training"])


def slots_of(request: Request) -> Slots:
    """The app's training slots (made by ``create_app``)."""
    slots: Slots = request.app.state.training_slots
    return slots


@router.post("", summary="Train lenet5, lenet5_1998 or tinyvgg, progress streamed",
             response_class=StreamingResponse,
             responses={200: {"description": "NDJSON lines: start, progress per step, done.",
                              "content": {streams.MEDIA_TYPE: {"schema": stream_schema(TrainLine)}}},
                        503: {"model": Message, "description": "Every training slot is busy."},
                        **COMPUTE_RESPONSES})
async def train(body: TrainRequest, request: Request, run: Run) -> StreamingResponse:
    """Minibatch SGD with momentum or Adam on cross-entropy, from seeded random weights
    (``init: "scratch"``) or from the shipped trained ones (``"trained"``, fine-tuning). One
    ``progress`` line per step (loss, accuracy), with the first layer's kernels and a
    sample's feature maps every ``every`` steps; ``done`` at the end. Bounded in steps and
    in time; closing the connection stops the training."""
    settings = get_settings(request)
    check(body, settings)
    slots = slots_of(request)
    if not slots.take():
        raise HTTPException(503, f"{slots.size} trainings are running already, the most this "
                                 "server runs at once (CNNVIS_TRAIN_CONCURRENCY); try again soon",
                            headers={"Retry-After": "30"})
    try:
        give_memory = admission.admit(request, network.get(body.network), "train", body.batch_size)
    except BaseException:
        slots.give_back()
        raise

    def close() -> None:
        slots.give_back()
        give_memory()

    return streams.respond(train_lines(body), settings, run.limiter, on_close=close)
