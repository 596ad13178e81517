"""Soak: the 6-client mix for a while; the statuses, health latency and the server's memory.

Usage::

    python benchmarks/soak.py [--seconds 300] [--workers 1|2] [--idle 5] [--burst 20]
                              [--url URL [--pid PID]]

Starts ``cnnvis serve --workers N`` (``python -m app serve``, one BLAS thread per worker) on a
free loopback port, unless ``--url`` names a server that already runs (its memory is measured
only if ``--pid`` gives its main process).

**The 6-client mix** (issue 15): six clients at once, each looping over the seven requests
below, client ``i`` starting at request ``i`` (so at any moment they ask for different
things); every answer is read to its end, streams included:

1. ``forward vgg16``: a 224x224 PNG photo uploaded to ``/api/v1/networks/vgg16/forward``;
2. ``forward resnet18``: the same photo;
3. ``forward efficientnet_lite0``: the same photo;
4. ``backward vgg16``: the same photo (the loss asks for the predicted class);
5. ``explain efficientnet_lite0 (method=gradcam)``: ``.../explain?method=gradcam``;
6. ``train tinyvgg``: ``POST /api/v1/train`` ``{"network": "tinyvgg", "steps": 20,
   "batch_size": 32, "every": 10}``, its progress stream read to ``done``;
7. ``lab conv``: the convolution lab's request, ``POST /api/v1/conv`` with a (3, 32, 32) input,
   one (3, 3, 3) kernel, padding 1 and ``trace: true`` (1,024 sliding steps).

A 503 is honoured as a page would: that client waits ``Retry-After`` seconds (at most until
the end of the run) before its next request. Meanwhile a seventh client, in a process of its
own, sends ``GET /api/v1/health`` every 100 ms.

Before the load each request runs once (warm-up) and the server idles 2 s. Prints:

- per request: how many, how many answered 200 (and ``done``), 503, anything else, and their
  p50/p95 seconds;
- health latency p50/p99/max during the load, next to the target (p99 < 50 ms);
- the server's resident memory (VmRSS of its process and all its children, from ``/proc``,
  sampled every 0.5 s): idle before, at the start, middle and end of the load (the mean over
  its first, middle and last tenth), the peak, the trend (slope of a
  least-squares line over the samples, MB/min, over the whole load and its second half), and
  after the load stops and the server idles ``--idle`` seconds;
- with ``--burst N`` (issue 15: N = 20): on a fresh server, N concurrent VGG16 backward
  uploads at once (no retries): how many got 200 and 503, the peak growth over the idle
  figure (the whole server, and the largest growth of one worker; target under 1.5 GB per
  worker) and the memory ``--idle`` seconds after. ``--seconds 0 --burst 20`` runs the burst
  alone.

MB here is MiB (2**20 bytes). A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable

import httpx
import loadkit as lk
import numpy as np

MB = lk.MB
CLIENTS = 6
HEALTH_PERIOD = 0.1
HEALTH_TARGET_MS = 50.0
BURST_TARGET = 1.5e9
"""Issue 15: twenty concurrent VGG16 backward uploads grow a worker by less than 1.5 GB."""
TRAIN = {"network": "tinyvgg", "steps": 20, "batch_size": 32, "every": 10}


def lab_body() -> dict[str, object]:
    """The lab's convolution with its trace: a (3, 32, 32) input, a (1, 3, 3, 3) kernel."""
    rng = np.random.default_rng(0)

    def b64(a: np.ndarray) -> dict[str, object]:
        return {"shape": list(a.shape), "dtype": "float32", "encoding": "base64",
                "data": base64.b64encode(a.astype("<f4").tobytes()).decode()}

    return {"input": b64(rng.standard_normal((3, 32, 32))),
            "weight": b64(rng.standard_normal((1, 3, 3, 3))),
            "padding": 1, "trace": True, "encoding": "base64"}


Request = Callable[[httpx.AsyncClient], Awaitable[lk.Result]]


def mix(image: bytes) -> list[Request]:
    """The seven requests of the mix, in the order the docstring gives."""
    lab = lab_body()
    return [
        lambda c: lk.upload(c, "vgg16", "forward", image),
        lambda c: lk.upload(c, "resnet18", "forward", image),
        lambda c: lk.upload(c, "efficientnet_lite0", "forward", image),
        lambda c: lk.upload(c, "vgg16", "backward", image),
        lambda c: lk.upload(c, "efficientnet_lite0", "explain", image, query="method=gradcam"),
        lambda c: lk.post_json(c, "train tinyvgg", "/api/v1/train", TRAIN),
        lambda c: lk.post_json(c, "lab conv (trace)", "/api/v1/conv", lab),
    ]


