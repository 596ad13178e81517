"""Why did it say that, on the feature maps page, in real Chromium against a live server: after
LeNet-5's prediction of a drawn 3 the Explain part draws Grad-CAM over the input, re-runs when
the layer changes, shows integrated gradients' progress and then its completeness check, and
puts all eight methods side by side; EfficientNet-Lite0 explains the cat photo; an untrained
network says there is nothing learned to explain and a network of maps leaves the part off;
the enlarged C3 map shows what its channel looks for (the image forming, then the sample
patches); and all of it reads in Korean on a phone without sideways scrolling."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from .helpers import PHONE, horizontal_overflow, open_page

METHODS = ["gradient", "gradient_x_input", "guided", "gradcam", "guided_gradcam", "smoothgrad",
           "integrated", "occlusion"]

# Every change of a canvas or a text the view makes, kept in the page (the status line and the
# progress bar change within one stream, often faster than a test could read them).
RECORD = """() => {
  window.__explainSeen = [];
  const status = document.querySelector('.maps-explain-status');
  const bar = document.querySelector('.maps-explain-progress');
  const keep = () => window.__explainSeen.push({text: status.textContent, hidden: bar.hidden,
                                                value: bar.getAttribute('value'), max: bar.max});
  new MutationObserver(keep).observe(status, {childList: true, characterData: true, subtree: true});
  new MutationObserver(keep).observe(bar, {attributes: true});
}"""

HEAT_PIXELS = """(selector) => {
  const c = document.querySelector(selector);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const colours = new Set();
  let opaque = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0) opaque += 1;
    colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  }
  return {width: c.width, height: c.height, opaque, colours: colours.size};
}"""


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-loaded='true']")


def predict_sample(page: Any, network: str, sample: str) -> None:
    """Choose ``network`` and the sample; wait for the pass to finish and the part to be ready."""
    page.click(f"label[data-network='{network}']")
    page.click("#maps-tab-samples")
    page.click(f"button[data-sample='{sample}']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)


def assert_heat_drawn(page: Any, selector: str = ".maps-explain-large .maps-explain-heat") -> dict[str, int]:
    expect(page.locator(selector)).to_have_attribute("data-drawn", "true")
    pixels: dict[str, int] = page.evaluate(HEAT_PIXELS, selector)
    assert pixels["opaque"] == pixels["width"] * pixels["height"] > 0
    assert pixels["colours"] > 1                                    # a map, not a flat fill
    return pixels


def network_info(live_server: str, name: str) -> dict[str, Any]:
    networks = httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
    return next(n for n in networks if n["name"] == name)


def test_lenet5_gradcam_layers_integrated_progress_and_compare_all(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    part = page.locator(".maps-explain")
    expect(part).to_have_attribute("data-state", "waiting")
    expect(page.locator(".maps-explain-run")).to_be_disabled()
    predict_sample(page, "lenet5", "digit-3")
    expect(part).to_have_attribute("data-state", "ready")
    # The class defaults to the top prediction; the top 5 are offered.
    expect(page.locator("#maps-explain-target option")).to_have_count(5)
    expect(page.locator("#maps-explain-target")).to_have_value("3")
    # Grad-CAM (the default method) at the last layer with maps.
    expect(page.locator("#maps-explain-layer")).to_have_value("S4")
    page.click(".maps-explain-run")
    expect(part).to_have_attribute("data-shown", "gradcam|3|S4")
    pixels = assert_heat_drawn(page)
    assert (pixels["width"], pixels["height"]) == (32, 32)         # over the network's input
    numbers = page.locator(".maps-explain-numbers")
    expect(numbers).to_contain_text("Grad-CAM at S4: 16 maps of 5 × 5")
    expect(page.locator(".maps-explain-legend")).to_have_attribute("data-kind", "sequential")
    expect(page.locator(".maps-explain-cam-figure")).to_be_visible()
    # The layer chooser lists the layers with maps; an earlier one re-runs with a larger map.
    rows = network_info(live_server, "lenet5")["run_summary"]["layers"]
    with_maps = [r["name"] for r in rows if len(r["output_shape"]) == 3 and r["output_shape"][1] * r["output_shape"][2] > 1]
    assert with_maps[-1] == "S4" and "C3" in with_maps
    options = page.locator("#maps-explain-layer option")
    expect(options).to_have_count(len(with_maps))
    assert options.evaluate_all("os => os.map(o => o.value)") == with_maps
    with page.expect_request(lambda r: "/explain?" in r.url and "layer=C3" in r.url):
        page.select_option("#maps-explain-layer", "C3")
    expect(part).to_have_attribute("data-shown", "gradcam|3|C3")
    expect(numbers).to_contain_text("Grad-CAM at C3: 16 maps of 10 × 10")
    assert_heat_drawn(page)
    # The opacity slider fades the heat map only.
    page.fill("#maps-explain-opacity", "20")
    expect(page.locator(".maps-explain-large .maps-explain-heat")).to_have_css("opacity", "0.2")

    # Integrated gradients, its answer slowed down to a slow connection's pace so the page's
    # frames fall between the stream's lines: the progress bar counts the path's points first,
    # then the completeness check appears.
    page.evaluate(RECORD)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                 "downloadThroughput": 32 * 1024, "uploadThroughput": -1})
    page.click("label[for='maps-explain-method-integrated']")
    expect(numbers).to_have_attribute("data-method", "integrated", timeout=30_000)
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    seen = page.evaluate("window.__explainSeen")
    counting = [s for s in seen if not s["hidden"] and s["max"] == 32 and s["value"] is not None]
    assert counting, seen
    assert any("of 32 points on the path" in s["text"] for s in seen), seen
    expect(numbers).to_contain_text("Completeness: |sum − difference|")
    check = {k: float(numbers.get_attribute(f"data-{k}")) for k in ("sum", "difference", "error")}
    assert check["error"] == pytest.approx(abs(check["sum"] - check["difference"]), rel=1e-6)
    assert check["error"] < 0.05 * abs(check["difference"])
    expect(page.locator(".maps-explain-legend")).to_have_attribute("data-kind", "diverging")
    assert_heat_drawn(page)

    # Compare all: eight panels, in the server's order, each labelled with its seconds.
    page.click(".maps-explain-compare-button")
    expect(page.locator(".maps-explain-compare")).to_have_attribute("data-state", "done", timeout=30_000)
    panels = page.locator(".maps-explain-panel")
    expect(panels).to_have_count(8)
    assert panels.evaluate_all("ps => ps.map(p => p.dataset.method)") == METHODS
    expect(page.locator(".maps-explain-panel[data-state='done']")).to_have_count(8)
    for i in range(8):
        panel = panels.nth(i)
        assert float(panel.locator(".maps-explain-panel-note").get_attribute("data-seconds")) > 0
        assert panel.locator(".maps-explain-panel-note").inner_text().endswith("on the server")
        assert_heat_drawn(page, f".maps-explain-panel[data-method='{METHODS[i]}'] .maps-explain-heat")
    expect(panels.nth(3).locator(".maps-explain-panel-name")).to_have_text("Grad-CAM · C3")
    # A panel's name shows it large, with its numbers (already computed: no new request).
    panels.nth(7).locator(".maps-explain-panel-name").click()
    expect(numbers).to_have_attribute("data-method", "occlusion")
    expect(page.locator(".maps-explain-status")).to_contain_text("already computed")
    # The keyboard moves between methods like any radio group.
    page.focus("#maps-explain-method-occlusion")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#maps-explain-method-integrated")).to_be_checked()
    expect(numbers).to_have_attribute("data-method", "integrated")
    # Another class is explained for that class.
    page.select_option("#maps-explain-target", index=1)
    target = page.locator("#maps-explain-target").input_value()
    expect(part).to_have_attribute("data-shown", f"integrated|{target}|")
    assert errors == []
    page.close()


def test_a_new_image_stops_the_explanation_and_forgets_it(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    predict_sample(page, "tinyvgg", "shape-star")
    page.click(".maps-explain-compare-button")
    expect(page.locator(".maps-explain")).to_have_attribute("data-job", "running")
    page.click("button[data-sample='shape-circle']")
    # The comparison is gone with its image; once the new prediction is in, the chosen method
    # (Grad-CAM) explains it by itself, since the learner asked for explanations.
    expect(page.locator(".maps-explain-compare")).to_be_hidden()
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)
    expect(page.locator(".maps-explain")).to_have_attribute("data-shown", "gradcam|" + page.get_attribute(".maps-prediction", "data-top") + "|max_pool_2", timeout=30_000)
    assert_heat_drawn(page)
    assert errors == []
    page.close()


def test_untrained_and_map_networks_say_why(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    page.click("label[data-network='edges']")
    part = page.locator(".maps-explain")
    expect(part).to_have_attribute("data-state", "maps")
    expect(page.locator(".maps-explain-off")).to_contain_text("ends in feature maps, not classes")
    for selector in (".maps-explain-run", ".maps-explain-compare-button", "#maps-explain-method-gradcam"):
        expect(page.locator(selector)).to_be_disabled()
    predict_sample(page, "lenet5", "digit-5")
    untrained = [n["name"] for n in httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
                 if n["weights"] == "seeded" and not n.get("unavailable")]
    if not untrained:
        pytest.skip("no untrained preset here")
    page.click(f"label[data-network='{untrained[0]}']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)
    expect(part).to_have_attribute("data-state", "ready")
    expect(page.locator(".maps-explain-untrained")).to_contain_text("nothing learned to explain")
    page.click(".maps-explain-run")                                 # still allowed to run
    assert_heat_drawn(page)
    assert errors == []
    page.close()


def test_efficientnet_lite0_gradcam_on_the_cat(browser: Any, live_server: str) -> None:
    net = network_info(live_server, "efficientnet_lite0")
    if net.get("unavailable"):
        pytest.skip(f"efficientnet_lite0 is unavailable here: {net['unavailable']}")
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    predict_sample(page, "efficientnet_lite0", "photo-cat")
    expect(page.locator(".maps-explain-untrained")).to_be_hidden()
    expect(page.locator("#maps-explain-layer")).to_have_value("head_relu6")
    page.click(".maps-explain-run")
    top = page.get_attribute(".maps-prediction", "data-top")
    expect(page.locator(".maps-explain")).to_have_attribute("data-shown", f"gradcam|{top}|head_relu6", timeout=30_000)
    pixels = assert_heat_drawn(page)
    assert (pixels["width"], pixels["height"]) == (224, 224)
    expect(page.locator(".maps-explain-numbers")).to_contain_text("1280 maps of 7 × 7")
    # The photo under it is the network's input, in colour.
    photo = page.evaluate(HEAT_PIXELS, ".maps-explain-large .maps-explain-photo")
    assert (photo["width"], photo["height"]) == (224, 224) and photo["colours"] > 1000
    page.select_option("#maps-explain-layer", "b6")
    expect(page.locator(".maps-explain")).to_have_attribute("data-shown", f"gradcam|{top}|b6", timeout=30_000)
    expect(page.locator(".maps-explain-numbers")).to_contain_text("80 maps of 14 × 14")
    assert errors == []
    page.close()


def open_zoom(page: Any, layer: str) -> None:
    page.locator(f".maps-card[data-name='{layer}'] .maps-sheet").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.maps-zoom[open]")


def check_visualize(page: Any) -> None:
    """The open zoom dialog's channel visualised: the image forming, the objective, the patches."""
    part = page.locator(".maps-visualize")
    expect(part).to_be_visible()
    page.locator(".maps-visualize-button").click()
    expect(part).to_have_attribute("data-state", "done", timeout=30_000)
    image = page.locator(".maps-visualize-image")
    expect(image).to_have_attribute("data-step", "64")
    expect(page.locator(".maps-visualize-chart")).to_have_attribute("data-points", "64")
    shown = page.evaluate(HEAT_PIXELS, ".maps-visualize-image")
    assert (shown["width"], shown["height"]) == (32, 32) and shown["colours"] > 8
    patches = page.locator(".maps-visualize-patch-item")
    expect(patches).to_have_count(6)
    values = patches.evaluate_all("ps => ps.map(p => +p.dataset.value)")
    assert values == sorted(values, reverse=True) and values[0] > 0
    # Each patch is its box cut out of its sample: LeNet-5's C3 units see 14 x 14 input pixels.
    sizes = page.locator(".maps-visualize-patch").evaluate_all("cs => cs.map(c => [c.width, c.height])")
    assert all(0 < w <= 14 and 0 < h <= 14 for w, h in sizes), sizes
    assert any(w == h == 14 for w, h in sizes)


