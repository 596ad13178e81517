"""The array and context types of a pass (kept for imports; the layers live in the table)."""

from __future__ import annotations

from .kind import Array, Context, Params

__all__ = ["Array", "Context", "Params"]
