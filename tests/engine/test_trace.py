"""engine.trace: every step's numbers agree with plain loops and with the engine's own output."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.trace import conv_trace, pool_trace
from tests.reference.conv import conv_loops

SOBEL_X = np.array([[[[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]]])  # (1, 1, 3, 3)


def test_conv_trace_steps_follow_the_notes() -> None:
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    t = conv_trace(x, SOBEL_X, np.array([0.5]))
    assert t.output.shape == (1, 1, 3, 3)
    assert t.index.tolist()[:2] == [[0, 0, 0, 0], [0, 0, 0, 1]]
    # Step 1 (row 0, column 1): the window's top-left cell is (0, 1).
    assert t.origin[1].tolist() == [0, 1]
    np.testing.assert_array_equal(t.window[1, 0], x[0, 0, 0:3, 1:4])
    np.testing.assert_array_equal(t.products[1, 0], x[0, 0, 0:3, 1:4] * SOBEL_X[0, 0])
    # Every row rises by 1 per column: (1 + 2 + 1) * 2 = 8, plus the bias.
    assert t.channel_sums[1, 0] == 8.0
    assert t.result[1] == 8.5


def test_conv_trace_flip_rotates_the_kernel() -> None:
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    t = conv_trace(x, SOBEL_X, flip=True)
    np.testing.assert_array_equal(t.weight[0, 0], SOBEL_X[0, 0, ::-1, ::-1])
    np.testing.assert_allclose(t.output, conv_loops(x, SOBEL_X, flip=True))


def test_conv_trace_pads_with_zeros_and_records_padded_origins() -> None:
    x = np.ones((1, 1, 3, 3))
    t = conv_trace(x, SOBEL_X, padding=1, stride=2)
    assert t.padded.shape == (1, 1, 5, 5)
    assert t.padded[0, 0, 0].tolist() == [0.0] * 5
    assert t.origin.tolist() == [[0, 0], [0, 2], [2, 0], [2, 2]]


@st.composite
def conv_cases(draw):
    nd = draw(st.sampled_from([1, 2, 3]))
    groups = draw(st.integers(1, 2))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 1)) for _ in range(nd))
    spatial = tuple(max(d * (k - 1) + 1, draw(st.integers(1, 6 if nd < 3 else 4)))
                    for k, d in zip(kernel, dilation))
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    x = rng.standard_normal((draw(st.integers(1, 2)), c_in) + spatial)
    w = rng.standard_normal((c_out, c_in // groups) + kernel)
    b = rng.standard_normal(c_out)
    return x, w, b, dict(stride=stride, padding=padding, dilation=dilation, groups=groups,
                         flip=draw(st.booleans()))


@settings(max_examples=40, deadline=None)
@given(conv_cases())
def test_conv_trace_matches_loops(case) -> None:
    x, w, b, hyper = case
    t = conv_trace(x, w, b, **hyper)
    np.testing.assert_allclose(t.output, conv_loops(x, w, b, **hyper), atol=1e-10)
    np.testing.assert_allclose(t.result, t.output.ravel(), atol=1e-12)
    np.testing.assert_allclose(t.channel_sums.sum(axis=1) + t.bias, t.result, atol=1e-12)
    # Each step reads its group's channels at origin + tap offsets.
    s = len(t.result) - 1
    n, cells = t.index[s, 0], t.origin[s] + t.taps
    c = t.channels[s, -1]
    read = t.padded[(n, c) + tuple(cells.T)]
    np.testing.assert_array_equal(t.window[s, -1].ravel(), read)


def test_conv_receptive_fields_both_ways() -> None:
    t = conv_trace(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 2, 2)), stride=2)
    assert t.fields == [[0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]]
    assert t.feeds[5] == [0] and t.feeds[10] == [3]


def test_receptive_fields_skip_padding_and_list_every_output() -> None:
    t = conv_trace(np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 3, 3)), padding=1)
    assert t.fields[0] == [0, 1, 3, 4]          # the corner window half in the padding
    assert t.feeds[4] == list(range(9))         # the centre feeds every output


def test_receptive_fields_of_a_stride_that_skips_cells() -> None:
    t = conv_trace(np.zeros((1, 1, 1, 7)), np.zeros((1, 1, 1, 2)), stride=3)
    assert t.feeds[2] == [] and t.feeds[5] == []
    assert t.fields == [[0, 1], [3, 4]]


def test_conv_trace_refuses_too_many_steps() -> None:
    with pytest.raises(ValueError, match="one step per output cell, 9 here, more than 8"):
        conv_trace(np.zeros((1, 1, 5, 5)), SOBEL_X, max_steps=8)


def test_conv_trace_passes_on_the_engines_sentence() -> None:
    with pytest.raises(ValueError, match="larger than the padded input 2x2"):
        conv_trace(np.zeros((1, 1, 2, 2)), SOBEL_X)


def test_conv_trace_refuses_a_weight_without_kernel_axes() -> None:
    with pytest.raises(ValueError, match="1 to 3 kernel axes"):
        conv_trace(np.zeros((1, 1, 2, 2)), np.zeros((1, 1)))


def test_conv_trace_refuses_a_bias_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="one value per kernel"):
        conv_trace(np.zeros((1, 1, 3, 3)), SOBEL_X, np.zeros(2))


def _pool_loops(x, kind, k, s, p, ceil_mode, count_include_pad):
    """2-d pooling by loops, PyTorch's output size and divisor."""
    n, c, h, w = x.shape

    def size(length):
        room = length + 2 * p - k
        out = (-(-room // s) if ceil_mode else room // s) + 1
        return out - 1 if ceil_mode and (out - 1) * s >= length + p else out

    ho, wo = size(h), size(w)
    y = np.zeros((n, c, ho, wo))
    for i in range(n):
        for j in range(c):
            for r in range(ho):
                for q in range(wo):
                    r0, q0 = r * s - p, q * s - p
                    r1, q1 = min(r0 + k, h + p), min(q0 + k, w + p)
                    cells = x[i, j, max(r0, 0):min(r1, h), max(q0, 0):min(q1, w)]
                    if kind == "max":
                        y[i, j, r, q] = cells.max()
                    else:
                        count = (r1 - r0) * (q1 - q0) if count_include_pad else cells.size
                        y[i, j, r, q] = cells.sum() / count
    return y


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["max", "avg"]), k=st.integers(1, 3), s=st.integers(1, 3),
       p=st.integers(0, 1), h=st.integers(3, 7), w=st.integers(3, 7), ceil_mode=st.booleans(),
       count_include_pad=st.booleans(), seed=st.integers(0, 999))
