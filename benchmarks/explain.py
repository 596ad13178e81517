"""Time every explanation method, and what a channel looks for, through the API of a live server.

Usage::

    python benchmarks/explain.py [--rounds 3] [--url http://127.0.0.1:8000]
                                 [--networks lenet5,tinyvgg,efficientnet_lite0]

Without ``--url`` it starts ``uvicorn app.main:app`` on a free loopback port (one worker,
one BLAS thread, as ``cnnvis serve`` runs it). Each network gets a sample of the kind it
was made for (LeNet-5 the digit 3, TinyVGG the star, EfficientNet-Lite0 the cat photo),
uploaded as the page uploads it (multipart ``file``), and for each of the eight methods
(the page's defaults: SmoothGrad 16 copies, integrated gradients 32 steps, occlusion H/8
patches) prints the median over the rounds of the seconds from sending the request to

- the ``start`` line (the upload read, the image prepared, the cost priced),
- the first ``progress`` line (the methods that take many passes),
- the ``done`` line (the maps on the wire),

next to the targets of issue 18: Grad-CAM on EfficientNet-Lite0 done <= 1 s after upload,
the many-pass methods' first progress <= 0.2 s. Then, per network, ``/visualize`` on one
layer as the page's zoom dialog asks for it (the page's step count): the first progress
line and done. A network the server says is unavailable is skipped. A measurement, not a
test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time

import httpx
from liveserver import serve

METHODS = ["gradient", "gradient_x_input", "guided", "gradcam", "guided_gradcam", "smoothgrad",
           "integrated", "occlusion"]
MANY_PASS = {"smoothgrad", "integrated", "occlusion"}
NETWORKS = {"lenet5": "digit-3", "tinyvgg": "shape-star", "efficientnet_lite0": "photo-cat"}
# The layer and step count the page's zoom dialog would ask for (the last top-level layer
# with maps for the small networks, an early block for EfficientNet-Lite0).
VISUALIZE = {"lenet5": ("C3", 64), "tinyvgg": ("conv_2_2", 64), "efficientnet_lite0": ("b3", 16)}
GRADCAM_TARGET = 1.0
PROGRESS_TARGET = 0.2


def timed_stream(client: httpx.Client, url: str, **kwargs: object) -> dict[str, float]:
    """Seconds from sending to the ``start``, first ``progress`` and ``done`` lines (nan if absent)."""
    marks = {"start": math.nan, "progress": math.nan, "done": math.nan, "server": math.nan}
    began = time.perf_counter()
    with client.stream("POST", url, **kwargs) as r:  # type: ignore[arg-type]
        if r.status_code != 200:
            r.read()
            raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")
        for line in r.iter_lines():
            record = json.loads(line)
            kind = record["type"]
            if kind == "error":
                raise RuntimeError(f"{url}: {record.get('detail')}")
            if kind in marks and math.isnan(marks[kind]):
                marks[kind] = time.perf_counter() - began
            if kind == "done":
                marks["server"] = float(record.get("seconds", math.nan))
    return marks


def median(runs: list[dict[str, float]], key: str) -> float:
    values = [r[key] for r in runs if not math.isnan(r[key])]
    return statistics.median(values) if values else math.nan


def seconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def target_note(network: str, method: str, first_progress: float, done: float) -> str:
    if network == "efficientnet_lite0" and method == "gradcam":
        return f"done <= {GRADCAM_TARGET:.1f} s: {'met' if done <= GRADCAM_TARGET else 'MISSED'}"
    if method in MANY_PASS:
        ok = not math.isnan(first_progress) and first_progress <= PROGRESS_TARGET
        return f"progress <= {PROGRESS_TARGET:.1f} s: {'met' if ok else 'MISSED'}"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", default=None, help="a server that already runs")
    parser.add_argument("--networks", default=",".join(NETWORKS))
    args = parser.parse_args()
    with serve(args.url) as base, httpx.Client(base_url=base, timeout=300) as client:
        listed = {n["name"]: n for n in client.get("/api/v1/networks").json()["networks"]}
        print(f"{'network':18} {'method':17} {'start s':>8} {'progress s':>10} {'done s':>8} "
              f"{'server s':>8}  target")
        for network in args.networks.split(","):
            info = listed.get(network)
            if info is None or info.get("unavailable"):
                print(f"{network:18} skipped: {(info or {}).get('unavailable') or 'not listed'}")
                continue
            sample = NETWORKS.get(network, "photo-cat")
            image = client.get(f"/api/v1/samples/{sample}.png").content
            files = {"file": (f"{sample}.png", image, "image/png")}
            # One pass first, so a lazily built model or cache is not billed to the first method.
            timed_stream(client, f"/api/v1/networks/{network}/explain?method=gradient", files=files)
            for method in METHODS:
                runs = [timed_stream(client, f"/api/v1/networks/{network}/explain?method={method}",
                                     files=files) for _ in range(args.rounds)]
                first, done = median(runs, "progress"), median(runs, "done")
                print(f"{network:18} {method:17} {seconds(median(runs, 'start')):>8} "
                      f"{seconds(first):>10} {seconds(done):>8} {seconds(median(runs, 'server')):>8}  "
                      f"{target_note(network, method, first, done)}")
            layer, steps = VISUALIZE.get(network, (None, 0))
            if layer:
                every = max(1, math.ceil(steps / 16))
                url = (f"/api/v1/networks/{network}/visualize?layer={layer}&channel=0"
                       f"&steps={steps}&every={every}")
                runs = [timed_stream(client, url) for _ in range(args.rounds)]
                print(f"{network:18} {'visualize ' + layer:17} {seconds(median(runs, 'start')):>8} "
                      f"{seconds(median(runs, 'progress')):>10} {seconds(median(runs, 'done')):>8} "
                      f"{seconds(median(runs, 'server')):>8}  {steps} ascent steps + the sample patches")


if __name__ == "__main__":
    main()
