"""Time a live server: streamed layers per preset, and health latency under heavy load.

Usage::

    python benchmarks/server.py [--rounds 3]

Starts ``uvicorn app.main:app`` on a free loopback port (one worker, one BLAS
thread, as ``cnnvis serve`` runs it), then prints:

- per preset, for a 224x224 photo upload: the time to the first ``layer`` line and
  to ``done`` (median of the rounds), the bytes on the wire, and the size the same
  maps would have as raw float16;
- the p50/p99 latency of ``GET /api/v1/health`` while 6 clients run heavy
  convolutions (the target is a p99 under 100 ms);
- with ``--cold``: per preset, a fresh server, and the time from its first health answer's
  return to the first ``layer`` line of the first request to that preset (target 100 ms;
  warm first lines under 50 ms).

A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import math
import statistics
import time
from pathlib import Path

import httpx
import numpy as np
from liveserver import serve
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ["edges", "lenet5", "tinyvgg", "efficientnet_lite0", "alexnet", "vgg16", "googlenet", "resnet18",
           "resnet50"]
HEAVY_CLIENTS = 6
HEAVY_REQUESTS_EACH = 20


def photo() -> bytes:
    """A 224x224 colour photo-like image: gradients, a disc and noise."""
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:224, 0:224]
    disc = ((x - 120) ** 2 + (y - 100) ** 2 < 50**2)[..., None]
    rgb = np.stack([x, y, 224 - x], axis=-1) + disc * 80 + rng.normal(0, 8, (224, 224, 3))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def one_stream(client: httpx.Client, name: str, image: bytes) -> tuple[float, float, int, int]:
    """``(seconds to first layer, seconds to done, bytes received, float16 bytes of the maps)``."""
    start = time.perf_counter()
    first = done = math.nan
    wire = float16 = 0
    with client.stream("POST", f"/api/v1/networks/{name}/forward",
                       files={"file": ("photo.png", image, "image/png")}) as r:
        for line in r.iter_lines():
            wire += len(line) + 1
            record = json.loads(line)
            if record["type"] == "layer" and math.isnan(first):
                first = time.perf_counter() - start
            if record["type"] == "layer":
                float16 += 2 * math.prod(record["output"]["shape"])
            if record["type"] in ("done", "error"):
                done = time.perf_counter() - start
    return first, done, wire, float16


def heavy_body() -> dict[str, object]:
    """A convolution near the default multiply-add budget, as base64 float32."""
    rng = np.random.default_rng(0)

    def b64(a: np.ndarray) -> dict[str, object]:
        return {"shape": list(a.shape), "dtype": "float32", "encoding": "base64",
                "data": base64.b64encode(a.astype("<f4").tobytes()).decode()}

    return {"input": b64(rng.standard_normal((1, 32, 100, 100))),
            "weight": b64(rng.standard_normal((64, 32, 3, 3))), "encoding": "base64"}


async def health_under_load(base: str) -> tuple[list[float], float]:
    """Health latencies while :data:`HEAVY_CLIENTS` clients each post
    :data:`HEAVY_REQUESTS_EACH` heavy convolutions, one after the other."""
    body = heavy_body()
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        start = time.perf_counter()
        async def heavy_client() -> None:
            for _ in range(HEAVY_REQUESTS_EACH):
                r = await client.post("/api/v1/conv", json=body)
                r.raise_for_status()

        heavy = [asyncio.create_task(heavy_client()) for _ in range(HEAVY_CLIENTS)]
        while not all(t.done() for t in heavy) and len(latencies) < 5000:
            t0 = time.perf_counter()
            await client.get("/api/v1/health")
            latencies.append(time.perf_counter() - t0)
            await asyncio.sleep(0.005)
        await asyncio.gather(*heavy)
        return latencies, time.perf_counter() - start


def cold_starts(image: bytes) -> None:
    """Each preset's first request on a server that has just answered its first health check."""
    print(f"{'preset':18} {'cold first layer s':>18}  (target 0.100; a fresh server each)")
    for name in PRESETS:
        with serve() as base, httpx.Client(base_url=base, timeout=120) as client:
            first, *_ = one_stream(client, name, image)
            print(f"{name:18} {first:18.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="also time each preset's cold start")
    args = parser.parse_args()
    if args.cold:
        cold_starts(photo())
    with serve() as base:
        image = photo()
        print(f"{'preset':18} {'first layer s':>13} {'done s':>8} {'wire MB':>8} "
              f"{'float16 MB':>10} {'wire/f16':>8}")
        with httpx.Client(base_url=base, timeout=120) as client:
            for name in PRESETS:
                runs = [one_stream(client, name, image) for _ in range(args.rounds)]
                first = statistics.median(r[0] for r in runs)
                done = statistics.median(r[1] for r in runs)
                wire, f16 = runs[-1][2], runs[-1][3]
                print(f"{name:18} {first:13.3f} {done:8.3f} {wire / 1e6:8.2f} {f16 / 1e6:10.2f} "
                      f"{wire / f16:8.2f}")
        latencies, wall = asyncio.run(health_under_load(base))
        ms = sorted(1e3 * t for t in latencies)
        p50, p99 = ms[len(ms) // 2], ms[min(len(ms) - 1, int(0.99 * len(ms)))]
        print(f"health while {HEAVY_CLIENTS} clients run heavy convolutions ({wall:.1f} s): "
              f"{len(ms)} pings, p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms "
              "(target p99 < 100 ms)")


if __name__ == "__main__":
    main()
