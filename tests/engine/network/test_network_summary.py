"""Summaries: totals equal the published counts, rows add up, nothing heavy is computed."""

from __future__ import annotations

import tracemalloc

import pytest

from engine.network import PRESETS, summarize
from engine.network.presets import imagenet

PUBLISHED = {"lenet5": 61_706, "alexnet": 61_100_840, "vgg16": 138_357_544,
             "googlenet": 6_624_904, "resnet18": 11_689_512, "resnet50": 25_557_032}
MACS_G = {"alexnet": 0.71, "vgg16": 15.47, "googlenet": 1.50, "resnet18": 1.81, "resnet50": 4.09}


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_preset_parameter_totals_equal_the_published_counts(name):
    assert PRESETS[name].summary.params == PUBLISHED[name]


@pytest.mark.parametrize("name", list(MACS_G))
def test_imagenet_multiply_adds_match_the_published_figures(name):
    assert round(PRESETS[name].summary.macs / 1e9, 2) == MACS_G[name]
    assert PRESETS[name].summary.output_shape == (1000,)


def test_tinyvgg_shapes_follow_cnn_explainer():
    s = PRESETS["tinyvgg"].summary
    assert [r.output_shape for r in s.layers[:5]] == [(10, 62, 62)] * 2 + [(10, 60, 60)] * 2 + [(10, 30, 30)]
    assert s.params == 19_920


def test_summary_rows_add_up_and_give_volume_ratios():
    s = summarize((3, 32, 32), [
        {"type": "conv", "out_channels": 6, "kernel_size": 3, "padding": 1},
        {"type": "pool", "kind": "max", "kernel_size": 2},
        {"type": "conv", "out_channels": 12, "kernel_size": 3, "padding": 1},
        {"type": "pool", "kind": "max", "kernel_size": 2},
        {"type": "flatten"}, {"type": "linear", "out_features": 10}])
    assert s.layers[0].params == 6 * (27 + 1) and s.layers[0].macs == 6 * 32 * 32 * 27
    assert s.layers[1].ratio == 0.25
    assert s.layers[2].ratio * s.layers[3].ratio == 0.5  # doubling channels, then 2x2 pooling
    assert s.layers[5].params == 12 * 8 * 8 * 10 + 10
    assert s.params == sum(r.params for r in s.layers) and s.macs == sum(r.macs for r in s.layers)


def test_summary_of_blocks_counts_their_children():
    s = summarize((4, 8, 8), [{"type": "residual", "body": [
        {"type": "conv", "out_channels": 4, "kernel_size": 3, "padding": 1, "bias": False},
        {"type": "batchnorm"}]}])
    row = s.layers[0]
    assert row.params == 4 * 4 * 9 + 8 and len(row.children) == 2 and row.children[1] == ()
    assert s.to_dict()["layers"][0]["children"][0][1]["kind"] == "batchnorm"


def test_summarize_makes_no_arrays_at_full_size():
    # VGG16's first activation alone is 64x224x224 float32, 12.8 MB: a summary that
    # computed anything would show it in the peak.
    specs = [build() for build in (imagenet.vgg16, imagenet.resnet50, imagenet.googlenet)]
    tracemalloc.start()
    try:
        for layers in specs:
            summarize((3, 224, 224), layers)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 2**20


def test_imagenet_variants_are_documented_and_smaller():
    for name in ("alexnet", "vgg16"):
        p = PRESETS[name]
        assert p.variant and p.run_summary.params < p.summary.params / 3
    for name in ("googlenet", "resnet18", "resnet50"):
        assert PRESETS[name].run_specs == PRESETS[name].specs and PRESETS[name].variant is None
