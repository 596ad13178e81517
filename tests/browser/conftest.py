"""Real headless Chromium (Debian's) against a live server on 127.0.0.1.

Without /usr/bin/chromium these tests skip, except in CI (``CI=true``), where a
missing browser is a failure: .ci/run installs it.

The accessibility audit uses axe-core, fetched from the npm registry at test time (a pinned
version, checked against the integrity hash the registry publishes for it) and kept in
``.cache/axe-core/`` (git-ignored), never in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"

AXE_VERSION = "4.14.1"
"""The axe-core release the audit runs (WCAG 2.1 A and AA rules)."""
AXE_INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFN"
                 "NtuFooJpZe37OgudVGtQ==")
"""Its tarball's ``dist.integrity`` on https://registry.npmjs.org/axe-core (SRI, sha512)."""
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core"


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


def _intact(data: bytes) -> bool:
    """Whether ``data`` is the tarball :data:`AXE_INTEGRITY` names."""
    algorithm, _, expected = AXE_INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    return digest == expected


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe-core's ``axe.min.js``, from the cache or the npm registry, hash-checked.

    Without the cache and without a connection the audit skips, except in CI (a failure).
    """
    tarball = AXE_CACHE / f"axe-core-{AXE_VERSION}.tgz"
    data = tarball.read_bytes() if tarball.exists() else b""
    if not _intact(data):
        import httpx

        try:
            data = httpx.get(AXE_TARBALL, timeout=60, follow_redirects=True).raise_for_status().content
        except httpx.HTTPError as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI needs axe-core from {AXE_TARBALL}: {exc}")
            pytest.skip(f"axe-core could not be fetched from the npm registry: {exc}")
        assert _intact(data), f"{AXE_TARBALL} does not match its published integrity {AXE_INTEGRITY}"
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        partial = tarball.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(tarball)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None, "the axe-core tarball has no package/axe.min.js"
        return member.read().decode("utf-8")
