"""The cost of a request, from shapes alone, checked before any array exists.

Convolution: ``N * C_out * prod(O) * (C_in / groups) * prod(K)`` multiply-adds,
temporaries of the padded input ``N * C_in * prod(S + 2P)`` and the im2col
columns ``N * C_in * prod(K) * prod(O)``. Pooling: ``N * C * prod(O) * prod(K)``
window comparisons and the same temporaries. The shape arithmetic is the
engine's own (``engine.shapes``), so a kernel that does not fit gets the
engine's sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from engine import shapes
from engine.validate import check_channels

from ..config import Settings

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    """What one engine call will produce and cost.

    Attributes:
        full_output: ``(N, C_out, *O)``.
        macs: multiply-adds (or comparisons) of the call.
        work: elements of its largest temporary.
    """

    full_output: Shape
    macs: int
    work: int

    def scaled(self, factor: int) -> Plan:
        """The same geometry, ``factor`` times the arithmetic (a backward pass)."""
        return Plan(self.full_output, self.macs * factor, self.work)


def conv_plan(
    full_input: Shape, full_weight: Shape, stride: int | Sequence[int],
    padding: int | Sequence[int] | str, dilation: int | Sequence[int], groups: int,
) -> Plan:
    """Output shape and cost of a convolution; the engine's ``ValueError`` if it cannot run."""
    nd = len(full_input) - 2
    n, c_in, *spatial = full_input
    c_out, c_per_group, *kernel = full_weight
    check_channels(c_in, c_per_group, groups, c_out)
    s = shapes.ntuple(stride, nd, "stride", minimum=1)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    pads = shapes.resolve_conv_padding(padding, kernel, s, d)
    out = shapes.conv_output_shape(spatial, kernel, s, pads, d)
    padded = math.prod(h + lo + hi for h, (lo, hi) in zip(spatial, pads))
    cells = math.prod(out)
    macs = n * c_out * cells * c_per_group * math.prod(kernel)
    work = n * c_in * max(padded, math.prod(kernel) * cells)
    return Plan((n, c_out, *out), macs, work)


def pool_plan(
    full_input: Shape, kernel_size: int | Sequence[int], stride: int | Sequence[int] | None,
    padding: int | Sequence[int], dilation: int | Sequence[int], ceil_mode: bool,
) -> Plan:
    """Output shape and cost of a pooling; the engine's ``ValueError`` if it cannot run."""
    nd = len(full_input) - 2
    n, c, *spatial = full_input
    k = shapes.ntuple(kernel_size, nd, "kernel_size", minimum=1)
    s = k if stride is None else shapes.ntuple(stride, nd, "stride", minimum=1)
    p = shapes.ntuple(padding, nd, "padding", minimum=0)
    d = shapes.ntuple(dilation, nd, "dilation", minimum=1)
    out = shapes.pool_output_shape(spatial, k, s, p, d, ceil_mode)
    padded = math.prod(h + 2 * pi for h, pi in zip(spatial, p))
    cells = math.prod(out)
    macs = n * c * cells * math.prod(k)
    return Plan((n, c, *out), macs, n * c * max(padded, math.prod(k) * cells))


def check(plan: Plan, settings: Settings, what: str) -> None:
    """Raise unless ``plan`` fits the output, arithmetic and memory limits.

    Raises:
        ValueError: an answer larger than a tensor may be, or more arithmetic or
            temporary memory than a request may use.
    """
    size = math.prod(plan.full_output)
    if size > settings.max_tensor_elements:
        dims = "x".join(map(str, plan.full_output))
        raise ValueError(
            f"the {what} output would be {dims} = {size:,} numbers; the limit is "
            f"{settings.max_tensor_elements:,} per tensor (CNNVIS_MAX_TENSOR_ELEMENTS)"
        )
    if plan.macs > settings.max_macs:
        raise ValueError(
            f"this {what} needs {plan.macs:,} multiply-adds; the limit is {settings.max_macs:,} "
            "per request (CNNVIS_MAX_MACS): use a smaller input, kernel or stride 2"
        )
    if plan.work > settings.max_work_elements:
        raise ValueError(
            f"this {what} needs temporary arrays of {plan.work:,} numbers; the limit is "
            f"{settings.max_work_elements:,} (CNNVIS_MAX_WORK_ELEMENTS): use less padding "
            "or a smaller input"
        )
