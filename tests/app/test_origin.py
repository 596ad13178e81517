"""Compute endpoints refuse other sites' browser requests unless CNNVIS_ALLOWED_ORIGINS lists them.

Judged by ``Origin`` (not this server's own host) or ``Sec-Fetch-Site: cross-site``;
clients that send no ``Origin`` (curl, httpx, notebooks) pass, and so do our own pages
(the browser tests in ``tests/browser`` exercise those).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.app.conftest import as_list, small_client
from tests.app.served import assert_refusal, cnnvis_serve

EVIL = "https://evil.example"
COURSE = "https://course.example.org"
CONV = {"input": as_list(np.ones((5, 5))), "weight": as_list(np.ones((3, 3)))}


def png_file() -> dict[str, tuple[str, bytes, str]]:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    return {"file": ("a.png", out.getvalue(), "image/png")}


def post_paths(client: TestClient) -> list[str]:
    """Every POST endpoint the API documents (each of them computes)."""
    spec = client.get("/openapi.json").json()
    return [path.replace("{name}", "lenet5") for path, ops in spec["paths"].items()
            if "post" in ops]


def test_every_compute_endpoint_refuses_another_sites_page(client: TestClient) -> None:
    paths = post_paths(client)
    assert "/api/v1/conv" in paths and "/api/v1/train" in paths
    for path in paths:
        r = client.post(path, json={}, headers={"Origin": EVIL})
        assert_refusal(r, 403, EVIL, "CNNVIS_ALLOWED_ORIGINS")


def test_cross_site_upload_is_refused_before_it_is_read(client: TestClient) -> None:
    r = client.post("/api/v1/networks/lenet5/forward", files=png_file(),
                    headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert_refusal(r, 403, "CNNVIS_ALLOWED_ORIGINS")
    assert r.headers["connection"] == "close"


def test_sec_fetch_site_cross_site_alone_is_refused(client: TestClient) -> None:
    r = client.post("/api/v1/conv", json=CONV, headers={"Sec-Fetch-Site": "cross-site"})
    assert_refusal(r, 403, "CNNVIS_ALLOWED_ORIGINS")


@pytest.mark.parametrize("origin", ["null", "http://testserver:8080", "http://evil.testserver",
                                    "not an origin"])
def test_origins_that_are_not_this_server_are_refused(client: TestClient, origin: str) -> None:
    r = client.post("/api/v1/conv", json=CONV, headers={"Origin": origin})
    assert_refusal(r, 403, "CNNVIS_ALLOWED_ORIGINS")


@pytest.mark.parametrize("headers", [
    {},  # curl, httpx, notebooks
    {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},  # our own pages
    {"Origin": "https://testserver"},  # behind a proxy that ends TLS
    {"Sec-Fetch-Site": "none"},  # typed by the user
    {"Origin": "https://cnnvis.example.org", "X-Forwarded-Host": "cnnvis.example.org"},
])
def test_same_origin_and_non_browser_requests_compute(client: TestClient,
                                                      headers: dict[str, str]) -> None:
    r = client.post("/api/v1/conv", json=CONV, headers=headers)
    assert r.status_code == 200, r.text
    assert "access-control-allow-origin" not in r.headers


def test_reads_from_another_site_are_not_refused(client: TestClient) -> None:
    r = client.get("/api/v1/networks", headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers


def test_a_listed_origin_computes_and_gets_cors() -> None:
    with small_client(allowed_origins=(COURSE + "/",)) as c:
        r = c.post("/api/v1/conv", json=CONV,
                   headers={"Origin": COURSE, "Sec-Fetch-Site": "cross-site"})
        assert r.status_code == 200, r.text
        assert r.headers["access-control-allow-origin"] == COURSE
        assert "Origin" in r.headers["vary"]
        assert "content-security-policy" in r.headers
        assert_refusal(c.post("/api/v1/conv", json=CONV, headers={"Origin": EVIL}), 403, EVIL)


def test_a_listed_origins_preflight_is_answered() -> None:
    with small_client(allowed_origins=(COURSE,)) as c:
        r = c.options("/api/v1/conv", headers={
            "Origin": COURSE, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert r.status_code == 204
        assert r.headers["access-control-allow-origin"] == COURSE
        assert "POST" in r.headers["access-control-allow-methods"]
        assert "content-type" in r.headers["access-control-allow-headers"]
        other = c.options("/api/v1/conv", headers={
            "Origin": EVIL, "Access-Control-Request-Method": "POST"})
        assert_refusal(other, 405)
        assert "access-control-allow-origin" not in other.headers


# Against `cnnvis serve`


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """``cnnvis serve`` that allows one other site."""
    with cnnvis_serve(CNNVIS_ALLOWED_ORIGINS=COURSE) as base:
        yield base


def test_served_cross_site_upload_is_403(served: str) -> None:
    r = httpx.post(served + "/api/v1/networks/lenet5/forward", files=png_file(),
                   headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert_refusal(r, 403, EVIL, "CNNVIS_ALLOWED_ORIGINS")


def test_served_same_origin_listed_and_originless_requests_compute(served: str) -> None:
    for headers in ({"Origin": served, "Sec-Fetch-Site": "same-origin"}, {"Origin": COURSE}, {}):
        r = httpx.post(served + "/api/v1/conv", json=CONV, headers=headers)
        assert r.status_code == 200, (headers, r.text)
