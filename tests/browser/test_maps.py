"""The feature maps page in real Chromium against a live server: an uploaded photo's maps
arrive layer by layer, a drawn digit is classified, maps enlarge with their range, and the
page works in Korean at phone width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 224x224 colour photo: a red disc and a blue square on a warm background."""
    img = Image.new("RGB", (224, 224), (238, 228, 200))
    draw = ImageDraw.Draw(img)
    draw.ellipse((30, 40, 140, 150), fill=(200, 40, 40))
    draw.rectangle((110, 100, 200, 190), fill=(30, 60, 180))
    draw.line((0, 220, 224, 10), fill=(20, 20, 20), width=5)
    path = tmp_path_factory.mktemp("maps") / "photo.png"
    img.save(path)
    return path


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")


def layer_count(live_server: str, name: str) -> int:
    networks = httpx.get(live_server + "/api/v1/networks").json()["networks"]
    return len(next(n for n in networks if n["name"] == name)["run_summary"]["layers"])


def test_uploaded_photo_shows_every_layer_the_first_before_the_stream_ends(
        browser: Any, live_server: str, photo: Path) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("label[data-network='tinyvgg']")
    page.set_input_files("#maps-file", str(photo))
    page.wait_for_selector("#page[data-last-map]", timeout=30_000)

    cards = page.locator(".maps-card")
    assert cards.count() == layer_count(live_server, "tinyvgg") == 13
    assert page.locator(".maps-card[data-drawn='true']").count() == 13
    # The order of events, as the page recorded it: the first layer's card was made and its
    # first map drawn while the stream was still open (before the `done` line arrived).
    marks = page.evaluate("""() => {
        const d = document.getElementById('page').dataset;
        const first = document.querySelector('.maps-card');
        return {first: +d.firstMap, done: +d.doneAt, last: +d.lastMap, created: +first.dataset.createdAt};
    }""")
    assert marks["created"] <= marks["first"] < marks["done"] <= marks["last"]
    # The first sheet holds coloured pixels (opaque), not an empty canvas.
    alpha = page.evaluate("""() => {
        const c = document.querySelector('.maps-sheet');
        return c.getContext('2d').getImageData(1, 1, 1, 1).data[3];
    }""")
    assert alpha == 255
    # Every layer states its shape, parameters, multiply-adds, volume with ratio, and time.
    first = cards.first
    assert first.locator("[data-stat='shape']").inner_text().startswith("10 × 62 × 62")
    assert first.locator("[data-stat='params']").inner_text() == "280"
    assert "×" in first.locator("[data-stat='volume']").inner_text()
    assert "ms" in first.locator("[data-stat='time']").inner_text()
    # A trained network ends with its top classes as bars.
    assert page.locator(".maps-bar").count() == 5
    assert page.locator(".maps-chart-svg circle").count() == 13
    assert page.locator(".maps-step").count() >= 3
    # The preprocessing pictures are painted in bands of rows within the frames' budget: each
    # ends painted, its last row too (the input tensor's picture is the last step).
    pictures = page.locator(".maps-step canvas")
    assert pictures.count() >= 2
    steps_title = page.locator("#maps-steps-title").inner_text()
    expect(page.locator(".maps-step canvas:not([data-drawn='true'])")).to_have_count(0)
    corner = page.evaluate("""() => {
        const c = [...document.querySelectorAll('.maps-step canvas')].at(-1);
        return c.getContext('2d').getImageData(c.width - 1, c.height - 1, 1, 1).data[3];
    }""")
    assert corner == 255
    # A language switch rewrites the steps' words but keeps their painted pictures.
    page.evaluate("document.querySelector('.maps-step canvas').kept = true")
    page.click("#lang-switch")
    expect(page.locator("#maps-steps-title")).not_to_have_text(steps_title)
    assert page.evaluate("document.querySelector('.maps-step canvas').kept === true")
    expect(page.locator(".maps-step canvas:not([data-drawn='true'])")).to_have_count(0)
    assert errors == []
    page.close()


def test_a_map_enlarges_with_its_range_and_the_keyboard_steps_through_channels(
        browser: Any, live_server: str, photo: Path) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("label[data-network='edges']")
    page.set_input_files("#maps-file", str(photo))
    page.wait_for_selector("#page[data-last-map]", timeout=30_000)

    page.locator(".maps-sheet").first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.maps-zoom[open]")
    dialog.wait_for()
    title = page.locator("#maps-zoom-title")
    expect(title).to_have_text("bank: map 1 of 16")
    # The hand-set filters are named by the API (English) and worded by the page.
    named = page.locator(".maps-zoom-channel")
    expect(named).to_have_text("What its filter looks for: edge 0 deg.")
    lo = float(page.get_attribute(".maps-zoom-range", "data-min"))
    hi = float(page.get_attribute(".maps-zoom-range", "data-max"))
    assert lo < hi
    assert page.locator(".maps-zoom-range").inner_text().startswith("Values from")
    # The kernel that made it: 3 input channels of 7x7.
    assert "3 input channels" in page.locator(".maps-zoom-side").inner_text()
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("bank: map 2 of 16")
    expect(named).to_have_text("What its filter looks for: edge 45 deg.")
    page.keyboard.press("End")
    expect(title).to_have_text("bank: map 16 of 16")
    expect(named).to_have_text("What its filter looks for: yellow vs blue.")
    page.click("label[for='maps-zoom-norm-layer']")
    expect(page.locator(".maps-zoom-range")).to_contain_text("whole layer")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    # Clicking a map in the second row of the sheet opens that channel.
    sheet = page.locator(".maps-card").nth(1).locator(".maps-sheet")
    box = sheet.bounding_box()
    assert box is not None
    sheet.click(position={"x": 3, "y": box["height"] * 0.5})
    dialog.wait_for()
    expect(title).to_contain_text("relu1: map ")
    assert title.inner_text() != "relu1: map 1 of 16"
    expect(named).to_be_hidden()                                # only bank and combine are named
    assert errors == []
    page.close()


