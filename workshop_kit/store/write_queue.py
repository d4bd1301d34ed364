"""A queue for SQLite writers: every kernel of a class writes to one database file.

SQLite lets one writer in at a time. A writer that finds the lock taken sleeps and
retries (1, 2, 5 ... up to 100 ms between tries), so when a class saves at once an
unlucky kernel keeps waking up just after someone else took the lock, and waits
seconds. Here writers first take an exclusive ``flock`` on a file beside the
database: the operating system puts them to sleep and wakes the next one the moment
the lock is free, and SQLite's own lock is then free at once.

The queue only orders writers; SQLite's ``BEGIN IMMEDIATE`` still guarantees
correctness, so a platform without ``fcntl`` (Windows) simply skips the queue. The
operating system drops a lock when its process dies, so a killed kernel never blocks
the others.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy timeout alone orders writers
    fcntl = None


class WriteQueue:
    """Writers of one SQLite file, across processes and threads, one at a time."""

    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".write-lock")
        self._fd: int | None = None
        self._pid = 0
        # flock belongs to an open file, which every thread of a process shares; the
        # depth lets a write inside a write keep the lock until the outer one ends.
        self._threads = threading.RLock()
        self._depth = 0

    def _file(self) -> int:
        # A forked child gets its own open file, or it would share its parent's lock.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this writer's turn; the next writer goes when the block ends."""
        if fcntl is None:
            yield
            return
        with self._threads:
            if self._depth == 0:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._file(), fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None
