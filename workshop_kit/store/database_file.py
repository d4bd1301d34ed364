"""The SQLite file a store writes to, checked before every use.

An open connection keeps writing to a database file that was deleted (the data goes
to an unlinked inode) or whose first pages were overwritten (the data goes to the
``-wal`` file only), and SQLite reports success: the page would say "Saved" for an
answer no database holds. So before each read and write the store checks that the
file is still there, still the same file, and still starts like a SQLite database:
a ``stat`` and a 16-byte read, a few microseconds.

The 16 bytes are read through a descriptor SQLite already has open on the file,
never one opened and closed for the purpose: closing any descriptor of a file drops
every POSIX lock the process holds on it, SQLite's included, and a kernel that lost
its read locks kept reading an old snapshot (a stage the instructor had opened again
stayed paused on its page). Asking SQLite itself does not do: while other kernels
keep the database open it serves a damaged first page from the ``-wal`` file.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from workshop_kit.store.records import DatabaseUnavailable

log = logging.getLogger("workshop_kit.store")

# what the server log says, once per store, next to what went wrong
WHAT_TO_DO = (
    "Students' pages now say their answers are not saved (their text stays on their "
    "screens). Put the database file back from a backup: pages save again at their "
    "next change. Or stop the server, move the damaged file aside and start again "
    "with an empty database."
)


def _identity(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


SQLITE_HEADER = b"SQLite format 3\x00"
_OPEN_FILES = Path("/proc/self/fd")


def _open_descriptor(identity: tuple[int, int]) -> int | None:
    """A descriptor this process already has open on the file ``identity``."""
    try:
        names = os.listdir(_OPEN_FILES)
    except OSError:  # not Linux: no way to find one
        return None
    for name in names:
        try:
            found = os.fstat(int(name))
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(found.st_mode) and (found.st_dev, found.st_ino) == identity:
            return int(name)
    return None


def _header(path: Path, identity: tuple[int, int], known: int | None) -> tuple[bytes, int | None]:
    """The file's first bytes, and the descriptor they were read through."""
    if known is not None:
        try:
            same = os.fstat(known)
            if (same.st_dev, same.st_ino) != identity:
                known = None
        except OSError:
            known = None
    descriptor = known if known is not None else _open_descriptor(identity)
    if descriptor is not None:
        return os.pread(descriptor, len(SQLITE_HEADER), 0), descriptor
    # Nothing of this process has the file open, so no lock can be lost by closing.
    with open(path, "rb") as file:
        return file.read(len(SQLITE_HEADER)), None


class DatabaseFile:
    """Watches one SQLite database file.

    ``must_exist``: refuse to start a new, empty database where one should be (a
    running server created its database before the first student arrived).
    """

    def __init__(self, path: Path, must_exist: bool = False):
        self.path = path
        self.identity: tuple[int, int] | None = None
        self._descriptor: int | None = None  # SQLite's own, to read the header through
        self._reported = False
        if must_exist and not path.exists():
            self.fail(f"the answers database {path} is missing")
        # SQLite would read a damaged file's first page from the -wal file while
        # another kernel keeps it open, and carry on as if nothing were wrong.
        if path.exists() and path.stat().st_size and not self._header_ok(_identity(path)):
            self.fail(f"the answers database {path} is damaged (not a SQLite file)")

    def adopt(self) -> None:
        """Remember the file as it is now: the one this store works with."""
        self.identity = _identity(self.path)
        self._reported = False

    def check(self) -> bool:
        """Raise :class:`DatabaseUnavailable` if the file is gone or damaged; return
        whether it is another file than the one adopted (restored from a backup)."""
        try:
            identity = _identity(self.path)
        except FileNotFoundError:
            self.fail(f"the answers database {self.path} was removed")
        except OSError as error:
            self.fail(f"the answers database {self.path} cannot be read ({error.strerror})")
        if not self._header_ok(identity):  # overwritten, truncated, or an empty new file
            self.fail(f"the answers database {self.path} is damaged (not a SQLite file)")
        return identity != self.identity

    def _header_ok(self, identity: tuple[int, int]) -> bool:
        header, self._descriptor = _header(self.path, identity, self._descriptor)
        return header == SQLITE_HEADER

    def fail(self, problem: str) -> None:
        if not self._reported:
            log.error("Answers are not being saved: %s. %s", problem, WHAT_TO_DO)
            self._reported = True
        raise DatabaseUnavailable()
