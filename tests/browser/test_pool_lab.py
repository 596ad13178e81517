"""The lab's pooling mode in real Chromium against a live server: the page draws the engine's
pooling. Each test drives the page like a learner (examples, selects, the keyboard) and checks
what it shows against the API (fetched here with httpx) and against plain loops written here:
the output-size formula against the engine's output shape, the divisors against a brute-force
count, the hatched cells against the cells no window reads."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import httpx
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

HANGUL = re.compile("[\uac00-\ud7a3]")


def open_pool(browser: Any, url: str, **kwargs: Any) -> tuple[Any, list[str]]:
    page, errors = open_page(browser, url, **kwargs)
    page.set_default_timeout(10000)
    page.wait_for_selector("body[data-ready='true']")
    ready(page)
    return page, errors


def ready(page: Any) -> None:
    """Wait for the pooling and the "why" panels' numbers of the current setting."""
    page.wait_for_selector("#page[data-lab-status='ready'][data-why-status='ready']")


def knob(page: Any, name: str, value: str) -> None:
    page.select_option(f".poolLab-controls select[name='{name}']", value)
    ready(page)


def to_end(page: Any) -> int:
    steps = int(page.get_attribute("#page", "data-lab-steps"))
    if page.is_enabled(".poolLab-last"):
        page.click(".poolLab-last")
    page.wait_for_selector(f".poolLab-grids[data-done='{steps}']")
    return steps


def inputs(page: Any, channel: int = 0) -> list[float]:
    """The real input cells of a channel, row-major."""
    values: list[float] = page.eval_on_selector_all(
        f"table[data-grid='in'][data-channel='{channel}'] td[data-in]",
        "tds => tds.sort((a, b) => a.dataset.in - b.dataset.in).map(td => Number(td.dataset.value))")
    return values


def out_cells(page: Any, attr: str) -> list[Any]:
    """An attribute of every output cell, channel by channel, row-major (None where absent)."""
    values: list[Any] = page.eval_on_selector_all(
        "table[data-grid='out'] td", f"tds => tds.map(td => td.dataset.{attr} ?? null)")
    return values


def knobs_of(page: Any) -> dict[str, Any]:
    """The setting the page shows, read from its URL (the state lives there)."""
    params: dict[str, str] = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    size = [int(v) for v in params["size"].split("x")]
    return {"kind": params["kind"], "size": size, "c": int(params["c"]), "k": int(params["k"]),
            "s": int(params["s"]), "p": int(params["p"]), "d": int(params["d"]),
            "ceil": params["ceil"] == "1", "cip": params["cip"] == "1"}


def engine(base: str, page: Any) -> dict[str, Any]:
    """The API's pooling of what the page shows."""
    k = knobs_of(page)
    x = [v for c in range(k["c"]) for v in inputs(page, c)]
    body: dict[str, Any] = {"input": {"shape": [k["c"], *k["size"]], "data": x}, "kind": k["kind"],
                            "kernel_size": k["k"], "stride": k["s"], "padding": k["p"], "ceil_mode": k["ceil"],
                            "ndim": len(k["size"]), "encoding": "list"}
    if k["kind"] == "max":
        body["dilation"] = k["d"]
    else:
        body["count_include_pad"] = k["cip"]
    r = httpx.post(base + "/api/v1/pool", json=body, timeout=10)
    r.raise_for_status()
    out: dict[str, Any] = r.json()["output"]
    return out


