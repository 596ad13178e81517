"""The convolution-backward section in real Chromium: the animation's end state equals the
engine's own ``conv/backward`` answer (fetched here with httpx), for dL/dx by the flipped
kernel, dL/dx as transposed-convolution stamps, and dL/dw, at stride 1 and 2."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .helpers import PHONE, horizontal_overflow, open_page

SECTION = "#conv-backward"


def grid(page: Any, name: str) -> list[float | None]:
    """The values a grid shows, row-major (None: not computed yet)."""
    values: list[float | None] = page.eval_on_selector_all(
        f"{SECTION} [data-grid='{name}'] td",
        "tds => tds.map(td => td.dataset.value === undefined ? null : Number(td.dataset.value))")
    return values


def wait_ready(page: Any) -> None:
    page.wait_for_selector(f"{SECTION}[data-ready='true']")


def to_the_end(page: Any, mode: str, total: int) -> None:
    """Press "to the end" and wait until the grids show that step of that mode."""
    page.click(f"{SECTION} [data-action='last']")
    page.wait_for_selector(f"{SECTION}[data-at='{mode}:{total}/{total}']")


def settings(page: Any) -> dict[str, int]:
    names = ["size", "kernel", "stride", "padding", "dilation"]
    return {n: int(page.input_value(f"{SECTION} select[data-setting='{n}']")) for n in names}


def engine_answer(live_server: str, page: Any) -> dict[str, list[float]]:
    """The API's conv/backward for the numbers the page shows as x, w and dL/dy."""
    s = settings(page)
    x, w, g = grid(page, "x"), grid(page, "w"), grid(page, "grad")
    ho = int(len(g) ** 0.5)
    body = {"input": {"shape": [s["size"], s["size"]], "data": x},
            "weight": {"shape": [s["kernel"], s["kernel"]], "data": w},
            "grad_output": {"shape": [ho, ho], "data": g},
            "stride": s["stride"], "padding": s["padding"], "dilation": s["dilation"]}
    r = httpx.post(live_server + "/api/v1/conv/backward", json=body, timeout=10)
    r.raise_for_status()
    return {k: r.json()[k]["data"] for k in ("grad_input", "grad_weight")}


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1)])
def test_conv_backward_animation_ends_on_the_engines_gradients(
        browser: Any, live_server: str, stride: int, padding: int) -> None:
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    wait_ready(page)
    assert page.inner_text("#conv-backward-title") == "Convolution backward"
    if (stride, padding) != (1, 0):
        page.select_option(f"{SECTION} select[data-setting='stride']", str(stride))
        wait_ready(page)
        page.select_option(f"{SECTION} select[data-setting='padding']", str(padding))
        wait_ready(page)
    # Before the end the result is only partly filled; at the end it is the engine's answer.
    assert None in grid(page, "dx-result")
    s = settings(page)
    want = engine_answer(live_server, page)
    ho = int(len(grid(page, "grad")) ** 0.5)
    to_the_end(page, "dx", s["size"] ** 2)
    assert grid(page, "dx-result") == pytest.approx(want["grad_input"])
    assert grid(page, "engine-dx") == pytest.approx(want["grad_input"])
    assert page.get_attribute(f"{SECTION} [data-role='match']", "data-match") == "true"
    if stride == 2:
        # The arranged gradient has zeros the stride inserted between its cells.
        kinds = page.eval_on_selector_all(f"{SECTION} [data-grid='dx-source'] td", "tds => tds.map(t => t.dataset.kind)")
        assert "inserted" in kinds and "pad" in kinds
    # The same dL/dx as a transposed convolution: stamps accumulating.
    page.click(f"{SECTION} [data-action='transposed']")
    to_the_end(page, "dx-t", ho * ho)
    assert grid(page, "stamp-result") == pytest.approx(want["grad_input"])
    # dL/dw: the input against the output gradient.
    page.click(f"{SECTION} button[data-mode='dw']")
    to_the_end(page, "dw", s["kernel"] ** 2)
    assert grid(page, "dw-result") == pytest.approx(want["grad_weight"])
    assert page.get_attribute(f"{SECTION} [data-role='match']", "data-which") == "dw"
    assert page.get_attribute(f"{SECTION} [data-role='match']", "data-match") == "true"
    assert errors == []
    page.close()


def test_conv_backward_on_a_phone_in_korean_with_reduced_motion_starts_at_the_end(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/backprop?lang=ko", reduced_motion=True, **PHONE)
    page.wait_for_selector("body[data-ready='true']")
    wait_ready(page)
    page.wait_for_selector(f"{SECTION}[data-at='dx:25/25']")
    assert page.inner_text("#conv-backward-title") == "합성곱 역전파"
    want = engine_answer(live_server, page)
    assert grid(page, "dx-result") == pytest.approx(want["grad_input"])
    assert horizontal_overflow(page) <= 0
    # Keyboard: the player's buttons step back and forward.
    page.focus(f"{SECTION} [data-action='back']")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{SECTION}[data-at='dx:24/25']")
    assert grid(page, "dx-result")[-1] is None
    page.focus(f"{SECTION} [data-action='forward']")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{SECTION}[data-at='dx:25/25']")
    assert grid(page, "dx-result")[-1] == pytest.approx(want["grad_input"][-1])
    # An impossible setting shows the server's sentence and keeps the last result.
    page.select_option(f"{SECTION} select[data-setting='size']", "4")
    wait_ready(page)
    page.select_option(f"{SECTION} select[data-setting='dilation']", "2")
    page.wait_for_selector(f"{SECTION} .message-error:visible")
    assert page.inner_text(f"{SECTION} .message-error").strip()
    assert all("422" in e for e in errors), errors  # only the refused request itself
    page.close()
