"""engine.shapes: the output-size formula and its pieces."""

from __future__ import annotations

import ast
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import shapes


@settings(max_examples=200, deadline=None)
@given(size=st.integers(1, 40), kernel=st.integers(1, 6), stride=st.integers(1, 4),
       dilation=st.integers(1, 3), data=st.data())
def test_pool_output_size_matches_window_count(size, kernel, stride, dilation, data):
    """Count windows by hand: those starting inside the input or its left padding."""
    padding = data.draw(st.integers(0, kernel // 2))
    span = dilation * (kernel - 1) + 1
    if span > size + 2 * padding:
        return
    floor_count = len(range(0, size + 2 * padding - span + 1, stride))
    assert shapes.pool_output_size(size, kernel, stride, padding, dilation, False) == floor_count
    ceil_count = len([s for s in range(0, size + 2 * padding, stride) if s < size + padding])
    ceil_count = min(ceil_count, -(-(size + 2 * padding - span) // stride) + 1)
    assert shapes.pool_output_size(size, kernel, stride, padding, dilation, True) == ceil_count


def test_pool_output_shape_rejects_padding_over_half_kernel():
    with pytest.raises(ValueError, match="pooling padding 2x2 is more than half the kernel 3x3"):
        shapes.pool_output_shape((7, 7), (3, 3), (1, 1), (2, 2), (1, 1), False)


def test_pool_output_shape_rejects_window_larger_than_input():
    with pytest.raises(ValueError, match="pooling window 9x9 spans 9x9, larger than the padded input 7x7"):
        shapes.pool_output_shape((7, 7), (9, 9), (1, 1), (0, 0), (1, 1), False)


def test_ntuple_expands_and_checks():
    assert shapes.ntuple(2, 3, "stride") == (2, 2, 2)
    assert shapes.ntuple((1, 2), 2, "stride") == (1, 2)
    assert shapes.ntuple([3], 2, "stride") == (3, 3)
    with pytest.raises(ValueError, match="stride must be an integer or a tuple of 2 integers, got True"):
        shapes.ntuple(True, 2, "stride")


def test_engine_imports_nothing_from_the_web_stack():
    """engine/ stays a library: no app, fastapi, starlette, pydantic or jinja2."""
    banned = {"app", "fastapi", "starlette", "pydantic", "jinja2", "uvicorn"}
    root = pathlib.Path(__file__).resolve().parents[2] / "engine"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in banned, f"{path.name} imports {name}"


def test_conv_params_of_the_notes_first_layer() -> None:
    # 64 kernels of 3x3 on an RGB image: 64 * (3 * 3 * 3 + 1) = 1,792.
    assert shapes.conv_params(3, 64, (3, 3)) == 1792
    assert shapes.conv_params(3, 64, (3, 3), bias=False) == 1728
    assert shapes.conv_params(4, 8, (3, 3), groups=2) == 8 * (2 * 9 + 1)


def test_conv_macs_count_one_multiply_add_per_tap_and_output() -> None:
    assert shapes.conv_macs(1, 6, (5, 5), (28, 28)) == 6 * 28 * 28 * 25


def test_linear_params_and_the_dense_comparison() -> None:
    assert shapes.linear_params(400, 120) == 48_120
    cost = shapes.conv_layer_cost((1, 28, 28), 1, (3, 3), (1, 1), ((0, 0), (0, 0)), (1, 1))
    assert cost.output_shape == (1, 26, 26)  # the notes: 28x28 with a 3x3 kernel gives 26x26
    assert cost.params == 10
    assert cost.dense_params == 784 * 676 + 676


def test_conv_layer_cost_of_a_6x6_input_and_volume_ratio() -> None:
    cost = shapes.conv_layer_cost((1, 6, 6), 1, (3, 3), (1, 1), ((0, 0), (0, 0)), (1, 1))
    assert cost.output_shape == (1, 4, 4)  # (6, 6, 1) -> (4, 4, 1)
    assert cost.input_volume == 36 and cost.output_volume == 16
    assert cost.volume_ratio == 16 / 36


def test_doubling_channels_then_pooling_halves_the_volume() -> None:
    assert shapes.volume_ratio((128, 56, 56), (64, 112, 112)) == 0.5


def test_conv_layer_cost_refuses_groups_that_do_not_divide() -> None:
    with pytest.raises(ValueError, match="groups=2 must divide both the 3 input and 4 output"):
        shapes.conv_layer_cost((3, 8, 8), 4, (3, 3), (1, 1), ((0, 0), (0, 0)), (1, 1), groups=2)
