"""Pausing Python's cyclic garbage collector around bulk work.

Reading 10,000 sessions builds about half a million small container
objects, none of them in a reference cycle. With the collector running, it
walks all of them again every few thousand allocations and the reading
takes about twice as long; paused, reference counting still frees
everything that is dropped, and the collector catches up once afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic collector off inside the block (nests; restores its state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
