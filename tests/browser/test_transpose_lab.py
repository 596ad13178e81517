"""The lab's transposed-convolution mode in real Chromium against a live server.

Each test drives the page like a learner (buttons, selects, the keyboard) and compares what the
page shows with ``POST /api/v1/conv_transpose`` and ``POST /api/v1/conv/backward`` for the same
numbers, fetched here with httpx, and the output size with the formula written out here.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

# The mode's landing numbers: a 3x3 input, a 3x3 kernel, stride 2, padding 1, output_padding 1.
INPUT_3 = [1.0, 2.0, 0.0, 3.0, -1.0, 2.0, 0.0, 2.0, 1.0]
KERNEL_3 = [1.0, 0.0, -1.0, 2.0, 1.0, 0.0, 0.0, 1.0, 1.0]


def size(h: int, k: int, s: int, p: int, d: int, op: int) -> int:
    """O = (H - 1)*S - 2P + D*(K - 1) + output_padding + 1."""
    return (h - 1) * s - 2 * p + d * (k - 1) + op + 1


def transpose(base: str, x: list[float], shape: list[int], w: list[float], k: int,
              **knobs: Any) -> dict[str, Any]:
    body = {"input": {"shape": shape, "data": x}, "weight": {"shape": [k, k], "data": w},
            "encoding": "list", "trace": True, **knobs}
    r = httpx.post(base + "/api/v1/conv_transpose", json=body, timeout=10)
    r.raise_for_status()
    out: dict[str, Any] = r.json()
    return out


def open_mode(browser: Any, url: str, status: str = "ready", **kwargs: Any) -> tuple[Any, list[str]]:
    page, errors = open_page(browser, url, **kwargs)
    page.set_default_timeout(10000)
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector(f"#page[data-lab-status='{status}']")
    return page, errors


def grid_values(page: Any, name: str) -> list[float]:
    values = page.eval_on_selector_all(
        f"table[data-grid='{name}'] td", "cells => cells.map(c => c.dataset.value ?? 'none')")
    return [float(v) for v in values]


def wait_done(page: Any, done: int) -> None:
    page.wait_for_selector(f"#page[data-transpose-done='{done}']")
    page.wait_for_selector(f".transposeLab-stage[data-done='{done}']")


def test_stamps_fill_the_output_with_the_engines_numbers(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose")
    expect(page.locator(".lab-mode[aria-current='page']")).to_have_text("Transposed convolution")
    answer = transpose(live_server, INPUT_3, [3, 3], KERNEL_3, 3, stride=2, padding=1,
                       output_padding=1)
    out = size(3, 3, 2, 1, 1, 1)
    assert answer["output"]["shape"] == [out, out] == [6, 6]
    assert page.get_attribute("#page", "data-lab-steps") == "9"
    # The formula with the numbers filled in gives the engine's size.
    lines = page.locator(".transposeLab-formula .transposeLab-formula-line")
    expect(lines).to_have_count(2)
    for axis in ("H", "W"):
        line = page.locator(f".transposeLab-formula .transposeLab-formula-line[data-axis='{axis}']")
        expect(line).to_have_attribute("data-out", str(out))
        expect(line).to_contain_text("(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1")
    expect(page.locator(".transposeLab-formula-engine")).to_have_attribute("data-shape", "6x6")

    # One stamp: the first input cell (value 1) stamps 1 x kernel; its first row and column
    # fall in the padding and are cropped.
    page.click(".transposeLab-forward")
    wait_done(page, 1)
    partial = answer["trace"]["partial"]
    assert grid_values(page, "output") == [v for row in partial[0][0] for v in row]
    expect(page.locator("table[data-grid='stamp'] td[data-kind='crop']")).to_have_count(5)
    expect(page.locator("table[data-grid='canvas'] td[data-add]")).to_have_count(9)
    expect(page.locator(".transposeLab-summary")).to_contain_text("5 of its 9 taps land in the padding")

    # Every stamp: the output is the engine's.
    page.click(".transposeLab-last")
    wait_done(page, 9)
    assert grid_values(page, "output") == answer["output"]["data"]
    expect(page.locator(".transposeLab-summary")).to_contain_text("All 9 stamps are added")
    assert errors == []


def test_the_convolutions_backward_gives_the_same_numbers(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose")
    page.wait_for_selector("#page[data-transpose-check='ready']")
    answer = transpose(live_server, INPUT_3, [3, 3], KERNEL_3, 3, stride=2, padding=1,
                       output_padding=1)
    back = httpx.post(live_server + "/api/v1/conv/backward", json={
        "grad_output": {"shape": [3, 3], "data": INPUT_3},
        "input": {"shape": [6, 6], "data": [0.0] * 36},
        "weight": {"shape": [3, 3], "data": KERNEL_3}, "stride": 2, "padding": 1,
        "encoding": "list"}, timeout=10).json()
    assert grid_values(page, "gradient") == back["grad_input"]["data"] == answer["output"]["data"]
    expect(page.locator(".transposeLab-verdict")).to_have_attribute("data-same", "true")
    # The forward convolution maps 6 back to 3, its formula filled in.
    line = page.locator(".transposeLab-gradient .transposeLab-formula-line[data-axis='H']")
    expect(line).to_have_attribute("data-out", "3")
    expect(line).to_contain_text("⌊(6 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = ⌊5 / 2⌋ + 1")
    expect(page.locator(".transposeLab-gradient")).to_contain_text("sizes 5 to 6 all map back to 3")
    assert errors == []


def test_knobs_change_the_url_and_the_answer_matches_the_formula(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose&lang=en")
    page.select_option(".transposeLab-controls select[name='stride']", "3")
    page.select_option(".transposeLab-controls select[name='dilation']", "2")
    page.select_option(".transposeLab-controls select[name='padding']", "0")
    page.select_option(".transposeLab-controls select[name='rows']", "2")
    out_h, out_w = size(2, 3, 3, 0, 2, 1), size(3, 3, 3, 0, 2, 1)
    page.wait_for_selector(f".transposeLab-formula-engine[data-shape='{out_h}x{out_w}']")
    params = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert {"mode": "transpose", "lang": "en", "size": "2x3", "s": "3", "d": "2", "p": "0",
            "op": "1"}.items() <= params.items()
    answer = transpose(live_server, INPUT_3[:6], [2, 3], KERNEL_3, 3, stride=3, padding=0,
                       output_padding=1, dilation=2)
    assert answer["output"]["shape"] == [out_h, out_w]
    page.click(".transposeLab-last")
    wait_done(page, 6)
    assert grid_values(page, "output") == answer["output"]["data"]
    # The stride's zeros: a 2x3 input with stride 3 dilates to 4x7 with 2 zeros between cells.
    expect(page.locator("table[data-grid='dilated'] tr")).to_have_count(4)
    expect(page.locator("table[data-grid='dilated'] td[data-kind='value']")).to_have_count(6)
    # The link reproduces the view, the step included.
    page.goto(page.url)
    page.wait_for_selector("#page[data-lab-status='ready']")
    wait_done(page, 6)
    assert grid_values(page, "output") == answer["output"]["data"]
    assert errors == []


def test_typed_values_are_computed_by_the_engine(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose&preset=impulse")
    page.fill(".transposeLab-editor input[name='kernel-4']", "7")
    page.press(".transposeLab-editor input[name='kernel-4']", "Enter")
    expect(page.locator(".transposeLab-controls select[name='preset']")).to_have_value("custom")
    page.wait_for_selector("#page[data-lab-status='ready']")
    x = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    w = KERNEL_3[:4] + [7.0] + KERNEL_3[5:]
    answer = transpose(live_server, x, [3, 3], w, 3, stride=2, padding=1, output_padding=1)
    page.click(".transposeLab-last")
    wait_done(page, 9)
    assert grid_values(page, "output") == answer["output"]["data"]
    assert 7.0 in grid_values(page, "output")  # the single 1 stamps the kernel itself
    assert "w=1%2C0%2C-1%2C2%2C7" in page.url
    assert errors == []


def test_keyboard_steps_and_plays(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose&speed=8")
    page.locator(".transposeLab-intro h1").click()
    page.keyboard.press(".")
    wait_done(page, 1)
    page.keyboard.press(".")
    wait_done(page, 2)
    page.keyboard.press(",")
    wait_done(page, 1)
    # The input cells are buttons: Tab reaches them, Enter jumps to a cell's stamp.
    page.focus("table[data-grid='input'] td[data-row='2'][data-col='1'] button")
    page.keyboard.press("Enter")
    wait_done(page, 8)
    expect(page.locator(".transposeLab-summary")).to_contain_text("input cell (2, 1) = 2")
    # Tab onto the player and press Enter on Play: it plays to the end.
    page.focus(".transposeLab-back")
    page.keyboard.press("Tab")
    expect(page.locator(".transposeLab-play")).to_be_focused()
    page.keyboard.press("Enter")
    wait_done(page, 9)
    expect(page.locator(".transposeLab-play")).to_have_attribute("aria-pressed", "false")
    page.locator(".transposeLab-intro h1").click()
    page.keyboard.press(" ")  # from the end, space starts again from the first stamp
    page.wait_for_selector(".transposeLab-player[data-playing='true']")
    page.wait_for_selector(".transposeLab-player[data-playing='false']")
    wait_done(page, 9)
    assert errors == []


def test_a_refused_setting_shows_the_engines_sentence(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose&size=2x2&k=2&s=1&p=3&op=0",
                             status="error")
    r = httpx.post(live_server + "/api/v1/conv_transpose", json={
        "input": {"shape": [2, 2], "data": [1.0, 2.0, 3.0, -1.0]},
        "weight": {"shape": [2, 2], "data": [1.0, 0.0, 2.0, 1.0]}, "padding": 3}, timeout=10)
    assert r.status_code == 422
    expect(page.locator(".transposeLab-error")).to_contain_text(r.json()["detail"])
    expect(page.locator(".transposeLab-why .message-info")).to_contain_text("crops 3 from each end")
    expect(page.locator(".transposeLab-stage")).to_be_hidden()
    # Errors the page reports itself are the expected 422; nothing else failed.
    assert [e for e in errors if "422" not in e] == []


def test_korean_on_a_phone(browser: Any, live_server: str) -> None:
    page, errors = open_mode(browser, live_server + "/?mode=transpose&lang=ko&size=4x4&s=3&d=2&p=0&op=2",
                             width=PHONE["width"], height=PHONE["height"])
    expect(page.locator(".transposeLab-intro h1")).to_have_text("전치 합성곱")
    expect(page).to_have_title("cnnvis: 전치 합성곱")
    expect(page.locator(".transposeLab-play")).to_have_text("재생")
    expect(page.locator(".transposeLab-formula .transposeLab-panel-title")).to_have_text("출력 크기")
    out = size(4, 3, 3, 0, 2, 2)
    page.wait_for_selector(f".transposeLab-formula-engine[data-shape='{out}x{out}']")
    x = [1.0, 2.0, 0.0, -1.0, 3.0, -1.0, 2.0, 1.0, 0.0, 2.0, 1.0, 3.0, -2.0, 1.0, 3.0, 0.0]
    answer = transpose(live_server, x, [4, 4], KERNEL_3, 3, stride=3, padding=0, output_padding=2,
                       dilation=2)
    assert answer["output"]["shape"] == [out, out]
    page.click(".transposeLab-last")
    wait_done(page, 16)
    assert grid_values(page, "output") == answer["output"]["data"]
    expect(page.locator(".transposeLab-summary")).to_contain_text("도장 16개를 모두 더했습니다")
    # output_padding 2 past a canvas that P = 0 does not crop: two rows and columns of extra cells.
    expect(page.locator("table[data-grid='canvas'] td[data-kind='extra']")).to_have_count(2 * out + 2 * out - 4)
    page.wait_for_selector("#page[data-transpose-check='ready']")
    expect(page.locator(".transposeLab-verdict")).to_have_attribute("data-same", "true")
    assert horizontal_overflow(page) <= 0
    # The language switch keeps the mode and its state.
    page.click("#lang-switch")
    expect(page.locator(".transposeLab-intro h1")).to_have_text("Transposed convolution")
    expect(page.locator(".transposeLab-play")).to_have_text("Play")
    expect(page).to_have_title("cnnvis: Transposed convolution")
    assert "mode=transpose" in page.url and "size=4x4" in page.url
    assert errors == []


def test_output_padding_below_the_dilation_only_has_no_forward_convolution(
        browser: Any, live_server: str) -> None:
    # PyTorch and the engine allow output_padding 1 with stride 1 and dilation 2; then the
    # convolution with the same settings maps O back to H + 1, and its backward refuses dL/dy.
    page, errors = open_mode(browser, live_server + "/?mode=transpose&s=1&d=2&p=1&op=1")
    page.wait_for_selector("#page[data-transpose-check='error']")
    out = size(3, 3, 1, 1, 2, 1)
    expect(page.locator(".transposeLab-formula-engine")).to_have_attribute("data-shape", f"{out}x{out}")
    line = page.locator(".transposeLab-gradient .transposeLab-formula-line[data-axis='H']")
    expect(line).to_have_attribute("data-out", "4")
    expect(page.locator(".transposeLab-verdict")).to_have_attribute("data-same", "false")
    expect(page.locator(".transposeLab-verdict")).to_contain_text("No convolution with stride 1 maps 6×6 back to 3×3")
    expect(page.locator(".transposeLab-verdict span[lang='en']")).to_contain_text(
        "grad_output must have the forward output's shape 4x4, got 3x3")
    expect(page.locator(".transposeLab-gradient-claim")).to_be_hidden()
    assert [e for e in errors if "422" not in e] == []


def test_a_hand_written_link_names_what_the_mode_could_not_use(browser: Any, live_server: str) -> None:
    """A value out of range is named with the one shown instead; the others are used."""
    page, errors = open_mode(browser, live_server + "/?mode=transpose&k=99&s=2&x=1,2,3&at=two")
    note = page.locator(".lab-url-note")
    expect(note).to_be_visible()
    text = note.inner_text()
    assert re.search(r"k=99 → \d", text) and "x=1,2,3 → " in text  # 3 values for a larger input
    assert "at=two → 0" in text
    assert "s=" not in text
    assert page.evaluate("new URLSearchParams(location.search).get('s')") == "2"
    page.close()
    clean, errors2 = open_mode(browser, live_server + "/?mode=transpose&s=2")
    expect(clean.locator(".lab-url-note")).to_be_hidden()
    clean.close()
    assert errors == [] and errors2 == []
