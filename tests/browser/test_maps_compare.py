"""LeNet-5 as built in 1998 on the feature maps page: its summary beside the modern variant's
(a folded table under the network list, opened by keyboard, in English and Korean, on a phone),
and a digit run through it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

COMPARE = "details[data-compare='lenet5_1998 lenet5']"


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")


def row(page: Any, name: str) -> Any:
    """The comparison's row whose first network's layer is ``name``."""
    return page.locator(f"{COMPARE} tbody tr").filter(
        has=page.locator("td:nth-child(1) .maps-compare-name", has_text=name))


def test_the_1998_summary_sits_beside_the_modern_one_opened_by_keyboard(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    expect(page.locator("label[data-network='lenet5'] strong")).to_have_text(
        "LeNet-5, modern variant (handwritten digits)")
    expect(page.locator("label[data-network='lenet5_1998'] .maps-badge")).to_have_text("trained here")
    details = page.locator(COMPARE)
    expect(details).to_have_count(1)
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.locator("summary")).to_have_text(
        "Compare LeNet-5 as built in 1998 (handwritten digits) with LeNet-5, modern variant "
        "(handwritten digits), layer by layer")
    c3 = row(page, "C3")
    expect(c3.locator(".maps-compare-params")).to_have_text(["1,516", "2,416"])
    expect(c3).to_have_attribute("data-differ", "true")
    expect(row(page, "C1")).to_have_attribute("data-differ", "false")
    expect(row(page, "C5").locator(".maps-compare-kind")).to_have_text(["convolution", "fully connected"])
    expect(details.locator("tfoot .maps-compare-params")).to_have_text(["60,840", "61,706"])
    expect(details.locator(".maps-compare-totals")).to_contain_text("60,840 parameters")
    expect(details.locator(".maps-compare-about dd").first).to_contain_text("the paper's table")
    assert errors == []
    page.close()


def test_the_comparison_in_korean_on_a_phone(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    ready(page)
    details = page.locator(COMPARE)
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    expect(details.locator("summary")).to_contain_text("계층별 비교")
    expect(details.locator("summary")).to_contain_text("1998년 그대로의 LeNet-5 (손글씨 숫자)")
    expect(details.locator("thead th[scope='col']").first).to_have_text("계층")
    expect(row(page, "C3").locator(".maps-compare-kind")).to_have_text(["합성곱", "합성곱"])
    expect(details.locator("tfoot th").first).to_have_text("합계")
    expect(details.locator(".maps-compare-totals")).to_contain_text("파라미터 60,840개")
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()


def test_a_digit_runs_through_the_1998_network(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("label[data-network='lenet5_1998']")
    expect(page.locator("#maps-net-lenet5_1998")).to_be_checked()
    page.click("#maps-tab-samples")
    page.click("button[data-sample='digit-3']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "3")
    expect(page.locator(".maps-card")).to_have_count(15)
    assert errors == []
    page.close()
