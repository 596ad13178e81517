"""Security headers, CSP nonces, no CORS; the pages and the docs answer."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def nonce(csp: str) -> str:
    match = re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", csp)
    assert match, csp
    return match.group(1)


def test_security_headers_on_api_answers(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp


def test_nonce_differs_per_request(client: TestClient) -> None:
    nonces = {nonce(client.get("/").headers["content-security-policy"]) for _ in range(5)}
    assert len(nonces) == 5


def test_security_headers_on_errors(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json={})
    assert r.status_code == 422
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in r.headers


def test_no_cors_for_a_foreign_origin(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    r = client.get("/api/v1/health", headers=origin)
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    preflight = client.options("/api/v1/conv", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code >= 400


def test_home_page_renders(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "cnnvis: Convolution lab</title>" in r.text
    assert 'href="/docs"' in r.text
    assert "/static/css/base.css" in r.text
    assert 'data-page="lab"' in r.text  # the convolution lab is the home page
    assert "/static/js/main.js" in r.text


def test_static_css_is_served(client: TestClient) -> None:
    r = client.get("/static/css/base.css")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/css")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_docs_page_scripts_carry_the_requests_nonce(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    n = nonce(csp)
    scripts = re.findall(r"<script[^>]*>", r.text)
    assert scripts and all(f'nonce="{n}"' in s for s in scripts)
    assert "https://" not in csp  # nothing is loaded from another site
    assert "/openapi.json" in r.text


def test_openapi_answers(client: TestClient) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "cnnvis"


def test_unknown_path_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/nothing").status_code == 404
