"""Python's cyclic garbage collector around work that builds millions of objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading or writing a large graph allocates millions of objects; the cyclic GC rescanning them all (and the
    graph) costs a third of the time and frees nothing, so it waits until the work is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
