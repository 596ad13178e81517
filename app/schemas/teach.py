"""Teaching a network new classes: feature vectors, a head, its training stream and its answers.

The head travels as one JSON object (:class:`HeadIn` in requests, :class:`HeadOut` in
answers, the same fields): the file the page exports is exactly the ``head`` of the
training stream's ``done`` line, and the file a script sends back to ``/heads/predict``.
The stream's lines are typed here beside :mod:`app.schemas.lines`'.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import StrictModel
from ..tensors import TensorIn, TensorOut
from .lines import ErrorLine, MapPayload

__all__ = ["FeaturesResponse", "HeadExplainResponse", "HeadIn", "HeadLine", "HeadOut", "HeadPredictJson",
           "HeadTrainRequest", "PredictResponse"]

HEAD_FORMAT = "cnnvis-head"

ClassName = Annotated[str, Field(min_length=1, max_length=64,
                                 description="A class's name as the learner typed it.")]


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImageInfo(_Line):
    """One uploaded image as the server read it."""

    width: int
    height: int
    format: str


class FeaturesResponse(_Line):
    """``POST /api/v1/networks/{name}/features``: one feature vector per image, in order."""

    network: str
    layer: str = Field(description="The layer whose output is the vector (EfficientNet-Lite0: "
                                   "flatten1, the global average pool's 1280 numbers).")
    dimension: int = Field(description="Numbers per vector, D.")
    macs: int = Field(description="Multiply-adds the request was priced at (all its images).")
    seconds: float
    images: list[ImageInfo]
    features: TensorOut = Field(description="(N, D), float32, base64 (exact).")


class _HeadFields(StrictModel):
    format: Literal["cnnvis-head"] = Field(default=HEAD_FORMAT,
                                           description="Marks a head file.")
    version: Literal[1] = 1
    network: str = Field(default="efficientnet_lite0", max_length=64,
                         description="The preset whose feature vectors the head reads.")
    classes: list[ClassName] = Field(min_length=2, max_length=64,
                                     description="The K class names, in label order.")


class HeadIn(_HeadFields):
    """A trained head as sent back: the ``head`` of the training stream's ``done`` line."""

    weight: TensorIn = Field(description="(K, D): one row per class.")
    bias: TensorIn = Field(description="(K,).")


class HeadOut(_Line):
    """A trained head: softmax(x W^T + b) over the feature vector x."""

    format: Literal["cnnvis-head"]
    version: Literal[1]
    network: str
    classes: list[str]
    weight: TensorOut = Field(description="(K, D), float32.")
    bias: TensorOut = Field(description="(K,), float32.")


class HeadTrainRequest(StrictModel):
    """``POST /api/v1/heads/train``: feature vectors with their labels, and how to train."""

    features: TensorIn = Field(description="(N, D): one vector per photo, from /features.")
    labels: list[Annotated[int, Field(ge=0, le=63)]] = Field(
        min_length=1, max_length=100_000, description="N class indices into `classes`.")
    classes: list[ClassName] = Field(min_length=2, max_length=64,
                                     description="The K class names (limit: CNNVIS_MAX_HEAD_CLASSES).")
    held_out: float = Field(default=0.2, ge=0.0, le=0.9, allow_inf_nan=False,
                            description="Share of each class kept out of training to test on.")
    learning_rate: float = Field(default=0.01, gt=0, le=10.0, allow_inf_nan=False)
    epochs: int = Field(default=50, ge=1, le=100_000,
                        description="Passes over the training vectors (limit: CNNVIS_MAX_HEAD_EPOCHS).")
    weight_decay: float = Field(default=1e-4, ge=0.0, le=1.0, allow_inf_nan=False)
    batch_size: int = Field(default=16, ge=1, le=1024)
    optimizer: Literal["adam", "sgd"] = "adam"
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    network: str = Field(default="efficientnet_lite0", max_length=64,
                         description="Written into the head: the preset the vectors came from.")


class HeadPredictJson(StrictModel):
    """``POST /api/v1/heads/predict`` as JSON: a head and feature vectors it classifies."""

    head: HeadIn
    features: TensorIn = Field(description="(N, D) or (D,).")


class ClassProbability(_Line):
    index: int
    label: str
    probability: float


class HeadPrediction(_Line):
    top: list[ClassProbability] = Field(description="Every class, most likely first.")
    probabilities: list[float] = Field(description="By class index.")


class PredictResponse(_Line):
    network: str
    classes: list[str]
    predictions: list[HeadPrediction] = Field(description="One per image (or vector), in order.")
    seconds: float


class HeadExplainResponse(_Line):
    """Grad-CAM of one of the head's classes for one photo, through the head's network."""

    network: str
    classes: list[str]
    target: int = Field(description="The class explained (its index in ``classes``).")
    label: str
    probability: float = Field(description="The head's probability of that class for the photo.")
    probabilities: list[float] = Field(description="By class index.")
    layer: str = Field(description="The layer Grad-CAM looks at (its last layer with maps).")
    layer_shape: list[int] = Field(description="(K, h, w): that layer's maps.")
    cam: MapPayload = Field(description="(h, w): the class activation map on the layer's own grid "
                                        "(7 x 7 for EfficientNet-Lite0), before stretching.")
    heatmap: MapPayload = Field(description="(H, W) over the network's input: the photo's centre "
                                            "square, resized to it.")
    macs: int = Field(description="Multiply-adds the request was priced at.")
    seconds: float


class HeadStartLine(_Line):
    type: Literal["start"]
    examples: int
    train: int = Field(description="Vectors trained on.")
    held_out: int = Field(description="Vectors held out to test on.")
    classes: list[str]
    dimension: int
    epochs: int
    macs: int = Field(description="Multiply-adds the training was priced at.")


class HeadProgressLine(_Line):
    type: Literal["progress"]
    epoch: int
    epochs: int
    loss: float
    accuracy: float
    held_out_loss: float | None
    held_out_accuracy: float | None
    seconds: float


class Confusion(_Line):
    on: Literal["held_out", "train"] = Field(
        description="The vectors counted: the held-out ones, or the training ones when none "
                    "were held out.")
    matrix: list[list[int]] = Field(description="Row: the true class; column: the predicted one.")


class Projection(_Line):
    points: TensorOut = Field(description="(N, 2): every vector on the two principal components.")
    explained: list[float] = Field(description="Each component's share of the variance.")


class HeadWarning(_Line):
    id: Literal["few_examples", "overfitting"]
    detail: str = Field(description="English; the page words the id in its language.")
    classes: list[int] = Field(default_factory=list, description="The classes concerned.")


class HeadDoneLine(_Line):
    type: Literal["done"]
    seconds: float
    accuracy: float
    held_out_accuracy: float | None
    head: HeadOut
    confusion: Confusion
    projection: Projection
    train_index: list[int]
    held_out_index: list[int]
    warnings: list[HeadWarning]


HeadLine = Annotated[HeadStartLine | HeadProgressLine | HeadDoneLine | ErrorLine,
                     Field(discriminator="type")]
"""A line of ``POST /api/v1/heads/train``."""
