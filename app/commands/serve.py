"""``cnnvis serve``: run the web app with uvicorn.

uvicorn parses HTTP with h11 through :class:`JsonH11Protocol`, which answers the
requests it cannot parse (a malformed request line, ``Content-Length: -1``, headers
over ``CNNVIS_MAX_HEADER_BYTES``) the way the app answers everything else: JSON
``{"detail": sentence}`` with the security headers, where uvicorn would send plain
text. Everything it can parse goes to the app, whose own limits (URL, headers, body)
answer the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import MutableMapping

import h11
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from ..cli import Command
from ..config import Settings
from ..errors import protocol_refusal
from ..security import security_headers

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
"""BLAS threads per worker; 1 unless the user set them (requests already run in parallel)."""

H11_DEFAULT_LIMIT = 16 * 1024
"""h11's own limit on a request's line and headers, when uvicorn is not given one."""

PROTOCOL = "app.commands.serve:JsonH11Protocol"
"""The HTTP protocol class uvicorn runs, by import path (so every worker process finds it)."""


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Default every BLAS thread variable to 1, keeping the user's own values."""
    for name in THREAD_VARIABLES:
        environ.setdefault(name, "1")


def json_error_head(status: int, body: bytes) -> list[tuple[bytes, bytes]]:
    """Headers of a JSON error answer that closes the connection."""
    headers = {"content-type": "application/json", "content-length": str(len(body)),
               "connection": "close", **security_headers()}
    return [(k.lower().encode(), v.encode()) for k, v in headers.items()]


class JsonH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with its own refusals (400, 414, 431, 501) as JSON sentences."""

    def send_400_response(self, msg: str) -> None:
        """Answer a request h11 refused; called while its ``RemoteProtocolError`` is handled."""
        limit = self.config.h11_max_incomplete_event_size or H11_DEFAULT_LIMIT
        buffered, _ = self.conn.trailing_data
        status, sentence = protocol_refusal(sys.exception(), buffered, limit)
        body = json.dumps({"detail": sentence}, separators=(",", ":")).encode()
        head = h11.Response(status_code=status, headers=json_error_head(status, body),
                            reason=STATUS_PHRASES[status])
        for event in (head, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()


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
    settings = Settings.from_env()  # a bad CNNVIS_* variable stops here with its sentence
    import uvicorn

    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, timeout_graceful_shutdown=10, http=PROTOCOL,
                h11_max_incomplete_event_size=settings.max_header_bytes)
    return 0


COMMAND = Command(name="serve", help="serve the web app and the REST API", configure=configure,
                  run=run)
