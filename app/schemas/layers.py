"""The layer spec as a typed payload: one pydantic model per kind of the engine's layer table.

The models are made from the table (:data:`engine.network.table.KINDS`): each kind's
options, with their defaults and the types its ``option_types`` name, under a
``type`` literal; :data:`LayerSpec` is their union, discriminated on ``type``, so
``/openapi.json`` describes every kind with its fields. A new kind in the table
gets its model here with no change to this file. The engine still checks what a
schema cannot (a kernel larger than its input, groups that do not divide).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, create_model

from engine.network.kind import LayerKind
from engine.network.table import KINDS

from .common import MAX_HYPERPARAMETER, NonNegative, Positive

__all__ = ["LAYER_MODELS", "LayerSpec", "field_type"]

Pair = Annotated[list[Positive], Field(min_length=2, max_length=2)]
OffsetPair = Annotated[list[NonNegative], Field(min_length=2, max_length=2)]
Size = Union[Positive, Pair]
Offset = Union[NonNegative, OffsetPair]
ConnectionRow = Annotated[list[Annotated[int, Field(ge=0, le=1)]], Field(min_length=1, max_length=MAX_HYPERPARAMETER)]
Connections = Union[Annotated[list[ConnectionRow], Field(min_length=1, max_length=MAX_HYPERPARAMETER)],
                    None]

_TYPES: dict[str, Any] = {
    "count": Positive,
    "size": Size,
    "offset": Offset,
    "padding": Union[Offset, Literal["valid", "same", "tf_same"]],
    "size_or_null": Union[Size, None],
    "number": float,
    "flag": bool,
    # A block's children are specs of any kind as plain objects, checked by the engine: a
    # recursive schema would make every client (and the API fuzzer) generate unbounded trees.
    "layers": list[dict[str, Any]],
    "branches": list[list[dict[str, Any]]],
    "connections": Connections,
}
_WORDS = {
    "count": "a whole number, 1 or more", "size": "a whole number or an [H, W] pair",
    "offset": "0 or more, or an [H, W] pair", "size_or_null": "a whole number, a pair, or null",
    "padding": "0 or more, a pair, 'valid', 'same' or 'tf_same' (TensorFlow's, any stride)",
    "number": "a number", "flag": "true or false",
    "layers": "a list of layer specs (objects of any kind above)",
    "branches": "a list of lists of layer specs (objects of any kind above)",
    "connections": "null (every output channel sees every input channel), or a table of 0 and 1: "
                   "one row per output channel, one entry per input channel, 1 where it sees that "
                   "input channel (LeNet-5's C3); the parameters count only the connected kernels",
}


def field_type(word: str) -> Any:
    """The annotation for one word of the engine's ``option_types`` vocabulary."""
    if word.startswith("choice:"):
        return Literal[tuple(word.removeprefix("choice:").split(","))]  # type: ignore[misc]
    return _TYPES[word]


def _model(kind: LayerKind) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "type": (Literal[kind.type], Field(description=kind.description)),  # type: ignore[valid-type]
        "name": (str | None, Field(default=None, max_length=64, description="Unique in the network; "
                                   "left out, one is made from the type (conv1, pool2...).")),
    }
    for option in (*kind.required, *kind.defaults):
        word = kind.option_types[option]
        about = _WORDS.get(word, "one of " + word.removeprefix("choice:").replace(",", ", "))
        if option in kind.required:
            fields[option] = (field_type(word), Field(description=f"Required: {about}."))
        else:
            default = kind.defaults[option]
            fields[option] = (field_type(word), Field(default=default, description=f"{about}."))
    title = "".join(part.title() for part in kind.type.split("_")) + "Layer"
    # Strict as every request model: no true for 1 (JSON numbers still fill float fields).
    return create_model(title, __config__=ConfigDict(extra="forbid", strict=True, title=title), **fields)


LAYER_MODELS: dict[str, type[BaseModel]] = {k.type: _model(k) for k in KINDS.values()}
"""One model per layer kind, by its ``type``."""

def _type_of(value: Any) -> Any:
    """The ``type`` of a spec (a dict from JSON, or a model already made)."""
    return value.get("type") if isinstance(value, dict) else getattr(value, "type", None)


LayerSpec = Annotated[
    Union[tuple(Annotated[m, Tag(t)] for t, m in LAYER_MODELS.items())],  # type: ignore[valid-type]
    Discriminator(_type_of, custom_error_type="layer_type",
                  custom_error_message="a layer's type must be one of: " + ", ".join(LAYER_MODELS)),
]
"""A layer spec of any kind, told apart by ``type``."""

