"""Convolution requests: forward (with an optional trace) and backward."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine import conv as engine_conv

from ..config import Settings
from ..schemas import ConvBackwardRequest, ConvBackwardResponse, ConvRequest, ConvResponse
from ..tensors import Array, check_elements, decode, encode, shape_of
from . import budget, tracing
from .layout import Layout, check_grad_output, conv_layout

FORWARD: dict[int, Callable[..., Array]] = {
    1: engine_conv.conv1d, 2: engine_conv.conv2d, 3: engine_conv.conv3d,
}
BACKWARD: dict[int, Callable[..., tuple[Array, Array, Array]]] = {
    1: engine_conv.conv1d_backward, 2: engine_conv.conv2d_backward, 3: engine_conv.conv3d_backward,
}


def _prepare(
    req: ConvRequest | ConvBackwardRequest, settings: Settings
) -> tuple[Layout, tuple[int, ...], budget.Plan]:
    """Check the sizes, read the layout and the budget; no array is made yet."""
    for name in ("input", "weight", "bias", "grad_output"):
        tensor = getattr(req, name, None)
        if tensor is not None:
            check_elements(shape_of(tensor), name, settings.max_tensor_elements)
    layout, full_weight = conv_layout(shape_of(req.input), shape_of(req.weight), req.ndim)
    plan = budget.conv_plan(layout.full_input, full_weight, req.stride, req.padding,
                            req.dilation, req.groups)
    return layout, full_weight, plan


def _arrays(
    req: ConvRequest | ConvBackwardRequest, layout: Layout, full_weight: tuple[int, ...],
    settings: Settings,
) -> tuple[Array, Array]:
    """The input and weight in the engine's full layout, the weight in the input's dtype."""
    limit = settings.max_tensor_elements
    x = decode(req.input, "input", max_elements=limit)
    w = decode(req.weight, "weight", max_elements=limit, dtype=x.dtype)
    return x.reshape(layout.full_input), w.reshape(full_weight)


def _hyperparameters(req: ConvRequest | ConvBackwardRequest) -> dict[str, object]:
    return {"stride": req.stride, "padding": req.padding, "dilation": req.dilation,
            "groups": req.groups, "flip": req.flip}


def conv_forward(req: ConvRequest, settings: Settings) -> ConvResponse:
    """``conv1d/2d/3d`` of the request, answered in the input's layout."""
    layout, full_weight, plan = _prepare(req, settings)
    op = f"conv{layout.nd}d"
    budget.check(plan, settings, op)
    if req.trace:
        tracing.check_steps(plan, settings, op)
    x, w = _arrays(req, layout, full_weight, settings)
    b = None
    if req.bias is not None:
        b = decode(req.bias, "bias", max_elements=settings.max_tensor_elements,
                   dtype=x.dtype)
    with np.errstate(all="ignore"):  # overflow is reported as a sentence by encode()
        y = FORWARD[layout.nd](x, w, b, **_hyperparameters(req))
    trace = tracing.conv(x, w, b, req, settings) if req.trace else None
    return ConvResponse(output=encode(y.reshape(layout.user_shape(y.shape)), req.encoding),
                        trace=trace)


def conv_backward(req: ConvBackwardRequest, settings: Settings) -> ConvBackwardResponse:
    """``conv*d_backward`` of the request: gradients in the shapes the user gave."""
    layout, full_weight, plan = _prepare(req, settings)
    budget.check(plan.scaled(2), settings, f"conv{layout.nd}d backward")
    check_grad_output(layout, plan.full_output, shape_of(req.grad_output))
    x, w = _arrays(req, layout, full_weight, settings)
    go = decode(req.grad_output, "grad_output", max_elements=settings.max_tensor_elements,
                dtype=x.dtype)
    with np.errstate(all="ignore"):
        gx, gw, gb = BACKWARD[layout.nd](go.reshape(plan.full_output), x, w,
                                         **_hyperparameters(req))
    return ConvBackwardResponse(
        grad_input=encode(gx.reshape(shape_of(req.input)), req.encoding),
        grad_weight=encode(gw.reshape(shape_of(req.weight)), req.encoding),
        grad_bias=encode(gb, req.encoding),
    )
