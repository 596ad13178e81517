"""The backward stream in a real browser: a gradient card for every layer, the saliency map drawn."""

from __future__ import annotations

from typing import Any

import httpx

from .helpers import PHONE, horizontal_overflow, open_page

SECTION = "#network"


def layer_count(live_server: str, name: str) -> int:
    """How many top-level layers the server says ``name`` runs."""
    presets = httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
    return len(next(p for p in presets if p["name"] == name)["run_summary"]["layers"])


def wait_done(page: Any) -> None:
    page.wait_for_selector(f"{SECTION}[data-state='done']", timeout=60_000)


def test_backward_stream_draws_every_layer_and_the_saliency(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    wait_done(page)  # lenet5 on a digit runs as soon as the section mounts
    assert page.get_attribute(SECTION, "data-network") == "lenet5"
    cards = page.locator(f"{SECTION} .backprop-card")
    assert cards.count() == layer_count(live_server, "lenet5")
    # From the loss back to the input: the last layer first, the first layer last.
    indices = [int(i) for i in cards.evaluate_all("cs => cs.map(c => c.dataset.index)")]
    assert indices == sorted(indices, reverse=True) and indices[-1] == 0
    # The first convolution shows dL/d output maps (6 channels) and its kernels' gradient.
    c1 = page.locator(f"{SECTION} .backprop-card[data-name='C1']")
    assert c1.locator(".backprop-grad[data-grad='output'] canvas").count() == 6
    assert c1.locator(".backprop-grad[data-grad='C1.weight'] canvas").count() == 1
    assert c1.locator(".backprop-range").first.inner_text().startswith("from ")
    # A drawn gradient map is not blank: its pixels differ from each other.
    distinct = page.evaluate("""() => {
        const c = document.querySelector("#network [data-name='C3'] [data-grad='C3.weight'] canvas");
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add(d[i] * 65536 + d[i + 1] * 256 + d[i + 2]);
        return seen.size; }""")
    assert distinct > 10
    saliency = page.locator(f"{SECTION} .backprop-saliency")
    assert saliency.get_attribute("data-drawn") == "true"
    assert float(saliency.get_attribute("data-max") or 0) > 0
    assert page.locator(f"{SECTION} .backprop-prediction").inner_text().startswith("Predicted: 3")

    # Another target: the loss grows (the network is asked for a class it does not see).
    sure_loss = float(page.get_attribute(f"{SECTION} .backprop-loss", "data-loss") or 0)
    page.select_option("#backprop-target-select", "8")
    page.wait_for_selector(f"{SECTION} .backprop-loss:has-text('target 8')")
    wait_done(page)
    assert float(page.get_attribute(f"{SECTION} .backprop-loss", "data-loss") or 0) > sure_loss

    # A second network, by keyboard: tinyvgg on a shape sample, every layer again.
    page.focus("#backprop-network-select")
    page.select_option("#backprop-network-select", "tinyvgg")
    page.wait_for_selector(f"{SECTION}[data-network='tinyvgg'][data-state='done']", timeout=60_000)
    assert page.input_value("#backprop-sample-select").startswith("shape-")
    assert cards.count() == layer_count(live_server, "tinyvgg")
    assert saliency.get_attribute("data-drawn") == "true"

    # Korean: the section's text follows the switch.
    page.click("#lang-switch")
    page.wait_for_selector("#network-title:has-text('기울기')")
    page.wait_for_selector(f"{SECTION} .backprop-card-title:has-text('번 층')")
    assert "현저성" in page.inner_text(f"{SECTION} .backprop-saliency h3")
    # Networks, samples and classes the API names in English are worded from the Korean table.
    assert page.inner_text("#backprop-network-select option[value='tinyvgg']") == "TinyVGG (도형)"
    assert page.inner_text("#backprop-sample-select option[value='shape-star']") == "별"
    assert page.inner_text("#backprop-target-select option[value='0']") == "원"
    shapes = ["원", "정사각형", "삼각형", "별", "십자", "고리", "초승달", "하트", "화살표", "막대"]
    names = page.locator(f"{SECTION} .backprop-cell-label").all_inner_texts()
    assert names and names == shapes * (len(names) // 10)      # each class vector, by index
    assert errors == []
    page.close()


def test_backward_fits_a_phone_takes_an_upload_and_stops_on_request(
        browser: Any, live_server: str, tmp_path: Any) -> None:
    page, errors = open_page(browser, live_server + "/backprop", **PHONE)
    page.wait_for_selector("body[data-ready='true']")
    wait_done(page)
    assert horizontal_overflow(page) <= 0
    # An uploaded image goes through the same stream.
    upload = tmp_path / "my-seven.png"
    upload.write_bytes(httpx.get(live_server + "/api/v1/samples/digit-7.png", timeout=30).content)
    page.set_input_files("#backprop-upload", str(upload))
    page.wait_for_selector(f"{SECTION} .backprop-prediction:has-text('Predicted: 7')")
    wait_done(page)
    assert page.input_value("#backprop-sample-select") == "upload"
    assert "my-seven.png" in page.inner_text("#backprop-sample-select")
    assert page.locator(f"{SECTION} .backprop-card").count() == layer_count(live_server, "lenet5")
    # A large network can be stopped: the stream is aborted and the section says so.
    page.select_option("#backprop-network-select", "vgg16")
    page.wait_for_selector(f"{SECTION}[data-network='vgg16'] .backprop-stop:not([disabled])")
    page.click(f"{SECTION} .backprop-stop")
    page.wait_for_selector(f"{SECTION}[data-state='stopped']")
    assert page.locator(f"{SECTION} .backprop-error").is_hidden()
    assert horizontal_overflow(page) <= 0
    # Stop aborts the request (the browser logs it as failed): nothing else may fail.
    assert [e for e in errors if not e.endswith("net::ERR_ABORTED")] == []
    page.close()


def test_efficientnet_backward_on_a_real_photo_draws_every_layer_and_its_saliency(
        browser: Any, live_server: str) -> None:
    presets = httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
    if next(p for p in presets if p["name"] == "efficientnet_lite0")["unavailable"]:
        import pytest
        pytest.skip("EfficientNet-Lite0 is unavailable on this server")
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    wait_done(page)
    page.select_option("#backprop-network-select", "efficientnet_lite0")
    page.wait_for_selector(f"{SECTION}[data-network='efficientnet_lite0'][data-state='done']",
                           timeout=90_000)
    assert page.input_value("#backprop-sample-select") == "photo-cat"
    cards = page.locator(f"{SECTION} .backprop-card")
    assert cards.count() == layer_count(live_server, "efficientnet_lite0")
    # A block's card carries the weight gradients of the layers inside it.
    block = page.locator(f"{SECTION} .backprop-card[data-name='b3']")
    assert block.locator(".backprop-grad[data-grad='b3.dw.weight']").count() == 1
    saliency = page.locator(f"{SECTION} .backprop-saliency")
    assert saliency.get_attribute("data-drawn") == "true"
    assert float(saliency.get_attribute("data-max") or 0) > 0
    assert "cat" in page.locator(f"{SECTION} .backprop-prediction").inner_text()
    # In Korean its ImageNet class names stay English (there is no Korean list), marked so.
    page.click("#lang-switch")
    page.wait_for_selector("#network-title:has-text('기울기')")
    page.wait_for_selector(f"{SECTION} .backprop-prediction:has-text('예측')")
    assert "cat" in page.inner_text(f"{SECTION} .backprop-prediction span[lang='en']")
    assert page.get_attribute("#backprop-target-select option[value='281']", "lang") == "en"
    assert page.inner_text("#backprop-network-select option[value='efficientnet_lite0']") == \
        "EfficientNet-Lite0 (ImageNet)"
    assert errors == []
    page.close()