def test_pool_trace_matches_loops(kind, k, s, p, h, w, ceil_mode, count_include_pad, seed) -> None:
    p = min(p, k // 2)
    x = np.random.default_rng(seed).standard_normal((1, 2, h, w))
    t = pool_trace(x, kind, k, s, p, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    np.testing.assert_allclose(t.output, _pool_loops(x, kind, k, s, p, ceil_mode, count_include_pad))
    # What the window reads on real cells is the input itself; padding never counts.
    assert np.all(t.window[~t.valid] == 0)
    assert t.padded[(0, 0) + tuple(np.nonzero(t.inside))].size == h * w


def test_max_pool_trace_marks_ties_and_the_first_maximum() -> None:
    x = np.array([[[[1.0, 1.0], [0.0, 1.0]]]])
    t = pool_trace(x, "max", 2)
    assert t.maxima[0].tolist() == [[True, True], [False, True]]
    assert t.first.tolist() == [0]


def test_max_pool_trace_with_dilation() -> None:
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    t = pool_trace(x, "max", 2, stride=1, dilation=2)
    assert t.output.shape == (1, 1, 3, 3)
    assert t.output[0, 0, 0, 0] == 12.0
    assert t.taps.tolist() == [[0, 0], [0, 2], [2, 0], [2, 2]]


def test_avg_pool_trace_divides_border_windows_by_what_they_cover() -> None:
    x = np.ones((1, 1, 5, 5))
    t = pool_trace(x, "avg", 2, ceil_mode=True)
    assert t.output.shape == (1, 1, 3, 3)
    assert t.divisor.reshape(3, 3).tolist() == [[4, 4, 2], [4, 4, 2], [2, 2, 1]]
    np.testing.assert_array_equal(t.output, np.ones((1, 1, 3, 3)))


def test_pool_trace_keeps_float32() -> None:
    t = pool_trace(np.ones((1, 1, 4, 4), np.float32), "avg", 2)
    assert t.output.dtype == np.float32 and t.result.dtype == np.float32


def test_pool_trace_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind must be 'max' or 'avg'"):
        pool_trace(np.zeros((1, 1, 4, 4)), "min", 2)


def test_pool_trace_refuses_dilation_for_average() -> None:
    with pytest.raises(ValueError, match="average pooling has no dilation"):
        pool_trace(np.zeros((1, 1, 4, 4)), "avg", 2, dilation=2)


def test_pool_trace_refuses_too_many_steps() -> None:
    with pytest.raises(ValueError, match="one step per output cell, 4 here, more than 3"):
        pool_trace(np.zeros((1, 1, 4, 4)), "max", 2, max_steps=3)


def test_pool_trace_refuses_a_wrong_rank() -> None:
    with pytest.raises(ValueError, match="1 to 3 spatial axes"):
        pool_trace(np.zeros((1, 1, 2, 2, 2, 2)), "max", 2)


def _visited_loops(size, k, s, p, d, out):
    """Which input cells some window reads, by looping over every window and every tap."""
    seen = np.zeros(size, dtype=bool)
    for window in np.ndindex(*out):
        for tap in np.ndindex(*k):
            cell = tuple(o * si + t * di - pi for o, si, t, di, pi in zip(window, s, tap, d, p))
            if all(0 <= c < h for c, h in zip(cell, size)):
                seen[cell] = True
    return seen


def _argmax_loops(x, k, s, p, d, out):
    """(C, *O): flat position of each window's first strict maximum in row-major tap order."""
    size = x.shape[1:]
    best = np.full((x.shape[0],) + tuple(out), -1)
    for c in range(x.shape[0]):
        for window in np.ndindex(*out):
            top = -np.inf
            for tap in np.ndindex(*k):
                cell = tuple(o * si + t * di - pi for o, si, t, di, pi in zip(window, s, tap, d, p))
                if all(0 <= q < h for q, h in zip(cell, size)) and x[(c,) + cell] > top:
                    top = x[(c,) + cell]
                    best[(c,) + window] = int(np.ravel_multi_index(cell, size))
    return best


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["max", "avg"]), nd=st.integers(1, 2), k=st.integers(1, 3),
       s=st.integers(1, 4), p=st.integers(0, 1), d=st.integers(1, 3), h=st.integers(3, 8),
       ceil_mode=st.booleans(), seed=st.integers(0, 999))
