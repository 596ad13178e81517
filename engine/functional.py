"""The engine's public face, named and shaped like ``torch.nn.functional``.

Layout is ``(N, C, *spatial)``; weights are ``(C_out, C_in/groups, *K)``. Every
function keeps the input's dtype (float32 or float64) and raises ``ValueError``
with a sentence when its arguments do not fit. Backward functions take the
forward inputs explicitly and return the gradients::

    from engine import functional as F
    y = F.conv2d(x, w, b, stride=2, padding="valid")
    gx, gw, gb = F.conv2d_backward(gy, x, w, stride=2, padding="valid")

``flip=True`` on the convolutions computes true convolution (kernel rotated
180 degrees) instead of the cross-correlation every deep-learning library uses.
"""

from __future__ import annotations

from .activation import (
    log_softmax, log_softmax_backward, relu, relu6, relu6_backward, relu_backward, softmax, softmax_backward,
)
from .conv import (
    conv1d, conv1d_backward, conv2d, conv2d_backward, conv3d, conv3d_backward,
    conv_transpose1d, conv_transpose2d, conv_transpose3d,
)
from .linear import flatten, flatten_backward, linear, linear_backward
from .loss import cross_entropy, cross_entropy_backward
from .pool import (
    avg_pool1d, avg_pool1d_backward, avg_pool2d, avg_pool2d_backward, avg_pool3d,
    avg_pool3d_backward, max_pool1d, max_pool1d_backward, max_pool2d, max_pool2d_backward,
    max_pool3d, max_pool3d_backward,
)

__all__ = [
    "conv1d", "conv2d", "conv3d",
    "conv1d_backward", "conv2d_backward", "conv3d_backward",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "max_pool1d", "max_pool2d", "max_pool3d",
    "max_pool1d_backward", "max_pool2d_backward", "max_pool3d_backward",
    "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "avg_pool1d_backward", "avg_pool2d_backward", "avg_pool3d_backward",
    "relu", "relu_backward", "relu6", "relu6_backward",
    "softmax", "softmax_backward",
    "log_softmax", "log_softmax_backward",
    "linear", "linear_backward",
    "flatten", "flatten_backward",
    "cross_entropy", "cross_entropy_backward",
]
