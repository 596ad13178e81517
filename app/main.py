"""The FastAPI application: ``create_app()`` and the module-level ``app``.

``uvicorn app.main:app`` serves it; so do ``cnnvis serve`` and ``python -m app``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp

from . import __version__, errors, memory, warmup
from .admission import Budget
from .config import Settings
from .heavy import Runner, Slots
from .paths import STATIC_DIR, TEMPLATES_DIR
from .routers import API_ROUTERS, PAGE_ROUTERS
from .security import CrossSite, SecurityHeaders

API_PREFIX = "/api/v1"

DESCRIPTION = """\
Every layer computation of the cnnvis visualizer, by its NumPy engine.

Tensors are `{"shape": [...], "data": [flat numbers]}` or, for large ones,
`{"shape": [...], "dtype": "float32", "encoding": "base64", "data": "..."}`
(little-endian, row-major). Field names are those of `torch.nn.functional`.
Errors are JSON with a sentence; every request is bounded by the server's limits.
"""


class App(FastAPI):
    """FastAPI with :class:`SecurityHeaders` outside everything else.

    Added the usual way, middleware sits inside Starlette's ``ServerErrorMiddleware``,
    whose 500 would then leave without the security headers.
    """

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Build every preset before the first request is taken (in a worker thread, about 1.5 s
    once per process), so no first request waits for its network's weights."""
    memory.limit_arenas()
    app.state.presets_built = await anyio.to_thread.run_sync(warmup.warm)
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application.

    Every answer carries the security headers; a request over a size limit is refused
    (:class:`errors.RequestLimits`) before a browser request from another site is
    (:class:`CrossSite`), and both before any route runs.

    Args:
        settings: the limits; ``Settings.from_env()`` when None.
    """
    settings = Settings.from_env() if settings is None else settings
    app = App(
        title="cnnvis",
        version=__version__,
        summary="A CNN visualizer that teaches by computing.",
        description=DESCRIPTION,
        docs_url=None,  # served by routers.docs under the CSP
        redoc_url=None,
        responses=errors.ERROR_RESPONSES,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runner = Runner(settings)
    app.state.training_slots = Slots(settings.train_concurrency)
    app.state.memory_budget = Budget(settings.max_memory_bytes)
    app.state.templates = Jinja2Templates(directory=TEMPLATES_DIR)
    errors.install(app)
    app.add_middleware(CrossSite, allowed=settings.allowed_origins)
    app.add_middleware(errors.RequestLimits, settings=settings)  # added last: runs first
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    return app


app = create_app()
