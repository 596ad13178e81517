"""Shared fixtures: a live uvicorn server on loopback for tests that need real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

STARTUP_SECONDS = 20
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(**settings: str) -> Iterator[str]:
    """Run ``uvicorn app.main:app`` on a free loopback port; yield its base URL.

    The benchmarks start their servers with this too (``benchmarks/liveserver.py``).

    Args:
        settings: ``CNNVIS_*`` environment variables for this server.
    """
    with serve_with(["-m", "uvicorn", "app.main:app", "--log-level", "warning"], **settings) as base:
        yield base


@contextmanager
def serve_with(args: list[str], **settings: str) -> Iterator[str]:
    """Run ``python <args> --host 127.0.0.1 --port <free>`` until its health answers; yield its URL.

    Args:
        args: the command after the interpreter (``-m uvicorn app.main:app`` or ``-m app serve``).
        settings: ``CNNVIS_*`` environment variables for this server.
    """
    port = _free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **settings}
    proc = subprocess.Popen([sys.executable, *args, "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            if httpx.get(base + "/api/v1/health", timeout=0.5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the server ({' '.join(args)}) did not start")
        time.sleep(0.1)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Base URL of a live server with the default settings, one worker."""
    with serve() as base:
        yield base
