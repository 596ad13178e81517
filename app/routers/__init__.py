"""The app's routers, one module per resource.

``API_ROUTERS`` are mounted under ``/api/v1``; adding a resource is one line here.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    conv,
    conv_transpose,
    docs,
    health,
    networks,
    pages,
    pool,
    samples,
    shapes,
    teach,
    train,
)

API_ROUTERS: list[APIRouter] = [
    health.router, conv.router, conv_transpose.router, pool.router, shapes.router, networks.router,
    train.router, samples.router, teach.router,
]
"""Mounted under ``/api/v1``."""

PAGE_ROUTERS: list[APIRouter] = [pages.router, docs.router]
"""Mounted at the root."""
