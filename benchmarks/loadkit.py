"""Shared pieces of the load benchmarks (``soak.py``, ``capacity.py``).

- :func:`start`: a server for the run, ``cnnvis serve --workers N`` on a free loopback port
  (started by ``tests/conftest.py``'s ``serve_with``: one BLAS thread, as ``cnnvis serve`` runs),
  or a server that already runs (``--url``, with ``--pid`` to measure its memory);
- :class:`RssSampler`: the server's resident memory (VmRSS from ``/proc/<pid>/status``) summed
  over its process and its children, and per worker, sampled in a thread;
- :class:`HealthPoller`: ``GET /api/v1/health`` every 100 ms from a process of its own, so the
  load generator's own work does not inflate the latencies it records;
- :func:`upload`, :func:`post_json`: one request, its body read to the end, as a :class:`Result`
  (status, seconds, ``Retry-After``, the type of the stream's last line);
- :func:`pct`, :func:`slope`: nearest-rank percentiles and a least-squares slope.

Linux only (``/proc``); no psutil.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Self

import httpx
from liveserver import ROOT  # noqa: F401 - puts the repository on sys.path
from server import photo

from tests.conftest import serve_with

__all__ = ["HealthPoller", "Result", "RssSampler", "Server", "pct", "photo", "post_json",
           "retry_after", "slope", "start", "upload"]

MB = 2**20
TIMEOUT = httpx.Timeout(connect=10.0, read=300.0, write=60.0, pool=300.0)
"""Streams may run up to ``CNNVIS_MAX_STREAM_SECONDS`` (120 s) after waiting for their turn."""


# ----------------------------------------------------------------------------- the server

@dataclass(frozen=True)
class Server:
    """A running server: its URL, the pid of its main process (None: memory not measured) and
    how many worker processes it runs."""

    base: str
    pid: int | None
    workers: int


def _proc(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:  # the process has gone
        return ""


def _parents() -> dict[int, int]:
    """Every process's parent: ``{pid: ppid}``."""
    out = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _proc(int(entry.name), "stat")
            if stat:  # "pid (comm) state ppid ...": comm may hold spaces and parentheses
                out[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    return sorted(p for p, parent in _parents().items() if parent == pid)


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    parents = _parents()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return found


def rss(pid: int) -> int:
    """Resident bytes of one process (``VmRSS``); 0 once it has gone."""
    for row in _proc(pid, "status").splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) * 1024
    return 0


def worker_pids(root: int, workers: int) -> list[int]:
    """The processes that compute: the main process with one worker; with more, uvicorn's
    supervisor forks nothing else but its workers (spawned ``multiprocessing`` children)."""
    if workers == 1:
        return [root]
    spawned = [p for p in children(root) if b"spawn_main" in _proc(p, "cmdline").encode()]
    return spawned or children(root)


def _child_with_port(port: str) -> int | None:
    """Our child process started with ``--port <port>`` (the server ``serve_with`` ran)."""
    for pid in children(os.getpid()):
        args = _proc(pid, "cmdline").split("\0")
        if "--port" in args and args[args.index("--port") + 1] == port:
            return pid
    return None


@contextmanager
def start(workers: int = 1, url: str | None = None, pid: int | None = None,
          **settings: str) -> Iterator[Server]:
    """A server for the block: ``url`` (and ``pid``, if known) as it is, or ``python -m app serve
    --workers <workers>`` started here with the ``CNNVIS_*`` ``settings``, stopped after."""
    if url:
        yield Server(url.rstrip("/"), pid, workers)
        return
    args = ["-m", "app", "serve", "--workers", str(workers), "--log-level", "warning"]
    with serve_with(args, **settings) as base:
        root = _child_with_port(base.rsplit(":", 1)[1])
        if root is not None and workers > 1:  # health answered: at least one worker is up
            deadline = time.monotonic() + 30
            while len(worker_pids(root, workers)) < workers and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2)  # the other workers' start-up (each builds every preset)
        yield Server(base, root, workers)


# ----------------------------------------------------------------------------- memory

