"""A real uvicorn server: health stays responsive while heavy convolutions compute."""

from __future__ import annotations

import asyncio
import base64

import httpx
import numpy as np

from tests.app.conftest import run_async

HEAVY_REQUESTS = 6


def heavy_body() -> dict[str, object]:
    """A convolution near the default multiply-add budget (about 1.8e8), in base64."""
    rng = np.random.default_rng(0)

    def b64(a: np.ndarray) -> dict[str, object]:
        return {"shape": list(a.shape), "dtype": "float32", "encoding": "base64",
                "data": base64.b64encode(a.astype("<f4").tobytes()).decode()}

    x = rng.standard_normal((1, 32, 100, 100))
    w = rng.standard_normal((64, 32, 3, 3))
    return {"input": b64(x), "weight": b64(w), "encoding": "base64"}


async def _health_during_heavy_work(base: str) -> tuple[list[int], list[int], int]:
    body = heavy_body()
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        heavy = [asyncio.create_task(client.post("/api/v1/conv", json=body))
                 for _ in range(HEAVY_REQUESTS)]
        pings: list[int] = []
        pings_while_busy = 0
        while not all(t.done() for t in heavy) and len(pings) < 2000:
            r = await client.get("/api/v1/health")
            pings.append(r.status_code)
            if not all(t.done() for t in heavy):
                pings_while_busy += 1
            await asyncio.sleep(0.01)
        statuses = [(await t).status_code for t in heavy]
    return statuses, pings, pings_while_busy


def test_health_answers_while_heavy_requests_are_in_flight(live_server: str) -> None:
    statuses, pings, pings_while_busy = run_async(_health_during_heavy_work(live_server))
    assert statuses == [200] * HEAVY_REQUESTS
    assert pings and set(pings) == {200}
    assert pings_while_busy >= 1  # a ping came back before the heavy ones were all done


def test_live_server_serves_the_page_and_the_api(live_server: str) -> None:
    assert httpx.get(live_server + "/").status_code == 200
    r = httpx.post(live_server + "/api/v1/conv", json={
        "input": {"shape": [28, 28], "data": [1.0] * 784},
        "weight": {"shape": [3, 3], "data": [1.0] * 9}})
    assert r.status_code == 200
    assert r.json()["output"]["shape"] == [26, 26]
