"""Build every preset before anyone asks: the first request to a network must not wait for its
weights (seeded ImageNet arrays take 0.1-0.4 s each to make; EfficientNet-Lite0's file is read
and checked).

The app's start-up runs :func:`warm` in a worker thread and takes requests once it is done
(about 1.5 s on 2 cores, once per process: the engine's ``network.load`` caches, so later
apps in the same process find every preset ready). The pages' defaults come first.
"""

from __future__ import annotations

import logging

from engine import network

log = logging.getLogger("cnnvis.warmup")

FIRST = ("efficientnet_lite0", "lenet5", "edges", "tinyvgg")
"""Built first: the pages' defaults and the small networks, then the rest in listed order."""


def warm() -> list[str]:
    """Build every available preset's model (and its summaries); returns their names in order."""
    names = [p.name for p in network.list_presets()]
    order = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    built = []
    for name in order:
        if network.get(name).unavailable() is not None:
            continue
        try:
            network.load(name)
        except ValueError:  # a shipped file missing: the request will say so
            log.exception("could not build %s", name)
            continue
        built.append(name)
    return built
