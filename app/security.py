"""Security headers on every answer, with a fresh CSP nonce per request.

A pure ASGI middleware (not ``BaseHTTPMiddleware``, which interferes with
streaming). The nonce is put in ``request.state.csp_nonce`` so templates can
mark their own ``<script nonce="...">``; any other inline script is blocked.
A route may send its own ``Content-Security-Policy`` (the API docs page does);
the middleware only fills in headers that are missing.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(nonce: str) -> str:
    """The pages' CSP: same origin only, inline scripts only with this request's ``nonce``."""
    return (
        f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
        "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
        "base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


def nonce_of(scope: Scope) -> str:
    """The nonce the middleware chose for this request."""
    return str(scope["state"]["csp_nonce"])


class SecurityHeaders:
    """Adds CSP (with a per-request nonce), nosniff, Referrer-Policy and X-Frame-Options."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)