async def mix_client(i: int, http: httpx.AsyncClient, requests: list[Request], deadline: float,
                     results: list[lk.Result], waits: list[float]) -> None:
    """Client ``i``: the mix from request ``i`` on, round and round, until ``deadline``."""
    k = i
    while time.monotonic() < deadline:
        result = await requests[k % len(requests)](http)
        k += 1
        results.append(result)
        if result.status == 503 and result.retry_after:
            wait = min(result.retry_after, deadline - time.monotonic())
            waits.append(max(0.0, wait))
            await lk.pause(wait)
        elif result.status == 0:  # no answer: do not spin on a dead server
            await lk.pause(1.0)


async def run_mix(base: str, requests: list[Request], seconds: float,
                  results: list[lk.Result], waits: list[float]) -> None:
    async with lk.client(base) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(mix_client(i, http, requests, deadline, results, waits)
                               for i in range(CLIENTS)))


async def warm_up(base: str, requests: list[Request]) -> list[lk.Result]:
    async with lk.client(base) as http:
        return [await r(http) for r in requests]


def print_results(results: list[lk.Result], waits: list[float], wall: float) -> None:
    """One row per request: count, 200, 503, other, p50/p95 seconds of all answers."""
    by: dict[str, list[lk.Result]] = defaultdict(list)
    for r in results:
        by[r.what].append(r)
    print(f"{'request':46} {'n':>5} {'200':>5} {'503':>5} {'other':>5} {'p50 s':>7} {'p95 s':>7}")
    others: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for what, rs in [*by.items(), ("all", results)]:
        outcomes = Counter(r.outcome for r in rs)
        other = sum(n for o, n in outcomes.items() if o not in ("200", "503"))
        seconds = [r.seconds for r in rs]
        print(f"{what:46} {len(rs):5d} {outcomes['200']:5d} {outcomes['503']:5d} {other:5d} "
              f"{lk.pct(seconds, .5):7.2f} {lk.pct(seconds, .95):7.2f}")
        if what != "all":
            for r in rs:
                if r.outcome not in ("200", "503"):
                    others[f"{what}: {r.outcome}"] += 1
                    examples.setdefault(f"{what}: {r.outcome}", r.error or r.detail)
    print(f"  {len(results) / wall:.2f} requests/s over {wall:.1f} s; {len(waits)} answers "
          f"of 503 honoured, {sum(waits):.0f} s spent waiting for Retry-After")
    for key, n in others.items():
        print(f"  other: {key} x{n}  {examples[key][:160]}")


def print_memory(sampler: lk.RssSampler, idle: lk.Sample | None, t0: float, t1: float,
                 after: lk.Sample | None, idle_seconds: float) -> None:
    """Start, middle, end, peak and trend of the load ``t0..t1``, and the idle figures."""
    load = sampler.between(t0, t1)
    if not sampler.enabled or not load or idle is None or after is None:
        print("memory: not measured (give --pid with --url)")
        return
    span = t1 - t0
    start = mean_total(sampler.between(t0, t0 + span / 10))
    middle = mean_total(sampler.between(t0 + span * .45, t0 + span * .55))
    end = mean_total(sampler.between(t1 - span / 10, t1))
    peak = max(load, key=lambda s: s.total)
    half = [s for s in load if s.t >= t0 + span / 2]
    print(f"RSS of the server (its process and children, MB): idle before {idle.total / MB:.0f}; "
          f"during the load (means over its first, middle and last tenth) start {start:.0f}, "
          f"middle {middle:.0f}, end {end:.0f}; peak {peak.total / MB:.0f} "
          f"(at {peak.t - t0:.0f} s); after {idle_seconds:.0f} s idle {after.total / MB:.0f}")
    print(f"RSS trend: {lk.trend_mb_per_min(load):+.1f} MB/min over the load ({len(load)} "
          f"samples), {lk.trend_mb_per_min(half):+.1f} MB/min over its second half")
    if sampler.server.workers > 1:
        print(f"peak of one worker: {lk.peak_per_worker(load) / MB:.0f} MB; workers after idle: "
              + ", ".join(f"{v / MB:.0f}" for v in after.workers.values()) + " MB")


def mean_total(samples: list[lk.Sample]) -> float:
    """The mean resident size of ``samples`` in MB (NaN for none)."""
    return sum(s.total for s in samples) / len(samples) / MB if samples else float("nan")