def draw_stroke(page: Any, points: list[tuple[float, float]]) -> None:
    """Drag the mouse along ``points`` (fractions of the canvas) with the button down."""
    canvas = page.locator(".maps-draw-canvas")
    canvas.wait_for(state="visible")                      # the tab's panel shows on the next frame
    box = canvas.bounding_box()
    assert box is not None
    at = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(at, at[1:]):
        page.mouse.move(x1, y1, steps=max(2, int(abs(x1 - x0) + abs(y1 - y0)) // 8))
    page.mouse.up()


@pytest.mark.parametrize(("digit", "strokes"), [
    ("1", [[(0.5, 0.15), (0.5, 0.85)]]),
    ("7", [[(0.25, 0.2), (0.75, 0.2), (0.55, 0.55), (0.45, 0.85)]]),
])
def test_the_digit_canvas_classifies_a_drawn_digit(
        browser: Any, live_server: str, digit: str, strokes: list[list[tuple[float, float]]]) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("#maps-tab-draw")
    for stroke in strokes:
        draw_stroke(page, stroke)
    assert page.is_checked("#maps-net-lenet5")
    # Wait for the pass over the finished drawing (the canvas' last version sent), not a
    # live pass made while the pen was still moving; then its top class is the digit.
    page.wait_for_function(
        "() => { const d = document.getElementById('page').dataset;"
        " const v = document.querySelector('.maps-draw-canvas').dataset.version;"
        " return v !== undefined && d.classified === v && d.state === 'done'; }", timeout=20_000)
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", digit)
    assert page.locator(".maps-bar").first.get_attribute("data-label") == digit
    # Clear takes the drawing's pass with it: no prediction or maps of a digit no longer there.
    page.click(".maps-draw-clear")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "")
    expect(page.locator(".maps-bar")).to_have_count(0)
    expect(page.locator(".maps-card")).to_have_count(0)
    assert page.get_attribute("#page", "data-state") == "idle"
    assert errors == []
    page.close()


def test_korean_at_phone_width_with_a_sample(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    ready(page)
    assert page.inner_text(".maps-intro h1") == "특징 맵"
    # Names the API sends in English with an id are worded from the page's Korean table.
    lenet = page.locator("label[data-network='lenet5']")
    expect(lenet.locator(".maps-network-title strong")).to_have_text("LeNet-5 현대식 변형 (손글씨 숫자)")
    expect(lenet.locator(".maps-network-desc")).to_contain_text("손글씨 숫자 1,438개")
    page.click("label[data-network='lenet5']")
    page.click("#maps-tab-samples")
    expect(page.locator("button[data-sample='photo-cat'] span")).to_have_text("고양이 (사진)")
    page.click("button[data-sample='digit-3']")
    page.wait_for_selector("#page[data-last-map]", timeout=30_000)
    assert page.locator(".maps-card").count() == layer_count(live_server, "lenet5")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "3")
    expect(page.locator(".maps-chosen")).to_contain_text("숫자 3")
    expect(page.locator(".maps-status")).to_contain_text("LeNet-5 현대식 변형 (손글씨 숫자)")
    assert "파라미터 수" in page.locator(".maps-card").first.inner_text()
    assert horizontal_overflow(page) <= 0
    page.locator(".maps-sheet").first.click(position={"x": 2, "y": 2})
    page.wait_for_selector("dialog.maps-zoom[open]")
    expect(page.locator(".maps-zoom-range")).to_contain_text("값 ")
    expect(page.locator(".maps-zoom-channel")).to_be_hidden()     # LeNet-5 names no channels
    assert horizontal_overflow(page) <= 0
    page.keyboard.press("Escape")
    # The edge filters' channels in Korean.
    page.click("label[data-network='edges']")
    page.wait_for_selector("#page[data-state='done']", timeout=30_000)
    page.locator(".maps-sheet").first.click(position={"x": 2, "y": 2})
    page.wait_for_selector("dialog.maps-zoom[open]")
    expect(page.locator(".maps-zoom-channel")).to_have_text("이 필터가 찾는 것: 0도 경계.")
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()


def test_a_slow_sample_never_overrides_the_one_chosen_after_it(browser: Any, live_server: str) -> None:
    """The learner clicks digit 7, whose bytes are held back, then digit 3: the page says it is
    loading (never the old image's 'done'), shows digit 3's pass, and keeps it when 7's bytes
    finally arrive."""
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("label[data-network='lenet5']")
    page.click("#maps-tab-samples")
    page.click("button[data-sample='digit-1']")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "1", timeout=30_000)
    held: list[Any] = []

    def hold(route: Any) -> None:
        if route.request.resource_type == "fetch":
            held.append(route)
        else:
            route.continue_()                                         # a thumbnail

    page.route("**/samples/digit-7.png", hold)
    page.click("button[data-sample='digit-7']")
    expect(page.locator("#page")).to_have_attribute("data-state", "loading")
    page.click("button[data-sample='digit-3']")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "3", timeout=30_000)
    expect(page.locator("#page")).to_have_attribute("data-state", "done")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_timeout(500)  # time for 7's bytes to arrive and (wrongly) start a pass
    expect(page.locator("#page")).to_have_attribute("data-state", "done")
    expect(page.locator(".maps-prediction")).to_have_attribute("data-top", "3")
    expect(page.locator(".maps-chosen")).to_have_text("Image: digit 3")
    assert errors == []
    page.close()
