"""engine.transpose_trace: every stamp agrees with a plain scatter loop and with the engine's output."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine.conv import conv_transpose2d
from engine.transpose_trace import conv_transpose_trace
from tests.reference.conv import conv_transpose_loops

RNG = np.random.default_rng(10)


def running_outputs(x, w, stride, padding, dilation, out):
    """The output after every stamp of one sample, one input cell at a time, by loops.

    x: (C_in, *H); w: (C_in, C_out, *K) (groups 1). Returns a list of (C_out, *O) arrays.
    """
    y = np.zeros((w.shape[1], *out))
    history = []
    for c in range(x.shape[0]):
        for cell in itertools.product(*(range(h) for h in x.shape[1:])):
            for j in range(w.shape[1]):
                for tap in itertools.product(*(range(k) for k in w.shape[2:])):
                    at = tuple(p * stride - padding + t * dilation for p, t in zip(cell, tap))
                    if all(0 <= a < o for a, o in zip(at, out)):
                        y[(j,) + at] += x[(c,) + cell] * w[(c, j) + tap]
            history.append(y.copy())
    return history


@pytest.mark.parametrize("size, k, stride, padding, output_padding, dilation", [
    ((4,), 3, 2, 1, 1, 1),
    ((3, 3), 3, 2, 1, 1, 1),
    ((2, 3), 2, 3, 0, 2, 2),
    ((2, 2, 2), 2, 2, 1, 0, 1),
])
def test_every_partial_output_matches_the_loop(size, k, stride, padding, output_padding, dilation) -> None:
    nd = len(size)
    x = RNG.standard_normal((1, 2, *size))
    w = RNG.standard_normal((2, 2, *(k,) * nd))
    t = conv_transpose_trace(x, w, stride=stride, padding=padding, output_padding=output_padding,
                             dilation=dilation)
    np.testing.assert_allclose(t.output, conv_transpose_loops(x, w, None, stride, padding,
                                                              output_padding, 1, dilation))
    history = running_outputs(x[0], w, stride, padding, dilation, t.output.shape[2:])
    assert t.partial.shape == (len(history), 2, *t.output.shape[2:])
    for s, expected in enumerate(history):
        np.testing.assert_allclose(t.partial[s], expected, atol=1e-12)
    assert t.canvas == tuple((h - 1) * stride + dilation * (k - 1) + 1 for h in size)


def test_stamps_are_the_scaled_kernel_and_kept_marks_the_crop() -> None:
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    w = np.arange(9.0).reshape(1, 1, 3, 3)
    t = conv_transpose_trace(x, w, np.array([1.0]), stride=2, padding=1, output_padding=1)
    assert t.index.tolist() == [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 0, 1, 1]]
    assert t.origin.tolist() == [[-1, -1], [-1, 1], [1, -1], [1, 1]]
    assert t.value.tolist() == [1.0, 2.0, 3.0, 4.0]
    np.testing.assert_array_equal(t.stamp[3, 0], 4.0 * w[0, 0])
    # The first cell's stamp starts one row and column before the output: those taps are cropped.
    assert t.kept[0].tolist() == [[False, False, False], [False, True, True], [False, True, True]]
    assert t.kept[3].all()  # the last one lands inside, on the output_padding row and column
    np.testing.assert_allclose(t.partial[-1], t.output[0])
    np.testing.assert_allclose(t.output, conv_transpose2d(x, w, np.array([1.0]), 2, 1, 1))
    assert t.partial[0, 0, 0, 0] == 1.0 + 1.0 * w[0, 0, 1, 1]  # bias plus the first stamp


def test_float32_is_kept() -> None:
    x = np.ones((1, 1, 2, 2), np.float32)
    w = np.ones((1, 1, 2, 2), np.float32)
    t = conv_transpose_trace(x, w, stride=2)
    assert t.partial.dtype == t.stamp.dtype == t.output.dtype == np.float32


def test_refusals_are_sentences() -> None:
    x, w = np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3))
    with pytest.raises(ValueError, match="one stamp per input cell, 9 here, more than 8"):
        conv_transpose_trace(x, w, max_steps=8)
    with pytest.raises(ValueError, match="after each of its 9 stamps, 225 numbers, more than 100"):
        conv_transpose_trace(x, w, max_elements=100)
    with pytest.raises(ValueError, match="output_padding 2x2 must be smaller than the stride 2x2"):
        conv_transpose_trace(x, w, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="a trace needs a weight of shape"):
        conv_transpose_trace(x, np.ones(3))
