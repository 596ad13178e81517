"""``/docs``: Swagger UI under the page's CSP (its scripts carry this request's nonce)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from ..security import content_security_policy, nonce_of

CDN = "https://cdn.jsdelivr.net"
FAVICON_HOST = "https://fastapi.tiangolo.com"

router = APIRouter(tags=["docs"], include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    """The interactive API documentation of ``/openapi.json``."""
    nonce = nonce_of(request.scope)
    page = get_swagger_ui_html(openapi_url=request.app.openapi_url, title=request.app.title)
    html = bytes(page.body).decode().replace("<script", f'<script nonce="{nonce}"')
    csp = content_security_policy(nonce, script_src=[CDN], style_src=[CDN], img_src=[FAVICON_HOST])
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})
