"""The engine's sliding-window traces as typed payloads (``trace: true`` on conv and pool).

Field for field the engine's :class:`engine.trace.ConvTrace` and :class:`engine.trace.PoolTrace`
(arrays become nested lists); ``tests/app/test_trace_schema.py`` fails if either side renames
a field, and the lab reads only fields named here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ConvTraceOut", "PoolTraceOut"]

Nested = list[Any]
"""An array as nested lists of numbers (or booleans), row-major."""


class _Trace(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    stride: list[int]
    dilation: list[int]
    pads: list[list[int]] = Field(description="(lo, hi) per spatial axis.")
    padded: Nested = Field(description="(N, C, *P): the input with its zero padding.")
    output: Nested = Field(description="(N, C_out, *O).")
    index: list[list[int]] = Field(description="(S, 2 + nd): rows [n, c, *o], one per step.")
    origin: list[list[int]] = Field(description="(S, nd): window corner in padded coordinates.")
    taps: list[list[int]] = Field(description="(prod(K), nd): tap offsets from the origin.")
    window: Nested = Field(description="The values each step's window reads.")
    result: list[float] = Field(description="(S,): each step's output value.")
    fields: list[list[int]] = Field(description="Per output position, the flat input positions it covers.")
    feeds: list[list[int]] = Field(description="Per input position, the flat output positions it feeds.")


class ConvTraceOut(_Trace):
    """Every step of a convolution: ``S`` steps, ``Cg = C_in / groups`` channels a step reads."""

    flip: bool
    groups: int
    weight: Nested = Field(description="(C_out, Cg, *K): the kernel as applied (rotated if flip).")
    channels: list[list[int]] = Field(description="(S, Cg): the input channels each step reads.")
    products: Nested = Field(description="(S, Cg, *K): window times kernel.")
    channel_sums: list[list[float]] = Field(description="(S, Cg): the products summed per channel.")
    bias: list[float] = Field(description="(S,): the output channel's bias (0 without).")


class PoolTraceOut(_Trace):
    """Every step of a max or average pooling."""

    kernel: list[int]
    ceil_mode: bool
    count_include_pad: bool
    inside: Nested = Field(description="(*P,): true on real input cells, false on padding.")
    unvisited: Nested = Field(description="(*S,): true on the input cells no window reads.")
    valid: Nested = Field(description="(S, *K): true where a tap reads a real input cell.")
    maxima: Nested = Field(description="(S, *K): true on the taps holding the maximum.")
    first: list[int] = Field(description="(S,): flat tap of the first maximum, -1 for average.")
    argmax: list[int] = Field(
        description="(S,): the first maximum's flat position in its channel of the unpadded input "
        "(PyTorch's return_indices), -1 for average or a window of nothing but padding."
    )
    divisor: list[float] = Field(description="(S,): the cells an average divides by (1 for max).")