@dataclass(frozen=True)
class Sample:
    """One reading: seconds since the sampler started, the bytes of the whole process tree,
    and the bytes of each worker process."""

    t: float
    total: int
    workers: dict[int, int]


class RssSampler:
    """Samples a server's memory every ``interval`` seconds in a thread, as a context manager.

    ``total`` is VmRSS summed over the main process and all its descendants (with several
    workers: the supervisor and every worker).
    """

    def __init__(self, server: Server, interval: float = 0.25) -> None:
        self.server = server
        self.interval = interval
        self.samples: list[Sample] = []
        self.t0 = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._workers: list[int] = []

    @property
    def enabled(self) -> bool:
        return self.server.pid is not None

    def now(self) -> float:
        """Seconds since the sampler started (the clock of :attr:`samples`)."""
        return time.monotonic() - self.t0

    def read(self) -> Sample:
        """One reading now (also kept in :attr:`samples`)."""
        root = self.server.pid
        if root is None:
            return Sample(self.now(), 0, {})
        if len(self._workers) < self.server.workers:
            self._workers = worker_pids(root, self.server.workers)
        sample = Sample(self.now(), sum(rss(p) for p in tree(root)),
                        {p: rss(p) for p in self._workers})
        self.samples.append(sample)
        return sample

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.read()

    def __enter__(self) -> Self:
        if self.enabled:
            self.read()
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def between(self, t0: float, t1: float) -> list[Sample]:
        """The samples taken from ``t0`` to ``t1`` (sampler seconds)."""
        return [s for s in list(self.samples) if t0 <= s.t <= t1]

    def at(self, t: float) -> Sample | None:
        """The sample nearest to ``t``."""
        samples = list(self.samples)
        return min(samples, key=lambda s: abs(s.t - t)) if samples else None


def peak_per_worker(samples: Sequence[Sample]) -> int:
    """The largest resident size any one worker reached over ``samples``."""
    return max((v for s in samples for v in s.workers.values()), default=0)


def growth_per_worker(idle: Sample, samples: Sequence[Sample]) -> int:
    """The largest growth of any one worker over its own idle figure."""
    return max((v - idle.workers.get(p, v) for s in samples for p, v in s.workers.items()),
               default=0)


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of ``(x, y)`` points (NaN for fewer than two distinct x)."""
    n = len(points)
    if n < 2:
        return math.nan
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return math.nan
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def trend_mb_per_min(samples: Sequence[Sample]) -> float:
    """The slope of the total resident size over ``samples``, in MB per minute."""
    return slope([(s.t / 60, s.total / MB) for s in samples])


def pct(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0 < q <= 1) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# ----------------------------------------------------------------------------- health

def _poll(base: str, period: float, stop: Any, out: Connection) -> None:
    """Process body: GET health every ``period`` seconds (start to start) until ``stop`` is set;
    sends back ``(latencies in seconds, failures)``."""
    latencies: list[float] = []
    failures = 0
    with httpx.Client(base_url=base, timeout=10) as client:
        next_at = time.monotonic()
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                ok = client.get("/api/v1/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.monotonic() - t0)
            else:
                failures += 1
            next_at += period
            stop.wait(max(0.0, next_at - time.monotonic()))
            next_at = max(next_at, time.monotonic() - period)  # no catch-up bursts
    out.send((latencies, failures))
    out.close()


class HealthPoller:
    """``GET /api/v1/health`` every ``period`` seconds from a separate process, as a context
    manager; :attr:`latencies` (seconds) and :attr:`failures` are set when the block ends."""

    def __init__(self, base: str, period: float = 0.1) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._stop = ctx.Event()
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_poll, args=(base, period, self._stop, send), daemon=True)
        self.latencies: list[float] = []
        self.failures = 0

    def __enter__(self) -> Self:
        self._proc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        try:
            if self._recv.poll(30):
                self.latencies, self.failures = self._recv.recv()
        except EOFError:  # the poller died; its error went to stderr
            self.failures = -1
        self._proc.join(10)

    def summary(self, target_ms: float = 50.0) -> str:
        """``n pings, p50 .. ms, p99 .. ms, max .. ms (target p99 < 50 ms)``."""
        ms = [1e3 * t for t in self.latencies]
        return (f"{len(ms)} pings, p50 {pct(ms, .5):.1f} ms, p99 {pct(ms, .99):.1f} ms, "
                f"max {max(ms, default=math.nan):.1f} ms, {self.failures} failed "
                f"(target p99 < {target_ms:.0f} ms)")


# ----------------------------------------------------------------------------- requests

@dataclass
class Result:
    """One request, its body read to the end.

    ``status`` 0 means no answer (a transport error, in ``error``); ``last`` is the ``type`` of
    an NDJSON stream's last line (``done``, or ``error`` when it failed after it began).
    """

    what: str
    status: int
    seconds: float
    retry_after: float | None = None
    last: str = ""
    lines: int = 0
    bytes: int = 0
    error: str = ""
    detail: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        """A 200 whose stream (if it was one) ended in ``done``."""
        return self.status == 200 and self.last in ("", "done")

    @property
    def outcome(self) -> str:
        """``200``, ``200 error line``, ``503``, another status, or ``no answer``."""
        if self.status == 200:
            return "200" if self.ok else f"200 {self.last or 'cut'} line"
        return str(self.status) if self.status else "no answer"


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (the delay form), or None."""
    value = response.headers.get("retry-after", "")
    try:
        return float(value)
    except ValueError:
        return None


