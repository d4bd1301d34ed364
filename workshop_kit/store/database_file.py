"""The SQLite file a store writes to, checked before every use.

An open connection keeps writing to a database file that was deleted (the data goes
to an unlinked inode) or whose first pages were overwritten (the data goes to the
``-wal`` file only), and SQLite reports success: the page would say "Saved" for an
answer no database holds. So before each read and write the store checks that the
file is still there, still the same file, and still starts like a SQLite database;
a few microseconds (one ``stat`` and a 16-byte read).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from workshop_kit.store.records import DatabaseUnavailable

log = logging.getLogger("workshop_kit.store")

SQLITE_HEADER = b"SQLite format 3\x00"
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


def _header(path: Path) -> bytes:
    with open(path, "rb") as file:
        return file.read(len(SQLITE_HEADER))


class DatabaseFile:
    """Watches one SQLite database file.

    ``must_exist``: refuse to start a new, empty database where one should be (a
    running server created its database before the first student arrived).
    """

    def __init__(self, path: Path, must_exist: bool = False):
        self.path = path
        self.identity: tuple[int, int] | None = None
        self._reported = False
        if must_exist and not path.exists():
            self.fail(f"the answers database {path} is missing")
        # SQLite would read a damaged file's first page from the -wal file while
        # another kernel keeps it open, and carry on as if nothing were wrong.
        if path.exists() and path.stat().st_size and _header(path) != SQLITE_HEADER:
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
            header = _header(self.path)
        except FileNotFoundError:
            self.fail(f"the answers database {self.path} was removed")
        except OSError as error:
            self.fail(f"the answers database {self.path} cannot be read ({error.strerror})")
        if header != SQLITE_HEADER:  # overwritten, truncated, or an empty new file
            self.fail(f"the answers database {self.path} is damaged (not a SQLite file)")
        return identity != self.identity

    def fail(self, problem: str) -> None:
        if not self._reported:
            log.error("Answers are not being saved: %s. %s", problem, WHAT_TO_DO)
            self._reported = True
        raise DatabaseUnavailable()
