"""engine.network.spec and shape inference: defaults, names, and one test per error sentence."""

from __future__ import annotations

import pytest

from engine.network import parse, summarize

CONV = {"type": "conv", "out_channels": 4, "kernel_size": 3}


def test_parse_fills_defaults_and_names_layers():
    layers = parse([CONV, {"type": "relu"}, dict(CONV), {"type": "pool", "kind": "max", "kernel_size": 2}])
    assert [layer.name for layer in layers] == ["conv1", "relu1", "conv2", "pool1"]
    o = layers[0].options
    assert o["kernel_size"] == (3, 3) and o["stride"] == (1, 1) and o["padding"] == (0, 0)
    assert o["bias"] is True and layers[3].options["stride"] == (2, 2)


def test_parse_names_block_children_under_the_block():
    layers = parse([{"type": "residual", "body": [CONV], "shortcut": [CONV]},
                    {"type": "concat", "branches": [[CONV], [CONV, {"type": "relu"}]]}])
    body, short = layers[0].children
    assert layers[0].name == "res1" and body[0].name == "res1.conv1"
    assert short[0].name == "res1.down_conv1"
    assert [c.name for c in layers[1].children[1]] == ["concat1.b2_conv1", "concat1.b2_relu1"]


@pytest.mark.parametrize("specs,message", [
    ("conv", "a network must be a list of layer specs"),
    ([], "a network needs at least one layer"),
    ([3], "must be a dict"),
    ([{"type": "convolution"}], "has type 'convolution', which is not one of: conv"),
    ([{"type": "conv", "kernel_size": 3}], "needs the setting 'out_channels'"),
    ([{**CONV, "kernel": 3}], "has an unknown setting 'kernel'; it takes bias, connections, dilation"),
    ([{**CONV, "out_channels": 0}], "out_channels must be a positive whole number, got 0"),
    ([{**CONV, "stride": 0}], "stride must be positive, got 0"),
    ([{**CONV, "padding": "full"}], "padding must be a number, a pair, 'valid', 'same' or 'tf_same'"),
    ([{**CONV, "bias": "yes"}], "bias must be true or false"),
    ([{"type": "pool", "kind": "min", "kernel_size": 2}], "kind must be 'max' or 'avg'"),
    ([{"type": "pool", "kind": "avg", "kernel_size": 2, "dilation": 2}], "average pooling has no dilation"),
    ([{"type": "dropout", "p": 1.0}], "p must be a number from 0.0 up to"),
    ([{"type": "batchnorm", "eps": 0}], "eps must be above 0"),
    ([{**CONV, "name": "a.b"}], "name must be a non-empty text without dots"),
    ([{**CONV, "name": "x"}, {"type": "relu", "name": "x"}], "the name 'x' is used twice"),
    ([{"type": "residual", "body": []}], "body must hold at least one layer"),
    ([{"type": "concat", "branches": "abc"}], "branches must be a list of layer specs"),
])
def test_parse_error_sentences(specs, message):
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)")):
        parse(specs)


@pytest.mark.parametrize("specs,message", [
    ([{"type": "linear", "out_features": 3}],
     "layer 'linear1' (linear) needs a flat feature vector, but its input is 1x8x8; add"),
    ([{"type": "flatten"}, CONV], "layer 'conv1' (conv) needs feature maps (C, H, W), but its input is 64"),
    ([{**CONV, "kernel_size": 9}], "layer 'conv1' (conv) on input 1x8x8: kernel 9x9 spans 9x9, larger"),
    ([{**CONV, "groups": 3}], "groups=3 must divide both the 1 input channels"),
    ([{**CONV, "padding": "same", "stride": 2}], "padding='same' keeps the output as large"),
    ([{"type": "pool", "kind": "max", "kernel_size": 9}], "layer 'pool1' (pool) on input 1x8x8: pooling window"),
    ([{"type": "softmax"}], "layer 'softmax1' (softmax) turns a flat vector of scores into probabilities"),
    ([{"type": "residual", "body": [CONV]}], "residual block 'res1': the body gives 4x6x6 but the shortcut gives 1x8x8"),
    ([{"type": "concat", "branches": [[CONV], [{**CONV, "padding": 1}]]}],
     "concat block 'concat1': every branch must give maps of the same height and width"),
])
def test_shape_error_sentences(specs, message):
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)")):
        summarize((1, 8, 8), specs)


def test_summarize_error_input_shape():
    with pytest.raises(ValueError, match="input_shape must be three positive whole numbers"):
        summarize((8, 8), [CONV])


def test_to_dicts_round_trips_through_parse():
    from engine.network.presets import imagenet
    from engine.network.spec import to_dicts

    layers = parse(imagenet.googlenet()[:12] + imagenet.resnet18()[4:6])
    again = parse(to_dicts(layers))
    assert again == layers
