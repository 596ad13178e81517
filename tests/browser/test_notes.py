"""The learners' notes checked on the pages, in real Chromium against a live server.

The lab's "From the notes" panel shows each note's claim beside what the engine computes, with the
numbers of the current settings (English and Korean, laptop and phone, by keyboard); on /maps
every layer that shrinks the maps answers note 001's question with its own numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page


def open_lab(browser: Any, url: str, **kwargs: Any) -> tuple[Any, list[str]]:
    page, errors = open_page(browser, url, **kwargs)
    page.set_default_timeout(10000)
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-lab-status='ready']")
    return page, errors


def entry(note: str) -> str:
    return f".lab-notes-entry[data-note='{note}']"


def values(page: Any, note: str, kind: str) -> list[str]:
    """The raw values (data-value) of an entry's rows of one kind."""
    return page.eval_on_selector_all(f"{entry(note)} .lab-notes-row-{kind} .lab-notes-value",
                                     "nodes => nodes.map(n => n.dataset.value)")


def summary(page: Any, note: str) -> str:
    return page.inner_text(f"{entry(note)} .lab-notes-line").replace("\xa0", " ")


def set_number(page: Any, name: str, value: int) -> None:
    page.fill(f".lab-controls input[name='{name}']", str(value))
    page.press(f".lab-controls input[name='{name}']", "Enter")


def open_entry_by_keyboard(page: Any, note: str) -> None:
    page.focus(f"{entry(note)} summary")
    page.keyboard.press("Enter")
    expect(page.locator(entry(note))).to_have_attribute("open", "")