def test_pool_trace_unvisited_and_argmax_match_loops(kind, nd, k, s, p, d, h, ceil_mode, seed) -> None:
    p = min(p, k // 2)
    d = 1 if kind == "avg" else d
    size = (h, h + 1)[:nd] if nd == 2 else (h,)
    if d * (k - 1) + 1 > h + 2 * p:
        return
    x = np.random.default_rng(seed).integers(0, 4, (1, 2) + size).astype(float)  # ties likely
    t = pool_trace(x, kind, k, s, p, dilation=d, ceil_mode=ceil_mode)
    out = t.output.shape[2:]
    seen = _visited_loops(size, (k,) * nd, (s,) * nd, (p,) * nd, (d,) * nd, out)
    np.testing.assert_array_equal(t.unvisited, ~seen)
    # The same cells, seen from the receptive fields: an unvisited cell feeds no output.
    assert [not f for f in t.feeds] == t.unvisited.ravel().tolist()
    if kind == "max":
        want = _argmax_loops(x[0], (k,) * nd, (s,) * nd, (p,) * nd, (d,) * nd, out)
        assert t.argmax.tolist() == want.ravel().tolist()
        # The position holds the window's value.
        assert np.all(x[0].reshape(2, -1)[t.index[:, 1], t.argmax] == t.result)
    else:
        assert t.argmax.tolist() == [-1] * len(t.result)


def test_max_pool_trace_argmax_is_pytorchs_return_indices() -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).integers(0, 5, (1, 3, 7, 6)).astype(np.float64)
    for k, s, p, d, ceil_mode in [(2, 2, 0, 1, False), (3, 2, 1, 1, True), (2, 3, 1, 2, False),
                                  (3, 1, 1, 1, False)]:
        t = pool_trace(x, "max", k, s, p, dilation=d, ceil_mode=ceil_mode)
        y, where = torch.nn.functional.max_pool2d(torch.from_numpy(x), k, s, p, d, ceil_mode=ceil_mode,
                                                  return_indices=True)
        np.testing.assert_array_equal(t.output, y.numpy())
        assert t.argmax.tolist() == where.numpy().ravel().tolist(), (k, s, p, d, ceil_mode)


def test_pool_trace_marks_the_cells_a_stride_never_visits() -> None:
    # Kernel 2, stride 3 on 7 cells: windows at 0 and 3 read 0, 1, 3, 4; 2, 5 and 6 are skipped.
    t = pool_trace(np.zeros((1, 1, 7)), "max", 2, stride=3)
    assert t.unvisited.tolist() == [False, False, True, False, False, True, True]
    t = pool_trace(np.zeros((1, 1, 7, 7)), "avg", 2, stride=3)
    assert t.unvisited.sum() == 7 * 7 - 4 * 4
    # Dilation leaves gaps too: windows at 0 and 2 read cells 0, 2 and 2, 4; 1 and 3 never.
    t = pool_trace(np.zeros((1, 1, 5)), "max", 2, stride=2, dilation=2)
    assert t.unvisited.tolist() == [False, True, False, True, False]
