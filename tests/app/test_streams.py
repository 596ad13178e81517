"""NDJSON streams: each line leaves before the next is computed; a disconnect stops the work."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx

from app.config import Settings
from app.streams import ndjson
from tests.app.conftest import run_async
from tests.conftest import serve


def test_first_line_is_sent_before_the_second_is_computed() -> None:
    computed: list[int] = []

    def layers() -> Iterator[dict[str, Any]]:
        for i in range(3):
            computed.append(i)
            yield {"type": "layer", "index": i}
        yield {"type": "done"}

    async def first_line() -> tuple[bytes, list[int]]:
        stream = ndjson(layers(), Settings(), anyio.CapacityLimiter(1))
        line = await stream.__anext__()
        seen = list(computed)
        await stream.aclose()
        return line, seen

    line, seen = run_async(first_line())
    assert json.loads(line) == {"type": "layer", "index": 0}
    assert seen == [0]  # layer 1 had not been computed when layer 0 went out
    assert computed == [0]  # and closing the stream computed nothing more


def test_closing_a_stream_closes_the_engines_generator() -> None:
    closed: list[bool] = []

    def layers() -> Iterator[dict[str, Any]]:
        try:
            while True:
                yield {"type": "layer"}
        finally:
            closed.append(True)

    async def read_two() -> None:
        stream = ndjson(layers(), Settings(), anyio.CapacityLimiter(1))
        await stream.__anext__()
        await stream.__anext__()
        await stream.aclose()

    run_async(read_two())
    assert closed == [True]


def test_a_failure_after_the_first_line_is_an_error_line() -> None:
    def layers() -> Iterator[dict[str, Any]]:
        yield {"type": "layer"}
        raise ValueError("the kernel melted")

    async def read_all() -> list[dict[str, Any]]:
        return [json.loads(x) async for x in ndjson(layers(), Settings(), anyio.CapacityLimiter(1))]

    assert run_async(read_all()) == [{"type": "layer"},
                                       {"type": "error", "detail": "the kernel melted"}]


def test_live_disconnect_stops_training_and_frees_its_slot() -> None:
    """With one training slot, a second training is refused while the first streams, and
    accepted once the first client has gone: the server stopped the abandoned one."""
    body = {"network": "lenet5", "steps": 1000, "batch_size": 256}  # minutes of work
    with serve(CNNVIS_TRAIN_CONCURRENCY="1") as base, httpx.Client(base_url=base,
                                                                     timeout=60) as client:
        with client.stream("POST", "/api/v1/train", json=body) as first:
            lines = first.iter_lines()
            assert json.loads(next(lines))["type"] == "start"
            assert json.loads(next(lines))["type"] == "progress"
            busy = client.post("/api/v1/train", json=body)
            assert busy.status_code == 503 and "CNNVIS_TRAIN_CONCURRENCY" in busy.json()["detail"]
        statuses = []
        for _ in range(100):  # bounded: the slot is freed when the server notices the close
            with client.stream("POST", "/api/v1/train", json={**body, "steps": 1}) as again:
                statuses.append(again.status_code)
                again.read()
            if statuses[-1] == 200:
                break
            time.sleep(0.1)
        assert statuses[-1] == 200


def test_live_forward_streams_layer_lines_for_an_upload(live_server: str) -> None:
    from tests.app.test_networks import photo

    with httpx.Client(base_url=live_server, timeout=60) as client:
        with client.stream("POST", "/api/v1/networks/edges/forward",
                           files={"file": ("p.png", photo(224), "image/png")}) as r:
            assert r.status_code == 200
            kinds = [json.loads(line)["type"] for line in r.iter_lines() if line]
    assert kinds[0] == "start" and kinds[-1] == "done" and kinds.count("layer") >= 3
