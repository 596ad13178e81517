"""``cnnvis serve``: run the web app with uvicorn."""

from __future__ import annotations

import argparse
import os
from collections.abc import MutableMapping

from ..cli import Command
from ..config import Settings

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
"""BLAS threads per worker; 1 unless the user set them (requests already run in parallel)."""


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Default every BLAS thread variable to 1, keeping the user's own values."""
    for name in THREAD_VARIABLES:
        environ.setdefault(name, "1")


def configure(parser: argparse.ArgumentParser) -> None:
    """``--host``, ``--port``, ``--workers``, ``--log-level``."""
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes (default 1); each computes heavy requests in turn")
    parser.add_argument("--log-level", default="info",
                        choices=["critical", "error", "warning", "info", "debug"])


def run(args: argparse.Namespace) -> int:
    """Check the settings, then serve until interrupted."""
    if args.workers < 1:
        raise ValueError(f"--workers must be at least 1, got {args.workers}")
    one_blas_thread(os.environ)  # before NumPy loads in this process and in the workers
    Settings.from_env()  # a bad CNNVIS_* variable stops here with its sentence
    import uvicorn

    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, timeout_graceful_shutdown=10)
    return 0


COMMAND = Command(name="serve", help="serve the web app and the REST API", configure=configure,
                  run=run)
