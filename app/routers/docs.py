"""``/docs``: the API reference, rendered in the browser from ``/openapi.json`` by our own
ES module (no third-party script, nothing fetched from elsewhere)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..security import nonce_of

router = APIRouter(tags=["docs"], include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    """The documentation of every endpoint and its error answers."""
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request, "docs.html", {"nonce": nonce_of(request.scope), "page": "docs"}
    )
