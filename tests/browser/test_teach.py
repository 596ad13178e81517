"""The teach page in headless Chromium: classes from files and from a fake camera, training with
curves, a confusion matrix and a scatter, live prediction, export and import of the head."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from engine.network.presets import efficientnet_lite0 as eff

from .conftest import CHROMIUM
from .helpers import PHONE, horizontal_overflow, open_page

pytestmark = pytest.mark.skipif(eff.unavailable() is not None,
                                reason=f"EfficientNet-Lite0 unavailable: {eff.unavailable()}")


@pytest.fixture(scope="module")
def camera_browser(browser: Any) -> Iterator[Any]:
    """Chromium with a fake camera (a moving test pattern) and no permission prompt, launched by
    the session's Playwright (a second Playwright may not run beside it)."""
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--disable-dev-shm-usage", "--use-fake-device-for-media-stream",
              "--use-fake-ui-for-media-stream"])
    yield b
    b.close()


def sample(base: str, name: str) -> Image.Image:
    data = httpx.get(f"{base}/api/v1/samples/{name}.png", timeout=10).content
    return Image.open(io.BytesIO(data)).convert("RGB")


def crops(image: Image.Image, count: int, seed: int, folder: Path, stem: str) -> list[str]:
    rng = np.random.default_rng(seed)
    w, h = image.size
    paths = []
    for i in range(count):
        side = int(min(w, h) * rng.uniform(0.6, 0.9))
        x, y = int(rng.integers(0, w - side + 1)), int(rng.integers(0, h - side + 1))
        path = folder / f"{stem}-{i}.png"
        image.crop((x, y, x + side, y + side)).save(path)
        paths.append(str(path))
    return paths


def card(page: Any, index: int) -> Any:
    return page.locator(".teach-class").nth(index)


