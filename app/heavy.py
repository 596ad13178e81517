"""Numerical work off the event loop, a few requests at a time.

Each worker process computes at most ``heavy_concurrency`` requests at once
(an anyio ``CapacityLimiter``); the others wait without holding a thread, and
fast routes such as ``/api/v1/health`` never wait behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request

from .config import Settings

Body = TypeVar("Body")
Result = TypeVar("Result")


class Runner:
    """Runs ``work(body, settings)`` in a worker thread under the concurrency limit."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiter = anyio.CapacityLimiter(settings.heavy_concurrency)

    async def __call__(self, work: Callable[[Body, Settings], Result], body: Body) -> Result:
        return await anyio.to_thread.run_sync(work, body, self.settings, limiter=self.limiter)


def get_runner(request: Request) -> Runner:
    """The app's runner (made by ``create_app``)."""
    runner: Runner = request.app.state.runner
    return runner


def get_settings(request: Request) -> Settings:
    """The app's settings (made by ``create_app``)."""
    settings: Settings = request.app.state.settings
    return settings


Run = Annotated[Runner, Depends(get_runner)]
"""Route dependency: ``await run(conv_forward, body)``."""


class Slots:
    """A fixed number of long jobs (training streams) per worker; no waiting, a 503 instead.

    Used from the event loop only, so a plain counter is safe.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def take(self) -> bool:
        """Take a slot if one is free."""
        if self.taken >= self.size:
            return False
        self.taken += 1
        return True

    def give_back(self) -> None:
        """Free a slot taken with :meth:`take`."""
        self.taken = max(0, self.taken - 1)
