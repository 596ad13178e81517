"""The ImageNet architectures as layer specs: AlexNet, VGG16, GoogLeNet, ResNet-18, ResNet-50.

Each builder follows torchvision's definition, so at ``width=1`` the parameter
totals equal torchvision's (AlexNet 61,100,840; VGG16 138,357,544;
GoogLeNet 6,624,904 without the auxiliary heads; ResNet-18 11,689,512;
ResNet-50 25,557,032). Where torchvision's network is not the paper's, the
builder says how: AlexNet is the one-GPU variant (64-192-384-256-256 channels,
no local response normalisation), not the 2012 paper's two-GPU network
(96-256-384-384-256); GoogLeNet has batch norm and 3x3 kernels where the paper's
Inception modules have 5x5; ResNet-50 is v1.5 (the stride on the 3x3
convolution). ``width`` multiplies every convolution's channels and
``hidden`` sets the width of the dense layers, which gives the smaller variants
that run within a request's time and memory.
"""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]

__all__ = ["alexnet", "googlenet", "resnet18", "resnet50", "vgg16"]


def _ch(channels: int, width: float) -> int:
    """Channels scaled by ``width``, at least 1."""
    return max(1, int(round(channels * width)))


def _conv(out: int, k: int, s: int = 1, p: int = 0, bias: bool = True, name: str | None = None) -> Spec:
    spec: Spec = {"type": "conv", "out_channels": out, "kernel_size": k, "stride": s, "padding": p,
                  "bias": bias}
    if name:
        spec["name"] = name
    return spec


def _classifier(features: int, hidden: int, classes: int, dropout_first: bool) -> list[Spec]:
    """Two hidden dense layers with ReLU and dropout, then the class scores and softmax."""
    drop: Spec = {"type": "dropout", "p": 0.5}
    fc1: list[Spec] = [{"type": "linear", "out_features": hidden, "name": "fc1"}, {"type": "relu"}]
    fc2: list[Spec] = [{"type": "linear", "out_features": hidden, "name": "fc2"}, {"type": "relu"}]
    if dropout_first:  # AlexNet: dropout before each hidden layer
        body = [dict(drop), *fc1, dict(drop), *fc2]
    else:  # VGG: dropout after each hidden layer
        body = [*fc1, dict(drop), *fc2, dict(drop)]
    return [{"type": "flatten"}, *body, {"type": "linear", "out_features": classes, "name": "fc3"},
            {"type": "softmax"}]


def alexnet(width: float = 1.0, hidden: int = 4096, classes: int = 1000) -> list[Spec]:
    """AlexNet as in torchvision: the one-GPU variant (Krizhevsky 2014), 64-192-384-256-256
    channels, no local response normalisation; not the 2012 paper's two-GPU network, whose
    convolutions have 96-256-384-384-256 channels (the second, fourth and fifth split in two
    groups, one per GPU)."""
    c = [_ch(n, width) for n in (64, 192, 384, 256, 256)]
    pool: Spec = {"type": "pool", "kind": "max", "kernel_size": 3, "stride": 2}
    return [_conv(c[0], 11, 4, 2), {"type": "relu"}, dict(pool),
            _conv(c[1], 5, 1, 2), {"type": "relu"}, dict(pool),
            _conv(c[2], 3, 1, 1), {"type": "relu"}, _conv(c[3], 3, 1, 1), {"type": "relu"},
            _conv(c[4], 3, 1, 1), {"type": "relu"}, dict(pool),
            {"type": "adaptive_avg_pool", "output_size": [6, 6]},
            *_classifier(c[4] * 36, hidden, classes, dropout_first=True)]


def vgg16(width: float = 1.0, hidden: int = 4096, classes: int = 1000) -> list[Spec]:
    """VGG16 (configuration D): thirteen 3x3 convolutions in five stages, three dense layers."""
    specs: list[Spec] = []
    for channels, repeats in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(repeats):
            specs += [_conv(_ch(channels, width), 3, 1, 1), {"type": "relu"}]
        specs.append({"type": "pool", "kind": "max", "kernel_size": 2, "stride": 2})
    specs.append({"type": "adaptive_avg_pool", "output_size": [7, 7]})
    return specs + _classifier(_ch(512, width) * 49, hidden, classes, dropout_first=False)


def _conv_bn(out: int, k: int, s: int = 1, p: int = 0, eps: float = 1e-5) -> list[Spec]:
    """Convolution without bias, batch norm, ReLU: the unit of GoogLeNet and ResNet."""
    return [_conv(out, k, s, p, bias=False), {"type": "batchnorm", "eps": eps}, {"type": "relu"}]


def _inception(width: float, b1: int, b2r: int, b2: int, b3r: int, b3: int, b4: int,
               name: str) -> Spec:
    """An Inception module: four branches stacked along the channels.

    As torchvision, the third branch uses a 3x3 convolution (the paper says 5x5).
    """
    e = 1e-3
    b1, b2r, b2, b3r, b3, b4 = (_ch(n, width) for n in (b1, b2r, b2, b3r, b3, b4))
    return {"type": "concat", "name": name, "branches": [
        _conv_bn(b1, 1, eps=e),
        _conv_bn(b2r, 1, eps=e) + _conv_bn(b2, 3, 1, 1, eps=e),
        _conv_bn(b3r, 1, eps=e) + _conv_bn(b3, 3, 1, 1, eps=e),
        [{"type": "pool", "kind": "max", "kernel_size": 3, "stride": 1, "padding": 1,
          "ceil_mode": True}] + _conv_bn(b4, 1, eps=e),
    ]}


