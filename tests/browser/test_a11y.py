"""An automated WCAG 2.1 AA audit of every page, in English and in Korean, by axe-core.

axe-core (fetched from the npm registry at test time, see ``conftest.axe_source``) runs in the
page after its content has loaded: the lab in its three modes, the feature maps after a run
(with an explanation, and again with a map enlarged in its dialog), the backprop page after
its network's gradients and a short training, the teach page and the API reference; then the
feature maps and backprop pages again showing the server's refusals. Any violation of a rule
tagged wcag2a, wcag2aa, wcag21a or wcag21aa fails, listed with the elements at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import axe_violations, open_page, violations_text


def lab(page: Any) -> None:
    page.wait_for_selector("#page[data-lab-status='ready']")


def lab_mode(page: Any) -> None:
    page.wait_for_load_state("networkidle")


def maps(page: Any) -> None:
    page.wait_for_selector("#page[data-loaded='true']")
    page.click("label[data-network='lenet5']")
    page.click("#maps-tab-samples")
    page.click("button[data-sample='digit-3']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)
    page.click(".maps-explain-run")
    expect(page.locator(".maps-explain-large .maps-explain-heat")).to_have_attribute("data-drawn", "true")


def backprop(page: Any) -> None:
    page.wait_for_selector("#network[data-state='done']", timeout=60_000)
    page.wait_for_selector("#conv-backward[data-ready='true']")
    page.wait_for_selector("#pool-backward[data-ready='true']")
    page.select_option("#training-network", "lenet5")
    page.fill("#training-steps", "10")
    page.fill("#training-every", "5")
    page.click("#training .training-start")
    page.wait_for_selector("#training[data-state='done']", timeout=60_000)


def teach(page: Any) -> None:
    page.wait_for_selector(".teach-class")


def docs(page: Any) -> None:
    page.wait_for_selector("#api-docs[data-operations]")


PAGES: dict[str, Callable[[Any], None]] = {
    "/": lab, "/?mode=pool": lab_mode, "/?mode=transpose": lab_mode, "/maps": maps,
    "/backprop": backprop, "/teach": teach, "/docs": docs,
}


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_passes_the_wcag_21_aa_audit(browser: Any, live_server: str, axe_source: str,
                                               path: str, lang: str) -> None:
    page, errors = open_page(browser, live_server + with_lang(path, lang), bypass_csp=True)
    page.wait_for_selector("body[data-ready='true']")
    PAGES[path](page)
    found = axe_violations(page, axe_source)
    assert found == [], f"{with_lang(path, lang)}:\n{violations_text(found)}"
    if path == "/maps":
        # The enlarged map, its dialog open.
        page.locator(".maps-card[data-name='C3'] .maps-sheet").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("dialog.maps-zoom[open]")
        found = axe_violations(page, axe_source)
        assert found == [], f"{with_lang(path, lang)} with a map enlarged:\n{violations_text(found)}"
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def not_an_image(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("a11y") / "notes.png"
    path.write_bytes(b"this is not a picture\n" * 8)
    return path


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_refusals_pass_the_audit_too(browser: Any, live_server: str, axe_source: str,
                                     not_an_image: Any, lang: str) -> None:
    """The server's sentences on the pages (and what is disabled meanwhile) keep AA too."""
    page, errors = open_page(browser, live_server + f"/maps?lang={lang}", bypass_csp=True)
    page.wait_for_selector("#page[data-loaded='true']")
    page.set_input_files("#maps-file", str(not_an_image))
    page.wait_for_selector("#page[data-state='error']")
    found = axe_violations(page, axe_source)
    assert found == [], f"/maps?lang={lang} with a refused upload:\n{violations_text(found)}"
    page.goto(live_server + f"/backprop?lang={lang}")
    page.wait_for_selector("#network[data-state='done']", timeout=60_000)
    page.select_option("#conv-backward select[data-setting='size']", "4")
    page.wait_for_selector("#conv-backward[data-ready='true']")
    page.select_option("#conv-backward select[data-setting='dilation']", "2")
    page.wait_for_selector("#conv-backward .message-error:visible")
    page.set_input_files("#backprop-upload", str(not_an_image))
    page.wait_for_selector("#network .backprop-error:visible")
    found = axe_violations(page, axe_source)
    assert found == [], f"/backprop?lang={lang} with refused requests:\n{violations_text(found)}"
    assert all("422" in e for e in errors), errors
    page.close()
