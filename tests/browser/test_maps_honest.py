"""The feature maps page is honest about each network: EfficientNet-Lite0 (published weights) is
the default for photos and names a real photo; untrained networks say so and keep their
meaningless classes folded; networks trained on digits or shapes warn when shown a photo."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")


def pick_sample(page: Any, name: str) -> None:
    page.click("#maps-tab-samples")
    page.click(f"button[data-sample='{name}']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)


def test_a_real_photo_goes_to_efficientnet_by_default_and_gets_its_class(
        browser: Any, live_server: str) -> None:
    networks = {n["name"]: n for n in httpx.get(live_server + "/api/v1/networks").json()["networks"]}
    if networks["efficientnet_lite0"]["unavailable"]:
        pytest.skip(networks["efficientnet_lite0"]["unavailable"])
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    expect(page.locator("#maps-net-efficientnet_lite0")).to_be_checked()
    card = page.locator("label[data-network='efficientnet_lite0']")
    expect(card.locator(".maps-badge")).to_have_text("published weights")
    pick_sample(page, "photo-cat")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-meaningless", "false")
    bars = page.locator(".maps-prediction > .maps-bars .maps-bar")
    expect(bars).to_have_count(5)
    assert bars.first.get_attribute("data-label") in {"tiger cat", "tabby", "Egyptian cat"}
    assert "CC0" in page.inner_text(".maps-chosen")
    assert page.locator(".maps-warning").is_hidden()
    assert errors == []
    page.close()


def test_untrained_networks_say_so_and_fold_their_classes(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    vgg = page.locator("label[data-network='vgg16']")
    expect(vgg.locator(".maps-badge")).to_have_text("untrained")
    honest = vgg.locator(".maps-network-honest")
    expect(honest.first).to_contain_text("prediction means nothing")
    expect(honest.nth(1)).to_contain_text("instead of the published 138")
    page.click("label[data-network='resnet18']")
    pick_sample(page, "photo-espresso")
    prediction = page.locator(".maps-prediction")
    expect(prediction).to_have_attribute("data-meaningless", "true")
    assert page.locator(".maps-prediction > .maps-bars .maps-bar").count() == 0
    folded = page.locator(".maps-anyway .maps-bar")
    assert folded.count() == 5 and not folded.first.is_visible()
    page.click(".maps-anyway summary")
    expect(folded.first).to_be_visible()
    expect(folded.first.locator(".maps-bar-label")).to_have_text(re.compile(r"^class \d+$"))
    assert errors == []
    page.close()


def test_digit_and_shape_networks_warn_about_a_photo_in_korean_on_a_phone(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    ready(page)
    page.click("label[data-network='lenet5']")
    pick_sample(page, "photo-rocket")
    warning = page.locator(".maps-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("LeNet-5는 손글씨 숫자만 보았습니다")
    expect(page.locator(".maps-chosen")).to_contain_text("로켓 발사 (사진)")
    page.click("button[data-sample='digit-3']")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "3")
    expect(warning).to_be_hidden()
    page.click("label[data-network='tinyvgg']")
    page.click("button[data-sample='photo-rocket']")
    expect(warning).to_contain_text("TinyVGG")
    # TinyVGG's classes in Korean, from the page's table (the API sends English and indices).
    label = page.locator(".maps-prediction > .maps-bars .maps-bar-label").first
    expect(label).to_have_attribute("lang", "ko")
    assert label.inner_text() in {"원", "정사각형", "삼각형", "별", "십자", "고리", "초승달", "하트", "화살표", "막대"}
    expect(page.locator("label[data-network='vgg16'] .maps-badge")).to_have_text("학습 안 됨")
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()
