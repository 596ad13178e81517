"""A cnnvis server for a benchmark, started as the tests start theirs.

``with serve() as base:`` runs uvicorn on a free loopback port (one worker, one BLAS
thread, as the README's figures are measured) and yields its URL once
``/api/v1/health`` answers; ``serve(url)`` yields a server that already runs, untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.conftest import serve as serve_here


@contextmanager
def serve(url: str | None = None) -> Iterator[str]:
    """The base URL of a server: ``url`` if given, else one started here for the block."""
    if url:
        yield url.rstrip("/")
        return
    with serve_here() as base:
        yield base
