"""The layer kinds that hold other layers: sequence, residual and concat.

A sequence block runs its body in order: it only groups layers (an
inverted-residual block whose input is not added back, say), so a page can fold
them and a pass can report them together.

A residual block computes ``body(x) + shortcut(x)`` (an empty shortcut is ``x``
itself); its backward sends the same gradient into both paths and adds what
comes out at ``x``. A concat block runs every branch on ``x`` and stacks the
outputs along the channels; its backward slices the gradient by channels, one
slice per branch, and adds the branches' input gradients.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import shapes
from .kind import Array, ArraySpec, Context, LayerKind, Params, Shape

if TYPE_CHECKING:
    from .infer import Info
    from .spec import Layer

__all__ = ["BLOCK_KINDS", "Concat", "Group", "Residual"]

ParseList = Callable[[Sequence[Any], str, str, str], tuple["Layer", ...]]
"""``parse_list(raws, key, where, auto_prefix)``: checked children (from :mod:`.spec`)."""


def spec_list(where: str, key: str, v: Any, allow_empty: bool) -> Sequence[Any]:
    """``v`` as a list of specs, with a sentence if it is not one."""
    if not isinstance(v, (list, tuple)):
        raise ValueError(f"{where}: {key} must be a list of layer specs, got {type(v).__name__}")
    if not v and not allow_empty:
        raise ValueError(f"{where}: {key} must hold at least one layer")
    return v


class Block(LayerKind):
    """Shared parts of the kinds with children."""

    block = True

    def parse_children(self, where: str, raw: Any, parse_list: ParseList) -> tuple[tuple[Layer, ...], ...]:
        """The checked child lists of spec ``raw``."""
        raise NotImplementedError

    def combine(self, layer: Layer, outs: list[Shape]) -> Shape:
        """The block's output shape from its children's output shapes."""
        raise NotImplementedError

    def infer(self, layer: Layer, shape: Shape) -> Info:
        from .infer import Info, infer

        kids = tuple(infer(branch, shape) if branch else () for branch in layer.children)
        out = self.combine(layer, [k[-1].output_shape if k else shape for k in kids])
        params = sum(i.params for k in kids for i in k)
        macs = sum(i.macs for k in kids for i in k)
        return Info(layer, shape, out, params, macs, kids)

    def param_shapes(self, info: Info) -> dict[str, Shape]:
        return {k: v for kids in info.children for i in kids
                for k, v in i.layer.kind.param_shapes(i).items()}

    def buffer_shapes(self, info: Info) -> dict[str, Shape]:
        return {k: v for kids in info.children for i in kids
                for k, v in i.layer.kind.buffer_shapes(i).items()}

    def inits(self, info: Info) -> dict[str, ArraySpec]:
        return {k: v for kids in info.children for i in kids for k, v in i.layer.kind.inits(i).items()}

    def mask_arrays(self, info: Info) -> dict[str, Array]:
        return {k: v for kids in info.children for i in kids
                for k, v in i.layer.kind.mask_arrays(i).items()}


class Group(Block):
    type = "group"
    description = "Runs body's layers one after another: a named group of layers, nothing added."
    required = ("body",)
    option_types = {"body": "layers"}

    @property
    def short_name(self) -> str:
        return "group"

    def parse_children(self, where: str, raw: Any, parse_list: ParseList) -> tuple[tuple[Layer, ...], ...]:
        body = spec_list(where, "body", raw["body"], allow_empty=False)
        return (parse_list(body, "body", f"{where} body", ""),)

    def combine(self, layer: Layer, outs: list[Shape]) -> Shape:
        return outs[0]

    def to_dict(self, layer: Layer) -> dict[str, Any]:
        from .spec import to_dicts

        return {"body": to_dicts(layer.children[0])}

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        from .graph import sequence_forward

        return sequence_forward(layer.children[0], params, x, ctx)

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        from .graph import sequence_backward

        grads: dict[str, Array] = {}
        return sequence_backward(layer.children[0], params, tape, grad, ctx, grads), grads


class Residual(Block):
    type = "residual"
    description = "body(x) + shortcut(x): the shortcut (empty: x itself) is added back to the body's output."
    required = ("body",)
    defaults = {"shortcut": []}
    option_types = {"body": "layers", "shortcut": "layers"}

    @property
    def short_name(self) -> str:
        return "res"

    def parse_children(self, where: str, raw: Any, parse_list: ParseList) -> tuple[tuple[Layer, ...], ...]:
        body = spec_list(where, "body", raw["body"], allow_empty=False)
        short = spec_list(where, "shortcut", raw.get("shortcut", []), allow_empty=True)
        return parse_list(body, "body", f"{where} body", ""), \
            parse_list(short, "shortcut", f"{where} shortcut", "down_")

    def combine(self, layer: Layer, outs: list[Shape]) -> Shape:
        if outs[0] != outs[1]:
            raise ValueError(
                f"residual block {layer.name!r}: the body gives {shapes.dims(outs[0])} but the "
                f"shortcut gives {shapes.dims(outs[1])}; they must match to be added"
            )
        return outs[0]

    def to_dict(self, layer: Layer) -> dict[str, Any]:
        from .spec import to_dicts

        return {"body": to_dicts(layer.children[0]), "shortcut": to_dicts(layer.children[1])}

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        from .graph import sequence_forward

        body, shortcut = layer.children
        y, body_tapes = sequence_forward(body, params, x, ctx)
        s, short_tapes = sequence_forward(shortcut, params, x, ctx)
        return y + s, (body_tapes, short_tapes)

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        from .graph import sequence_backward

        grads: dict[str, Array] = {}
        body, shortcut = layer.children
        body_tapes, short_tapes = tape
        gx = sequence_backward(body, params, body_tapes, grad, ctx, grads)
        gx = gx + sequence_backward(shortcut, params, short_tapes, grad, ctx, grads)
        return gx, grads


class Concat(Block):
    type = "concat"
    description = "Runs every branch on the same input and stacks their maps along the channels."
    required = ("branches",)
    option_types = {"branches": "branches"}

    def parse_children(self, where: str, raw: Any, parse_list: ParseList) -> tuple[tuple[Layer, ...], ...]:
        branches = spec_list(where, "branches", raw["branches"], allow_empty=False)
        return tuple(parse_list(spec_list(where, f"branch {i + 1}", b, allow_empty=False),
                                f"branch {i + 1}", f"{where} branch {i + 1}", f"b{i + 1}_")
                     for i, b in enumerate(branches))

    def combine(self, layer: Layer, outs: list[Shape]) -> Shape:
        if any(len(s) != 3 or s[1:] != outs[0][1:] for s in outs):
            sizes = ", ".join(shapes.dims(s) for s in outs)
            raise ValueError(
                f"concat block {layer.name!r}: every branch must give maps of the same height and "
                f"width to be stacked, got {sizes}"
            )
        return (sum(s[0] for s in outs), *outs[0][1:])

    def to_dict(self, layer: Layer) -> dict[str, Any]:
        from .spec import to_dicts

        return {"branches": [to_dicts(b) for b in layer.children]}

    def forward(self, layer: Layer, params: Params, x: Array, ctx: Context) -> tuple[Array, Any]:
        from .graph import sequence_forward

        outs, tapes = [], []
        for branch in layer.children:
            y, branch_tapes = sequence_forward(branch, params, x, ctx)
            outs.append(y)
            tapes.append(branch_tapes)
        sizes = [y.shape[1] for y in outs]
        return np.concatenate(outs, axis=1), (tapes, sizes)  # (N, sum(C_b), H, W)

    def backward(self, layer: Layer, params: Params, tape: Any, grad: Array,
                 ctx: Context) -> tuple[Array, dict[str, Array]]:
        from .graph import sequence_backward

        grads: dict[str, Array] = {}
        tapes, sizes = tape
        edges = np.cumsum([0, *sizes])
        total = None
        for branch, branch_tapes, lo, hi in zip(layer.children, tapes, edges[:-1], edges[1:]):
            g = sequence_backward(branch, params, branch_tapes, grad[:, lo:hi], ctx, grads)
            total = g if total is None else total + g
        assert total is not None
        return total, grads


BLOCK_KINDS: tuple[LayerKind, ...] = (Group(), Residual(), Concat())
"""The kinds with children."""
