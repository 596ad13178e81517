"""Every page under ``?lang=ko`` in a real browser, with its content computed, finds no
interface text left in English (``untranslated.py`` says what counts as English).

Each page is walked the way a learner uses it: the lab (its three modes), the feature maps of
a LeNet-5 run with the zoomed map, what a channel looks for and an explanation, then
EfficientNet-Lite0 on a photo, the backprop page with a run of each section, the teach page
with photos and a training, and the API reference. Errors are provoked on each page (an
impossible setting, a file that is not an image, a head file that is not one), so the
server's sentences are read in Korean too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import expect

from engine.network.presets import efficientnet_lite0 as eff

from .helpers import open_page
from .untranslated import untranslated


@pytest.fixture(scope="module")
def layer_ids(live_server: str) -> frozenset[str]:
    """Every layer name the presets give (ids such as ``output`` or ``relu1``)."""
    networks = httpx.get(live_server + "/api/v1/networks", timeout=30).json()["networks"]
    names: set[str] = set()

    def walk(rows: list[Any]) -> None:
        for row in rows:          # a row, or a branch (a list of rows) of a block
            if isinstance(row, list):
                walk(row)
            else:
                names.add(row["name"])
                walk(row.get("children") or [])

    for net in networks:
        walk(net["run_summary"]["layers"])
    return frozenset(names)


def korean(page: Any, where: str, ids: frozenset[str] = frozenset()) -> None:
    """Fail with every Latin word ``page`` shows that is not a technical name or a layer's id."""
    found = untranslated(page, ids)
    assert found == [], f"untranslated text on {where}:\n" + "\n".join(found)


def leftovers(page: Any, where: str) -> list[str]:
    """What :func:`korean` would fail with, to report several states of a page at once."""
    return [f"{where}: {f}" for f in untranslated(page)]


@pytest.fixture(scope="module")
def not_an_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file named like a PNG holding text: the server refuses it with a sentence."""
    path = tmp_path_factory.mktemp("korean") / "notes.png"
    path.write_bytes(b"this is not a picture\n" * 8)
    return path


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four small generated photos: two reddish, two bluish."""
    folder = tmp_path_factory.mktemp("korean-photos")
    paths = []
    for i, colour in enumerate([(200, 40, 40), (220, 70, 50), (30, 60, 180), (50, 90, 200)]):
        path = folder / f"photo-{i}.png"
        Image.new("RGB", (64, 64), colour).save(path)
        paths.append(path)
    return paths