def soak(server: lk.Server, seconds: float, idle_seconds: float) -> None:
    """The mix for ``seconds`` on ``server``, with the figures printed."""
    requests = mix(lk.photo())
    with lk.RssSampler(server, interval=0.5) as sampler:
        warm = asyncio.run(warm_up(server.base, requests))
        print("warm-up: " + ", ".join(f"{r.what} {r.outcome} {r.seconds:.2f} s" for r in warm))
        time.sleep(2)
        idle = sampler.read() if sampler.enabled else None
        results: list[lk.Result] = []
        waits: list[float] = []
        print(f"the 6-client mix for {seconds:.0f} s, health every {1e3 * HEALTH_PERIOD:.0f} ms ...",
              flush=True)
        with lk.HealthPoller(server.base, HEALTH_PERIOD) as health:
            t0 = sampler.now()
            asyncio.run(run_mix(server.base, requests, seconds, results, waits))
            t1 = sampler.now()
        time.sleep(idle_seconds)
        after = sampler.read() if sampler.enabled else None
    print_results(results, waits, t1 - t0)
    print(f"health during the load: {health.summary(HEALTH_TARGET_MS)}")
    print_memory(sampler, idle, t0, t1, after, idle_seconds)


async def burst_requests(base: str, n: int, image: bytes) -> list[lk.Result]:
    async with lk.client(base, connections=n + 4) as http:
        return await asyncio.gather(*(lk.upload(http, "vgg16", "backward", image)
                                      for _ in range(n)))


def burst(server: lk.Server, n: int, idle_seconds: float) -> None:
    """``n`` VGG16 backward uploads at once: statuses, peak growth over idle, memory after."""
    image = lk.photo()
    with lk.RssSampler(server, interval=0.1) as sampler:
        asyncio.run(burst_requests(server.base, 1, image))  # warm: the pass has run once
        time.sleep(2)
        idle = sampler.read()
        t0 = sampler.now()
        results = asyncio.run(burst_requests(server.base, n, image))
        t1 = sampler.now()
        time.sleep(idle_seconds)
        after = sampler.read()
    outcomes = Counter(r.outcome for r in results)
    other = {o: k for o, k in outcomes.items() if o not in ("200", "503")}
    slowest = max(r.seconds for r in results)
    print(f"burst: {n} concurrent VGG16 backward uploads, {server.workers} worker(s)")
    print(f"  answers: 200 x{outcomes['200']}, 503 x{outcomes['503']}"
          + (f", other {dict(other)}" if other else "") + f"; slowest {slowest:.1f} s")
    load = sampler.between(t0, t1)
    if not sampler.enabled or not load:
        print("  memory: not measured (give --pid with --url)")
        return
    peak = max(s.total for s in load)
    worst = lk.growth_per_worker(idle, load)
    print(f"  RSS idle before {idle.total / MB:.0f} MB, peak {peak / MB:.0f} MB: growth "
          f"{(peak - idle.total) / MB:.0f} MB for the server, {worst / MB:.0f} MB for the "
          f"worker that grew most (target < {BURST_TARGET / 1e9:.1f} GB = "
          f"{BURST_TARGET / MB:.0f} MB per worker: {'met' if worst < BURST_TARGET else 'NOT met'})")
    print(f"  RSS {idle_seconds:.0f} s after: {after.total / MB:.0f} MB "
          f"({(after.total - idle.total) / MB:+.0f} MB over idle)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300,
                        help="how long the mix runs (default 300; 0: no mix)")
    parser.add_argument("--workers", type=int, default=1, choices=[1, 2],
                        help="worker processes of the server started here")
    parser.add_argument("--idle", type=float, default=5,
                        help="seconds the server idles before the memory is read again")
    parser.add_argument("--burst", type=int, default=0, metavar="N",
                        help="then N concurrent VGG16 backward uploads on a fresh server "
                             "(issue 15: 20)")
    parser.add_argument("--url", help="a server that already runs (not started here)")
    parser.add_argument("--pid", type=int, help="with --url: its main process, for the memory")
    args = parser.parse_args()
    if args.seconds <= 0 and args.burst <= 0:
        parser.error("nothing to run: give --seconds above 0 or --burst N")
    if args.seconds > 0:
        with lk.start(args.workers, args.url, args.pid) as server:
            print(f"server {server.base}, {server.workers} worker(s), pid {server.pid}")
            soak(server, args.seconds, args.idle)
    if args.burst > 0:
        with lk.start(args.workers, args.url, args.pid) as server:
            burst(server, args.burst, args.idle)


if __name__ == "__main__":
    main()
