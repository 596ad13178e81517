"""Pooling requests: max or average, forward (with an optional trace) and backward."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import pool as engine_pool

from ..config import Settings
from ..schemas import PoolBackwardRequest, PoolBackwardResponse, PoolRequest, PoolResponse
from ..tensors import Array, check_elements, decode, encode, shape_of
from . import budget, tracing
from .layout import Layout, check_grad_output, input_layout, pool_dimension


def _engine(kind: str, nd: int, backward: bool) -> Callable[..., Array]:
    """``max_pool2d``, ``avg_pool3d_backward``, ... from the engine."""
    name = f"{kind}_pool{nd}d" + ("_backward" if backward else "")
    fn: Callable[..., Array] = getattr(engine_pool, name)
    return fn


def _arguments(req: PoolRequest | PoolBackwardRequest) -> dict[str, Any]:
    """The engine's keyword arguments for ``req.kind``; wrong-kind options are an error."""
    args: dict[str, Any] = {"kernel_size": req.kernel_size, "stride": req.stride,
                            "padding": req.padding, "ceil_mode": req.ceil_mode}
    ties = getattr(req, "ties", None)
    if req.kind == "max":
        if req.count_include_pad is not None:
            raise ValueError("count_include_pad applies to average pooling (kind 'avg') only")
        args["dilation"] = 1 if req.dilation is None else req.dilation
        if isinstance(req, PoolBackwardRequest):
            args["ties"] = ties or "first"
    else:
        if req.dilation is not None:
            raise ValueError("average pooling has no dilation; it applies to kind 'max' only")
        if ties is not None:
            raise ValueError("ties applies to max pooling (kind 'max') only")
        args["count_include_pad"] = True if req.count_include_pad is None else req.count_include_pad
    return args


def _prepare(
    req: PoolRequest | PoolBackwardRequest, settings: Settings
) -> tuple[Layout, dict[str, Any], budget.Plan]:
    """Check the sizes, read the layout and the budget; no array is made yet."""
    check_elements(shape_of(req.input), "input", settings.max_tensor_elements)
    if isinstance(req, PoolBackwardRequest):
        check_elements(shape_of(req.grad_output), "grad_output", settings.max_tensor_elements)
    args = _arguments(req)
    nd = pool_dimension(shape_of(req.input), req.kernel_size, req.ndim)
    layout = input_layout(shape_of(req.input), nd, f"{req.kind}_pool{nd}d")
    plan = budget.pool_plan(layout.full_input, req.kernel_size, req.stride, req.padding,
                            args.get("dilation", 1), req.ceil_mode)
    return layout, args, plan


def pool_forward(req: PoolRequest, settings: Settings) -> PoolResponse:
    """``max_pool*d`` / ``avg_pool*d`` of the request, answered in the input's layout."""
    layout, args, plan = _prepare(req, settings)
    op = f"{req.kind}_pool{layout.nd}d"
    budget.check(plan, settings, op)
    if req.trace:
        tracing.check_steps(plan, settings, op)
    x = decode(req.input, "input", max_elements=settings.max_tensor_elements)
    x = x.reshape(layout.full_input)
    with np.errstate(all="ignore"):
        y = _engine(req.kind, layout.nd, backward=False)(x, **args)
    trace = tracing.pool(x, req, args, settings) if req.trace else None
    return PoolResponse(output=encode(y.reshape(layout.user_shape(y.shape)), req.encoding),
                        trace=trace)


def pool_backward(req: PoolBackwardRequest, settings: Settings) -> PoolBackwardResponse:
    """``*_pool*d_backward`` of the request: the input gradient in the input's shape."""
    layout, args, plan = _prepare(req, settings)
    budget.check(plan.scaled(2), settings, f"{req.kind}_pool{layout.nd}d backward")
    check_grad_output(layout, plan.full_output, shape_of(req.grad_output))
    x = decode(req.input, "input", max_elements=settings.max_tensor_elements)
    go = decode(req.grad_output, "grad_output", max_elements=settings.max_tensor_elements,
                dtype=x.dtype)
    with np.errstate(all="ignore"):
        gx = _engine(req.kind, layout.nd, backward=True)(
            go.reshape(plan.full_output), x.reshape(layout.full_input), **args)
    return PoolBackwardResponse(grad_input=encode(gx.reshape(shape_of(req.input)), req.encoding))
