"""Every page's shell in a real browser: it mounts, the language switch works and is kept."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import PHONE, horizontal_overflow, open_page

PAGES = {"/": "lab", "/maps": "maps", "/backprop": "backprop", "/teach": "teach", "/docs": "docs"}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_mounts_without_errors_and_marks_itself_in_the_nav(
        browser: Any, live_server: str, path: str) -> None:
    page, errors = open_page(browser, live_server + path)
    page.wait_for_selector("body[data-ready='true']")
    current = page.locator(".site-nav a[aria-current='page']")
    assert current.get_attribute("data-nav") == PAGES[path]
    assert errors == []
    page.close()


def test_language_switch_turns_the_interface_korean_and_is_remembered(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    page.wait_for_selector("body[data-ready='true']")
    assert page.inner_text(".site-nav a[data-nav='lab']") == "Convolution lab"
    page.click("#lang-switch")
    assert page.inner_text(".site-nav a[data-nav='lab']") == "합성곱 실습"
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert "lang=ko" in page.url
    # A fresh visit without ?lang= keeps the choice (saved in this browser).
    page.goto(live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    assert page.inner_text(".site-nav a[data-nav='backprop']") == "역전파"
    page.click("#lang-switch")
    assert page.inner_text(".site-nav a[data-nav='backprop']") == "Backpropagation"
    assert errors == []
    page.close()


def test_lang_in_the_url_wins(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/?lang=ko")
    page.wait_for_selector("body[data-ready='true']")
    assert page.inner_text(".site-nav a[data-nav='maps']") == "특징 맵"
    assert errors == []
    page.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_header_fits_a_phone(browser: Any, live_server: str, path: str) -> None:
    page, errors = open_page(browser, live_server + path, **PHONE)
    page.wait_for_selector("body[data-ready='true']")
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()
