"""The convolution lab in real Chromium against a live server: the page draws the engine's numbers.

Each test drives the page like a learner (buttons, selects, number fields) and compares what the
page shows with the answer of ``POST /api/v1/conv`` for the same state, fetched here with httpx.
"""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

EDGE_7 = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0] * 7
SOBEL_X = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0]
HIGHLIGHT = [213, 94, 0]


def engine_output(base: str, **knobs: Any) -> list[float]:
    """The engine's output for the lab's default input and kernel with these knobs."""
    body = {"input": {"shape": [1, 7, 7], "data": EDGE_7},
            "weight": {"shape": [1, 1, 3, 3], "data": SOBEL_X},
            "bias": {"shape": [1], "data": [0.0]}, "ndim": 2, "encoding": "list", **knobs}
    r = httpx.post(base + "/api/v1/conv", json=body, timeout=10)
    r.raise_for_status()
    return [float(v) for v in r.json()["output"]["data"]]


def shown(page: Any) -> list[str]:
    return page.get_attribute(".lab-canvas-out", "data-shown").split(",")


def as_shown(values: list[float]) -> list[str]:
    out = []
    for v in values:
        r = round(v, 2)
        out.append(str(int(r)) if r == int(r) else str(r))
    return out


def open_lab(browser: Any, url: str, **kwargs: Any) -> tuple[Any, list[str]]:
    page, errors = open_page(browser, url, **kwargs)
    page.set_default_timeout(10000)
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-lab-status='ready']")
    return page, errors


def set_number(page: Any, name: str, value: int) -> None:
    page.fill(f".lab-controls input[name='{name}']", str(value))
    page.press(f".lab-controls input[name='{name}']", "Enter")


def to_end(page: Any) -> None:
    """Jump to the last step (if not there already) and wait until every cell is filled."""
    steps = page.get_attribute("#page", "data-lab-steps")
    if page.is_enabled(".lab-last"):
        page.click(".lab-last")
    page.wait_for_selector(f".lab-grids[data-done='{steps}']")


def pixel(page: Any, selector: str, x: int, y: int) -> list[int]:
    return page.evaluate(
        """([sel, x, y]) => { const c = document.querySelector(sel);
             const r = window.devicePixelRatio || 1;
             return Array.from(c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data).slice(0, 3); }""",
        [selector, x, y])


