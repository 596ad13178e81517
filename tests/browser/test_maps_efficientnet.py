"""EfficientNet-Lite0 on the feature maps page, in real Chromium against a live server: its
layers fold by stage (stem and head open, stages folded, by mouse and keyboard), a block's card
lists its inner layers and shows their maps when asked (one more forward pass with ``?inner=``,
never in the default run), residual blocks say the input is added back and the others why not,
and depthwise separable convolution is explained with a real block's numbers, checked here
against values computed from ``GET /api/v1/networks``; in English on a laptop and in Korean on
a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

NETWORK = "efficientnet_lite0"


@pytest.fixture(scope="module")
def lite0(live_server: str) -> dict[str, Any]:
    """The preset as the API lists it; the tests skip when its weights are unavailable."""
    networks = httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
    net = next((n for n in networks if n["name"] == NETWORK), None)
    if net is None or net.get("unavailable"):
        reason = (net or {}).get("unavailable") or "not listed"
        pytest.skip(f"{NETWORK} is unavailable here: {reason}")
    return net


@pytest.fixture(scope="module")
def cat(live_server: str, tmp_path_factory: pytest.TempPathFactory, lite0: dict[str, Any]) -> Path:
    """The sample photo of a cat, as a file to upload."""
    response = httpx.get(live_server + "/api/v1/samples/photo-cat.png", timeout=30)
    assert response.status_code == 200
    path = tmp_path_factory.mktemp("lite0") / "cat.png"
    path.write_bytes(response.content)
    return path


def expected_cost(net: dict[str, Any], block: str) -> dict[str, Any]:
    """The depthwise and pointwise layers of ``block`` and the full convolution they stand for,
    computed from the API's summary: k from the block's stage, C_in the depthwise layer's
    channels, C_out the projection's, H_out x W_out its output."""
    row = next(r for r in net["run_summary"]["layers"] if r["name"] == block)
    kids = [kid for branch in row["children"] for kid in branch]
    dw = next(k for k in kids if k["name"] == f"{block}.dw")
    pw = next(k for k in kids if k["name"] == f"{block}.project")
    stage = next(g for g in net["groups"] if block in g["layers"])
    k = stage["facts"]["kernel"]
    cin, h, w = dw["output_shape"]
    cout = pw["output_shape"][0]
    assert dw["params"] == cin * k * k and pw["params"] == cin * cout
    full = cin * cout * k * k
    separable = dw["params"] + pw["params"]
    return {"k": k, "cin": cin, "cout": cout, "hw": h * w,
            "dw": (dw["params"], dw["macs"]), "pw": (pw["params"], pw["macs"]),
            "separable": (separable, dw["macs"] + pw["macs"]), "full": (full, full * h * w),
            "times": full / separable, "kernels": ([cin, 1, k, k], [cout, cin, 1, 1])}


def cell(page: Any, row: str, column: int) -> float:
    value = page.get_attribute(f".maps-depthwise-table tr[data-row='{row}'] td:nth-of-type({column})", "data-value")
    assert value is not None
    return float(value)


def check_depthwise(page: Any, net: dict[str, Any], block: str) -> dict[str, Any]:
    """The explanation shows ``block``'s numbers, each as the test computes it."""
    want = expected_cost(net, block)
    expect(page.locator(".maps-depthwise")).to_have_attribute("data-block", block)
    for row in ("dw", "pw", "separable", "full"):
        assert (cell(page, row, 1), cell(page, row, 2)) == want[row], row
    assert cell(page, "times", 1) == pytest.approx(want["times"])
    assert cell(page, "times", 2) == pytest.approx(want["times"])
    cheaper = page.locator(".maps-depthwise-cheaper")
    assert float(cheaper.get_attribute("data-times") or 0) == pytest.approx(want["times"])
    expect(cheaper).to_contain_text(f"{want['times']:.3g}")    # 3 significant digits, as shown
    expect(cheaper).to_contain_text(f"{want['full'][0]:,}")
    return want


