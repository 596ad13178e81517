"""app.ops.layout: the operation's dimension and the axes the answer keeps."""

from __future__ import annotations

import pytest

from app.ops.layout import conv_dimension, conv_layout, input_layout, pool_dimension


@pytest.mark.parametrize("x, w, ndim, nd", [
    ((28, 28), (3, 3), None, 2),
    ((12,), (3,), None, 1),
    ((5, 6, 7), (2, 3, 3), None, 3),       # a bare volume and a bare 3-D kernel
    ((3, 10), (4, 3, 3), None, 1),         # (C_in, L) and (C_out, C_in, kL)
    ((2, 3, 10), (4, 3, 3), 1, 1),         # batched 1-D needs ndim
    ((2, 3, 9, 9), (6, 3, 3, 3), None, 2),
    ((1, 1, 4, 5, 6), (1, 1, 2, 2, 2), None, 3),
])
def test_conv_dimension(x: tuple[int, ...], w: tuple[int, ...], ndim: int | None, nd: int) -> None:
    assert conv_dimension(x, w, ndim) == nd


@pytest.mark.parametrize("x, k, ndim, nd", [
    ((8,), 2, None, 1), ((8, 8), 2, None, 2), ((3, 8, 8), 2, None, 2), ((2, 3, 8, 8), 2, None, 2),
    ((1, 1, 4, 4, 4), 2, None, 3), ((4, 4, 4), [2, 2, 2], None, 3), ((3, 8), 2, 1, 1),
])
def test_pool_dimension(x: tuple[int, ...], k: int | list[int], ndim: int | None, nd: int) -> None:
    assert pool_dimension(x, k, ndim) == nd


def test_answers_keep_the_users_axes() -> None:
    bare, weight = conv_layout((5, 5), (3, 3), None)
    assert bare.full_input == (1, 1, 5, 5) and weight == (1, 1, 3, 3)
    assert bare.user_shape((1, 1, 3, 3)) == (3, 3)
    assert bare.user_shape((1, 4, 3, 3)) == (4, 3, 3)  # several kernels on a bare grid
    unbatched = input_layout((3, 5, 5), 2, "conv2d")
    assert unbatched.user_shape((1, 1, 3, 3)) == (1, 3, 3)
    batched = input_layout((2, 3, 5, 5), 2, "conv2d")
    assert batched.user_shape((2, 1, 3, 3)) == (2, 1, 3, 3)


def test_too_many_input_axes_is_a_sentence() -> None:
    with pytest.raises(ValueError, match=r"conv1d takes an input of shape \(L\), \(C, L\) or \(N, C, L\); got 1x2x3x4"):
        input_layout((1, 2, 3, 4), 1, "conv1d")
