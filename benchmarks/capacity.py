"""Capacity: how many photo uploads a server answers per second, per preset and worker count.

Usage::

    python benchmarks/capacity.py [--workers 1,2] [--clients 1,4,8] [--presets vgg16,resnet18]
                                  [--seconds 20] [--class-size 30] [--measure-class]
                                  [--url URL [--pid PID]]

For each worker count, starts ``cnnvis serve --workers N`` (``python -m app serve``, one BLAS
thread per worker) on a free loopback port, unless ``--url`` names a server that already runs
(then ``--workers`` says how many it has, and its memory is measured only with ``--pid``).
Every preset is warmed with a few uploads first. Then, for each preset (default: every preset
the server lists as runnable) and for "mix" (client ``i`` cycles through the presets from the
``i``-th), and for each client count N: N clients each upload a 224x224 PNG photo to
``/api/v1/networks/{preset}/forward`` and read the stream to ``done``, again and again for
``--seconds``; a 503 is honoured (the client waits ``Retry-After`` seconds, then goes on).

Prints one row per (workers, preset, N): answers per second (200s ending in ``done``, over the
wall time until the last client's last answer), p50/p95 seconds of those answers, the number
of 503s and of other outcomes, and the peak resident memory (VmRSS from ``/proc``) of the
worker that grew most and of the whole server (supervisor and workers).

Then the sizing table: how long the last of ``--class-size`` (30) students waits when they all
upload at once, per preset and worker count, computed as ``class size / throughput``, with the
throughput measured at the largest client count (the server saturated: the answers come out
at that rate, so the last one arrives after about class-size answers' worth). With
``--measure-class`` it also uploads ``--class-size`` photos at once per preset and worker count
(each retrying after a 503 as told by ``Retry-After``) and prints the measured time of the
last answer beside the estimate.

MB here is MiB (2**20 bytes). A measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass

import httpx
import loadkit as lk

MB = lk.MB


@dataclass
class Cell:
    """One measurement: ``clients`` clients on ``preset`` for a while, ``workers`` workers."""

    workers: int
    preset: str
    clients: int
    ok: int
    rejected: int
    other: int
    wall: float
    p50: float
    p95: float
    peak_worker: int
    peak_total: int

    @property
    def rate(self) -> float:
        """Answers (200, ``done``) per second."""
        return self.ok / self.wall if self.wall > 0 else math.nan


def runnable(base: str) -> list[str]:
    """The presets the server lists without an ``unavailable`` reason."""
    listing = httpx.get(base + "/api/v1/networks", timeout=60).json()["networks"]
    return [n["name"] for n in listing if n.get("unavailable") is None]


async def client_loop(http: httpx.AsyncClient, names: list[str], first: int, image: bytes,
                      deadline: float, results: list[lk.Result]) -> None:
    """Upload to ``names[first]``, ``names[first + 1]``, ... until ``deadline``."""
    k = first
    while time.monotonic() < deadline:
        result = await lk.upload(http, names[k % len(names)], "forward", image)
        k += 1
        results.append(result)
        if result.status == 503:
            await lk.pause(min(result.retry_after or 1.0, deadline - time.monotonic()))
        elif result.status == 0:
            await lk.pause(1.0)


async def drive(base: str, names: list[str], clients: int, seconds: float,
                image: bytes) -> tuple[list[lk.Result], float]:
    """``clients`` clients for ``seconds``; their results and the wall time to the last answer."""
    results: list[lk.Result] = []
    async with lk.client(base, connections=clients + 4) as http:
        t0 = time.monotonic()
        await asyncio.gather(*(client_loop(http, names, i, image, t0 + seconds, results)
                               for i in range(clients)))
        return results, time.monotonic() - t0


async def everyone_at_once(base: str, name: str, students: int, image: bytes,
                           limit: float) -> tuple[float, int, int]:
    """``students`` uploads at once, each retried after a 503 (``Retry-After``) until 200 or
    ``limit`` seconds; ``(seconds to the last 200, 200s, 503s seen)``."""
    rejected = 0

    async def student(http: httpx.AsyncClient, t0: float) -> float:
        nonlocal rejected
        while time.monotonic() - t0 < limit:
            result = await lk.upload(http, name, "forward", image)
            if result.ok:
                return time.monotonic() - t0
            rejected += result.status == 503
            await lk.pause(result.retry_after or 1.0)
        return math.nan

    async with lk.client(base, connections=students + 4) as http:
        t0 = time.monotonic()
        times = await asyncio.gather(*(student(http, t0) for _ in range(students)))
    done = [t for t in times if not math.isnan(t)]
    return (max(done) if len(done) == students else math.nan), len(done), rejected


def measure(server: lk.Server, sampler: lk.RssSampler, label: str, names: list[str],
            clients: int, seconds: float, image: bytes) -> Cell:
    t0 = sampler.now()
    results, wall = asyncio.run(drive(server.base, names, clients, seconds, image))
    load = sampler.between(t0, sampler.now())
    outcomes = Counter(r.outcome for r in results)
    times = [r.seconds for r in results if r.ok]
    return Cell(server.workers, label, clients, outcomes["200"], outcomes["503"],
                len(results) - outcomes["200"] - outcomes["503"], wall, lk.pct(times, .5),
                lk.pct(times, .95), lk.peak_per_worker(load), max((s.total for s in load),
                                                                  default=0))


HEADER = (f"{'workers':>7} {'preset':18} {'clients':>7} {'req/s':>7} {'p50 s':>7} {'p95 s':>7} "
          f"{'200':>5} {'503':>5} {'other':>5} {'peak MB/worker':>14} {'peak MB all':>11}")


def row(c: Cell) -> str:
    return (f"{c.workers:7d} {c.preset:18} {c.clients:7d} {c.rate:7.2f} {c.p50:7.2f} "
            f"{c.p95:7.2f} {c.ok:5d} {c.rejected:5d} {c.other:5d} {c.peak_worker / MB:14.0f} "
            f"{c.peak_total / MB:11.0f}")


def warm(base: str, names: list[str], workers: int, image: bytes) -> None:
    """A few uploads per preset, at once, so every worker has run every preset."""
    async def go() -> None:
        async with lk.client(base) as http:
            for name in names:
                await asyncio.gather(*(lk.upload(http, name, "forward", image)
                                       for _ in range(2 * workers)))

    asyncio.run(go())


def run_server(args: argparse.Namespace, workers: int, image: bytes, cells: list[Cell],
               measured: dict[tuple[int, str], tuple[float, int, int]]) -> list[str]:
    """Every preset, the mix and every client count on one server of ``workers`` workers."""
    with lk.start(workers, args.url, args.pid) as server, \
            lk.RssSampler(server, interval=0.25) as sampler:
        names = args.presets.split(",") if args.presets else runnable(server.base)
        print(f"server {server.base}, {workers} worker(s), pid {server.pid}; warming "
              f"{', '.join(names)} ...", flush=True)
        warm(server.base, names, workers, image)
        idle = sampler.read() if sampler.enabled else None
        if idle is not None:
            print(f"idle after warm-up: {idle.total / MB:.0f} MB all, per worker "
                  + ", ".join(f"{v / MB:.0f}" for v in idle.workers.values()) + " MB")
        print(HEADER, flush=True)
        for label, group in [*((n, [n]) for n in names), ("mix", names)]:
            for clients in args.clients:
                cell = measure(server, sampler, label, group, clients, args.seconds, image)
                cells.append(cell)
                print(row(cell), flush=True)
        if args.measure_class:
            for name in names:
                measured[(workers, name)] = asyncio.run(everyone_at_once(
                    server.base, name, args.class_size, image, limit=600))
                last, ok, rejected = measured[(workers, name)]
                print(f"{args.class_size} uploads at once to {name}: last answer after "
                      f"{last:.1f} s ({ok} answered, {rejected} 503s retried)", flush=True)
        return names


def sizing(cells: list[Cell], names: list[str], workers: list[int], students: int,
           measured: dict[tuple[int, str], tuple[float, int, int]]) -> None:
    """The wait of the last of ``students`` uploads at once, from the measured throughput."""
    most = max(c.clients for c in cells)
    print(f"\nsizing: the last of {students} students who upload at once waits about "
          f"{students} / (answers per second), the throughput measured with {most} clients")
    head = f"{'preset':18}" + "".join(f" {f'{w} worker(s): req/s':>19} {'last waits s':>12}"
                                      for w in workers)
    if measured:
        head += "   measured last answer s: " + ", ".join(f"{w} worker(s)" for w in workers)
    print(head)
    for name in [*names, "mix"]:
        line = f"{name:18}"
        for w in workers:
            cell = next((c for c in cells if c.workers == w and c.preset == name
                         and c.clients == most), None)
            rate = cell.rate if cell else math.nan
            line += f" {rate:19.2f} {students / rate if rate > 0 else math.nan:12.1f}"
        if measured and name != "mix":
            line += "   " + ", ".join(f"{measured.get((w, name), (math.nan,))[0]:.1f}"
                                      for w in workers)
        print(line)


def counts(text: str) -> list[int]:
    values = [int(v) for v in text.split(",") if v.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"comma-separated positive counts, got {text!r}")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=counts, default=[1, 2],
                        help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--clients", type=counts, default=[1, 4, 8],
                        help="concurrent clients, comma-separated (default 1,4,8)")
    parser.add_argument("--presets", default="",
                        help="comma-separated presets (default: every runnable one)")
    parser.add_argument("--seconds", type=float, default=20,
                        help="how long each (preset, clients) measurement runs (default 20)")
    parser.add_argument("--class-size", type=int, default=30,
                        help="students uploading at once, for the sizing table (default 30)")
    parser.add_argument("--measure-class", action="store_true",
                        help="also upload --class-size photos at once per preset and time it")
    parser.add_argument("--url", help="a server that already runs (then one --workers count)")
    parser.add_argument("--pid", type=int, help="with --url: its main process, for the memory")
    args = parser.parse_args()
    if args.url and len(args.workers) != 1:
        parser.error("with --url give the one worker count that server has (--workers N)")
    image = lk.photo()
    cells: list[Cell] = []
    measured: dict[tuple[int, str], tuple[float, int, int]] = {}
    names: list[str] = []
    for workers in args.workers:
        names = run_server(args, workers, image, cells, measured)
    sizing(cells, names, args.workers, args.class_size, measured)


if __name__ == "__main__":
    main()
