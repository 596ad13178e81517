"""``/api/v1/samples``: the sample images the pages offer (digits, shapes, generated photos)."""

from __future__ import annotations

import io
from functools import cache
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import Response
from PIL import Image

from engine.network.data import samples

from ..errors import Message
from ..schemas.samples import SampleInfo, SampleList

router = APIRouter(prefix="/samples", tags=["samples"])

Name = Annotated[str, Path(description="A sample's name; any other answers 404.",
                           json_schema_extra={"enum": list(samples.SAMPLES)})]


def _info(s: samples.Sample) -> SampleInfo:
    image = samples.sample_image(s.name)
    return SampleInfo(name=s.name, title=s.title, kind=s.kind, label=s.label, credit=s.credit,
                      width=image.shape[1], height=image.shape[0],
                      channels=1 if image.ndim == 2 else image.shape[2],
                      url=f"/api/v1/samples/{s.name}.png")


@cache
def _list() -> SampleList:
    return SampleList(samples=[_info(s) for s in samples.SAMPLES.values()])


@cache
def _png(name: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(samples.sample_image(name)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@router.get("", summary="The sample images")
def sample_list() -> SampleList:
    """Every sample: handwritten digits (for lenet5), shapes (for tinyvgg), two generated
    224x224 pictures (for the edge filters) and three real photographs in the public domain
    or CC0 (for EfficientNet-Lite0), each with its credit."""
    return _list()


@router.get("/{name}.png", summary="One sample image as PNG", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "The PNG file."},
                       404: {"model": Message, "description": "No sample has that name."}})
def sample_png(name: Name) -> Response:
    """The sample's pixels as a PNG file, to show or to post to a network's ``forward``."""
    if name not in samples.SAMPLES:
        raise HTTPException(404, f"there is no sample named {name[:64]!r}; see /api/v1/samples")
    return Response(_png(name), media_type="image/png",
                    headers={"Cache-Control": "public, max-age=86400"})
