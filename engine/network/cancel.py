"""Stopping a pass between layers when whoever asked for it has gone.

A caller (the server, for a client that disconnected) runs engine work inside
:func:`watching` with a ``stop`` function; every layer's forward and backward
(:mod:`engine.network.graph`) calls :func:`check` first, which raises
:class:`Cancelled` once ``stop()`` is true. A long step (a training batch of 256, an
explanation's batch) thus ends within one layer of the request, not at its end.
The watch is per thread, so concurrent passes do not see each other's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Cancelled", "check", "stopped_count", "watching"]

_local = threading.local()
_stopped = [0]  # passes stopped so far in this process (a list: shared across threads)


class Cancelled(RuntimeError):
    """The pass was stopped because its ``stop()`` became true."""


@contextmanager
def watching(stop: Callable[[], bool]) -> Iterator[None]:
    """Within the block, :func:`check` in this thread raises once ``stop()`` is true."""
    before = getattr(_local, "stop", None)
    _local.stop = stop
    try:
        yield
    finally:
        _local.stop = before


def check() -> None:
    """Raise :class:`Cancelled` if this thread's pass should stop (a no-op when unwatched)."""
    stop = getattr(_local, "stop", None)
    if stop is not None and stop():
        _stopped[0] += 1
        raise Cancelled("the pass was stopped: nobody is waiting for it any more")


def stopped_count() -> int:
    """How many passes :func:`check` has stopped in this process."""
    return _stopped[0]
