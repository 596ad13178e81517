"""The engine's sliding-window trace, for the lab's step-by-step animation."""

from __future__ import annotations

import math
from typing import Any

from engine import trace as engine_trace

from ..config import Settings
from ..schemas import ConvRequest, PoolRequest
from ..tensors import Array, plain
from .budget import Plan


def check_steps(plan: Plan, settings: Settings, op: str) -> None:
    """Raise unless a trace of ``plan`` (one step per output cell) fits the limit."""
    steps = math.prod(plan.full_output)
    if steps > settings.max_trace_steps:
        raise ValueError(
            f"a trace of {op} records one step per output cell, {steps:,} here; the limit is "
            f"{settings.max_trace_steps:,} (CNNVIS_MAX_TRACE_STEPS): use a smaller input "
            "or ask without trace"
        )


def conv(x: Array, w: Array, b: Array | None, req: ConvRequest, settings: Settings) -> dict[str, Any]:
    """The convolution's trace as JSON-ready lists."""
    result = engine_trace.conv_trace(
        x, w, b, stride=req.stride, padding=req.padding, dilation=req.dilation,
        groups=req.groups, flip=req.flip, max_steps=settings.max_trace_steps,
    )
    return dict(plain(result))


def pool(x: Array, req: PoolRequest, args: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The pooling's trace as JSON-ready lists."""
    result = engine_trace.pool_trace(x, kind=req.kind, max_steps=settings.max_trace_steps, **args)
    return dict(plain(result))