def test_play_moves_the_window_and_fills_the_output_with_the_engines_values(
        browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    expected = as_shown(engine_output(live_server))
    assert page.get_attribute("#page", "data-lab-steps") == str(len(expected)) == "25"
    assert shown(page) == [""] * 25
    page.click(".lab-forward")
    page.wait_for_selector(".lab-grids[data-done='1']")
    # The first window sits on the top-left corner of the input, and its cell is filled.
    assert pixel(page, ".lab-canvas-in", 2, 2) == HIGHLIGHT
    assert shown(page)[0] == expected[0] and shown(page)[1:] == [""] * 24
    assert "1" in page.inner_text(".lab-step-summary")
    page.select_option(".lab-speed select", "16")
    page.click(".lab-play")
    page.wait_for_selector(".lab-player[data-playing='false']")
    page.wait_for_selector(".lab-grids[data-done='25']")
    assert shown(page) == expected
    # The window has moved on: the corner is no longer outlined.
    assert pixel(page, ".lab-canvas-in", 2, 2) != HIGHLIGHT
    # The last step's products and sum come from the trace.
    assert page.inner_text(".lab-result") == expected[-1]
    assert errors == []
    page.close()


def test_stride_padding_and_dilation_change_the_size_shown_and_drawn(
        browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    out = ".lab-canvas-out"
    assert page.get_attribute(out, "data-cols") == "5"
    set_number(page, "stride", 2)
    page.wait_for_selector(f"{out}[data-cols='3'][data-rows='3']")
    assert page.get_attribute(".lab-formula-line[data-axis='W']", "data-out") == "3"
    assert "⌊4 / 2⌋ + 1" in page.inner_text(".lab-formula-line[data-axis='W']")
    assert "s=2" in page.url
    to_end(page)
    assert shown(page) == as_shown(engine_output(live_server, stride=2))

    page.select_option(".lab-controls select[name='padMode']", "full")
    page.wait_for_selector(f"{out}[data-cols='5']")      # (7 + 2 + 2 - 3) // 2 + 1
    set_number(page, "stride", 1)
    page.wait_for_selector(f"{out}[data-cols='9']")      # full: 7 + 2 + 2 - 3 + 1
    assert page.get_attribute(".lab-canvas-in", "data-kind") == "in"

    page.select_option(".lab-controls select[name='padMode']", "number")
    set_number(page, "dilation", 2)
    page.wait_for_selector(f"{out}[data-cols='3']")      # 7 - 2*(3-1) - 1 + 1
    to_end(page)
    assert shown(page) == as_shown(engine_output(live_server, dilation=2))

    # Impossible: "same" with stride 2. The plain explanation and the engine's sentence show.
    set_number(page, "stride", 2)
    page.wait_for_selector(f"{out}[data-cols='2']")
    page.select_option(".lab-controls select[name='padMode']", "same")
    page.wait_for_selector("#page[data-lab-status='error']")
    assert "stride of 1" in page.inner_text(".lab-error")
    assert page.locator(".lab-why-plain").count() == 1
    assert page.get_attribute(".lab-formula-line[data-axis='W']", "data-out") == "0"
    assert page.locator(".lab-canvas-out").count() == 0
    # Bad values elsewhere are kept: back to valid padding, the output returns.
    page.select_option(".lab-controls select[name='padMode']", "valid")
    page.wait_for_selector(f"{out}[data-cols='2']")
    # A kernel size beyond the knob's range is refused with a sentence, not silently.
    # The sentence shows under the knob that refused the value, and under no other knob.
    set_number(page, "k", 99)
    page.wait_for_selector(".lab-range-note[data-knob='k']:not([hidden])")
    assert "from 1 to" in page.inner_text(".lab-range-note[data-knob='k']")
    assert page.locator(".lab-range-note:not([hidden])").count() == 1
    k_field = page.locator(".lab-field", has=page.locator("input[name='k']"))
    assert k_field.locator(".lab-range-note:not([hidden])").count() == 1
    assert page.get_attribute("input[name='k']", "aria-describedby") == "lab-range-k"
    assert page.input_value(".lab-controls input[name='k']") == "3"
    set_number(page, "stride", 9)  # another knob's refusal moves the sentence there
    page.wait_for_selector(".lab-range-note[data-knob='stride']:not([hidden])")
    page.wait_for_selector(".lab-range-note[data-knob='k'][hidden]", state="attached")
    set_number(page, "k", 2)  # a value in range clears the note
    page.wait_for_selector(".lab-range-note[data-knob='stride'][hidden]", state="attached")
    assert page.locator(".lab-range-note:not([hidden])").count() == 0
    # Chromium logs the refused request itself; nothing else may go wrong.
    assert [e for e in errors if "status of 422" not in e] == []
    assert len(errors) == 1
    page.close()


def test_flip_rotates_the_kernel_and_gives_the_true_convolution(
        browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/", reduced_motion=True)
    page.click(".lab-play")                              # reduced motion: straight to the end
    page.wait_for_selector(".lab-grids[data-done='25']")
    correlation = shown(page)
    assert correlation == as_shown(engine_output(live_server))
    page.click(".lab-flip-toggle")
    expect(page.locator(".lab-flip-toggle")).to_have_attribute("aria-pressed", "true")
    convolution = as_shown(engine_output(live_server, flip=True))
    page.wait_for_function(
        "want => document.querySelector('.lab-canvas-out').dataset.shown === want",
        arg=",".join(convolution))
    assert convolution != correlation
    assert "flip=1" in page.url
    assert "180" in page.inner_text(".lab-panel-kernel .lab-note")
    # The kernel drawn is the rotated one: its top-left weight is now +1 (orange), not -1 (blue).
    top_left = pixel(page, ".lab-canvas-kernel", 10, 10)
    assert top_left[0] > top_left[2]
    assert errors == []
    page.close()


def test_state_in_the_url_reopens_the_same_lab_and_the_view_exports_as_png(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    page.select_option(".lab-editor select[name='preset']", "checker")
    set_number(page, "k", 2)
    page.wait_for_selector(".lab-canvas-out[data-cols='6']")
    url = page.url
    with page.expect_download() as download:
        page.click(".lab-export")
    assert download.value.suggested_filename == "cnnvis-convolution.png"
    with open(download.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    page.close()
    again, errors2 = open_lab(browser, url)
    assert again.input_value(".lab-controls input[name='k']") == "2"
    assert again.input_value(".lab-editor select[name='preset']") == "checker"
    assert again.get_attribute(".lab-canvas-out", "data-cols") == "6"
    assert errors == [] and errors2 == []
    again.close()


def test_a_hand_written_link_sets_its_knob_says_what_it_refused_and_keeps_the_step(
        browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/?k=4")
    assert page.input_value(".lab-controls input[name='k']") == "4"
    page.wait_for_selector(".lab-canvas-out[data-cols='4']")  # 7 - 4 + 1
    assert page.locator(".lab-url-note").is_hidden()
    # Stepping while paused puts the step into the URL; reopening the link shows that step.
    for _ in range(3):
        page.click(".lab-forward")
    page.wait_for_selector(".lab-grids[data-done='3']")
    page.wait_for_function("new URLSearchParams(location.search).get('at') === '3'")
    again, errors2 = open_lab(browser, page.url)
    again.wait_for_selector(".lab-grids[data-done='3']")
    page.close()
    again.close()
    # A value out of range is named with the value used instead, in the page's language.
    bad, errors3 = open_lab(browser, live_server + "/?k=99&s=2&lang=ko")
    expect(bad.locator(".lab-url-note")).to_be_visible()
    assert "k=99 → 3" in bad.inner_text(".lab-url-note")
    assert "링크" in bad.inner_text(".lab-url-note")
    assert bad.input_value(".lab-controls input[name='stride']") == "2"
    bad.close()
    # A mode the lab does not have shows the convolution and says so; the knobs still apply.
    unknown, errors4 = open_lab(browser, live_server + "/?mode=pooling&k=4")
    expect(unknown.locator(".lab-url-note")).to_contain_text("mode=pooling → conv")
    assert "k=" not in unknown.inner_text(".lab-url-note")
    assert unknown.input_value(".lab-controls input[name='k']") == "4"
    unknown.close()
    assert errors == [] and errors2 == [] and errors3 == [] and errors4 == []


def test_korean_and_a_phone_fit_without_sideways_scrolling(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/", **PHONE)
    assert horizontal_overflow(page) <= 0
    page.click("#lang-switch")
    assert page.inner_text(".lab-intro h1") == "합성곱 실습"
    assert page.inner_text(".lab-play") == "재생"
    assert "출력 크기" in page.inner_text(".lab-formula")
    assert "교차상관" in page.inner_text(".lab-flip-text")
    page.click(".lab-last")
    expect(page.locator(".lab-counter")).to_contain_text("25단계 중 25단계")
    # A 3-channel 3-D volume with two kernels still fits the phone.
    page.select_option(".lab-controls select[name='dim']", "3")
    page.wait_for_selector(".lab-canvas-out[data-slices='3']")
    page.select_option(".lab-controls select[name='cin']", "3")
    page.wait_for_function("() => document.querySelectorAll('.lab-canvas-in').length === 3")
    page.wait_for_selector("#page[data-lab-status='ready']")
    assert horizontal_overflow(page) <= 0
    assert "lang=ko" in page.url
    assert errors == []
    page.close()


def test_keyboard_reads_cells_and_shows_receptive_fields(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    readout = "want => document.querySelector('.lab-readout').textContent.includes(want)"
    page.focus(".lab-canvas-out")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(readout, arg="column 2")
    text = page.inner_text(".lab-readout")
    assert "Feature map 1" in text and "9 input cell" in text
    page.keyboard.press("Enter")                          # jump to that cell's step
    page.wait_for_selector(".lab-grids[data-done='2']")
    page.focus(".lab-canvas-in")                          # the corner feeds one output
    page.wait_for_function(readout, arg="feeds 1 output")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(readout, arg="feeds 4 output")
    assert errors == []
    page.close()


def test_an_uploaded_image_becomes_the_input_and_the_engine_convolves_it(
        browser: Any, live_server: str, tmp_path: Any) -> None:
    from urllib.parse import parse_qs, urlparse

    from PIL import Image

    picture = Image.new("L", (90, 60), 0)
    picture.paste(255, (45, 0, 90, 60))  # dark left half, bright right half: a vertical edge
    path = tmp_path / "edge.png"
    picture.save(path)
    page, errors = open_lab(browser, live_server + "/")
    page.set_input_files(".lab-file", str(path))
    page.wait_for_function("url => location.search.includes('preset=image')", arg=None)
    page.wait_for_selector("#page[data-lab-status='ready']")
    values = [float(v) for v in parse_qs(urlparse(page.url).query)["x"][0].split(",")]
    assert len(values) == 49
    rows = [values[r * 7:(r + 1) * 7] for r in range(7)]
    assert all(row[0] < 0.1 and row[-1] > 0.9 for row in rows)  # the crop kept the edge
    to_end(page)
    body = {"input": {"shape": [1, 7, 7], "data": values},
            "weight": {"shape": [1, 1, 3, 3], "data": SOBEL_X},
            "bias": {"shape": [1], "data": [0.0]}, "ndim": 2, "encoding": "list"}
    r = httpx.post(live_server + "/api/v1/conv", json=body, timeout=10)
    assert shown(page) == as_shown([float(v) for v in r.json()["output"]["data"]])
    assert errors == []
    page.close()
