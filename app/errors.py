"""Error answers: one JSON shape, a human sentence, never a 5xx for bad input.

- The engine's ``ValueError`` -> 422 ``{"detail": "<the engine's sentence>"}``.
- :class:`TooLarge` (a ``ValueError``) -> 413 with its sentence.
- Request validation -> 422 ``{"detail": [{"loc", "msg", "type"}, ...]}``, without
  the offending input (it may be a megabyte of numbers, or NaN that JSON cannot carry).
- Every ``HTTPException`` (404, 405, the form parser's 400, ...) -> ``{"detail":
  "<sentence>"}``, the framework's bare phrases ("Not Found") replaced by sentences.
- Anything unexpected -> 500 ``{"detail": "<sentence>"}``.
- :class:`RequestLimits` refuses what is too large before the app reads it: a URL
  (414), headers (431), a body (413, declared or counted) or a ``Content-Length``
  that is not a number (400).
- :func:`protocol_refusal` words the answer for what the HTTP server itself cannot
  parse (``cnnvis serve`` sends it, see ``app/commands/serve.py``).
"""

from __future__ import annotations

import http
import re
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from .config import Settings

MAX_ISSUES = 20
"""Validation answers list at most this many problems."""

MAX_LOC_CHARS = 64
"""Location parts (field names, which a client chooses) are cut to this length."""


class TooLarge(ValueError):
    """A request that asks for more than a limit allows: answered with 413."""


class BodyTooLarge(HTTPException):
    """A request body that grew past ``CNNVIS_MAX_BODY_BYTES`` while it was read: 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, body_refusal(None, limit), headers={"Connection": "close"})


class Message(BaseModel):
    """An error answer: one sentence."""

    detail: str = Field(examples=["kernel 3x3 spans 3x3, larger than the padded input 2x2"])


class Issue(BaseModel):
    """One problem found while validating a request."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationMessage(BaseModel):
    """A 422 answer: the engine's sentence, or the list of validation problems."""

    detail: str | list[Issue]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Message, "description": "The body is not readable (not UTF-8, not JSON)."},
    413: {"model": Message, "description": "The request is larger than a limit allows."},
}
"""Documented for every route of the app (FastAPI adds them to each operation)."""

COMPUTE_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {
        "model": Message,
        "description": "A browser request from another site's page (by its Origin or "
                       "Sec-Fetch-Site) whose origin is not in CNNVIS_ALLOWED_ORIGINS.",
    },
    422: {
        "model": ValidationMessage,
        "description": "Values that do not fit: the engine's sentence, or the fields at fault.",
    },
}
"""Documented for every route that validates a body and computes."""

FORM_TOO_LARGE = ("Part exceeded maximum size", "Field exceeded maximum size")
"""How the form parser's 400 begins when a field other than a file is too large (then 413)."""

SERVER_ERROR = ("the server failed while answering this request; this is a bug in cnnvis, "
                "and the server's log has the details")


def body_refusal(declared: int | None, limit: int) -> str:
    """The 413 sentence for a body of ``declared`` bytes (None: counted past the limit)."""
    if declared is None:
        return f"the request body is larger than the limit of {limit:,} bytes (CNNVIS_MAX_BODY_BYTES)"
    return (f"the request body is {declared:,} bytes; the limit is {limit:,} bytes "
            "(CNNVIS_MAX_BODY_BYTES)")


def url_refusal(length: int, limit: int) -> str:
    """The 414 sentence."""
    return f"the URL is {length:,} bytes long; the limit is {limit:,} bytes (CNNVIS_MAX_URL_BYTES)"


def header_refusal(length: int | None, limit: int) -> str:
    """The 431 sentence for ``length`` bytes of headers (None: more than the limit)."""
    if length is None:
        return (f"the request's headers are larger than the limit of {limit:,} bytes "
                "(CNNVIS_MAX_HEADER_BYTES)")
    return (f"the request's headers are {length:,} bytes; the limit is {limit:,} bytes "
            "(CNNVIS_MAX_HEADER_BYTES)")


def protocol_refusal(error: BaseException | None, buffered: bytes, limit: int) -> tuple[int, str]:
    """Status and sentence for a request the HTTP server cannot parse.

    Args:
        error: the parser's exception (h11's ``RemoteProtocolError``), if known.
        buffered: the bytes it held when it gave up.
        limit: the most bytes of request line and headers it buffers.
    """
    status = getattr(error, "error_status_hint", 400)
    if status == 431:
        first_line_ends = buffered.find(b"\n", 0, limit)
        if first_line_ends < 0:
            return 414, (f"the request line (method and URL) is longer than {limit:,} bytes, "
                         "the limit for a request's line and headers (CNNVIS_MAX_HEADER_BYTES)")
        return 431, header_refusal(None, limit)
    reason = re.sub(r":\s*(bytearray\(|b['\"]).*", "", str(error or "")).strip().rstrip(".")
    reason = reason[:100] or "malformed"
    if status == 501:
        return 501, f"the server does not support this request ({reason})"
    return status, (f"the request is not valid HTTP/1.1 ({reason}), so the server cannot read "
                    "it; check the request line, the headers and Content-Length")