def test_lab_shows_the_notes_formulas_beside_the_engines_numbers(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    # The panel sits right under the output-size formula; 002's formula is open from the start.
    assert page.evaluate("document.querySelector('.lab-formula').nextElementSibling.className") == "lab-notes"
    expect(page.locator(entry("002-size"))).to_have_attribute("open", "")
    # 7 x 7, K 3, no padding: the +F formula gives 11, the right one and the engine 5.
    expect(page.locator(f"{entry('002-size')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "5 × 5")
    assert values(page, "002-size", "note") == ["11", "11"]
    assert values(page, "002-size", "right") == ["5", "5"]
    assert "gives 11 × 11 here; the engine computes 5 × 5" in summary(page, "002-size")
    assert "(7 + 3 + 2·0) / 1 + 1" in page.inner_text(f"{entry('002-size')} .lab-notes-row-note")
    quote = page.locator(f"{entry('002-size')} .lab-notes-quote")
    assert quote.get_attribute("lang") == "ko" and "W_2 = (W_1+F+2P)/S+1" in quote.inner_text()
    # Padding 1 and stride 2: (7 + 3 + 2)/2 + 1 = 7 against floor((7 - 3 + 2)/2) + 1 = 4.
    set_number(page, "pad", 1)
    set_number(page, "stride", 2)
    expect(page.locator(f"{entry('002-size')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "4 × 4")
    assert values(page, "002-size", "note") == ["7", "7"]
    assert values(page, "002-size", "right") == ["4", "4"]
    # 002's "the output keeps (W, H)": not here; the button sets same padding and stride 1.
    assert "here 7 × 7 becomes 4 × 4" in summary(page, "002-keeps")
    open_entry_by_keyboard(page, "002-keeps")
    page.focus(f"{entry('002-keeps')} .lab-notes-try")
    page.keyboard.press("Enter")
    expect(page.locator(f"{entry('002-keeps')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "7 × 7")
    assert "it does, 7 × 7 stays 7 × 7" in summary(page, "002-keeps")
    expect(page.locator(f"{entry('002-keeps')} .lab-notes-try")).to_be_hidden()
    # The focus did not fall off the page when the button went away.
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert "p=same" in page.url
    assert errors == []
    page.close()


def test_lab_swapped_indices_and_channels_with_the_current_step(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    # 003 before the first step: the middle cell (3, 3). The note's sum is 0 (F(3 + i, 3 + j) lies
    # outside the 3 x 3 kernel), the right sum and the engine give 4 (the edge under Sobel x).
    expect(page.locator(f"{entry('003-indices')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "4")
    assert values(page, "003-indices", "note") == ["0"]
    assert values(page, "003-indices", "right") == ["4"]
    # Step forward: the entry follows the step's cell (1, 1), where the note's corner sum reads
    # I(0, 0)·F(1, 1) = 0 and the engine's value is 0 too on the flat left side of the edge.
    page.click(".lab-forward")
    page.wait_for_selector(".lab-grids[data-done='1']")
    expect(page.locator(f"{entry('003-indices')} .lab-notes-line")).to_contain_text("cell (1, 1)")
    for _ in range(2):
        page.click(".lab-forward")
    page.wait_for_selector(".lab-grids[data-done='3']")
    expect(page.locator(f"{entry('003-indices')} .lab-notes-line")).to_contain_text("cell (1, 3)")
    assert values(page, "003-indices", "engine") == values(page, "003-indices", "right") == ["4"]
    assert values(page, "003-indices", "note") == ["0"]

    # 004: three input channels and one kernel give one map, not three.
    page.select_option(".lab-controls select[name='cin']", "3")
    expect(page.locator(f"{entry('004-channels')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "(5, 5, 1)")
    assert values(page, "004-channels", "note") == ["(5, 5, 3)"]
    assert page.locator(f"{entry('004-channels')} .lab-notes-row-note .lab-notes-bad").count() == 1
    # 000: the same RGB input as a 2-D convolution over 3 channels, and as a 3-D one.
    expect(page.locator(f"{entry('000-colour')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "(1, 5, 5)")
    assert values(page, "000-colour", "right") == ["(1, 5, 5)"]
    assert values(page, "000-colour", "info") == ["(1, 1, 5, 5)"]
    # 004's hyperparameters: 1 x (3 x 3x3 + 1) = 28 parameters, counted by the engine too.
    expect(page.locator(f"{entry('004-hyper')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "28")
    assert "learns 28 parameters" in summary(page, "004-hyper")
    assert errors == []
    page.close()


def conv_output(base: str, data: list[float], bias: float) -> list[float]:
    """The engine's answer for the lab's default 7x7 edge under Sobel x, fetched here."""
    body = {"input": {"shape": [1, 7, 7], "data": data},
            "weight": {"shape": [1, 1, 3, 3], "data": [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0]},
            "bias": {"shape": [1], "data": [bias]}, "ndim": 2, "encoding": "list"}
    r = httpx.post(base + "/api/v1/conv", json=body, timeout=10)
    r.raise_for_status()
    return [float(v) for v in r.json()["output"]["data"]]


def test_lab_shows_convolution_is_linear_up_to_the_bias(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    open_entry_by_keyboard(page, "000-linear")
    # Step 2 of 25: the cell (0, 1). y is the input read backwards; the combination is 2x + y.
    page.click(".lab-forward")
    page.click(".lab-forward")
    x = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0] * 7
    y = x[::-1]
    combo = [2 * a + b for a, b in zip(x, y)]
    for bias in (0.0, 0.5):
        if bias:
            page.fill(".lab-editor input[name='bias']", str(bias))
            page.press(".lab-editor input[name='bias']", "Enter")
            expect(page.locator(f"{entry('000-linear')} .lab-notes-row-info")).to_have_count(1)
        left = conv_output(live_server, combo, bias)[1]
        right = 2 * conv_output(live_server, x, bias)[1] + conv_output(live_server, y, bias)[1]
        engine = page.locator(f"{entry('000-linear')} .lab-notes-row-engine .lab-notes-value")
        expect(engine).to_have_attribute("data-value", f"{left:g}")
        assert values(page, "000-linear", "right") == [f"{right:g}"]
        assert abs((left - right) - (-2 * bias)) < 1e-9
    assert values(page, "000-linear", "info") == ["-1"]
    assert "affine" in summary(page, "000-linear")
    # 001: the fully connected layer comes last; the lab's 1 x 5 x 5 output flattens into 25 numbers.
    assert values(page, "001-dense", "info") == ["25", "260"]
    assert errors == []
    page.close()


def test_formula_panel_names_our_symbols_beside_the_notes_with_current_values(
        browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/")
    row = ".lab-notation-table tr[data-id='{}'] td"
    assert page.locator(row.format("k")).all_inner_texts()[:2] == ["3", "F"]
    assert page.locator(row.format("kernels")).all_inner_texts()[:3] == ["(1, 1, 3, 3)", "K × (F × F × D₁)",
                                                                         "[kh, kw, in, out]"]
    assert page.locator(row.format("input")).all_inner_texts()[2] == "(N, H, W, C)"
    set_number(page, "cout", 2)
    expect(page.locator(row.format("kernels")).first).to_have_text("(2, 1, 3, 3)")
    set_number(page, "stride", 2)
    # 7 x 7, K 3, stride 2: the table's output agrees with the formula line above it.
    expect(page.locator(row.format("out")).first).to_have_text("3, 3")
    assert page.get_attribute(".lab-formula-line[data-axis='W']", "data-out") == "3"
    assert "K" in page.inner_text(".lab-notation-clash")
    assert errors == []
    page.close()


def test_lab_notes_in_korean_on_a_phone_answer_note_001(browser: Any, live_server: str) -> None:
    page, errors = open_lab(browser, live_server + "/?lang=ko", **PHONE)
    assert page.inner_text(".lab-notes h2") == "노트에서"
    expect(page.locator(f"{entry('002-size')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "5 × 5")
    assert "노트 002의 W₂ = (W₁ + F + 2P) / S + 1로 계산하면 여기서 11 × 11" in summary(page, "002-size")
    assert "엔진이 계산한 값은 5 × 5" in summary(page, "002-size")
    assert page.inner_text(f"{entry('002-size')} .lab-notes-wrong-label") == "무엇이 틀렸나:"
    # Note 001's question with this layer: 49 -> 25 -> 4; the button sets the note's own case.
    assert "49 → 25 (×0.51) → 4 (×0.16)" in summary(page, "001-volume")
    open_entry_by_keyboard(page, "001-volume")
    page.focus(f"{entry('001-volume')} .lab-notes-try")
    page.keyboard.press("Enter")
    page.wait_for_selector(".lab-canvas-out[data-cols='8'][data-rows='8']")
    expect(page.locator(f"{entry('001-volume')} .lab-notes-row-engine .lab-notes-value")).to_have_attribute(
        "data-value", "128 → 32")
    assert "64 → 128 (×2) → 32 (×1/4), 모두 ×1/2" in summary(page, "001-volume")
    assert "노트의 경우입니다" in page.inner_text(f"{entry('001-volume')} .lab-notes-wrong")
    # Every entry open: still no sideways scrolling on the phone.
    page.eval_on_selector_all(".lab-notes-entry", "ds => ds.forEach(d => { d.open = true; })")
    assert horizontal_overflow(page) <= 0
    # Switching the language rewrites the panel.
    page.click("#lang-switch")
    expect(page.locator(".lab-notes h2")).to_have_text("From the notes")
    assert "64 → 128 (×2) → 32 (×1/4), ×1/2 in all" in summary(page, "001-volume")
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    img = Image.new("RGB", (224, 224), (238, 228, 200))
    ImageDraw.Draw(img).ellipse((30, 40, 140, 150), fill=(200, 40, 40))
    path = tmp_path_factory.mktemp("notes") / "photo.png"
    img.save(path)
    return path


def run_maps(page: Any, network: str, photo: Path) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")
    page.click(f"label[data-network='{network}']")
    page.set_input_files("#maps-file", str(photo))
    page.wait_for_selector("#page[data-last-map]", timeout=60_000)


def test_maps_answers_note_001_with_each_stages_numbers(browser: Any, live_server: str, photo: Path) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    run_maps(page, "vgg16", photo)
    notes = page.locator(".maps-card-note")
    # Every pooling of the VGG stages carries the answer; three stages are exactly the note's case.
    assert notes.count() == 5
    exact = page.locator(".maps-card[data-name='pool2'] .maps-card-note")
    assert exact.get_attribute("data-exact") == "true"
    text = exact.inner_text().replace("\xa0", " ")
    assert "32 × 112 × 112 = 401,408 → 64 × 112 × 112 = 802,816 (×2" in text
    assert "64 × 56 × 56 = 200,704 (×1/4, pool2): ×1/2 in all" in text
    assert "Channels 32 → 64 (×2), positions H × W 12,544 → 3,136 (×1/4)" in text
    assert page.locator(".maps-card-note[data-exact='true']").count() == 3
    # The pool card's own ratio (to the layer before) is the ×1/4 of the answer.
    assert "×0.25" in page.inner_text(".maps-card[data-name='pool2'] [data-stat='volume']")
    # The note itself, quoted in Korean with its gloss, opens from the keyboard.
    page.focus(".maps-note summary")
    page.keyboard.press("Enter")
    expect(page.locator(".maps-note")).to_have_attribute("open", "")
    assert "stride가 2 x 2로" in page.inner_text(".maps-note-quote")
    assert "H·W·C → H·W·2C (×2) → H/2·W/2·2C (×1/4) = ×1/2" in page.inner_text(".maps-note-general")
    assert errors == []
    page.close()


def test_maps_note_in_korean_on_a_phone(browser: Any, live_server: str, photo: Path) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    run_maps(page, "tinyvgg", photo)
    first = page.locator(".maps-card[data-name='max_pool_1'] .maps-card-note")
    text = first.inner_text()
    # 3 x 64 x 64 -> 10 x 60 x 60 (two valid convolutions) -> 10 x 30 x 30.
    assert "노트 001의 질문을 이 단계의 숫자로: 3 × 64 × 64 = 12,288 → 10 × 60 × 60 = 36,000" in text
    assert "10 × 30 × 30 = 9,000 (×1/4, max_pool_1), 모두 ×0.732" in text
    assert "채널 3 → 10" in text
    page.click(".maps-note summary")
    expect(page.locator(".maps-note-answer")).to_contain_text("정보량은 계층이 가진 숫자의 개수")
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()


def test_maps_answers_note_001_on_hidden_dense_layers_with_each_networks_summary(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    page.wait_for_selector("body[data-ready='true']")
    note = page.locator(".maps-dense-note")
    expect(note).to_be_visible()
    note.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(note).to_have_attribute("open", "")
    listed = {n["name"]: n for n in httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]}
    for name, hidden in (("lenet5", 2), ("lenet5_1998", 1), ("vgg16", 2), ("alexnet", 2), ("resnet18", 0),
                         ("efficientnet_lite0", 0)):
        row = page.locator(f".maps-dense-table tr[data-network='{name}']")
        assert row.get_attribute("data-hidden") == str(hidden), name
        # The share, counted here from the API's own summary: every linear layer but the last.
        dense = [r["params"] for r in listed[name]["summary"]["layers"] if r["kind"] == "linear"]
        share = sum(dense[:-1]) / listed[name]["summary"]["params"]
        assert abs(float(row.get_attribute("data-share")) - share) < 1e-4, name
    assert "VGG16" in page.inner_text(".maps-dense-note .maps-dense-answer")
    assert "GoogLeNet(2014) 이후" in page.inner_text(".maps-dense-note .maps-dense-answer")
    assert horizontal_overflow(page) <= 0  # open on a phone, the table scrolls inside its box
    assert errors == []
    page.close()
