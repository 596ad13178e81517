"""Shared helpers of the browser tests: open a page and collect every error it reports."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def open_page(browser: Any, url: str, width: int = 1280, height: int = 800,
              reduced_motion: bool = False) -> tuple[Any, list[str]]:
    """A new page at ``url`` (waits for the page module to mount); errors collected in a list.

    The list gathers uncaught exceptions, console errors and failed requests; a test
    asserts it is empty at the end. A request the page itself aborted (``net::ERR_ABORTED``:
    a newer setting replaced it, Stop was pressed, or the test navigated away while it was
    in flight) is not a failure and is left out.
    """
    page = browser.new_page(viewport={"width": width, "height": height},
                            reduced_motion="reduce" if reduced_motion else "no-preference")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else errors.append(f"failed: {r.url} {r.failure}"))
    response = page.goto(url)
    assert response is not None and response.status == 200
    return page, errors


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 or less: no sideways scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
