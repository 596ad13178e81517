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
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import anyio.to_thread

from .config import Settings

MEDIA_TYPE = "application/x-ndjson"

log = logging.getLogger("cnnvis.streams")

_END = object()


def line(record: dict[str, Any]) -> bytes:
    """One NDJSON line: compact JSON, no NaN (which JSON cannot carry), then a newline."""
    return json.dumps(record, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def _advance(records: Iterator[dict[str, Any]]) -> Any:
    """The next line, computed and serialised (a layer line can be megabytes of base64)."""
    record = next(records, _END)
    return record if record is _END else line(record)


async def ndjson(
    records: Iterator[dict[str, Any]],
    settings: Settings,
    limiter: anyio.CapacityLimiter,
    on_close: Callable[[], None] | None = None,
) -> AsyncIterator[bytes]:
    """Serve ``records`` as NDJSON lines, computing each one off the loop.

    Args:
        records: yields one JSON-ready dict per line; its last should have
            ``"type": "done"``.
        settings: for ``max_stream_seconds``.
        limiter: the heavy-work limiter (each ``next()`` holds one token).
        on_close: called once when the stream ends, however it ends.
    """
    deadline = time.monotonic() + settings.max_stream_seconds
    try:
        while True:
            if time.monotonic() > deadline:
                yield line({"type": "error", "detail": (
                    f"the stream ran longer than {settings.max_stream_seconds:g} seconds "
                    "(CNNVIS_MAX_STREAM_SECONDS) and was stopped"
                )})
                return
            try:
                record = await anyio.to_thread.run_sync(_advance, records, limiter=limiter)
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
        close = getattr(records, "close", None)
        if close is not None:
            close()
        if on_close is not None:
            on_close()
