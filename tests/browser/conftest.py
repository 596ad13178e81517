"""Real headless Chromium (Debian's) against a live server on 127.0.0.1.

Without /usr/bin/chromium these tests skip, except in CI (``CI=true``), where a
missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {CHROMIUM} for the browser tests (.ci/run installs it)")
        pytest.skip(f"needs Debian's chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--disable-dev-shm-usage"])
        yield b
        b.close()
