"""Error answers: one JSON shape, a human sentence, never a 5xx for bad input.

- The engine's ``ValueError`` -> 422 ``{"detail": "<the engine's sentence>"}``.
- :class:`TooLarge` (a ``ValueError``) -> 413 with its sentence.
- Request validation -> 422 ``{"detail": [{"loc", "msg", "type"}, ...]}``, without
  the offending input (it may be a megabyte of numbers, or NaN that JSON cannot carry).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

MAX_ISSUES = 20
"""Validation answers list at most this many problems."""

MAX_LOC_CHARS = 64
"""Location parts (field names, which a client chooses) are cut to this length."""


class TooLarge(ValueError):
    """A request that asks for more than a limit allows: answered with 413."""


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
    422: {
        "model": ValidationMessage,
        "description": "Values that do not fit: the engine's sentence, or the fields at fault.",
    },
}
"""Documented for every route that validates a body and computes."""


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


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValueError, value_error)
