"""Pydantic models of the API's requests and answers, one module per resource."""

from .conv import ConvBackwardRequest, ConvBackwardResponse, ConvRequest, ConvResponse
from .conv_transpose import ConvTransposeRequest, ConvTransposeResponse, ConvTransposeTraceOut
from .health import EngineInfo, Health
from .pool import PoolBackwardRequest, PoolBackwardResponse, PoolRequest, PoolResponse
from .shapes import LayerRow, ShapesRequest, ShapesResponse

__all__ = [
    "ConvBackwardRequest", "ConvBackwardResponse", "ConvRequest", "ConvResponse",
    "ConvTransposeRequest", "ConvTransposeResponse", "ConvTransposeTraceOut",
    "EngineInfo", "Health",
    "PoolBackwardRequest", "PoolBackwardResponse", "PoolRequest", "PoolResponse",
    "LayerRow", "ShapesRequest", "ShapesResponse",
]
