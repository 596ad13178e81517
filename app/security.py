"""Security headers on every answer, and no compute work for other sites' pages.

Both are pure ASGI middleware (not ``BaseHTTPMiddleware``, which interferes with
streaming).

- :class:`SecurityHeaders` puts a fresh CSP nonce in ``request.state.csp_nonce``
  so templates can mark their own ``<script nonce="...">``; any other inline
  script is blocked. A route may send its own ``Content-Security-Policy`` (the API
  docs page does); the middleware only fills in headers that are missing.
- :class:`CrossSite` refuses, with 403, a browser request that would make the
  server compute (any method but GET, HEAD and OPTIONS) when it comes from a page
  of another site: its ``Origin`` is not this server's own, or it says
  ``Sec-Fetch-Site: cross-site``. Clients that send no ``Origin`` (curl, httpx,
  notebooks) are not browsers' cross-site requests and pass. Origins listed in
  ``CNNVIS_ALLOWED_ORIGINS`` pass too, and get CORS headers so their pages can
  read the answers.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import DEFAULT_PORTS, normal_origin

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods that only read; every other one (POST) makes the server work."""

CORS_MAX_AGE = 600
"""Seconds a browser may remember an allowed origin's preflight answer."""


def content_security_policy(nonce: str) -> str:
    """The pages' CSP: same origin only, inline scripts only with this request's ``nonce``."""
    return (
        f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
        "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
        "base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


def security_headers(nonce: str | None = None) -> dict[str, str]:
    """The headers every answer carries; a fresh nonce when ``nonce`` is None."""
    return {
        "Content-Security-Policy": content_security_policy(nonce or secrets.token_urlsafe(16)),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


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
                for name, value in security_headers(nonce).items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """``("example.org", 443)`` from a Host value, the port defaulting to the scheme's."""
    try:
        parts = urlsplit("//" + netloc.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port or DEFAULT_PORTS.get(scheme, 80)


def same_origin(origin: str, headers: Headers) -> bool:
    """Whether ``origin`` is this server as the request reached it (``Host``).

    Ports default by the origin's scheme, so ``https://example.org`` matches ``Host:
    example.org`` behind a proxy that ends TLS. ``X-Forwarded-Host`` counts too: a
    cross-site page cannot set it without a CORS preflight, which this server refuses.
    """
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False  # "null" (sandboxed frames, file: pages) and anything unreadable
    theirs = (parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme])
    hosts = [headers.get("host", ""), headers.get("x-forwarded-host", "").split(",")[0]]
    return any(_host_port(h, parts.scheme) == theirs for h in hosts if h.strip())


def cross_site_origin(headers: Headers) -> str | None:
    """The origin of a browser request from another site's page, or None.

    Returns:
        the ``Origin`` header (or ``"another site"`` when only ``Sec-Fetch-Site`` tells).
    """
    origin = headers.get("origin")
    if origin is not None and not same_origin(origin, headers):
        return origin
    if headers.get("sec-fetch-site", "").strip().lower() == "cross-site":
        return origin or "another site"
    return None


def cross_site_refusal(origin: str) -> str:
    """The 403 sentence for a compute request from ``origin``."""
    return (f"this server does not compute for pages of another site ({origin[:80]}); "
            "its operator can allow that site by listing its origin in CNNVIS_ALLOWED_ORIGINS")


class CrossSite:
    """403 for compute requests from other sites' pages, unless their origin is allowed.

    Args:
        app: the application behind.
        allowed: normalised origins (``Settings.allowed_origins``); these pass and get CORS.
    """

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = frozenset(allowed)

    def _listed(self, origin: str | None) -> str | None:
        if origin is None or not self.allowed:
            return None
        try:
            return origin if normal_origin(origin) in self.allowed else None
        except ValueError:
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        listed = self._listed(headers.get("origin"))
        if listed is not None:
            await self._allowed(listed, scope, receive, send)
            return
        origin = cross_site_origin(headers) if scope["method"] not in SAFE_METHODS else None
        if origin is None:
            await self.app(scope, receive, send)
            return
        response = JSONResponse({"detail": cross_site_refusal(origin)}, status_code=403,
                                headers={"Connection": "close"})  # the body is left unread
        await response(scope, receive, send)

    async def _allowed(self, origin: str, scope: Scope, receive: Receive, send: Send) -> None:
        """An allowed origin's request: a preflight is answered here, the rest get CORS headers."""
        cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        headers = Headers(scope=scope)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            preflight = {**cors, "Access-Control-Allow-Methods": "GET, POST",
                         "Access-Control-Allow-Headers": "content-type",
                         "Access-Control-Max-Age": str(CORS_MAX_AGE)}
            await Response(status_code=204, headers=preflight)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = origin
                out.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)
