"""Time the feature maps page in headless Chromium against a live server.

Usage::

    python benchmarks/maps_page.py [--rounds 3] [--url http://127.0.0.1:8000]

Without ``--url`` it starts ``uvicorn app.main:app`` on a free loopback port (one
worker, one BLAS thread, as ``cnnvis serve`` runs it). For each of edges, lenet5,
tinyvgg, efficientnet_lite0 (target: last map <= 1.0 s) and vgg16 it uploads a generated
224x224 photo on ``/maps`` and reads the
page's own marks (``performance.now()`` recorded in ``#page``'s data attributes):
upload -> first map on screen, upload -> ``done`` line, upload -> last map on
screen, and the p95 / worst cost of the page's loop frames during the run (update +
draw of every view; decoding runs in a worker, outside the frames). Prints
the median over the rounds (a fresh page each round). A measurement, not a test:
nothing here asserts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from liveserver import serve
from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
NETWORKS = ["edges", "lenet5", "tinyvgg", "efficientnet_lite0", "vgg16"]
CHROMIUM = "/usr/bin/chromium"


def photo(path: Path) -> None:
    """A 224x224 colour picture with edges, discs and texture."""
    img = Image.new("RGB", (224, 224), (236, 226, 198))
    draw = ImageDraw.Draw(img)
    draw.ellipse((30, 40, 140, 150), fill=(200, 40, 40))
    draw.rectangle((110, 100, 200, 190), fill=(30, 60, 180))
    for i in range(0, 224, 12):
        draw.line((i, 0, 224 - i, 224), fill=(40 + i % 90, 120, 60), width=2)
    img.save(path)


MARKS = """() => {
  const d = document.getElementById('page').dataset;
  return {first: d.firstMap - d.runStart, done: d.doneAt - d.runStart, last: d.lastMap - d.runStart};
}"""

FRAMES = """async (from) => {
  const m = await import('/static/js/loop.js');
  const f = m.frameDurations().slice(from).sort((a, b) => a - b);
  return {p95: f[Math.floor(f.length * 0.95)] ?? 0, worst: f[f.length - 1] ?? 0};
}"""


def measure(browser: object, base: str, image: Path, network: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(base + "/maps")
    page.wait_for_selector("#page[data-loaded='true']")
    page.click(f"label[data-network='{network}']")
    page.wait_for_timeout(300)  # let the page settle: count only the frames of the run
    start = page.evaluate("import('/static/js/loop.js').then((m) => m.frameDurations().length)")
    page.set_input_files("#maps-file", str(image))
    page.wait_for_selector("#page[data-last-map]", timeout=120_000)
    result = {**page.evaluate(MARKS), **page.evaluate(FRAMES, start)}
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", help="a running server (default: start one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        image = Path(tmp) / "photo.png"
        photo(image)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        with serve(args.url) as base:
            measure(browser, base, image, "lenet5")  # warm up: modules, worker, server caches
            print(f"{'network':<18} {'first map':>10} {'done':>8} {'last map':>9} {'frame p95':>10} {'worst':>7}  (ms, median of {args.rounds})")
            for network in NETWORKS:
                runs = [measure(browser, base, image, network) for _ in range(args.rounds)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                print(f"{network:<18} {med['first']:>10.0f} {med['done']:>8.0f} {med['last']:>9.0f} "
                      f"{med['p95']:>10.1f} {med['worst']:>7.1f}")
        browser.close()


if __name__ == "__main__":
    main()
