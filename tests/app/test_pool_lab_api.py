"""What the lab's pooling mode reads from ``POST /api/v1/pool`` with ``trace: true``: the
unvisited input cells, each window's first maximum, the divisors of average pooling and the
output size, all checked against plain loops written here (nothing from ``engine``)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.schemas.trace import PoolTraceOut
from tests.app.conftest import as_list


def _size(h: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """Output cells of one axis, PyTorch's rule written out (ceil: the last window must start
    inside the input or its left padding)."""
    room = h + 2 * p - d * (k - 1) - 1
    out = (math.ceil(room / s) if ceil_mode else room // s) + 1
    return out - 1 if ceil_mode and (out - 1) * s >= h + p else out


def _windows(size: tuple[int, ...], k: int, s: int, p: int, d: int, ceil_mode: bool) -> list[Any]:
    """Per output position (row-major), the input cells of its window: (real cells, taps in
    the padded input, i.e. start..min(start + span, H + P) for the divisor)."""
    out = [_size(h, k, s, p, d, ceil_mode) for h in size]
    rows = []
    for pos in itertools.product(*(range(o) for o in out)):
        cells = []
        for tap in itertools.product(range(k), repeat=len(size)):
            cell = tuple(o * s + t * d - p for o, t in zip(pos, tap))
            if all(0 <= c < h for c, h in zip(cell, size)):
                cells.append(cell)
        padded = math.prod(min(o * s - p + k, h + p) - (o * s - p) for o, h in zip(pos, size))
        rows.append((cells, padded))
    return rows


def _trace(client: TestClient, x: np.ndarray, **hyper: Any) -> tuple[PoolTraceOut, dict[str, Any]]:
    r = client.post("/api/v1/pool", json={"input": as_list(x), "trace": True, **hyper})
    assert r.status_code == 200, r.text
    body = r.json()
    return PoolTraceOut.model_validate(body["trace"]), body["output"]


def test_the_border_divisors_of_the_lab_example_are_4_6_and_9(client: TestClient) -> None:
    """3x3 average pooling, stride 2, padding 1 on 5x5, count_include_pad off: the corners
    cover 4 cells, the edges 6, the centre 9; with it on, every window divides by 9."""
    x = np.arange(25.0).reshape(5, 5)
    t, out = _trace(client, x, kind="avg", kernel_size=3, stride=2, padding=1, count_include_pad=False)
    assert out["shape"] == [3, 3]
    assert t.divisor == [4, 6, 4, 6, 9, 6, 4, 6, 4]
    want = [len(cells) for cells, _ in _windows((5, 5), 3, 2, 1, 1, False)]
    assert t.divisor == want
    sums = [sum(x[c] for c in cells) for cells, _ in _windows((5, 5), 3, 2, 1, 1, False)]
    assert out["data"] == pytest.approx([s / n for s, n in zip(sums, want)])
    t, _ = _trace(client, x, kind="avg", kernel_size=3, stride=2, padding=1)
    assert t.divisor == [9] * 9


@pytest.mark.parametrize(("size", "k", "s", "p", "ceil_mode", "include"), [
    ((6, 6), 3, 2, 1, False, False), ((6, 6), 3, 2, 1, True, False), ((5, 7), 2, 2, 1, True, True),
    ((7,), 3, 2, 1, True, False), ((5, 5), 2, 3, 0, True, True), ((6, 5), 3, 3, 1, True, True),
])
def test_divisors_are_a_brute_force_count_and_do_not_depend_on_the_values(
        client: TestClient, size: tuple[int, ...], k: int, s: int, p: int, ceil_mode: bool,
        include: bool) -> None:
    hyper = {"kind": "avg", "kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil_mode,
             "count_include_pad": include, "ndim": len(size)}
    rng = np.random.default_rng(5)
    first, out = _trace(client, rng.standard_normal(size), **hyper)
    second, _ = _trace(client, rng.integers(-9, 9, size).astype(float), **hyper)
    windows = _windows(size, k, s, p, 1, ceil_mode)
    assert out["shape"] == [_size(h, k, s, p, 1, ceil_mode) for h in size]
    assert first.divisor == [padded if include else len(cells) for cells, padded in windows]
    assert second.divisor == first.divisor


@pytest.mark.parametrize(("size", "k", "s", "p", "d", "ceil_mode"), [
    ((7, 7), 2, 3, 0, 1, False), ((5, 6), 3, 2, 1, 1, True), ((8,), 2, 3, 1, 2, False),
    ((6, 6), 2, 2, 1, 2, True), ((5, 5), 3, 1, 1, 1, False),
])
def test_unvisited_cells_and_the_first_maximum_match_loops(
        client: TestClient, size: tuple[int, ...], k: int, s: int, p: int, d: int, ceil_mode: bool) -> None:
    x = np.random.default_rng(7).integers(0, 4, (2, *size)).astype(float)  # two channels, ties
    t, out = _trace(client, x, kind="max", kernel_size=k, stride=s, padding=p, dilation=d,
                    ceil_mode=ceil_mode, ndim=len(size))
    windows = _windows(size, k, s, p, d, ceil_mode)
    read = {c for cells, _ in windows for c in cells}
    want_unvisited = [cell not in read for cell in itertools.product(*(range(h) for h in size))]
    assert np.asarray(t.unvisited).ravel().tolist() == want_unvisited
    argmax, values = [], []
    for channel in x:
        for cells, _ in windows:
            best = max(cells, key=lambda c: channel[c])  # max() keeps the first of equals
            argmax.append(int(np.ravel_multi_index(best, size)))
            values.append(channel[best])
    assert t.argmax == argmax
    assert out["shape"] == [2, *(_size(h, k, s, p, d, ceil_mode) for h in size)]
    assert out["data"] == values


def test_pooling_keeps_the_channels_in_1d_and_2d(client: TestClient) -> None:
    x = np.random.default_rng(1).standard_normal((3, 8))
    t, out = _trace(client, x, kind="max", kernel_size=2, ndim=1)
    assert out["shape"] == [3, 4]
    assert sorted({row[1] for row in t.index}) == [0, 1, 2]
    assert np.asarray(t.unvisited).shape == (8,)
    t, out = _trace(client, np.ones((3, 4, 6)), kind="avg", kernel_size=2)
    assert out["shape"] == [3, 2, 3] and len(t.result) == 18


def test_ceil_mode_drops_a_window_that_would_start_in_the_right_padding(client: TestClient) -> None:
    # H 5, K 2, S 2, P 1: ceil((5 + 2 - 2) / 2) + 1 = 4, but window 4 would start at 3 * 2 = 6 >= 5 + 1.
    x = np.ones((5, 5))
    _, out = _trace(client, x, kind="max", kernel_size=2, stride=2, padding=1, ceil_mode=True)
    assert out["shape"] == [3, 3] == [_size(5, 2, 2, 1, 1, True)] * 2
    _, out = _trace(client, np.ones((5, 5)), kind="max", kernel_size=2, stride=2, ceil_mode=True)
    assert out["shape"] == [3, 3] and _size(5, 2, 2, 0, 1, False) == 2


def test_average_pooling_has_no_argmax_and_the_schema_names_the_new_fields(client: TestClient) -> None:
    t, _ = _trace(client, np.ones((4, 4)), kind="avg", kernel_size=2)
    assert t.argmax == [-1] * 4 and not np.asarray(t.unvisited).any()
    props = client.get("/openapi.json").json()["components"]["schemas"]["PoolTraceOut"]["properties"]
    assert {"unvisited", "argmax", "divisor", "maxima"} <= props.keys()


def test_a_lab_setting_that_cannot_work_is_a_422_sentence(client: TestClient) -> None:
    r = client.post("/api/v1/pool", json={"input": as_list(np.ones((4, 4))), "kind": "max",
                                          "kernel_size": 3, "dilation": 3, "trace": True})
    assert r.status_code == 422
    assert "larger than the padded input" in r.json()["detail"]