def forward_urls(page: Any) -> list[str]:
    """Every forward pass the page asks for, as it asks (the list grows)."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url) if "/forward" in r.url else None)
    return urls


def run_sample(page: Any) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")
    expect(page.locator(f"#maps-net-{NETWORK}")).to_be_checked()       # the default for photos
    page.click("#maps-tab-samples")
    page.click("button[data-sample='photo-cat']")
    page.wait_for_selector("#page[data-last-map]", timeout=30_000)


def group(page: Any, name: str) -> Any:
    return page.locator(f".maps-group[data-group='{name}']")


def test_stages_fold_a_block_shows_inside_and_depthwise_has_real_numbers(
        browser: Any, live_server: str, lite0: dict[str, Any], cat: Path) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    asked = forward_urls(page)
    page.wait_for_selector("#page[data-loaded='true']")
    # Before any image, the explanation already has b6's numbers (from the summary).
    check_depthwise(page, lite0, "b6")
    expect(page.locator(".maps-depthwise")).to_have_attribute("data-source", "summary")
    page.set_input_files("#maps-file", str(cat))
    page.wait_for_selector("#page[data-last-map]", timeout=30_000)
    layers = lite0["run_summary"]["layers"]
    assert page.locator(".maps-card").count() == len(layers)
    assert page.locator(".maps-card[data-drawn='true']").count() == len(layers)
    # The default run sends no inner maps.
    assert len(asked) == 1 and "inner=" not in asked[0]

    # One group per stage with its heading worded from its facts; stem and head open, stages folded.
    names = [g["name"] for g in lite0["groups"]]
    assert page.eval_on_selector_all(".maps-group", "n => n.map(g => g.dataset.group)") == names
    expect(group(page, "stage3").locator(".maps-group-toggle")).to_have_text(
        "Stage 3 · 2 blocks · 5 × 5 depthwise · stride 2 · 40 channels")
    expect(group(page, "stem").locator(".maps-group-toggle")).to_have_text(
        "Stem · 3 × 3 convolution · stride 2 · 32 channels")
    expect(group(page, "head").locator(".maps-group-toggle")).to_contain_text("1,000 classes")
    for name in names:
        stage = name.startswith("stage")
        expect(group(page, name).locator(".maps-group-toggle")).to_have_attribute(
            "aria-expanded", "false" if stage else "true")
    for g in lite0["groups"]:
        assert group(page, g["name"]).locator(".maps-card").count() == len(g["layers"])
    expect(group(page, "stage4").locator(".maps-card[data-name='b6']")).to_be_hidden()
    expect(group(page, "stem").locator(".maps-card[data-name='stem']")).to_be_visible()
    expect(group(page, "stage4").locator(".maps-group-span")).to_contain_text("40 × 28 × 28 → 80 × 14 × 14")

    # Unfold stage 4 with the mouse, fold it with the keyboard, unfold it again with Space.
    toggle = group(page, "stage4").locator(".maps-group-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    b6 = page.locator(".maps-card[data-name='b6']")
    expect(b6).to_be_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(b6).to_be_hidden()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # "Unfold all" opens every stage, "Fold all" folds them (stem and head stay open).
    page.click(".maps-group-all[data-open='true']")
    expect(page.locator(".maps-group[data-stage='true'][data-open='false']")).to_have_count(0)
    page.click(".maps-group-all[data-open='false']")
    expect(page.locator(".maps-group[data-stage='true'][data-open='true']")).to_have_count(0)
    expect(group(page, "head")).to_have_attribute("data-open", "true")
    toggle.click()
    expect(b6).to_be_visible()

    # A block card lists its inner layers with their figures, and says nothing is added back.
    inner = b6.locator(".maps-inner")
    kids = [k for branch in next(r for r in layers if r["name"] == "b6")["children"] for k in branch]
    expect(inner.locator(".maps-inner-layer")).to_have_count(len(kids))
    assert inner.locator(".maps-inner-layer").evaluate_all("n => n.map(l => l.dataset.name)") == [
        k["name"] for k in kids]
    dw = inner.locator(".maps-inner-layer[data-name='b6.dw']")
    expect(dw).to_have_attribute("data-role", "depthwise")
    expect(dw.locator("[data-stat='params']")).to_have_text("2,160")
    expect(dw.locator("[data-stat='shape']")).to_contain_text("240 × 14 × 14")
    expect(dw).to_contain_text("depthwise 3 × 3")
    expect(inner.locator(".maps-inner-layer[data-name='b6.project']")).to_have_attribute("data-role", "pointwise")
    expect(inner.locator(".maps-inner-join")).to_have_attribute("data-added", "false")
    expect(inner.locator(".maps-inner-join")).to_contain_text("Nothing is added back")
    expect(inner.locator(".maps-inner-join")).to_contain_text("28 × 28 to 14 × 14")
    b7 = page.locator(".maps-card[data-name='b7'] .maps-inner-join")
    expect(b7).to_have_attribute("data-added", "true")
    expect(b7).to_contain_text("is added back")
    expect(inner.locator(".maps-inner-canvas")).to_have_count(0)

    # "Show inside" runs the pass again for b6's inner maps and draws one labelled sheet per layer.
    button = b6.locator(".maps-inner-toggle")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_text("Show inside")
    button.click()
    expect(inner).to_have_attribute("data-state", "done", timeout=30_000)
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(button).to_have_text("Hide inside")
    expect(inner.locator(".maps-inner-layer[data-drawn='true']")).to_have_count(len(kids), timeout=20_000)
    sheets = inner.locator(".maps-inner-canvas")
    expect(sheets).to_have_count(len(kids))
    expect(dw.locator(".maps-inner-canvas")).to_have_attribute(
        "aria-label", re.compile(r"^b6\.dw: 240 maps of 14 × 14, values -?[\d.]+ to -?[\d.]+$"))
    expect(dw.locator("figcaption")).to_contain_text("240 maps of 14 × 14")
    alpha = dw.locator(".maps-inner-canvas").evaluate("c => c.getContext('2d').getImageData(1, 1, 1, 1).data[3]")
    assert alpha == 255
    assert [u for u in asked if "inner=" in u] == [asked[-1]] and asked[-1].endswith("?inner=b6")
    # Hiding keeps the maps; showing again does not fetch them again.
    button.click()
    expect(dw.locator(".maps-inner-sheet")).to_be_hidden()
    button.click()
    expect(dw.locator(".maps-inner-sheet")).to_be_visible()
    assert len([u for u in asked if "inner=" in u]) == 1

    # The explanation has b6's numbers, now from the stream, with the kernels' shapes it sent.
    want = check_depthwise(page, lite0, "b6")
    expect(page.locator(".maps-depthwise")).to_have_attribute("data-source", "stream")
    dw_shape, pw_shape = (" × ".join(map(str, s)) for s in want["kernels"])
    expect(page.locator(".maps-depthwise-kernels")).to_contain_text(f"depthwise {dw_shape}, pointwise {pw_shape}")
    # Picking another block in the list explains that one.
    page.select_option("#maps-depthwise-block", "b4")
    check_depthwise(page, lite0, "b4")
    assert want["k"] == 3 and expected_cost(lite0, "b4")["k"] == 5
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()


def test_korean_on_a_phone_residual_block_inside_and_depthwise(
        browser: Any, live_server: str, lite0: dict[str, Any]) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    asked = forward_urls(page)
    run_sample(page)
    assert len(asked) == 1 and "inner=" not in asked[0]
    # The 1000 ImageNet class names have no Korean list: they stay English, marked lang="en".
    label = page.locator(".maps-prediction > .maps-bars .maps-bar-label").first
    expect(label).to_have_attribute("lang", "en")
    assert label.inner_text() in {"tiger cat", "tabby", "Egyptian cat"}
    expect(page.locator(f"label[data-network='{NETWORK}'] .maps-network-desc")).to_contain_text("실제 사진을 본")
    expect(group(page, "stage2").locator(".maps-group-toggle")).to_have_text(
        "2단계 · 블록 2개 · 3 × 3 깊이별 합성곱 · 스트라이드 2 · 채널 24개")
    expect(group(page, "stem").locator(".maps-group-toggle")).to_contain_text("스템")
    expect(group(page, "head").locator(".maps-group-toggle")).to_contain_text("헤드")
    assert horizontal_overflow(page) <= 0

    # Open stage 2 by keyboard; b3 is a residual block: its input is added back.
    toggle = group(page, "stage2").locator(".maps-group-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    b3 = page.locator(".maps-card[data-name='b3']")
    expect(b3).to_be_visible()
    join = b3.locator(".maps-inner-join")
    expect(join).to_have_attribute("data-added", "true")
    expect(join).to_contain_text("다시 더합니다")
    expect(page.locator(".maps-card[data-name='b2'] .maps-inner-join")).to_contain_text("아무것도 더하지 않습니다")
    button = b3.locator(".maps-inner-toggle")
    expect(button).to_have_text("안쪽 보기")
    button.focus()
    page.keyboard.press("Enter")
    inner = b3.locator(".maps-inner")
    expect(inner).to_have_attribute("data-state", "done", timeout=30_000)
    expect(button).to_have_text("안쪽 숨기기")
    expect(inner.locator(".maps-inner-status")).to_contain_text("b3")
    expect(inner.locator(".maps-inner-layer[data-drawn='true']")).to_have_count(8, timeout=20_000)
    expect(inner.locator(".maps-inner-layer[data-name='b3.dw'] figcaption")).to_contain_text("특징 맵 144개")
    assert [u for u in asked if "inner=" in u] == [asked[-1]] and asked[-1].endswith("?inner=b3")
    assert horizontal_overflow(page) <= 0

    # The explanation follows the block the learner opened, in Korean, with numbers computed here.
    want = check_depthwise(page, lite0, "b3")
    expect(page.locator(".maps-depthwise h2")).to_have_text("깊이별 분리 합성곱")
    expect(page.locator(".maps-depthwise-cheaper")).to_contain_text("배 가볍습니다")
    expect(page.locator(".maps-depthwise-table tr[data-row='full'] th")).to_contain_text(
        f"완전한 3 × 3 합성곱 하나, 채널 {want['cin']} → {want['cout']}")
    page.locator(".maps-depthwise").scroll_into_view_if_needed()
    assert horizontal_overflow(page) <= 0
    assert errors == []
    page.close()
