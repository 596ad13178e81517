"""Live training in a real browser: the curves grow as lines arrive, the loss falls, Stop stops."""

from __future__ import annotations

import json
from typing import Any

from .helpers import PHONE, horizontal_overflow, open_page

SECTION = "#training"
LOSS = f"{SECTION} .training-chart[data-metric='loss']"


def test_a_short_training_run_shows_the_loss_falling_and_can_be_stopped(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    assert page.get_attribute(SECTION, "data-state") == "idle"
    page.select_option("#training-network", "lenet5")
    page.select_option("#training-optimizer", "adam")
    page.fill("#training-steps", "40")
    page.fill("#training-every", "10")
    page.click(f"{SECTION} .training-start")
    page.wait_for_selector(f"{SECTION}[data-state='done']", timeout=60_000)

    # Every step was drawn, and the values the chart holds are the ones the stream sent.
    assert page.get_attribute(LOSS, "data-count") == "40"
    losses = json.loads(page.get_attribute(LOSS, "data-values") or "[]")
    assert len(losses) == 40
    first, last = float(page.get_attribute(LOSS, "data-first-mean") or "nan"), \
        float(page.get_attribute(LOSS, "data-last-mean") or "nan")
    window = int(page.get_attribute(LOSS, "data-window") or 0)
    assert window == 8 and abs(first - sum(losses[:window]) / window) < 1e-3
    assert last < first  # the loss fell
    assert page.locator(f"{LOSS} path.training-line").get_attribute("d").count("L") == 39
    assert page.get_attribute(f"{SECTION} .training-maps", "data-kernels-step") == "40"
    assert page.locator(f"{SECTION} .training-feature-map").count() == 6
    # LeNet-5's six 5x5 kernels, each weight drawn big enough to read (at least 12 px a side).
    kernels = page.locator(f"{SECTION} .training-kernel-map")
    assert kernels.count() == 6
    box = kernels.first.bounding_box()
    assert box is not None and box["width"] / 5 >= 12 and box["height"] / 5 >= 12
    assert "40 of 40" not in page.inner_text(f"{SECTION} .training-status-line")  # it says done
    assert page.inner_text(f"{SECTION} .training-status-line").startswith("Done: 40 steps")

    # A long run, stopped by keyboard after some steps: the curve keeps what arrived.
    page.fill("#training-steps", "1000")
    page.click(f"{SECTION} .training-start")
    page.wait_for_selector(f"{SECTION}[data-state='running'] "
                           ".training-chart[data-metric='loss']:not([data-count='0'])")
    page.focus(f"{SECTION} .training-stop")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{SECTION}[data-state='stopped']")
    drawn = int(page.get_attribute(LOSS, "data-count") or 0)
    assert 0 < drawn < 1000
    assert page.inner_text(f"{SECTION} .training-status-line").startswith("Stopped at step")
    assert page.locator(f"{SECTION} .training-error").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('training-start')")

    # And it starts again: a fresh run of a few steps replaces the stopped one.
    page.fill("#training-steps", "5")
    page.keyboard.press("Enter")  # focus is on Start
    page.wait_for_selector(f"{SECTION}[data-state='done']")
    assert page.get_attribute(LOSS, "data-count") == "5"

    # Fine-tuning starts from the shipped weights: the loss is low from the first step.
    page.select_option("#training-init", "trained")
    page.fill("#training-learning-rate", "0.0001")
    before = page.get_attribute(LOSS, "data-values")
    page.click(f"{SECTION} .training-start")
    # The previous run also ended "done" after 5 steps: wait until this run's curve replaced it.
    page.wait_for_function(
        "before => { const c = document.querySelector(\"#training .training-chart[data-metric='loss']\");"
        " return c.dataset.count === '5' && c.dataset.values !== before"
        " && document.querySelector('#training').dataset.state === 'done'; }", arg=before)
    tuned = json.loads(page.get_attribute(LOSS, "data-values") or "[]")
    assert len(tuned) == 5 and max(tuned) < 0.5 < losses[0]

    # Korean, then a phone's width on the same page.
    page.click("#lang-switch")
    page.wait_for_selector("#training-title:has-text('실시간 학습')")
    assert page.inner_text(f"{LOSS} .training-chart-title").startswith("손실")
    assert page.inner_text(f"{SECTION} .training-start") == "학습 시작"
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0
    # Stop aborts the request (the browser logs it as failed): nothing else may fail.
    assert [e for e in errors if not e.endswith("net::ERR_ABORTED")] == []
    page.close()
