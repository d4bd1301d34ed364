"""Pausing Python's garbage collector around a burst of new objects.

Reading a large workshop (:meth:`~workshop_kit.store.Store.workshop_snapshot`: a
class of 10,000 has a million answers) makes a million new objects, and every 700
new container objects set the collector off again, each pass walking all the objects
made so far: the collector then took more time than the read. None of those objects
is garbage while they are being made, so the collector can wait.

The collector is the whole process's, so the decision belongs to the code that runs
the process's work (the dashboard's refresh and export, ``workshop-kit export``), not
to the store: pausing it inside a library call would pause it for every thread of
the caller without the caller knowing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the garbage collector off until the block ends, then as it was before
    (still off if it was off: blocks nest, and a caller's own pause is kept)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