def _max_pool(k: int) -> Spec:
    """GoogLeNet's downsampling: max pooling with stride 2, rounding the size up."""
    return {"type": "pool", "kind": "max", "kernel_size": k, "stride": 2, "ceil_mode": True}


_INCEPTIONS: dict[str, tuple[int, int, int, int, int, int]] = {
    # name: 1x1, 3x3 reduce, 3x3, "5x5" reduce, "5x5", pool projection (torchvision's numbers)
    "inception3a": (64, 96, 128, 16, 32, 32), "inception3b": (128, 128, 192, 32, 96, 64),
    "inception4a": (192, 96, 208, 16, 48, 64), "inception4b": (160, 112, 224, 24, 64, 64),
    "inception4c": (128, 128, 256, 24, 64, 64), "inception4d": (112, 144, 288, 32, 64, 64),
    "inception4e": (256, 160, 320, 32, 128, 128), "inception5a": (256, 160, 320, 32, 128, 128),
    "inception5b": (384, 192, 384, 48, 128, 128),
}


def googlenet(width: float = 1.0, classes: int = 1000) -> list[Spec]:
    """GoogLeNet (Inception v1) as torchvision builds it, without the auxiliary classifiers:
    batch norm after every convolution (the 2014 paper has none) and 3x3 kernels in the
    third branch of every Inception module (the paper's are 5x5)."""
    e = 1e-3

    def stage(*names: str) -> list[Spec]:
        return [_inception(width, *_INCEPTIONS[n], name=n) for n in names]

    return [*_conv_bn(_ch(64, width), 7, 2, 3, eps=e), _max_pool(3),
            *_conv_bn(_ch(64, width), 1, eps=e), *_conv_bn(_ch(192, width), 3, 1, 1, eps=e),
            _max_pool(3), *stage("inception3a", "inception3b"), _max_pool(3),
            *stage("inception4a", "inception4b", "inception4c", "inception4d", "inception4e"),
            _max_pool(2), *stage("inception5a", "inception5b"),
            {"type": "adaptive_avg_pool", "output_size": [1, 1]}, {"type": "flatten"},
            {"type": "dropout", "p": 0.2}, {"type": "linear", "out_features": classes, "name": "fc"},
            {"type": "softmax"}]


def _shortcut(out: int, stride: int, needed: bool) -> list[Spec]:
    """Identity, or a strided 1x1 convolution and batch norm when the shape changes."""
    if not needed:
        return []
    return [_conv(out, 1, stride, 0, bias=False), {"type": "batchnorm"}]


def _basic(planes: int, stride: int, in_ch: int, name: str) -> list[Spec]:
    """ResNet basic block: two 3x3 convolutions, added to the shortcut, then ReLU."""
    body = [*_conv_bn(planes, 3, stride, 1), _conv(planes, 3, 1, 1, bias=False), {"type": "batchnorm"}]
    return [{"type": "residual", "name": name, "body": body,
             "shortcut": _shortcut(planes, stride, stride != 1 or in_ch != planes)},
            {"type": "relu", "name": name + "_relu"}]


def _bottleneck(planes: int, stride: int, in_ch: int, name: str) -> list[Spec]:
    """ResNet bottleneck (v1.5, stride on the 3x3): 1x1 reduce, 3x3, 1x1 expand to 4x planes."""
    out = planes * 4
    body = [*_conv_bn(planes, 1), *_conv_bn(planes, 3, stride, 1), _conv(out, 1, bias=False),
            {"type": "batchnorm"}]
    return [{"type": "residual", "name": name, "body": body,
             "shortcut": _shortcut(out, stride, stride != 1 or in_ch != out)},
            {"type": "relu", "name": name + "_relu"}]


def _resnet(blocks: tuple[int, ...], bottleneck: bool, width: float, classes: int) -> list[Spec]:
    """Stem, four stages of residual blocks, global average pooling, one dense layer."""
    specs = [*_conv_bn(_ch(64, width), 7, 2, 3),
             {"type": "pool", "kind": "max", "kernel_size": 3, "stride": 2, "padding": 1}]
    in_ch = _ch(64, width)
    for stage, (planes, n) in enumerate(zip((64, 128, 256, 512), blocks), start=1):
        p = _ch(planes, width)
        for b in range(n):
            stride = 2 if stage > 1 and b == 0 else 1
            block = _bottleneck if bottleneck else _basic
            specs += block(p, stride, in_ch, f"layer{stage}_{b}")
            in_ch = p * 4 if bottleneck else p
    return specs + [{"type": "adaptive_avg_pool", "output_size": [1, 1]}, {"type": "flatten"},
                    {"type": "linear", "out_features": classes, "name": "fc"}, {"type": "softmax"}]


def resnet18(width: float = 1.0, classes: int = 1000) -> list[Spec]:
    """ResNet-18: basic blocks, 2-2-2-2."""
    return _resnet((2, 2, 2, 2), False, width, classes)


def resnet50(width: float = 1.0, classes: int = 1000) -> list[Spec]:
    """ResNet-50: bottleneck blocks, 3-4-6-3."""
    return _resnet((3, 4, 6, 3), True, width, classes)