def _short(part: Any) -> str | int:
    """A location part as sent back: an index, or a name cut to :data:`MAX_LOC_CHARS`."""
    if isinstance(part, int):
        return part
    text = str(part)
    return text if len(text) <= MAX_LOC_CHARS else text[:MAX_LOC_CHARS] + "..."


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 listing where and why the request is invalid, never echoing the input."""
    assert isinstance(exc, RequestValidationError)
    issues = [
        {"loc": [_short(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
         "type": str(e.get("type", ""))}
        for e in exc.errors()[:MAX_ISSUES]
    ]
    return JSONResponse({"detail": issues}, status_code=422)


async def value_error(request: Request, exc: Exception) -> JSONResponse:
    """The engine's ``ValueError`` as 422 (or 413 for :class:`TooLarge`) with its sentence."""
    if isinstance(exc, ValidationError):  # a pydantic model built wrongly: our bug, not the input's
        raise exc
    status = 413 if isinstance(exc, TooLarge) else 422
    return JSONResponse({"detail": str(exc)}, status_code=status)


def _phrase(status: int) -> str:
    """The standard phrase of ``status`` ("Not Found"), or "" for a code without one."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _sentence(request: Request, exc: StarletteHTTPException) -> tuple[int, str]:
    """An ``HTTPException``'s status and sentence, the framework's bare phrases replaced."""
    status, detail = exc.status_code, str(exc.detail)
    path = request.url.path[:100]
    if detail.startswith(FORM_TOO_LARGE):
        return 413, ("a form field other than the file is larger than 1 MiB, the most the form "
                     "parser takes; send the image in the field 'file'")
    if status == 400 and request.headers.get("content-type", "").startswith("multipart/"):
        return 400, f"the multipart form cannot be read: {detail.rstrip('.')}"
    if detail == "There was an error parsing the body":
        return 400, "the request body cannot be read: send UTF-8 JSON (or a multipart form)"
    if detail != _phrase(status):
        return status, detail
    if status == 404:
        return 404, f"there is nothing at {path}; the API is under /api/v1, described at /docs"
    if status == 405:
        allowed = (exc.headers or {}).get("Allow", "another method")
        return 405, f"{request.method[:16]} is not allowed on {path}; it takes {allowed}"
    return status, f"{detail} ({status}) for {request.method[:16]} {path}"


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Any ``HTTPException`` as ``{"detail": sentence}`` with its headers (Allow, Retry-After)."""
    assert isinstance(exc, StarletteHTTPException)
    status, sentence = _sentence(request, exc)
    return JSONResponse({"detail": sentence}, status_code=status, headers=exc.headers)


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    """500 with a sentence (the traceback goes to the log, never to the client)."""
    return JSONResponse({"detail": SERVER_ERROR}, status_code=500)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValueError, value_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)


def head_refusal(scope: Scope, settings: Settings) -> tuple[int, str] | None:
    """Status and sentence when a request's URL, headers or declared body is over a limit."""
    url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
    if url > settings.max_url_bytes:
        return 414, url_refusal(url, settings.max_url_bytes)
    header_bytes = sum(len(k) + len(v) + 4 for k, v in scope["headers"])
    if header_bytes > settings.max_header_bytes:
        return 431, header_refusal(header_bytes, settings.max_header_bytes)
    declared = Headers(scope=scope).get("content-length")
    if declared is None:
        return None
    digits = declared.strip()
    if not (digits.isascii() and digits.isdigit()):
        return 400, f"Content-Length must be a whole number of bytes, got {declared[:32]!r}"
    if len(digits) > 15 or int(digits) > settings.max_body_bytes:
        size = int(digits) if len(digits) <= 15 else None
        return 413, body_refusal(size, settings.max_body_bytes)
    return None


class RequestLimits:
    """Refuses, as JSON, a request whose URL, headers or body is over its limit.

    The URL, the headers and a declared ``Content-Length`` are checked before the app
    runs; a body without one is counted as it is read, and the read that crosses
    ``max_body_bytes`` raises :class:`BodyTooLarge` (413).
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = head_refusal(scope, self.settings)
        if refusal is not None:
            status, sentence = refusal
            response = JSONResponse({"detail": sentence}, status_code=status,
                                    headers={"Connection": "close"})  # the body is left unread
            await response(scope, receive, send)
            return
        limit, received, started = self.settings.max_body_bytes, 0, False

        async def counted_receive() -> ASGIMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: ASGIMessage) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge as exc:  # read outside a route, where no handler saw it
            if started:
                raise
            await JSONResponse({"detail": exc.detail}, status_code=413,
                               headers=exc.headers)(scope, receive, send)
