"""Model cards: what a shipped weight file is, how it was made and how well it does."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["model_card"]


def model_card(name: str, settings: Mapping[str, Any], test_accuracy: float, test_size: int,
               seconds: float) -> str:
    """The Markdown model card of preset ``name`` after training with ``settings``."""
    from .train import trainer

    source = trainer(name)
    seen = settings["steps"] * settings["batch_size"]
    flags = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in settings.items())
    return f"""# {name}: model card

{(source.__doc__ or name).strip().splitlines()[0]}

## Data
{source.DATA_CARD.strip()}

## Split
{source.SPLIT_CARD.strip()}

## Training
- Optimiser: {settings['optimizer']}, peak learning rate {settings['learning_rate']} with cosine decay
  to 5%, batch size {settings['batch_size']}, {settings['steps']} steps ({seen:,} samples seen,
  {source.epochs(seen)}).
- Loss: cross-entropy of the logits. Initial weights: He-normal, seed {settings['seed']}.
- Seed: {settings['seed']} (weights, batch order, augmentation, dropout).
- Time: {seconds:.0f} s on {platform.machine()} with NumPy {np.__version__} (2 BLAS threads).

## Result
- Held-out accuracy: **{test_accuracy:.4f}** ({round(test_accuracy * test_size)} of {test_size}).

## Reproduce
```
cnnvis train {name} {flags}
```
(`python -m app train {name}` does the same; the defaults are the settings above.)
"""