def test_what_a_lenet5_channel_looks_for(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps")
    ready(page)
    predict_sample(page, "lenet5", "digit-3")
    open_zoom(page, "C3")
    # The image forms step by step: the progress images arrive before the patches.
    page.evaluate("""() => {
      window.__steps = [];
      const img = document.querySelector('.maps-visualize-image');
      new MutationObserver(() => window.__steps.push(+img.dataset.step))
        .observe(img, {attributes: true, attributeFilter: ['data-step']});
    }""")
    check_visualize(page)
    steps = page.evaluate("window.__steps")
    assert steps[-1] == 64 and len(set(steps)) >= 2, steps
    assert page.locator(".maps-visualize-status").inner_text().startswith("64 steps in")
    # Another channel (a key press) clears it; a layer without maps has no such part.
    page.keyboard.press("ArrowRight")
    expect(page.locator("#maps-zoom-title")).to_have_text("C3: map 2 of 16")
    expect(page.locator(".maps-visualize")).to_have_attribute("data-state", "idle")
    expect(page.locator(".maps-visualize-patch-item")).to_have_count(0)
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.maps-zoom[open]", state="detached")
    open_zoom(page, "C5")
    expect(page.locator(".maps-visualize")).to_be_hidden()
    assert errors == []
    page.close()


def test_korean_on_a_phone(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko", **PHONE)
    ready(page)
    expect(page.locator("#maps-explain-title")).to_have_text("왜 그렇게 답했을까?")
    expect(page.locator(".maps-explain-off")).to_contain_text("먼저")
    predict_sample(page, "lenet5", "digit-3")
    page.click(".maps-explain-run")
    assert_heat_drawn(page)
    expect(page.locator(".maps-explain-numbers")).to_contain_text("S4에서의 Grad-CAM")
    expect(page.locator("label[for='maps-explain-method-integrated']")).to_contain_text("적분 기울기")
    assert horizontal_overflow(page) <= 0
    page.click(".maps-explain-compare-button")
    expect(page.locator(".maps-explain-compare")).to_have_attribute("data-state", "done", timeout=30_000)
    expect(page.locator(".maps-explain-compare-title")).to_have_text("3에 대한 모든 방법")
    expect(page.locator(".maps-explain-panel-note").first).to_contain_text("서버에서")
    page.locator(".maps-explain-panel[data-method='integrated'] .maps-explain-panel-name").click()
    expect(page.locator(".maps-explain-numbers")).to_contain_text("완전성")
    assert horizontal_overflow(page) <= 0
    open_zoom(page, "C3")
    expect(page.locator(".maps-visualize h3")).to_have_text("이 채널은 무엇을 찾을까?")
    check_visualize(page)
    expect(page.locator(".maps-visualize-status")).to_contain_text("64단계")
    assert horizontal_overflow(page) <= 0
    dialog_overflow = page.evaluate(
        "() => { const d = document.querySelector('dialog.maps-zoom'); return d.scrollWidth - d.clientWidth; }")
    assert dialog_overflow <= 0
    assert errors == []
    page.close()
