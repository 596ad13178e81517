"""NDJSON streams: one JSON object a line, each computed off the event loop.

A stream wraps a plain iterator (the engine's layer-by-layer generators). Every
``next()``, and the JSON encoding of its line, runs in a worker thread under the
heavy-work limiter, so the event
loop stays free and only a few streams compute at once. The stream is an
*async* generator: when the client disconnects, Starlette stops iterating it,
its ``finally`` closes the engine's generator, and no further layer is computed.

The last line is ``{"type": "done", ...}``, or ``{"type": "error", "detail": ...}``
when something failed after the first line was sent (a status code can no
longer change then), or when the stream ran past ``max_stream_seconds``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import anyio.to_thread
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from engine.network import cancel

from .config import Settings

MEDIA_TYPE = "application/x-ndjson"

log = logging.getLogger("cnnvis.streams")

_END = object()


def line(record: dict[str, Any]) -> bytes:
    """One NDJSON line: compact JSON, no NaN (which JSON cannot carry), then a newline."""
    return json.dumps(record, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def _advance(records: Iterator[dict[str, Any]], stopped: threading.Event) -> Any:
    """The next line, computed and serialised (a layer line can be megabytes of base64);
    the engine stops between layers once ``stopped`` is set (the client left)."""
    with cancel.watching(stopped.is_set):
        record = next(records, _END)
    return record if record is _END else line(record)


class NDJSONResponse(StreamingResponse):
    """A streamed answer that notices a client leaving while a line is still being computed.

    Starlette (for ASGI 2.4 servers) learns of a disconnect only when it sends the next line,
    which may be a training step of seconds away; this response listens for
    ``http.disconnect`` all along, sets ``stopped`` (the engine then stops between layers,
    see :mod:`engine.network.cancel`) and cancels the stream.
    """

    media_type = MEDIA_TYPE

    def __init__(self, content: AsyncIterator[bytes], stopped: threading.Event) -> None:
        super().__init__(content, media_type=MEDIA_TYPE)
        self.stopped = stopped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:
            async def stream() -> None:
                try:
                    await self.stream_response(send)
                except OSError:
                    self.stopped.set()
                group.cancel_scope.cancel()

            async def listen() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                self.stopped.set()
                group.cancel_scope.cancel()

            group.start_soon(stream)
            group.start_soon(listen)


def respond(records: Iterator[dict[str, Any]], settings: Settings, limiter: anyio.CapacityLimiter,
            on_close: Callable[[], None] | None = None) -> NDJSONResponse:
    """``records`` served as an NDJSON stream (:func:`ndjson`) that stops when its client leaves."""
    stopped = threading.Event()
    return NDJSONResponse(ndjson(records, settings, limiter, on_close, stopped), stopped)


async def ndjson(
    records: Iterator[dict[str, Any]],
    settings: Settings,
    limiter: anyio.CapacityLimiter,
    on_close: Callable[[], None] | None = None,
    stopped: threading.Event | None = None,
) -> AsyncIterator[bytes]:
    """Serve ``records`` as NDJSON lines, computing each one off the loop.

    Args:
        records: yields one JSON-ready dict per line; its last should have
            ``"type": "done"``.
        settings: for ``max_stream_seconds``.
        limiter: the heavy-work limiter (each ``next()`` holds one token).
        on_close: called once when the stream ends, however it ends.
        stopped: set when the client left (:class:`NDJSONResponse` sets it); the engine
            stops between layers then.
    """
    deadline = time.monotonic() + settings.max_stream_seconds
    stopped = threading.Event() if stopped is None else stopped
    try:
        while True:
            if time.monotonic() > deadline:
                yield line({"type": "error", "detail": (
                    f"the stream ran longer than {settings.max_stream_seconds:g} seconds "
                    "(CNNVIS_MAX_STREAM_SECONDS) and was stopped"
                )})
                return
            try:
                # Abandoned on cancel (the client left): the finally below sets `stopped` at
                # once, and the thread stops at its next layer instead of finishing its step.
                record = await anyio.to_thread.run_sync(_advance, records, stopped, limiter=limiter,
                                                        abandon_on_cancel=True)
            except ValueError as exc:
                yield line({"type": "error", "detail": str(exc)})
                return
            except Exception:  # noqa: BLE001 - after the first line only a line can report it
                log.exception("a stream failed")
                yield line({"type": "error", "detail": "the server failed while computing; "
                                                       "the stream was stopped"})
                return
            if record is _END:
                return
            yield record
    finally:
        stopped.set()
        close = getattr(records, "close", None)
        if close is not None:
            try:
                close()
            except ValueError:  # "generator already executing": the abandoned thread still
                pass            # runs it; it stops at its next layer (stopped is set)
        if on_close is not None:
            on_close()