def test_the_scanner_finds_an_english_string_and_passes_marked_english(
        browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/docs?lang=ko")
    page.wait_for_selector("#api-docs[data-operations]")
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = '특징 맵 Loading maps';
        p.setAttribute('aria-label', '지도 Zoom');
        const marked = document.createElement('span');
        marked.lang = 'en';
        marked.textContent = 'golden retriever';
        p.append(marked, ' 3x3 conv2d dL/dx ReLU');
        document.querySelector('main').append(p);
    }""")
    found = untranslated(page)
    words = sorted(f.split(":")[1].split("|")[0].strip() for f in found)
    assert words == ["Loading", "Zoom", "maps"], found
    assert errors == []
    page.close()


def test_the_lab_in_korean(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/?lang=ko")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#page[data-lab-status='ready']")
    found = leftovers(page, "/")
    # An impossible setting: a 7x7 kernel on a 5x5 input without padding.
    page.goto(live_server + "/?lang=ko&size=5x5&k=7")
    page.wait_for_selector("#page[data-lab-status='error']")
    expect(page.locator(".lab-error")).to_contain_text("패딩한 입력")
    found += leftovers(page, "/ with a refused setting")
    assert found == [], "untranslated text on the lab:\n" + "\n".join(found)
    assert all("422" in e for e in errors), errors
    page.close()


@pytest.mark.parametrize("mode", ["pool", "transpose"])
def test_the_lab_modes_in_korean(browser: Any, live_server: str, mode: str) -> None:
    page, errors = open_page(browser, live_server + f"/?lang=ko&mode={mode}")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_load_state("networkidle")
    korean(page, f"/?mode={mode}")
    assert errors == []
    page.close()


def run_sample(page: Any, network: str, sample: str) -> None:
    page.click(f"label[data-network='{network}']")
    page.click("#maps-tab-samples")
    page.click(f"button[data-sample='{sample}']")
    page.wait_for_selector("#page[data-state='done']", timeout=60_000)


def test_the_feature_maps_in_korean(browser: Any, live_server: str, not_an_image: Path,
                                    layer_ids: frozenset[str]) -> None:
    page, errors = open_page(browser, live_server + "/maps?lang=ko")
    page.wait_for_selector("#page[data-loaded='true']")
    korean(page, "/maps before a run", layer_ids)
    run_sample(page, "lenet5", "digit-3")
    page.click(".maps-explain-run")
    expect(page.locator(".maps-explain-large .maps-explain-heat")).to_have_attribute("data-drawn", "true")
    korean(page, "/maps after a LeNet-5 run and Grad-CAM", layer_ids)
    page.locator(".maps-card[data-name='C3'] .maps-sheet").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.maps-zoom[open]")
    page.locator(".maps-visualize-button").click()
    expect(page.locator(".maps-visualize")).to_have_attribute("data-state", "done", timeout=30_000)
    korean(page, "/maps with a zoomed map and what its channel looks for", layer_ids)
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.maps-zoom[open]", state="detached")
    # A file that is not an image: the server's sentence, in Korean.
    page.click("#maps-tab-upload")
    page.set_input_files("#maps-file", str(not_an_image))
    page.wait_for_selector("#page[data-state='error']")
    expect(page.locator(".maps-error")).to_contain_text("이미지 파일이 아닙니다")
    korean(page, "/maps with a refused upload", layer_ids)
    if eff.unavailable() is None:
        run_sample(page, "efficientnet_lite0", "photo-cat")
        page.click(".maps-group-all[data-open='true']")               # every stage unfolded
        page.locator(".maps-card[data-name='b6'] .maps-inner-toggle").click()
        expect(page.locator(".maps-card[data-name='b6'] .maps-inner")).to_have_attribute(
            "data-state", "done", timeout=60_000)
        korean(page, "/maps after an EfficientNet-Lite0 run, a block's inside shown", layer_ids)
    assert all("422" in e for e in errors), errors
    page.close()


def test_the_backprop_page_in_korean(browser: Any, live_server: str, not_an_image: Path,
                                     layer_ids: frozenset[str]) -> None:
    page, errors = open_page(browser, live_server + "/backprop?lang=ko")
    page.wait_for_selector("#network[data-state='done']", timeout=60_000)
    page.wait_for_selector("#conv-backward[data-ready='true']")
    page.wait_for_selector("#pool-backward[data-ready='true']")
    korean(page, "/backprop after the network's gradients", layer_ids)
    # Each section's other modes: dL/dw and the transposed view, average pooling and tie rules.
    page.click("#conv-backward button[data-mode='dw']")
    page.click("#conv-backward [data-action='last']")
    page.wait_for_function("""() => {
        const m = /^dw:(\\d+)\\/(\\d+)$/.exec(document.querySelector('#conv-backward').dataset.at || '');
        return m !== null && m[1] === m[2]; }""")
    korean(page, "/backprop, dL/dw", layer_ids)
    page.click("#conv-backward button[data-mode='dx']")
    page.click("#conv-backward button[data-action='transposed']")
    page.wait_for_selector("#conv-backward[data-at^='dx-t:']")
    korean(page, "/backprop, dL/dx as a transposed convolution", layer_ids)
    page.click("#pool-backward button[data-kind='avg']")
    page.wait_for_selector("#pool-backward[data-kind='avg'][data-ready='true']")
    korean(page, "/backprop, average pooling backward", layer_ids)
    # A short training run.
    page.select_option("#training-network", "lenet5")
    page.fill("#training-steps", "10")
    page.fill("#training-every", "5")
    page.click("#training .training-start")
    page.wait_for_selector("#training[data-state='done']", timeout=60_000)
    korean(page, "/backprop after a training run", layer_ids)
    # Refused: a setting the convolution cannot take, and a file that is not an image.
    page.select_option("#conv-backward select[data-setting='size']", "4")
    page.wait_for_selector("#conv-backward[data-ready='true']")
    page.select_option("#conv-backward select[data-setting='dilation']", "2")
    page.wait_for_selector("#conv-backward .message-error:visible")
    page.set_input_files("#backprop-upload", str(not_an_image))
    page.wait_for_selector("#network .backprop-error:visible")
    expect(page.locator("#network .backprop-error")).to_contain_text("이미지 파일이 아닙니다")
    korean(page, "/backprop with refused requests", layer_ids)
    assert all("422" in e for e in errors), errors
    page.close()


@pytest.mark.skipif(eff.unavailable() is not None, reason="the teach page needs EfficientNet-Lite0")
def test_the_teach_page_in_korean(browser: Any, live_server: str, photos: list[Path],
                                  not_an_image: Path, tmp_path: Path) -> None:
    page, errors = open_page(browser, live_server + "/teach?lang=ko")
    page.wait_for_selector("body[data-ready='true']")
    korean(page, "/teach")
    cards = page.locator(".teach-class")
    cards.nth(0).locator(".teach-name").fill("빨강")
    cards.nth(0).locator("input[type=file]").set_input_files([str(p) for p in photos[:2]])
    cards.nth(1).locator(".teach-name").fill("파랑")
    cards.nth(1).locator("input[type=file]").set_input_files([str(p) for p in photos[2:]])
    page.fill("#teach-epochs", "20")
    page.locator("#teach-epochs").blur()
    page.click("#teach-train")
    page.wait_for_selector("#teach-export:not([disabled])", timeout=60_000)
    korean(page, "/teach after training a head")
    # Refused: a head file that is not one (the page's own check), then a photo that is not one.
    head = tmp_path / "head.json"
    head.write_text('{"format": "something else"}')
    page.set_input_files("#teach-import-file", str(head))
    expect(page.locator("#teach-status")).to_contain_text("헤드 파일이 아닙니다")
    korean(page, "/teach with a refused head file")
    cards.nth(0).locator("input[type=file]").set_input_files(str(not_an_image))
    page.click("#teach-train")
    expect(page.locator("#teach-status")).to_contain_text("이미지 파일이 아닙니다", timeout=60_000)
    korean(page, "/teach with a refused photo")
    assert all("422" in e for e in errors), errors
    page.close()


def test_the_api_reference_in_korean(browser: Any, live_server: str) -> None:
    page, errors = open_page(browser, live_server + "/docs?lang=ko")
    page.wait_for_selector("#api-docs[data-operations]")
    expect(page.locator(".api-docs-english")).to_be_visible()
    korean(page, "/docs")
    assert errors == []
    page.close()
