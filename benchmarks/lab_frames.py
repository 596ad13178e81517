"""Frame time of the convolution lab's animation in headless Chromium.

Usage::

    python benchmarks/lab_frames.py [--seconds 4] [--url URL]

Starts ``uvicorn app.main:app`` on a free loopback port (unless ``--url`` is given), opens
the lab in Debian's chromium at 1280x800 with a worst-case-ish state (a 32x32 RGB input, a
3x3 kernel, padding 1, 1024 steps) and the landing state (7x7, 25 steps), plays at the
highest speed for a few seconds, and prints:

- from ``loop.js``'s ``frameDurations()`` (our update + draw per frame): count, p50, p95, max;
- from a Chrome performance trace over the same seconds: the main thread's
  ``AnimationFrame``/``FireAnimationFrame`` task durations (p50, p95, max) and the intervals
  between ``BeginFrame`` events (frame pacing).

A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from liveserver import serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
STATES = {
    "landing 7x7, 25 steps": "/",
    "32x32 RGB, pad 1, 1024 steps": "/?dim=2&size=32x32&cin=3&cout=1&k=3&s=1&p=1&d=1&preset=noise",
}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def trace_figures(path: Path) -> tuple[list[float], list[float]]:
    events = json.loads(path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    frames = [e["dur"] / 1000 for e in events
              if e.get("name") in ("FireAnimationFrame", "AnimationFrame") and e.get("ph") == "X" and "dur" in e]
    begins = sorted(e["ts"] for e in events if e.get("name") == "BeginFrame")
    gaps = [(b - a) / 1000 for a, b in zip(begins, begins[1:])]
    return frames, gaps


def measure(browser: object, base: str, path: str, seconds: float) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + path)
    page.wait_for_selector("#page[data-lab-status='ready']")
    page.select_option(".lab-speed select", "16")
    with tempfile.TemporaryDirectory() as tmp:
        trace_path = Path(tmp) / "trace.json"
        browser.start_tracing(page=page, path=str(trace_path), categories=["devtools.timeline", "blink"])
        page.wait_for_timeout(500)   # let the first paint settle: measure the animation only
        before = page.evaluate("async () => (await import('/static/js/loop.js')).frameDurations().length")
        page.click(".lab-play")
        page.wait_for_timeout(seconds * 1000)
        durations = page.evaluate(
            "async () => (await import('/static/js/loop.js')).frameDurations()")[before:]
        page.click(".lab-play")
        browser.stop_tracing()
        frames, gaps = trace_figures(trace_path)
    done = page.get_attribute(".lab-grids", "data-done")
    print(f"  loop.js frameDurations: n={len(durations)} p50={pct(durations, .5):.2f} ms "
          f"p95={pct(durations, .95):.2f} ms max={max(durations):.2f} ms (steps done {done})")
    print(f"  trace animation-frame tasks: n={len(frames)} p50={pct(frames, .5):.2f} ms "
          f"p95={pct(frames, .95):.2f} ms max={max(frames, default=float('nan')):.2f} ms")
    if gaps:
        print(f"  trace BeginFrame intervals: p50={statistics.median(gaps):.1f} ms p95={pct(gaps, .95):.1f} ms")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--url", default=None, help="a running server; default: start one")
    args = parser.parse_args()
    with serve(args.url) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        for name, path in STATES.items():
            print(name)
            measure(browser, base, path, args.seconds)
        browser.close()


if __name__ == "__main__":
    main()
