"""Transposed convolution requests, with an optional stamp trace.

Bounded by the same named limits as ``/api/v1/conv``, checked from the shapes before any
array is made: every tensor (the answer too) by ``max_tensor_elements``, the arithmetic
``N * C_in * prod(H) * C_out/groups * prod(K)`` by ``max_macs``, the engine's temporaries (the
uncropped result ``N * C_out * prod(O + 2P)`` and the columns ``N * C_out * prod(K) * prod(H)``
it scatters) by ``max_work_elements``, and a trace by ``max_trace_steps`` (one step per input
cell) and ``max_tensor_elements`` (the output kept after every step). Per spatial axis
``O = (H - 1) * S - 2P + D * (K - 1) + output_padding + 1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import conv as engine_conv
from engine import shapes, transpose_trace

from ..config import Settings
from ..schemas import ConvTransposeRequest, ConvTransposeResponse
from ..tensors import Array, check_elements, decode, encode, plain, shape_of
from . import budget
from .layout import Layout, conv_dimension, input_layout

TRANSPOSE: dict[int, Callable[..., Array]] = {
    1: engine_conv.conv_transpose1d, 2: engine_conv.conv_transpose2d, 3: engine_conv.conv_transpose3d,
}

Shape = tuple[int, ...]


def transpose_layout(input_shape: Shape, weight_shape: Shape, ndim: int | None) -> tuple[Layout, Shape]:
    """The input's layout and the full weight ``(C_in, C_out/groups, *K)``."""
    nd = conv_dimension(input_shape, weight_shape, ndim)
    op = f"conv_transpose{nd}d"
    if len(weight_shape) == nd:
        full_weight: Shape = (1, 1, *weight_shape)
    elif len(weight_shape) == nd + 2:
        full_weight = weight_shape
    else:
        dims = "x".join(map(str, weight_shape))
        raise ValueError(
            f"{op} takes a kernel of {nd} axes or (C_in, C_out/groups, {nd} kernel axes); "
            f"got weight of shape {dims}"
        )
    return input_layout(input_shape, nd, op), full_weight


def transpose_plan(full_input: Shape, full_weight: Shape, req: ConvTransposeRequest) -> budget.Plan | None:
    """Output shape and cost of the call, or None when the engine will refuse it with its sentence.

    Only shapes are read; the engine checks the same arguments again before it allocates.
    """
    nd = len(full_input) - 2
    n, c_in, *spatial = full_input
    w_in, c_per_group, *kernel = full_weight
    s = shapes.ntuple(req.stride, nd, "stride", minimum=1)
    p = shapes.ntuple(req.padding, nd, "padding", minimum=0)
    op = shapes.ntuple(req.output_padding, nd, "output_padding", minimum=0)
    d = shapes.ntuple(req.dilation, nd, "dilation", minimum=1)
    if w_in != c_in or c_in % req.groups or any(o >= max(si, di) for o, si, di in zip(op, s, d)):
        return None
    out = tuple((h - 1) * si - 2 * pi + di * (k - 1) + oi + 1
                for h, si, pi, di, k, oi in zip(spatial, s, p, d, kernel, op))
    if min(out) < 1:
        return None
    c_out = c_per_group * req.groups
    macs = n * c_in * math.prod(spatial) * c_per_group * math.prod(kernel)
    canvas = n * c_out * math.prod(o + 2 * pi for o, pi in zip(out, p))  # before the crop
    columns = n * c_out * math.prod(kernel) * math.prod(spatial)  # W^T @ input, before col2im
    return budget.Plan((n, c_out, *out), macs, max(canvas, columns))


def conv_transpose(req: ConvTransposeRequest, settings: Settings) -> ConvTransposeResponse:
    """``conv_transpose1d/2d/3d`` of the request, answered in the input's layout."""
    limit = settings.max_tensor_elements
    for name in ("input", "weight", "bias"):
        tensor = getattr(req, name)
        if tensor is not None:
            check_elements(shape_of(tensor), name, limit)
    layout, full_weight = transpose_layout(shape_of(req.input), shape_of(req.weight), req.ndim)
    op = f"conv_transpose{layout.nd}d"
    plan = transpose_plan(layout.full_input, full_weight, req)
    if plan is not None:
        budget.check(plan, settings, op)
    if req.trace:
        steps = math.prod(layout.full_input)
        if steps > settings.max_trace_steps:
            raise ValueError(
                f"a trace of {op} records one stamp per input cell, {steps:,} here; the limit is "
                f"{settings.max_trace_steps:,} (CNNVIS_MAX_TRACE_STEPS): use a smaller input "
                "or ask without trace"
            )
        kept = steps * math.prod(plan.full_output[1:]) if plan is not None else 0
        if kept > settings.max_tensor_elements:
            raise ValueError(
                f"a trace of {op} keeps the output after each of its {steps:,} stamps, {kept:,} "
                f"numbers; the limit is {settings.max_tensor_elements:,} "
                "(CNNVIS_MAX_TENSOR_ELEMENTS): use a smaller input or ask without trace"
            )
    x = decode(req.input, "input", max_elements=limit).reshape(layout.full_input)
    w = decode(req.weight, "weight", max_elements=limit, dtype=x.dtype).reshape(full_weight)
    b = None if req.bias is None else decode(req.bias, "bias", max_elements=limit, dtype=x.dtype)
    hyper = {"stride": req.stride, "padding": req.padding, "output_padding": req.output_padding,
             "groups": req.groups, "dilation": req.dilation}
    trace: dict[str, Any] | None = None
    with np.errstate(all="ignore"):  # overflow is reported as a sentence by encode()
        if req.trace:
            traced = transpose_trace.conv_transpose_trace(
                x, w, b, **hyper, max_steps=settings.max_trace_steps, max_elements=limit)
            y, trace = traced.output, dict(plain(traced))
        else:
            y = TRANSPOSE[layout.nd](x, w, b, **hyper)
    return ConvTransposeResponse(output=encode(y.reshape(layout.user_shape(y.shape)), req.encoding),
                                 trace=trace)
