"""The API reference page in a real browser: every endpoint shown, offline, no errors."""

from __future__ import annotations

from typing import Any

import httpx

from .helpers import open_page


def test_docs_page_lists_every_endpoint(browser: Any, live_server: str) -> None:
    spec = httpx.get(live_server + "/openapi.json").json()
    expected = sum(1 for ops in spec["paths"].values() for m in ops if m in ("get", "post"))
    page, errors = open_page(browser, live_server + "/docs")
    page.wait_for_selector("#api-docs[data-operations]")
    assert page.get_attribute("#api-docs", "data-operations") == str(expected)
    titles = page.locator(".api-docs-op-title").all_inner_texts()
    assert any("/api/v1/conv" in t for t in titles)
    assert any("/api/v1/networks/{name}/forward" in t for t in titles)
    # The error answers are documented with each operation.
    conv = page.locator("section.api-docs-op", has_text="Convolve an input with kernels")
    statuses = conv.locator(".api-docs-status").all_inner_texts()
    assert {"200", "400", "413", "422"} <= set(statuses)
    assert errors == []
    page.close()


def test_docs_page_fits_a_phone(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/docs", width=390, height=844)
    page.wait_for_selector("#api-docs[data-operations]")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert errors == []
    page.close()


def test_home_page_runs_no_inline_script_without_the_nonce(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.body.append(s); }""")
    assert page.evaluate("window.injected === undefined")
    page.close()
