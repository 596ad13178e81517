"""How to explain a prediction: the method and its settings, given as query parameters of
``POST /api/v1/networks/{name}/explain`` (the body is an image or a tensor, as for forward)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.network.explain import BASELINES, METHODS

__all__ = ["ExplainSettings", "VisualizeSettings"]


class ExplainSettings(BaseModel):
    """The method and its settings; each method reads only its own."""

    model_config = ConfigDict(extra="forbid")

    method: Literal[METHODS] = Field(  # type: ignore[valid-type]
        default="gradcam", description="gradient, gradient_x_input, guided, gradcam, guided_gradcam, "
                                       "smoothgrad, integrated or occlusion.")
    layer: str | None = Field(default=None, max_length=64,
                              description="Grad-CAM's layer (a layer with maps); default the last.")
    samples: int = Field(default=16, ge=1, le=64, description="SmoothGrad: noisy copies.")
    sigma: float = Field(default=0.15, ge=0.0, le=1.0,
                         description="SmoothGrad: the noise, a fraction of the input's range.")
    steps: int = Field(default=32, ge=1, le=256, description="Integrated gradients: points on the path.")
    baseline: Literal[BASELINES] = Field(  # type: ignore[valid-type]
        default="black", description="Where integrated gradients start and what occlusion pastes: "
                                     "black, blur, mean or zero.")
    patch: int | None = Field(default=None, ge=1, le=512,
                              description="Occlusion: the square's side in input pixels (default H/8).")
    stride: int | None = Field(default=None, ge=1, le=512,
                               description="Occlusion: its step (default the patch: no overlap).")
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="SmoothGrad's noise.")

    def engine_settings(self) -> dict[str, Any]:
        """The keyword arguments of :func:`engine.network.explain.explain_steps`."""
        return {"layer": self.layer, "samples": self.samples, "sigma": self.sigma,
                "steps": self.steps, "patch": self.patch,
                "stride": self.stride, "seed": self.seed}


class VisualizeSettings(BaseModel):
    """Which channel to visualise and how long to climb."""

    model_config = ConfigDict(extra="forbid")

    layer: str = Field(max_length=64, description="A top-level layer with maps, e.g. C3 or b6.")
    channel: int = Field(ge=0, le=4095, description="The channel of that layer, from 0.")
    steps: int = Field(default=64, ge=1, le=256, description="Gradient ascent steps.")
    every: int = Field(default=8, ge=1, le=64, description="Send the image every this many steps.")
    patches: int = Field(default=6, ge=1, le=12, description="How many top-activating sample patches.")
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="The starting noise and the jitter.")
