"""How the served process manages its memory (docs/decisions/0015).

CPython's cycle collector runs a full collection whenever the objects that outlived
younger collections grow by a quarter. Under load the requests in flight are always
outliving young collections, so full collections came every few hundred requests and
took 35 to 50 ms each, stalling every request in flight: they were most of the
dashboard's p99. Almost nothing this app allocates per request is cyclic (reference
counting frees it), so young collections can run far less often; and what exists once
the app has started (modules, templates, content) is moved out of the collector's sight.
"""

from __future__ import annotations

import gc
from typing import Any

THRESHOLDS = (50_000, 20, 100)
"""Allocations before a young collection, and young collections before each older one
(CPython's defaults: 700, 10, 10)."""


def settle_memory(_: Any = None) -> None:
    """At start-up: collect once, freeze what is left, and space collections out."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
