"""Admission by memory: a network stream starts only if what it will hold fits the worker's budget.

Concurrency alone does not bound memory: a stream holds its arrays (a backward pass keeps
every layer's input) while it waits for its next turn, so twenty interleaved VGG16 backward
streams held two gigabytes. Each stream is priced from the network's shapes before any
work (:func:`estimate`), takes that many bytes from the worker's :class:`Budget`, and gives
them back when it ends, however it ends. Over the budget the answer is 503 with
``Retry-After`` and a sentence naming ``CNNVIS_MAX_MEMORY_BYTES``.

The budget is used from the event loop only (route handlers and the streams' close
callbacks), so a plain counter is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import HTTPException, Request

from engine import network

from .config import Settings
from .memory import trim

__all__ = ["Budget", "admit", "admit_bytes", "estimate"]

FLOAT = 4
"""Bytes per number (the networks run in float32)."""
IM2COL = 9
"""A convolution's column matrix holds about kernel-area (3x3) copies of its largest input."""
RETRY_SECONDS = 5
"""Retry-After of a refused stream that holds its memory for seconds (backward, explain, train)."""
RETRY_FORWARD_SECONDS = 1
"""Retry-After of a refused forward pass: they finish in 0.1 to 2 s, so memory frees soon (with
5 s, 30 uploads at once to EfficientNet-Lite0 waited 10.5 s for the last answer, for 2 s of work)."""

Pass = Literal["forward", "backward", "explain", "visualize", "train"]


class Budget:
    """Bytes a worker's admitted streams may hold at once."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0

    def take(self, n: int) -> bool:
        """Take ``n`` bytes if they fit (a single request larger than the whole budget is
        admitted when nothing else runs, so every preset can run on an idle worker)."""
        if self.used and self.used + n > self.capacity:
            return False
        self.used += n
        return True

    def give(self, n: int) -> None:
        """Give back what :meth:`take` took; the allocator is asked to return freed memory."""
        self.used = max(0, self.used - n)
        if self.used == 0:
            trim()


def _volume(row: network.LayerSummary) -> int:
    return row.volume + sum(_volume(k) for kids in row.children for k in kids)


def _leaves(row: network.LayerSummary) -> list[network.LayerSummary]:
    if not row.children:
        return [row]
    return [leaf for kids in row.children for k in kids for leaf in _leaves(k)]


def estimate(preset: network.Preset, kind: Pass, copies: int = 1) -> int:
    """Bytes a stream of ``kind`` over ``preset`` holds at its peak, from the shapes alone.

    A forward pass holds a block's maps (the block's inner layers included) twice over
    and one convolution's column matrix, for each of ``copies`` images run at once; a
    backward pass keeps every layer's input; an explanation or a visualisation is ``copies``
    backward passes at once; training ``copies`` samples (the batch).
    """
    rows = preset.run_summary.layers
    largest = max(_volume(r) for r in rows)
    leaf = max(leaf.volume for r in rows for leaf in _leaves(r))
    columns = IM2COL * leaf
    weights = preset.run_summary.params  # gradients of the weights, in a backward
    if kind == "forward":
        numbers = copies * (2 * largest + columns)
    else:
        numbers = copies * (2 * sum(_volume(r) for r in rows) + columns) + weights
    return FLOAT * numbers


def admit(request: Request, preset: network.Preset, kind: Pass, copies: int = 1,
          extra: int = 0) -> Callable[[], None]:
    """Take the stream's bytes (:func:`estimate`, plus ``extra`` bytes the request holds
    besides, such as its decoded images) from the worker's budget; returns the function that
    gives them back (call it when the work ends).

    Raises:
        HTTPException: 503 with ``Retry-After`` when the budget is full.
    """
    return admit_bytes(request, estimate(preset, kind, copies) + extra, f"a {kind} pass of {preset.name}",
                       RETRY_FORWARD_SECONDS if kind == "forward" else RETRY_SECONDS)


def admit_bytes(request: Request, need: int, what: str, retry: int = RETRY_SECONDS) -> Callable[[], None]:
    """Take ``need`` bytes for ``what`` (words for the refusal: "training a head") from the
    worker's budget; returns the function that gives them back, once however often called.
    A refusal asks the client to come back in ``retry`` seconds.

    Raises:
        HTTPException: 503 with ``Retry-After`` when the budget is full.
    """
    budget: Budget = request.app.state.memory_budget
    settings: Settings = request.app.state.settings
    if not budget.take(need):
        raise HTTPException(
            503, f"this worker is busy: {what} needs about "
                 f"{need / 2**20:,.0f} MiB and {budget.used / 2**20:,.0f} of its "
                 f"{settings.max_memory_bytes / 2**20:,.0f} MiB (CNNVIS_MAX_MEMORY_BYTES) are taken; "
                 f"try again in a few seconds",
            headers={"Retry-After": str(retry)})
    given = False

    def give_back() -> None:
        nonlocal given
        if not given:
            given = True
            budget.give(need)

    return give_back
