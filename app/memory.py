"""Giving memory back to the system after a burst (glibc's allocator; elsewhere these do nothing).

glibc keeps freed memory in per-thread arenas for reuse; with many worker threads a burst of
large requests leaves gigabytes resident while the server sits idle. :func:`limit_arenas`
caps the arenas at start-up and :func:`trim` asks the allocator to return what is free.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache

log = logging.getLogger("cnnvis.memory")

M_ARENA_MAX = -8
"""``mallopt`` parameter: the most arenas glibc's malloc makes."""
ARENAS = 2


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim  # noqa: B018 - glibc only
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap malloc's arenas (call before the worker threads allocate); False where unsupported."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas))


def trim() -> bool:
    """Return free heap memory to the system; False where unsupported or nothing was freed."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0))