def test_two_classes_from_files_and_one_from_the_camera_train_and_predict(
        camera_browser: Any, live_server: str, tmp_path: Path) -> None:
    context = camera_browser.new_context(viewport={"width": 1280, "height": 900}, permissions=["camera"],
                                         accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    assert page.goto(live_server + "/teach").status == 200
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(".site-nav a[aria-current='page']").get_attribute("data-nav") == "teach"
    assert page.locator("#teach-train").is_disabled()

    cat = crops(sample(live_server, "photo-cat"), 5, 0, tmp_path, "cat")
    digits = []
    for d in range(5):
        path = tmp_path / f"digit-{d}.png"
        sample(live_server, f"digit-{d}").save(path)
        digits.append(str(path))
    card(page, 0).locator(".teach-name").fill("cat")
    card(page, 0).locator("input[type=file]").set_input_files(cat)
    # The cards are redrawn on the next frame after photos arrive: wait for it before typing
    # into another card (a person cannot type within that frame; a script can).
    page.wait_for_function("() => document.querySelectorAll('.teach-class:nth-child(1) .teach-thumb img').length === 5")
    card(page, 1).locator(".teach-name").fill("digits")
    card(page, 1).locator("input[type=file]").set_input_files(digits)
    page.wait_for_function("() => document.querySelectorAll('.teach-class:nth-child(2) .teach-thumb img').length === 5")
    assert card(page, 0).locator(".teach-thumb img").count() == 5
    assert card(page, 0).locator(".teach-thumb img").first.get_attribute("alt") == "Photo 1 of cat"

    # a third class from the camera: one press by keyboard, then frames while held
    page.click("#teach-add-class")
    card(page, 2).locator(".teach-name").fill("camera")
    page.click("#teach-camera-toggle")
    page.wait_for_function("() => document.querySelector('#teach-camera-section video').videoWidth > 0")
    page.wait_for_selector("#teach-camera-toggle[aria-pressed='true']")
    page.wait_for_function("() => !document.querySelector('.teach-class:nth-child(3) .teach-capture').disabled")
    capture = card(page, 2).locator(".teach-capture")
    capture.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.teach-class:nth-child(3) .teach-thumb').length >= 1", timeout=5000)
    capture.hover()
    page.mouse.down()
    page.wait_for_timeout(1100)
    page.mouse.up()
    page.wait_for_timeout(300)
    frames = card(page, 2).locator(".teach-thumb").count()
    assert 4 <= frames <= 8, frames

    page.fill("#teach-epochs", "60")
    page.locator("#teach-epochs").dispatch_event("change")
    page.click("#teach-train")
    page.wait_for_function("() => document.getElementById('teach-status').textContent.includes('Feature vectors')",
                           timeout=10_000)
    page.wait_for_function("() => document.getElementById('teach-status').textContent.startsWith('Trained')",
                           timeout=60_000)
    status = page.inner_text("#teach-status")
    assert "held-out accuracy 100%" in status, status
    # the confusion matrix: 3 classes, every held-out photo on the diagonal
    cells = page.locator(".teach-confusion tbody td")
    assert cells.count() == 9
    assert page.locator(".teach-confusion td.teach-miss").count() == 0
    # the curves and the scatter are drawn (some pixel is not blank)
    for canvas in ("teach-curves", "teach-scatter"):
        inked = page.evaluate(f"""() => {{
            const c = document.getElementById('{canvas}');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }}""")
        assert inked > 200, canvas
    assert page.locator(".teach-legend li").count() == 3

    # predict new photos: a crop of the cat, a digit it has not seen
    page.locator("#teach-predict-file").set_input_files(crops(sample(live_server, "photo-cat"), 1, 9, tmp_path, "new"))
    page.wait_for_function("() => document.getElementById('teach-predict-status').textContent.startsWith('It says')",
                           timeout=20_000)
    assert page.inner_text("#teach-predict-status").startswith("It says: cat")
    assert page.locator("#teach-bars li").count() == 3
    # why: Grad-CAM of "cat" over the photo, from the server with the page's head as classifier
    page.click(".teach-why-class[data-class='0']")
    page.wait_for_selector(".teach-why-heat[data-target='0']", timeout=20_000)
    caption = page.inner_text(".teach-why-caption")
    assert "“cat”" in caption and "head_relu6" in caption and "7 × 7" in caption
    assert float(page.get_attribute(".teach-why-heat", "data-max")) > 0
    expect(page.locator(".teach-why-class[data-class='0']")).to_have_attribute("aria-pressed", "true")
    sample(live_server, "digit-7").save(tmp_path / "digit-7.png")
    page.locator("#teach-predict-file").set_input_files(str(tmp_path / "digit-7.png"))
    page.wait_for_function("() => document.getElementById('teach-predict-status').textContent.startsWith('It says: digits')",
                           timeout=20_000)
    # live from the camera: the camera class wins
    page.click("#teach-predict-live")
    page.wait_for_function("() => document.getElementById('teach-predict-status').textContent.startsWith('It says: camera')",
                           timeout=20_000)
    page.click("#teach-predict-live")

    # export the head, and import it back
    with page.expect_download() as info:
        page.click("#teach-export")
    head_path = tmp_path / "head.json"
    info.value.save_as(head_path)
    head = json.loads(head_path.read_text())
    assert head["format"] == "cnnvis-head" and head["classes"] == ["cat", "digits", "camera"]
    assert head["weight"]["shape"] == [3, 1280]
    page.locator("#teach-import-file").set_input_files(str(head_path))
    page.wait_for_function("() => document.getElementById('teach-status').textContent.startsWith('Imported')")

    # Korean
    page.click("#lang-switch")
    assert page.inner_text(".site-nav a[data-nav='teach']") == "가르치기"
    assert page.inner_text("#teach-train") == "학습"
    assert errors == []
    context.close()


def test_the_page_fits_a_phone_and_works_by_keyboard(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/teach", **PHONE)
    page.wait_for_selector("body[data-ready='true']")
    assert horizontal_overflow(page) <= 0
    assert page.locator(".teach-class").count() == 2
    page.focus("#teach-add-class")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.teach-class').length === 3")
    page.locator(".teach-class").nth(2).locator(".teach-remove-class").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.teach-class').length === 2")
    assert page.locator(".teach-remove-class").first.is_disabled()
    assert errors == []
    page.close()


def test_photos_over_the_limit_and_a_bad_head_file_are_named_in_korean(
        browser: Any, live_server: str, tmp_path: Path) -> None:
    page, errors = open_page(browser, live_server + "/teach?lang=ko")
    page.wait_for_selector("body[data-ready='true']")
    tile = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(tile, "PNG")
    files = [{"name": f"p{i}.png", "mimeType": "image/png", "buffer": tile.getvalue()} for i in range(203)]
    # 203 photos into a page that holds 200: three are named as left out, none silently dropped.
    card(page, 0).locator("input[type=file]").set_input_files(files)
    note = page.locator(".teach-full")
    expect(note).to_be_visible()
    assert "3장" in note.inner_text() and "200장" in note.inner_text()
    assert card(page, 0).locator(".teach-thumb").count() == 200
    # A photo removed: the note goes, there is room again.
    card(page, 0).locator(".teach-thumb button").first.click()
    expect(note).to_be_hidden()
    # A file that is no head is refused in the page's language.
    bad = tmp_path / "not-a-head.json"
    bad.write_text(json.dumps({"format": "something else"}))
    page.locator("#teach-import-file").set_input_files(str(bad))
    expect(page.locator("#teach-status")).to_contain_text("이 페이지에서 저장한 헤드 파일이 아닙니다")
    assert errors == []
    page.close()
