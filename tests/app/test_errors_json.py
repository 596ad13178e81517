"""Every refusal is ``{"detail": "sentence"}`` with the security headers, the server's own too.

In process through ``TestClient``, then against ``cnnvis serve`` on loopback with raw
sockets for what an HTTP client would not send (a 1 MB URL, ``Content-Length: -1``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import h11
import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from app.config import Settings
from app.errors import SERVER_ERROR, protocol_refusal
from app.main import create_app
from tests.app.conftest import as_list, small_client
from tests.app.served import assert_refusal, cnnvis_serve, raw_request


def png_bytes(size: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size)).save(out, "PNG")
    return out.getvalue()


# In process


def test_unknown_path_is_404_with_a_sentence(client: TestClient) -> None:
    detail = assert_refusal(client.get("/api/v1/nothing"), 404, "/api/v1/nothing", "/docs")
    assert detail != "Not Found"
    assert_refusal(client.get("/static/js/nothing.js"), 404, "/static/js/nothing.js")


def test_wrong_method_is_405_naming_the_allowed_one(client: TestClient) -> None:
    r = client.post("/api/v1/health")
    assert_refusal(r, 405, "POST", "/api/v1/health", "GET")
    assert r.headers["allow"] == "GET"


def test_other_content_type_is_415(client: TestClient) -> None:
    r = client.post("/api/v1/networks/lenet5/forward", content=b"x",
                    headers={"content-type": "text/plain"})
    assert_refusal(r, 415, "multipart")


def test_body_that_is_not_utf8_is_400_with_a_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/conv", content=b'{"input": "\xff\xfe"}',
                    headers={"content-type": "application/json"})
    assert_refusal(r, 400, "UTF-8")


def test_unreadable_multipart_form_is_400(client: TestClient) -> None:
    r = client.post("/api/v1/networks/lenet5/forward", content=b"garbage",
                    headers={"content-type": "multipart/form-data"})
    assert_refusal(r, 400, "multipart form", "boundary")


def test_declared_body_over_the_limit_is_413_naming_the_variable() -> None:
    with small_client(max_body_bytes=2000) as c:
        r = c.post("/api/v1/conv", json={"input": as_list(np.ones((30, 30))),
                                         "weight": as_list(np.ones((1, 1)))})
    assert_refusal(r, 413, "2,000 bytes", "CNNVIS_MAX_BODY_BYTES")
    assert r.headers["connection"] == "close"  # the body was left unread


def test_streamed_body_over_the_limit_is_413_when_it_crosses_it() -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 500

    with small_client(max_body_bytes=2000) as c:
        r = c.post("/api/v1/conv", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers  # chunked: only counting can see it
    assert_refusal(r, 413, "larger than the limit of 2,000 bytes", "CNNVIS_MAX_BODY_BYTES")


def test_upload_over_the_limit_is_413_naming_the_variable() -> None:
    with small_client(max_upload_bytes=1000) as c:
        r = c.post("/api/v1/networks/lenet5/forward",
                   files={"file": ("big.png", b"x" * 5000, "image/png")})
    assert_refusal(r, 413, "larger than the limit of 1,000 bytes", "CNNVIS_MAX_UPLOAD_BYTES")
    assert "1,001" not in r.json()["detail"]  # only the limit + 1 bytes were read: no size is claimed


def test_form_field_over_the_form_parsers_limit_is_413(client: TestClient) -> None:
    r = client.post("/api/v1/networks/lenet5/forward",
                    files={"file": ("a.png", png_bytes(), "image/png")},
                    data={"target": "1" * 1_100_000})
    assert_refusal(r, 413, "1 MiB", "'file'")


def test_content_length_that_is_not_a_number_is_400(client: TestClient) -> None:
    r = client.post("/api/v1/conv", content=b"{}",
                    headers={"content-type": "application/json", "content-length": "abc"})
    assert_refusal(r, 400, "Content-Length", "'abc'")


def test_url_over_the_limit_is_414(client: TestClient) -> None:
    r = client.get("/api/v1/health?q=" + "a" * 9000)
    assert_refusal(r, 414, "9,016 bytes", "8,192", "CNNVIS_MAX_URL_BYTES")


def test_headers_over_the_limit_are_431(client: TestClient) -> None:
    r = client.get("/api/v1/health", headers={"x-big": "a" * 70_000})
    assert_refusal(r, 431, "65,536", "CNNVIS_MAX_HEADER_BYTES")


def test_lowered_url_and_header_limits_apply() -> None:
    with small_client(max_url_bytes=40, max_header_bytes=500) as c:
        assert c.get("/api/v1/health").status_code == 200
        assert_refusal(c.get("/api/v1/health?q=" + "a" * 40), 414, "40 bytes")
        assert_refusal(c.get("/api/v1/health", headers={"x-big": "a" * 500}), 431, "500 bytes")


def test_unexpected_failure_is_500_json_with_the_headers() -> None:
    app = create_app(Settings())

    def broken() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/broken")
    assert assert_refusal(r, 500) == SERVER_ERROR
    assert "secret internals" not in r.text


def test_limit_refusals_are_documented_for_compute_routes(client: TestClient) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/api/v1/conv"]["post"]["responses"]
    assert {"400", "403", "413", "422"} <= set(responses)


@pytest.mark.parametrize("error, buffered, status, words", [
    (h11.RemoteProtocolError("Receive buffer too long", error_status_hint=431),
     b"GET /" + b"a" * 200, 414, ("request line", "100 bytes", "CNNVIS_MAX_HEADER_BYTES")),
    (h11.RemoteProtocolError("Receive buffer too long", error_status_hint=431),
     b"GET / HTTP/1.1\r\nX: " + b"a" * 200, 431, ("headers", "100 bytes",
                                                     "CNNVIS_MAX_HEADER_BYTES")),
    (h11.RemoteProtocolError("bad Content-Length"), b"", 400, ("bad Content-Length",)),
    (h11.RemoteProtocolError("illegal request line: bytearray(b'HELLO')"), b"", 400,
     ("illegal request line",)),
    (h11.RemoteProtocolError("Only Transfer-Encoding: chunked is supported",
                             error_status_hint=501), b"", 501, ("chunked",)),
    (None, b"", 400, ("not valid HTTP/1.1",)),
])
def test_protocol_refusal_sentences(error: Exception | None, buffered: bytes, status: int,
                                    words: tuple[str, ...]) -> None:
    got, sentence = protocol_refusal(error, buffered, 100)
    assert got == status
    assert all(word in sentence for word in words), sentence
    assert "HELLO" not in sentence  # the client's bytes are not echoed


# Against `cnnvis serve`


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """``cnnvis serve`` with the default limits, but a 1,000-byte upload limit."""
    with cnnvis_serve(CNNVIS_MAX_UPLOAD_BYTES="1000") as base:
        yield base


def test_served_404_405_415_are_json(served: str) -> None:
    assert_refusal(httpx.get(served + "/api/v1/nothing"), 404, "/api/v1/nothing")
    assert_refusal(httpx.post(served + "/api/v1/health"), 405, "GET")
    r = httpx.post(served + "/api/v1/networks/lenet5/forward", content=b"x",
                   headers={"content-type": "text/plain"})
    assert_refusal(r, 415)


def test_served_url_over_the_apps_limit_is_414(served: str) -> None:
    answer = raw_request(served, b"GET /api/v1/health?" + b"a" * 20_000 +
                         b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert_refusal(answer, 414, "CNNVIS_MAX_URL_BYTES")


def test_served_url_over_what_the_http_server_buffers_is_414(served: str) -> None:
    answer = raw_request(served, b"GET /api/v1/health?" + b"a" * 1_000_000 +
                         b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert_refusal(answer, 414, "CNNVIS_MAX_")


@pytest.mark.parametrize("size", [200_000, 1_000_000])
def test_served_huge_header_is_431(served: str, size: int) -> None:
    answer = raw_request(served, b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                         b"a" * size + b"\r\n\r\n")
    assert_refusal(answer, 431, "65,536", "CNNVIS_MAX_HEADER_BYTES")


def test_served_negative_content_length_is_400(served: str) -> None:
    answer = raw_request(served, b"POST /api/v1/conv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Content-Length: -1\r\n\r\n")
    assert_refusal(answer, 400, "Content-Length")


def test_served_malformed_request_line_is_400(served: str) -> None:
    answer = raw_request(served, b"HELLO\r\n\r\n")
    assert_refusal(answer, 400, "not valid HTTP/1.1")


def test_served_unsupported_transfer_encoding_is_501(served: str) -> None:
    answer = raw_request(served, b"POST /api/v1/conv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Transfer-Encoding: gzip\r\n\r\n")
    assert_refusal(answer, 501, "Transfer-Encoding")


def test_served_declared_body_over_16_mib_is_413_before_it_is_sent(served: str) -> None:
    answer = raw_request(served, b"POST /api/v1/conv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Content-Type: application/json\r\n"
                                 b"Content-Length: %d\r\n\r\n" % (17 * 2**20))
    assert_refusal(answer, 413, "17,825,792 bytes", "16,777,216", "CNNVIS_MAX_BODY_BYTES")


def test_served_chunked_body_over_16_mib_is_413(served: str) -> None:
    chunk = b"100000\r\n" + b"a" * 0x100000 + b"\r\n"  # 1 MiB
    answer = raw_request(served, b"POST /api/v1/conv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Content-Type: application/json\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n" + chunk * 17 + b"0\r\n\r\n")
    assert_refusal(answer, 413, "16,777,216", "CNNVIS_MAX_BODY_BYTES")


def test_served_upload_over_the_limit_is_413(served: str) -> None:
    r = httpx.post(served + "/api/v1/networks/lenet5/forward",
                   files={"file": ("big.png", b"x" * 5000, "image/png")})
    assert_refusal(r, 413, "CNNVIS_MAX_UPLOAD_BYTES")


def test_served_requests_within_the_limits_still_work(served: str) -> None:
    r = httpx.post(served + "/api/v1/conv", json={"input": as_list(np.ones((5, 5))),
                                                  "weight": as_list(np.ones((3, 3)))})
    assert r.status_code == 200 and r.json()["output"]["shape"] == [3, 3]
    r = httpx.post(served + "/api/v1/networks/lenet5/forward",
                   files={"file": ("a.png", png_bytes(), "image/png")})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
