"""A server started the way users start it (``cnnvis serve``), raw HTTP to talk to it,
and the check that an answer is one of our refusals.

``tests/conftest.py`` runs ``uvicorn app.main:app`` directly; the HTTP server's own
refusals (what h11 cannot parse) are only JSON under ``cnnvis serve``, so these tests
start that.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import serve_with


@contextmanager
def cnnvis_serve(**settings: str) -> Iterator[str]:
    """Run ``python -m app serve`` on a free loopback port; yield its base URL.

    Args:
        settings: ``CNNVIS_*`` environment variables for this server.
    """
    with serve_with(["-m", "app", "serve", "--log-level", "error"], **settings) as base:
        yield base


@dataclass(frozen=True)
class RawAnswer:
    """An HTTP answer read off a socket."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def raw_request(base: str, data: bytes, timeout: float = 30) -> RawAnswer:
    """Send ``data`` as it is to the server at ``base``; read the answer until it closes.

    The server may answer and close before it has read everything (a refusal); a send
    that fails then is ignored, and the answer already sent is read.
    """
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # refused and closed before the rest was read
        received = b""
        while b"\r\n\r\n" not in received or not _complete(received):
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith("HTTP/1.1 "), received[:200]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawAnswer(int(lines[0].split()[1]), headers, body)


def _complete(received: bytes) -> bool:
    """Whether a whole answer with a Content-Length has arrived."""
    head, _, body = received.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy",
                    "x-frame-options")


def assert_refusal(answer: httpx.Response | RawAnswer, status: int, *words: str) -> str:
    """``answer`` is ``status`` with a JSON sentence holding ``words``, and our headers."""
    got = answer.status_code if isinstance(answer, httpx.Response) else answer.status
    assert got == status, (got, answer.headers)
    assert answer.headers["content-type"].startswith("application/json")
    body: Any = answer.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str), body
    for word in words:
        assert word in body["detail"], body["detail"]
    for name in SECURITY_HEADERS:
        assert name in answer.headers, (name, answer.headers)
    assert answer.headers["x-content-type-options"] == "nosniff"
    return str(body["detail"])