def out_size(h: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    room = h + 2 * p - d * (k - 1) - 1
    o = (math.ceil(room / s) if ceil else room // s) + 1
    return o - 1 if ceil and (o - 1) * s >= h + p else o


def windows(knobs: dict[str, Any]) -> list[list[tuple[int, ...]]]:
    """Per output position, the input cells its window reads, by loops."""
    size, k, s, p, d = knobs["size"], knobs["k"], knobs["s"], knobs["p"], knobs["d"]
    out = [out_size(h, k, s, p, d, knobs["ceil"]) for h in size]
    rows = []
    for pos in itertools.product(*(range(o) for o in out)):
        cells = []
        for tap in itertools.product(range(k), repeat=len(size)):
            cell = tuple(o * s + t * d - p for o, t in zip(pos, tap))
            if all(0 <= c < h for c, h in zip(cell, size)):
                cells.append(cell)
        rows.append(cells)
    return rows


def divisors(knobs: dict[str, Any]) -> list[int]:
    """Average pooling's divisor per output position, counted cell by cell: the window's input
    cells, or (count_include_pad) its cells inside the padded input."""
    size, k, s, p = knobs["size"], knobs["k"], knobs["s"], knobs["p"]
    out = [out_size(h, k, s, p, 1, knobs["ceil"]) for h in size]
    result = []
    for pos in itertools.product(*(range(o) for o in out)):
        count = 0
        for tap in itertools.product(range(k), repeat=len(size)):
            cell = [o * s + t - p for o, t in zip(pos, tap)]
            inside = all(0 <= c < h for c, h in zip(cell, size))
            padded = all(-p <= c < h + p for c, h in zip(cell, size))
            count += inside if not knobs["cip"] else padded
        result.append(count)
    return result


def test_pooling_steps_window_by_window_and_fills_the_engines_output(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    assert page.inner_text(".poolLab-intro h1") == "Pooling lab"
    assert page.get_attribute(".lab-mode[aria-current='page']", "href").endswith("mode=pool")
    want = engine(live_server, page)
    assert page.get_attribute("#page", "data-lab-steps") == str(len(want["data"])) == "9"
    assert out_cells(page, "value") == [None] * 9
    page.click(".poolLab-forward")
    page.wait_for_selector(".poolLab-grids[data-done='1']")
    assert float(out_cells(page, "value")[0]) == want["data"][0]
    # The first window is the top-left 2 x 2; its maximum is marked, the first one starred.
    marked = page.eval_on_selector_all("table[data-grid='in'] td.poolLab-cell-window", "tds => tds.map(td => td.dataset.pos)")
    assert sorted(marked) == ["0,0", "0,1", "1,0", "1,1"]
    x = inputs(page)
    first = max([(0, 0), (0, 1), (1, 0), (1, 1)], key=lambda c: x[c[0] * 6 + c[1]])
    assert page.get_attribute("table[data-grid='in'] td.poolLab-cell-argmax", "data-pos") == f"{first[0]},{first[1]}"
    assert page.inner_text(".poolLab-result") == str(int(want["data"][0]))
    page.click(".poolLab-play")
    page.wait_for_selector(".poolLab-grids[data-done='9']", timeout=15000)
    expect(page.locator(".poolLab-play")).to_have_attribute("aria-pressed", "false")
    assert [float(v) for v in out_cells(page, "value")] == want["data"]
    # The frame over the last window sits on its cells.
    frame = page.locator(".poolLab-frame").bounding_box()
    cell = page.locator("table[data-grid='in'] td[data-pos='4,4']").bounding_box()
    assert abs(frame["x"] - cell["x"]) < 4 and abs(frame["y"] - cell["y"]) < 4
    assert errors == []


def test_the_formula_gives_the_engines_output_shape_with_and_without_ceil_mode(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    cases = [
        "kind=max&size=5x5&k=2&s=2&p=1&ceil=1",  # ceil gives 4, the rule takes the last one back: 3
        "kind=max&size=5x7&k=2&s=2&p=0&ceil=1",  # ceil adds a window hanging past the end
        "kind=avg&size=6x6&k=3&s=2&p=1&ceil=1&cip=0",
        "kind=max&size=7x6&k=3&s=2&p=1&d=2&ceil=0",
        "kind=avg&dim=1&size=11&c=2&k=3&s=3&p=1&ceil=1",
    ]
    for query in cases:
        page.goto(f"{live_server}/?mode=pool&{query}")
        ready(page)
        k = knobs_of(page)
        want = engine(live_server, page)
        axes = page.eval_on_selector_all(".poolLab-formula-axis", "lis => lis.map(li => ({...li.dataset}))")
        assert [int(a["out"]) for a in axes] == want["shape"][-len(k["size"]):], query
        for a, h in zip(axes, k["size"]):
            assert int(a["floor"]) == out_size(h, k["k"], k["s"], k["p"], k["d"], False), query
            assert int(a["ceil"]) == out_size(h, k["k"], k["s"], k["p"], k["d"], True), query
        rounding = "ceil" if k["ceil"] else "floor"
        applies = page.eval_on_selector_all(".poolLab-formula-applies", "ps => ps.map(p => p.dataset.rounding)")
        assert applies == [rounding] * len(k["size"]), query
        assert page.get_attribute(".poolLab-formula-shape", "data-engine") == ",".join(map(str, want["shape"]))
        # Note 002's W2 = (W1 - F)/S + 1 beside it: right only without padding when S divides.
        notes = page.eval_on_selector_all(".poolLab-formula-note", "ps => ps.map(p => Number(p.dataset.value))")
        assert notes == [round((h - k["k"]) / k["s"] + 1, 2) for h in k["size"]], query
        if len(k["size"]) == 1:
            assert want["shape"][0] == 2
    # The rule's case says so in words.
    page.goto(f"{live_server}/?mode=pool&{cases[0]}")
    ready(page)
    assert "taken off" in page.inner_text(".poolLab-formula")
    # 5 x 5, K 2, S 2, P 1: the note's (5 - 2)/2 + 1 = 2.5 is no size; the engine makes 3.
    assert "leaves out the padding" in page.inner_text(".poolLab-formula")
    page.goto(f"{live_server}/?mode=pool&kind=max&size=6x6&k=2&s=2&p=0&ceil=0")
    ready(page)
    assert page.locator(".poolLab-formula-note .poolLab-good").count() == 2  # (6 - 2)/2 + 1 = 3
    assert errors == []


def test_the_border_divisor_example_shows_4_6_and_9_and_they_follow_only_the_shape(
        browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    page.click("[data-example='divisors']")
    ready(page)
    k = knobs_of(page)
    assert (k["kind"], k["size"], k["k"], k["s"], k["p"], k["cip"]) == ("avg", [5, 5], 3, 2, 1, False)
    shown = [int(float(v)) for v in out_cells(page, "divisor")]
    assert shown == [4, 6, 4, 6, 9, 6, 4, 6, 4] == divisors(k)
    assert page.inner_text("table[data-grid='out'] td[data-flat='4'] .poolLab-div") == "÷9"
    # Every step divides the engine's sum by that divisor.
    to_end(page)
    want = engine(live_server, page)
    x = inputs(page)
    sums = [sum(x[r * 5 + c] for r, c in cells) for cells in windows(k)]
    assert [float(v) for v in out_cells(page, "value")] == want["data"]
    assert len(want["data"]) == 9
    assert all(abs(a - s / d) < 1e-9 for a, s, d in zip(want["data"], sums, shown))
    # The "why" panel: other values, the same divisors.
    panel = "[data-why='divisors']"
    assert page.get_attribute(panel, "data-same") == "true"
    assert page.get_attribute(panel, "data-divisors") == "4,6,4,6,9,6,4,6,4"
    # count_include_pad on: every window of this setting divides by 9.
    page.check(".poolLab-controls input[name='includePad']")
    ready(page)
    assert [int(float(v)) for v in out_cells(page, "divisor")] == divisors(knobs_of(page)) == [9] * 9
    # New values, typed in: the divisors do not move.
    page.click(".poolLab-editor summary")
    page.fill(".poolLab-values", "\n".join(" ".join(str((r * 5 + c) % 7) for c in range(5)) for r in range(5)))
    page.click(".poolLab-apply")
    ready(page)
    assert inputs(page)[:5] == [0, 1, 2, 3, 4]
    assert [int(float(v)) for v in out_cells(page, "divisor")] == [9] * 9
    to_end(page)
    assert [float(v) for v in out_cells(page, "value")] == engine(live_server, page)["data"]
    assert errors == []


def test_hatched_cells_are_exactly_the_ones_no_window_reads(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    queries = ["kind=max&size=7x7&k=2&s=3&p=0", "kind=max&size=6x5&k=2&s=2&p=1&d=2",
               "kind=avg&dim=1&size=13&k=2&s=4&p=1&ceil=1", "kind=max&size=6x6&k=2&s=2"]
    for query in queries:
        page.goto(f"{live_server}/?mode=pool&{query}")
        ready(page)
        k = knobs_of(page)
        read = {cell for cells in windows(k) for cell in cells}
        want = [i for i, cell in enumerate(itertools.product(*(range(h) for h in k["size"]))) if cell not in read]
        hatched = page.eval_on_selector_all(
            "table[data-grid='in'][data-channel='0'] td.poolLab-cell-skip", "tds => tds.map(td => Number(td.dataset.in))")
        assert sorted(hatched) == want, query
        assert page.locator("table[data-grid='in'] td[data-unvisited='true']").count() == len(want)
        if query == queries[-1]:
            assert want == []
        else:
            assert want, query
    assert errors == []


def test_keyboard_plays_steps_and_moves_over_the_grids(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool&kind=max&size=7x7&k=2&s=3")
    # "." steps forward, "," back, with the focus on the page.
    page.locator("body").press(".")
    page.wait_for_selector(".poolLab-grids[data-done='1']")
    page.keyboard.press(".")
    page.wait_for_selector(".poolLab-grids[data-done='2']")
    page.keyboard.press(",")
    page.wait_for_selector(".poolLab-grids[data-done='1']")
    # The output grid: arrows move the window to the neighbouring cell, End to the last.
    out = page.locator(".poolLab-wrap[data-grid='out']")
    out.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(".poolLab-grids[data-done='2']")
    page.keyboard.press("ArrowDown")
    page.wait_for_selector(".poolLab-grids[data-done='4']")
    expect(page.locator("table[data-grid='out'] td.poolLab-cell-current")).to_have_attribute("data-pos", "1,1")
    page.keyboard.press("Home")
    page.wait_for_selector(".poolLab-grids[data-done='1']")
    # The input grid: arrows move a cursor; an unvisited cell says no window reads it.
    page.locator(".poolLab-wrap[data-grid='in']").focus()
    page.keyboard.press("ArrowDown")
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".poolLab-readout")).to_contain_text("no window reads it")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".poolLab-readout")).to_contain_text("read by 1 window")
    # Tab reaches the play button; Enter plays to the end (4 steps).
    page.locator(".poolLab-first").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(".poolLab-play")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_selector(".poolLab-grids[data-done='4']", timeout=15000)
    # Settings by keyboard: the kernel select.
    page.focus(".poolLab-controls select[name='k']")
    page.keyboard.press("ArrowDown")
    ready(page)
    assert knobs_of(page)["k"] == 3
    assert errors == []


def test_the_why_panels_show_the_engines_numbers(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    k = knobs_of(page)
    base = {"input": {"shape": [1, *k["size"]], "data": inputs(page)}, "kernel_size": k["k"], "stride": k["s"],
            "encoding": "list"}
    mx = httpx.post(live_server + "/api/v1/pool", json={**base, "kind": "max"}, timeout=10).json()["output"]["data"]
    av = httpx.post(live_server + "/api/v1/pool", json={**base, "kind": "avg"}, timeout=10).json()["output"]["data"]
    feature = "[data-why='feature']"

    def grid(name: str) -> list[float]:
        return [float(v) for v in page.eval_on_selector_all(
            f"{feature} table[data-mini='{name}'] td", "tds => tds.map(td => td.dataset.value)")]

    assert grid("max") == mx and grid("avg") == av
    assert float(page.get_attribute(feature, "data-kept")) == max(inputs(page)) == max(mx)
    assert float(page.get_attribute(feature, "data-blurred")) == max(av) < max(mx)
    params = "[data-why='params']"
    assert page.get_attribute(params, "data-pool") == "0"
    assert page.get_attribute(params, "data-conv") == str(1 * 1 * 2 * 2 + 1)
    page.click("[data-why='channels'] .poolLab-why-try")
    ready(page)
    assert knobs_of(page)["c"] == 3
    assert page.get_attribute("[data-why='channels']", "data-out-channels") == "3"
    assert page.get_attribute(params, "data-conv") == str(3 * 3 * 2 * 2 + 3)
    assert page.locator("table[data-grid='out']").count() == 3
    assert engine(live_server, page)["shape"] == [3, 3, 3]
    assert errors == []


def test_a_refused_setting_shows_the_servers_sentence(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool")
    page.select_option(".poolLab-controls select[name='pad']", "2")
    page.wait_for_selector("#page[data-lab-status='error']")
    expect(page.locator(".poolLab-error")).to_contain_text("more than half the kernel")
    expect(page.locator(".poolLab-why-plain")).to_contain_text("more than half the kernel 2")
    assert page.locator("table[data-grid='out']").count() == 0
    page.select_option(".poolLab-controls select[name='pad']", "1")
    ready(page)
    assert page.locator(".poolLab-error").count() == 0
    # The refused request shows as a failed resource in the console; nothing else went wrong.
    assert [e for e in errors if "status of 422" not in e] == []


def test_korean_on_a_phone_keeps_the_state_in_the_url(browser: Any, live_server: str) -> None:
    page, errors = open_pool(browser, live_server + "/?mode=pool&lang=ko", **PHONE)
    assert page.inner_text(".poolLab-intro h1") == "풀링 실습"
    assert page.inner_text(".poolLab-play") == "재생"
    assert horizontal_overflow(page) <= 0
    page.click("[data-example='divisors']")
    ready(page)
    assert [int(float(v)) for v in out_cells(page, "divisor")] == [4, 6, 4, 6, 9, 6, 4, 6, 4]
    page.click(".poolLab-forward")
    page.click(".poolLab-forward")
    page.wait_for_selector(".poolLab-grids[data-done='2']")
    # The interface text is Korean (formulas, option names and numbers aside).
    for selector in [".poolLab-step-summary", ".poolLab-formula .poolLab-note", "[data-why='divisors'] .poolLab-why-body",
                     ".poolLab-legend"]:
        assert HANGUL.search(page.inner_text(selector)), selector
    assert horizontal_overflow(page) <= 0
    url = page.url
    assert "lang=ko" in url and "mode=pool" in url and "at=2" in url
    shown = out_cells(page, "value")
    # The link reproduces the view, step included.
    again, errors2 = open_pool(browser, url, **PHONE)
    again.wait_for_selector(".poolLab-grids[data-done='2']")
    assert out_cells(again, "value") == shown
    assert again.inner_text(".poolLab-intro h1") == "풀링 실습"
    assert [int(float(v)) for v in out_cells(again, "divisor")] == [4, 6, 4, 6, 9, 6, 4, 6, 4]
    assert horizontal_overflow(again) <= 0
    # Switching the language redraws every text in place and keeps the setting and the step.
    again.click("#lang-switch")
    expect(again.locator(".poolLab-intro h1")).to_have_text("Pooling lab")
    expect(again.locator(".poolLab-step-summary")).to_contain_text("Step 2 of 9")
    expect(again.locator("table[data-grid='out'] figcaption, .poolLab-figure figcaption").first).not_to_contain_text("채널")
    assert "lang=en" in again.url and "at=2" in again.url
    assert out_cells(again, "value") == shown
    assert errors == [] and errors2 == []


def test_a_hand_written_link_names_what_pooling_could_not_use(browser: Any, live_server: str) -> None:
    """Out-of-range values in a pooling link are named with the value shown instead, in the
    language of the moment, and the values that fit are used; a clean link shows no note."""
    page, errors = open_pool(browser, live_server + "/?mode=pool&kind=avg&k=3&s=1&d=2&c=99")
    note = page.locator(".lab-url-note")
    expect(note).to_be_visible()
    text = note.inner_text()
    assert "d=2 → 1" in text and "c=99 → 1" in text                 # average pooling has no dilation
    assert "k=" not in text and "s=" not in text and "kind=" not in text
    assert knobs_of(page)["k"] == 3 and knobs_of(page)["s"] == 1 and knobs_of(page)["kind"] == "avg"
    page.click("#lang-switch")
    expect(note).to_contain_text("링크")
    expect(note).to_contain_text("c=99 → 1")
    page.close()
    clean, errors2 = open_pool(browser, live_server + "/?mode=pool&kind=max&k=2&s=2&lang=ko")
    expect(clean.locator(".lab-url-note")).to_be_hidden()
    clean.close()
    assert errors == [] and errors2 == []
