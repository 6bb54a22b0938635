"""Garbage collection paused around bulk work: reading and writing a workbook.

Those make many small objects and almost no reference cycles, so the collector's passes
over them are wasted time. Reference counting still frees everything as usual; the collector
runs again when the bulk work ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the garbage collector for the block; it is switched back on only if it was on before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
