"""App test fixtures: an in-process client on the real engine, and tensor helpers."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

T = TypeVar("T")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """A client of an app with the default limits."""
    with TestClient(create_app(Settings())) as c:
        yield c


def small_client(**limits: Any) -> TestClient:
    """A client of an app with some limits lowered (use as a context manager)."""
    return TestClient(create_app(Settings(**limits)))


def as_list(a: np.ndarray) -> dict[str, Any]:
    """An array as a list tensor (its dtype named when float32)."""
    t: dict[str, Any] = {"shape": list(a.shape), "data": a.ravel().tolist()}
    if a.dtype == np.float32:
        t["dtype"] = "float32"
    return t


def as_base64(a: np.ndarray) -> dict[str, Any]:
    """An array as a base64 tensor."""
    little = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<"))
    return {"shape": list(a.shape), "dtype": a.dtype.name, "encoding": "base64",
            "data": base64.b64encode(little.tobytes()).decode()}


def to_array(t: dict[str, Any]) -> np.ndarray:
    """An answer tensor as an array (either encoding)."""
    if t["encoding"] == "base64":
        flat = np.frombuffer(base64.b64decode(t["data"]), dtype=np.dtype(t["dtype"]).newbyteorder("<"))
    else:
        flat = np.asarray(t["data"], dtype=t["dtype"])
    return flat.astype(t["dtype"]).reshape(t["shape"])


def post_raw(client: TestClient, path: str, body: str | bytes) -> Any:
    """POST a body as it is (NaN and Infinity literals, broken JSON)."""
    return client.post(path, content=body, headers={"content-type": "application/json"})


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)`` in a thread of its own.

    The browser tests' Playwright (sync API) keeps an event loop running in the main
    thread for the whole session, where ``asyncio.run`` would refuse to start.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
