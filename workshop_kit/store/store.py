"""The workshop store: everything the kit saves, behind one object, :class:`Store`.

``Store`` is the face the rest of the kit calls; each of its jobs is a mixin in its
own module, all sharing the transactions defined here (``_write``, ``_read``):

- ``workshops.py``: opening a workshop, its join code and instructor key;
- ``controls.py``: the instructor's stage locks and activity timer;
- ``participants.py``: joining, and finding a student by token or resume code;
- ``answers.py``: saving answers (versions kept) and reading the latest;
- ``board.py``: the idea board's posts, votes and moderation;
- ``key_attempts.py``: wrong instructor keys and organiser secrets, counted;
- ``snapshot.py``: one workshop as plain data for the dashboard and exports;
- ``engine.py``: the SQLite and PostgreSQL connections under all of it.

Mixins rather than collaborator objects: every method needs the same two transaction
helpers, with the database-file check and the write queue, and the kit, its tests
and its benchmarks call ``store.save_answer(...)`` and the rest on one object. With
collaborators each of some thirty public methods would be written twice (the method
and a delegating copy on ``Store``). A new method goes in the module of its job (or a
new mixin listed in ``Store``'s bases) and is tested through a real ``Store`` on
``sqlite:///:memory:``, as every other is.

Two engines run the same code. SQLite runs one writer at a time (``engine.py``,
``write_queue.py``). PostgreSQL gets the same rules from transaction-level advisory
locks, one per student, so the checks that read before they write (vote budgets,
first answers) hold there too while different students commit in parallel.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, text

from workshop_kit.store import migrate
from workshop_kit.store.answers import MAX_VALUE_CHARS, AnswersMixin
from workshop_kit.store.board import IdeaBoardMixin
from workshop_kit.store.controls import LOCKED, StageControlMixin
from workshop_kit.store.database_file import DatabaseFile
from workshop_kit.store.engine import (
    POSTGRES_LOCK_NAMESPACE,
    damage_reported,
    make_engine,
    sqlite_file,
    sqlite_foreign_keys_off,
)
from workshop_kit.store.key_attempts import KeyAttemptsMixin
from workshop_kit.store.participants import RESUME_CODE_TAKEN, ParticipantsMixin
from workshop_kit.store.presenter import PresenterMixin
from workshop_kit.store.records import Participant, StoreError
from workshop_kit.store.sessions import SessionsMixin
from workshop_kit.store.snapshot import SnapshotMixin
from workshop_kit.store.workshops import (
    JOIN_CODE_ALPHABET,
    WorkshopsMixin,
    hash_key,
    normalise_join_code,
)
from workshop_kit.store.write_queue import WriteQueue

# Names other modules import from here.
__all__ = [
    "DATABASE_MUST_EXIST",
    "JOIN_CODE_ALPHABET",
    "MAX_VALUE_CHARS",
    "Store",
    "database_url_from_env",
    "default_data_dir",
    "hash_key",
    "normalise_join_code",
]

# Set by `serve` for its kernels: the database must already exist (see Store).
DATABASE_MUST_EXIST = "WORKSHOP_KIT_DB_MUST_EXIST"


def default_data_dir() -> Path:
    """``$WORKSHOP_KIT_DATA``, else ``.workshop-data`` in the project (or current) folder."""
    configured = os.environ.get("WORKSHOP_KIT_DATA")
    if configured:
        return Path(configured)
    project = Path(__file__).resolve().parents[2]
    base = project if (project / "exercises").is_dir() else Path.cwd()
    return base / ".workshop-data"


def database_url_from_env() -> str:
    """``$WORKSHOP_KIT_DB`` if set, else a SQLite file in the data folder."""
    url = os.environ.get("WORKSHOP_KIT_DB")
    if url:
        return url
    return f"sqlite:///{default_data_dir() / 'workshop.sqlite3'}"


class Store(
    WorkshopsMixin,
    StageControlMixin,
    ParticipantsMixin,
    AnswersMixin,
    IdeaBoardMixin,
    KeyAttemptsMixin,
    SnapshotMixin,
    SessionsMixin,
    PresenterMixin,
):
    """Everything the kit saves, behind one object.

    Parameters
    ----------
    url
        A SQLAlchemy database URL; default from :func:`database_url_from_env`.

    Examples
    --------
    >>> with Store("sqlite:///:memory:") as store:
    ...     me = store.create_participant()
    ...     store.save_answer(me, "self_assessment", "rating.presenting", 4)
    ...     store.answers(me, "self_assessment")
    True
    {'rating.presenting': 4}
    """

    def __init__(self, url: str | None = None):
        self.url = url or database_url_from_env()
        self.engine = make_engine(self.url)
        self._is_sqlite = self.engine.dialect.name == "sqlite"
        self._is_postgres = self.engine.dialect.name == "postgresql"
        database = sqlite_file(self.url)
        self._queue = WriteQueue(database) if database is not None else None
        # Under `serve` the database was made before the first student came: a missing
        # file means it was deleted, and a new empty one would hide that.
        must_exist = os.environ.get(DATABASE_MUST_EXIST) == "1"
        self._file = DatabaseFile(database, must_exist) if database is not None else None
        with self._write(rebuilds_tables=True) as conn:
            migrate.upgrade(conn)
        if self._file is not None:
            self._file.adopt()
        # Compile what every join and save reads now, outside the write queue: a kernel
        # compiled them on its first save, about 5 ms while the class's writers waited.
        with self._read() as conn:
            conn.execute(LOCKED, {"workshop_id": 0, "stage": ""}).first()  # the board's
            conn.execute(RESUME_CODE_TAKEN, {"resume_hash": ""}).first()
            self._save_state(conn, Participant(0, "", None, None), "", [""])

    @classmethod
    def from_env(cls) -> Store:
        return cls(database_url_from_env())

    def close(self) -> None:
        self.engine.dispose()
        if self._queue is not None:
            self._queue.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextmanager
    def _write(
        self,
        participant: Participant | None = None,
        *,
        exclusive: bool = True,
        rebuilds_tables: bool = False,
    ) -> Iterator[Connection]:
        """A short write transaction that holds the write lock from its first statement.

        ``participant``: whose answers the transaction writes. On PostgreSQL it locks
        only that student; without it, the transaction locks every other such write.
        ``exclusive=False``: the transaction needs no lock on PostgreSQL (its only rule
        is a unique constraint, which the database enforces itself).
        ``rebuilds_tables``: a migration may rebuild a SQLite table (SQLite's way to drop
        or change a column), which SQLite allows only with foreign keys off, and that
        pragma only takes effect outside a transaction; the keys are checked before
        the transaction commits.
        """
        rebuild = rebuilds_tables and self._is_sqlite
        self._watch_file()
        with damage_reported(self._file), self.engine.connect() as conn, self._turn():
            if self._is_sqlite:
                conn.info["begin"] = "BEGIN IMMEDIATE"
            with sqlite_foreign_keys_off(conn) if rebuild else nullcontext(), conn.begin():
                if self._is_postgres and exclusive:
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:namespace, :id)"),
                        {
                            "namespace": POSTGRES_LOCK_NAMESPACE,
                            "id": participant.id if participant else 0,
                        },
                    )
                yield conn
                if rebuild and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError("A migration left answers without their participant.")

    def _turn(self):
        return self._queue.turn() if self._queue is not None else nullcontext()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self._watch_file()
        with damage_reported(self._file), self.engine.connect() as conn, conn.begin():
            yield conn

    def _watch_file(self) -> None:
        """Refuse to use a SQLite file that was removed or damaged; move to a valid
        file put in its place (a backup restored) with fresh connections."""
        if self._file is None or self._file.identity is None:
            return
        if self._file.check():
            self.engine.dispose()
            self._queue.close()  # the lock file beside the old database may be gone too
            with damage_reported(self._file), self.engine.connect() as conn:
                verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if verdict != "ok":
                self._file.fail(f"the answers database {self._file.path} is damaged")
            self._file.adopt()