HEAD = 200
"""Bytes kept from the start of each line: enough for its ``"type"``."""
TYPE = re.compile(rb'"type"\s*:\s*"(\w+)"')


async def _send(client: httpx.AsyncClient, what: str, method: str, url: str,
                **kwargs: Any) -> Result:
    """Send, then read the whole body without decoding it: an NDJSON stream's lines are only
    counted, and the start of the last one read for its ``type``."""
    t0 = time.perf_counter()
    try:
        async with client.stream(method, url, **kwargs) as r:
            size = lines = 0
            head = last = b""  # the start of the current line, of the last complete line
            async for chunk in r.aiter_bytes():
                size += len(chunk)
                pos = 0
                while (newline := chunk.find(b"\n", pos)) != -1:
                    last, head = head + chunk[pos:newline][:HEAD - len(head)], b""
                    lines += 1
                    pos = newline + 1
                head += chunk[pos:pos + max(0, HEAD - len(head))]
            result = Result(what, r.status_code, time.perf_counter() - t0, retry_after(r),
                            lines=lines, bytes=size)
            if r.headers.get("content-type", "").startswith("application/x-ndjson"):
                found = TYPE.search(last)
                result.last = "cut" if head or not found else found.group(1).decode()
            elif r.status_code != 200:
                result.detail = (last + head)[:HEAD].decode(errors="replace")
            return result
    except httpx.HTTPError as exc:
        return Result(what, 0, time.perf_counter() - t0, error=f"{type(exc).__name__}: {exc}")


async def upload(client: httpx.AsyncClient, name: str, kind: str = "forward",
                 image: bytes | None = None, query: str = "") -> Result:
    """A photo upload to ``/api/v1/networks/{name}/{kind}`` (``query`` appended), stream read to
    the end."""
    image = image if image is not None else photo()
    path = f"/api/v1/networks/{name}/{kind}" + (f"?{query}" if query else "")
    label = f"{kind} {name}" + (f" ({query})" if query else "")
    return await _send(client, label, "POST", path,
                       files={"file": ("photo.png", image, "image/png")})


async def post_json(client: httpx.AsyncClient, what: str, path: str,
                    body: dict[str, Any]) -> Result:
    """A JSON ``POST`` (a plain answer or an NDJSON stream), read to the end."""
    return await _send(client, what, "POST", path, json=body)


def client(base: str, connections: int = 64) -> httpx.AsyncClient:
    """An async client for ``base`` with room for ``connections`` requests at once."""
    return httpx.AsyncClient(base_url=base, timeout=TIMEOUT,
                             limits=httpx.Limits(max_connections=connections,
                                                 max_keepalive_connections=connections))


async def pause(seconds: float) -> None:
    """``asyncio.sleep`` that accepts a negative or NaN delay as none."""
    if seconds > 0:
        await asyncio.sleep(seconds)
