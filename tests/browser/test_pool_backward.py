"""The pooling-backward section in real Chromium: the three tie rules give the engine's
different gradients on a tie, overlapping windows accumulate, unread cells get zero, and
average pooling divides by what each window covered (ceil_mode, padding, count_include_pad).
Expected numbers come from the API, fetched here with httpx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .helpers import open_page

SECTION = "#pool-backward"


def grid(page: Any, name: str) -> list[float | None]:
    """The values a grid shows, row-major (None: not computed yet)."""
    values: list[float | None] = page.eval_on_selector_all(
        f"{SECTION} [data-grid='{name}'] td",
        "tds => tds.map(td => td.dataset.value === undefined ? null : Number(td.dataset.value))")
    return values


def marked(page: Any, name: str, mark: str) -> list[int]:
    """Flat indices of a grid's cells carrying a mark."""
    cells: list[int] = page.eval_on_selector_all(
        f"{SECTION} [data-grid='{name}'] td",
        f"tds => tds.flatMap((td, i) => td.classList.contains('ops-mark-{mark}') ? [i] : [])")
    return cells


def to_the_end(page: Any, kind: str) -> None:
    page.wait_for_selector(f"{SECTION}[data-ready='true']")
    page.click(f"{SECTION} [data-action='last']")
    total = len(grid(page, "pool-grad"))
    page.wait_for_selector(f"{SECTION}[data-at='{kind}:{total}/{total}']")


def shown_input(page: Any) -> list[float]:
    """The real input cells of the (maybe padded) input grid."""
    values: list[float] = page.eval_on_selector_all(
        f"{SECTION} [data-grid='pool-input'] td[data-kind='value']", "tds => tds.map(td => Number(td.dataset.value))")
    return values


def api(live_server: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(live_server + "/api/v1/" + path, json=body, timeout=10)
    r.raise_for_status()
    answer: dict[str, Any] = r.json()
    return answer


def test_pool_backward_tie_rules_route_the_engines_different_gradients(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    assert page.inner_text("#pool-backward-title") == "Pooling backward"
    to_the_end(page, "max")
    x = shown_input(page)
    g = grid(page, "pool-grad")
    n = int(len(x) ** 0.5)
    body = {"input": {"shape": [n, n], "data": x}, "grad_output": {"shape": [2, 2], "data": g},
            "kind": "max", "kernel_size": 3, "stride": 2}
    # The first example has ties: a window whose maximum appears twice.
    trace = api(live_server, "pool", {"input": body["input"], "kind": "max", "kernel_size": 3, "stride": 2,
                                      "trace": True})["trace"]
    assert any(sum(v for row in m for v in row) > 1 for m in trace["maxima"])
    shown = {}
    for rule in ("first", "all", "split"):
        page.click(f"{SECTION} button[data-ties='{rule}']")
        page.wait_for_selector(f"{SECTION}[data-ties='{rule}'][data-ready='true']")
        to_the_end(page, "max")
        want = api(live_server, "pool/backward", {**body, "ties": rule})["grad_input"]["data"]
        shown[rule] = grid(page, "pool-result")
        assert shown[rule] == pytest.approx(want), rule
        assert page.get_attribute(f"{SECTION} [data-role='match']", "data-match") == "true"
    assert shown["first"] != shown["all"] != shown["split"] != shown["first"]
    # Overlapping windows (kernel 3, stride 2) accumulate: some cell gets more than any one
    # window's gradient under "all".
    assert max(shown["all"]) > max(g)
    # Row 5 and column 5 are never read: marked, and their gradient is 0.
    unread = marked(page, "pool-result", "unread")
    assert unread and set(unread) == {i for i in range(n * n) if i // n == 5 or i % n == 5}
    assert all(shown["all"][i] == 0 for i in unread)
    assert errors == []
    page.close()


def test_pool_backward_average_divides_by_what_each_window_covered(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/backprop")
    page.wait_for_selector("body[data-ready='true']")
    # Let the first example arrive (a click during a load aborts its requests, as it should).
    page.wait_for_selector(f"{SECTION}[data-ready='true']")
    page.click(f"{SECTION} button[data-kind='avg']")
    page.wait_for_selector(f"{SECTION}[data-kind='avg'][data-ready='true']")
    page.check(f"{SECTION} input[data-setting='ceil']")
    page.wait_for_selector(f"{SECTION}[data-ready='true']")
    page.select_option(f"{SECTION} select[data-setting='padding']", "1")
    page.wait_for_selector(f"{SECTION}[data-ready='true']")
    page.uncheck(f"{SECTION} input[data-setting='countIncludePad']")
    page.wait_for_selector(f"{SECTION}[data-ready='true']")
    to_the_end(page, "avg")
    x = shown_input(page)
    assert len(x) == 25
    g = grid(page, "pool-grad")
    ho = int(len(g) ** 0.5)
    hyper = {"kind": "avg", "kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True,
             "count_include_pad": False}
    forward = api(live_server, "pool", {"input": {"shape": [5, 5], "data": x}, **hyper, "trace": True})
    assert forward["output"]["shape"] == [ho, ho]
    assert grid(page, "pool-divisor") == pytest.approx(forward["trace"]["divisor"])
    assert min(forward["trace"]["divisor"]) < 4  # border windows divide by less
    want = api(live_server, "pool/backward", {"input": {"shape": [5, 5], "data": x},
                                              "grad_output": {"shape": [ho, ho], "data": g}, **hyper})
    assert grid(page, "pool-result") == pytest.approx(want["grad_input"]["data"])
    assert page.get_attribute(f"{SECTION} [data-role='match']", "data-match") == "true"
    assert errors == []
    page.close()
