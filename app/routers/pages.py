"""The HTML pages: Jinja renders the shell, data arrives by ``fetch``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..security import nonce_of

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    """The home page."""
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request, "index.html", {"nonce": nonce_of(request.scope)}
    )
