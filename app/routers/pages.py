"""The HTML pages: Jinja renders the shell, data arrives by ``fetch``.

Each page is a template with a ``page`` name; ``static/js/main.js`` reads it from
``<body data-page>`` and mounts ``static/js/pages/<page>.js``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..security import nonce_of

router = APIRouter(tags=["pages"], include_in_schema=False)


def _page(request: Request, page: str) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request, f"{page}.html", {"nonce": nonce_of(request.scope), "page": page}
    )


@router.get("/", response_class=HTMLResponse)
async def lab(request: Request) -> HTMLResponse:
    """The convolution lab, the page a learner opens first."""
    return _page(request, "lab")


@router.get("/maps", response_class=HTMLResponse)
async def maps(request: Request) -> HTMLResponse:
    """Feature maps of an image, layer by layer."""
    return _page(request, "maps")


@router.get("/backprop", response_class=HTMLResponse)
async def backprop(request: Request) -> HTMLResponse:
    """Gradients through a network, convolution and pooling backward, training."""
    return _page(request, "backprop")


@router.get("/teach", response_class=HTMLResponse)
async def teach(request: Request) -> HTMLResponse:
    """Teach it your own classes: photos per class, a head trained on their feature vectors."""
    return _page(request, "teach")
