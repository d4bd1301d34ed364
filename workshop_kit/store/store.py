"""The workshop store: participants, workshops and their answers.

Two engines run the same code. SQLite, the laptop default, runs in WAL mode with a
long busy timeout and takes its write lock at the start of each write (``BEGIN
IMMEDIATE``), so a classroom of kernels saving at once queue briefly instead of
failing with "database is locked". PostgreSQL (``postgresql+psycopg://...``) gets the
same rules from transaction-level advisory locks, one per student, so the checks that
read before they write (vote budgets, first answers) hold there too while different
students commit in parallel.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Text,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    true,
    type_coerce,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import StaticPool

from workshop_kit.store import migrate
from workshop_kit.store.board import IdeaBoardMixin
from workshop_kit.store.credentials import (
    resume_code_of,
    resume_code_secrets,
    sealed_columns,
    token_hash,
    token_of,
)
from workshop_kit.store.database_file import DatabaseFile
from workshop_kit.store.key_attempts import KeyAttemptsMixin
from workshop_kit.store.presenter import PresenterMixin
from workshop_kit.store.records import (
    AnswerTooLong,
    Participant,
    StageLocked,
    StoreError,
    Timer,
    UnknownWorkshop,
    Workshop,
    now,
)
from workshop_kit.store.tables import (
    answers,
    ideas,
    participants,
    stage_locks,
    timers,
    votes,
    workshops,
)
from workshop_kit.store.write_queue import WriteQueue
from workshop_kit.text import one_line

# Far above any content limit; protects the database from a forged 100 MB message.
MAX_VALUE_CHARS = 20_000
SQLITE_BUSY_TIMEOUT_MS = 60_000
# A PostgreSQL connection idle this long is checked before it is used again: the
# server may have restarted or dropped it. Checking every connection (pool_pre_ping)
# cost a round trip on every save, one in seven. A connection dropped within this time
# of its last use fails that one save, which the page reports as not saved.
PING_AFTER_IDLE_SECONDS = 10
# Namespace of the kit's PostgreSQL advisory locks (any fixed number): a student's
# writes lock (namespace, participant id), so students never wait for each other;
# everything else locks (namespace, 0).
POSTGRES_LOCK_NAMESPACE = 0x5753_4B54  # "WSKT"
# Set by `serve` for its kernels: the database must already exist (see Store).
DATABASE_MUST_EXIST = "WORKSHOP_KIT_DB_MUST_EXIST"
# Join codes avoid characters that look or sound alike (0/O, 1/I/L, 5/S, 2/Z, 8/B, G/6).
JOIN_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"


# Statements every save runs, built once: a save is a few milliseconds and building
# the statement each time was a third of it.
_LOCKED = select(stage_locks.c.stage).where(
    stage_locks.c.workshop_id == bindparam("workshop_id"),
    stage_locks.c.stage == bindparam("stage"),
    stage_locks.c.locked,
)

_RESUME_CODE_TAKEN = select(participants.c.id).where(
    participants.c.resume_code_hash == bindparam("resume_hash")
)


def _latest_statement(of_keys: bool):
    newest = (
        select(func.max(answers.c.id))
        .where(
            answers.c.participant_id == bindparam("participant_id"),
            answers.c.stage == bindparam("stage"),
        )
        .group_by(answers.c.key)
    )
    if of_keys:
        newest = newest.where(answers.c.key.in_(bindparam("keys", expanding=True)))
    return select(answers.c.key, answers.c.value).where(answers.c.id.in_(newest))


_LATEST = _latest_statement(of_keys=False)
_LATEST_OF_KEYS = _latest_statement(of_keys=True)


def _save_state_statement():
    """Whether the stage is locked, and the latest answers of some keys, in one read:
    on PostgreSQL each statement of a save is a round trip to the server."""
    flag = select(_LOCKED.exists().label("locked")).subquery("flag")
    latest = _LATEST_OF_KEYS.subquery("latest")
    return select(flag.c.locked, latest.c.key, latest.c.value).select_from(
        flag.outerjoin(latest, true())
    )


_SAVE_STATE = _save_state_statement()


def _stage_locked() -> StageLocked:
    return StageLocked(
        "Your instructor has paused this part of the workshop, so changes are not "
        "saved right now. Your earlier answers are safe."
    )


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


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_join_code() -> str:
    letters = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))
    return f"{letters[:3]}-{letters[3:]}"


def new_resume_code() -> str:
    letters = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def normalise_resume_code(text: str) -> str:
    letters = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else letters


def _participant(row, token: str = "", resume_code: str | None = None) -> Participant:
    """A participant row; its token and resume code only where the caller knows them
    (the database keeps neither in clear)."""
    return Participant(row.id, token, row.workshop_id, row.display_name, resume_code)


def normalise_join_code(text: str) -> str:
    """Accept what people type: lower case, spaces, a missing dash."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{letters[:3]}-{letters[3:]}" if len(letters) == 6 else letters


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory or other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _postgres_engine(url: str) -> Engine:
    # Kernels are many small clients: keep each one's pool small.
    engine = create_engine(url, pool_size=2, max_overflow=3)

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _note_idle(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the driver's own error for a dead connection
            # SQLAlchemy then drops this connection and connects afresh.
            raise DisconnectionError("the database connection was lost") from error

    return engine


def _make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return _postgres_engine(url)

    database = _sqlite_file(url)
    in_memory = database is None
    if in_memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        database.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (the pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(connection.info.pop("begin", "BEGIN"))

    return engine


@contextmanager
def _damage_reported(file: DatabaseFile | None) -> Iterator[None]:
    """SQLite's "not a database" and "malformed" errors as the store's own
    :class:`DatabaseUnavailable`, which pages show in plain words."""
    try:
        yield
    except DBAPIError as error:
        if file is None or type(error.orig) is not sqlite3.DatabaseError:
            raise
        file.fail(f"the answers database {file.path} is damaged ({error.orig})")


@contextmanager
def _sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite's foreign keys off on ``conn`` until the block ends. Set on the driver's
    connection: through SQLAlchemy the pragma would begin a transaction, inside which
    SQLite ignores it."""
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


class Store(IdeaBoardMixin, KeyAttemptsMixin, PresenterMixin):
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
        self.engine = _make_engine(self.url)
        self._is_sqlite = self.engine.dialect.name == "sqlite"
        self._is_postgres = self.engine.dialect.name == "postgresql"
        database = _sqlite_file(self.url)
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
            conn.execute(_LOCKED, {"workshop_id": 0, "stage": ""}).first()  # the board's
            conn.execute(_RESUME_CODE_TAKEN, {"resume_hash": ""}).first()
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
        with _damage_reported(self._file), self.engine.connect() as conn, self._turn():
            if self._is_sqlite:
                conn.info["begin"] = "BEGIN IMMEDIATE"
            with _sqlite_foreign_keys_off(conn) if rebuild else nullcontext(), conn.begin():
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
        with _damage_reported(self._file), self.engine.connect() as conn, conn.begin():
            yield conn

    def _watch_file(self) -> None:
        """Refuse to use a SQLite file that was removed or damaged; move to a valid
        file put in its place (a backup restored) with fresh connections."""
        if self._file is None or self._file.identity is None:
            return
        if self._file.check():
            self.engine.dispose()
            self._queue.close()  # the lock file beside the old database may be gone too
            with _damage_reported(self._file), self.engine.connect() as conn:
                verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if verdict != "ok":
                self._file.fail(f"the answers database {self._file.path} is damaged")
            self._file.adopt()

    # --- workshops -----------------------------------------------------------

    def create_workshop(
        self, name: str, organiser_secret: str = "", client: str = "unknown"
    ) -> tuple[Workshop, str]:
        """Open a workshop; return it and its instructor key (shown once, stored hashed).

        Under ``serve`` a page must give the organiser's secret (see
        :meth:`check_organiser`); the command line needs none."""
        self.check_organiser(organiser_secret, client)
        name = one_line(name)[:200] or "Workshop"
        key = secrets.token_urlsafe(24)
        with self._write() as conn:
            for _ in range(20):
                code = new_join_code()
                taken = conn.execute(select(workshops.c.id).where(workshops.c.code == code))
                if taken.first() is None:
                    break
            else:
                raise StoreError("Could not draw a free join code; please try again.")
            row_id = conn.execute(
                insert(workshops).values(
                    code=code,
                    name=name,
                    instructor_key_hash=hash_key(key),
                    is_open=True,
                    created_at=now(),
                )
            ).inserted_primary_key[0]
        return Workshop(row_id, code, name, True), key

    def workshop_by_code(self, code: str) -> Workshop | None:
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.code == normalise_join_code(code))
            ).first()
        return Workshop(row.id, row.code, row.name, row.is_open) if row else None

    def workshop_by_id(self, workshop_id: int) -> Workshop | None:
        with self._read() as conn:
            row = conn.execute(select(workshops).where(workshops.c.id == workshop_id)).first()
        return Workshop(row.id, row.code, row.name, row.is_open) if row else None

    def check_instructor_key(self, workshop: Workshop, key: str) -> bool:
        with self._read() as conn:
            stored = conn.execute(
                select(workshops.c.instructor_key_hash).where(workshops.c.id == workshop.id)
            ).scalar_one()
        return hmac.compare_digest(stored, hash_key(key or ""))

    def close_workshop(self, workshop: Workshop, key: str) -> None:
        self._instructor(workshop, key)
        with self._write() as conn:
            conn.execute(
                update(workshops).where(workshops.c.id == workshop.id).values(is_open=False)
            )

    # --- participants ----------------------------------------------------------

    def create_participant(
        self, join_code: str | None = None, display_name: str | None = None
    ) -> Participant:
        """A new participant, solo or in the workshop with ``join_code``."""
        workshop_id = None
        if join_code:
            workshop = self.workshop_by_code(join_code)
            if workshop is None:
                shown = one_line(join_code)
                shown = shown if len(shown) <= 20 else shown[:20] + "…"
                raise UnknownWorkshop(f"There is no workshop with the code {shown!r}.")
            if not workshop.is_open:
                raise UnknownWorkshop(
                    "That workshop has ended; ask your instructor for a new code."
                )
            workshop_id = workshop.id
        if display_name is not None:
            display_name = one_line(display_name)[:200] or None
        token = secrets.token_urlsafe(18)
        # Hashed outside the write queue (scrypt takes a few milliseconds); a code that
        # is taken (one in billions while a workshop is small) is drawn again inside.
        resume = new_resume_code()
        columns = sealed_columns(token, resume)
        with self._write(exclusive=False) as conn:
            for _ in range(20):
                taken = conn.execute(
                    _RESUME_CODE_TAKEN, {"resume_hash": columns["resume_code_hash"]}
                )
                if taken.first() is None:
                    break
                resume = new_resume_code()
                columns = sealed_columns(token, resume)
            else:
                raise StoreError("Could not draw a free resume code; please try again.")
            row_id = conn.execute(
                insert(participants).values(
                    workshop_id=workshop_id,
                    display_name=display_name,
                    created_at=now(),
                    **columns,
                )
            ).inserted_primary_key[0]
        return Participant(row_id, token, workshop_id, display_name, resume)

    def participant_by_token(self, token: str | None) -> Participant | None:
        if not token or len(token) > 64:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(participants).where(participants.c.token_hash == token_hash(token))
            ).first()
        if row is None:
            return None
        return _participant(row, token, resume_code_of(row, token))

    def participant_by_resume_code(self, code: str | None) -> Participant | None:
        """The participant whose personal resume code this is (typed on another device)."""
        code = normalise_resume_code(code or "")
        if len(code) != 9:
            return None
        lookup, key = resume_code_secrets(code)
        with self._read() as conn:
            row = conn.execute(
                select(participants).where(participants.c.resume_code_hash == lookup)
            ).first()
        token = token_of(row, key) if row is not None else None
        return _participant(row, token, code) if token is not None else None

    def workshop_participants(self, workshop_id: int) -> list[Participant]:
        with self._read() as conn:
            rows = conn.execute(
                select(participants)
                .where(participants.c.workshop_id == workshop_id)
                .order_by(participants.c.id)
            )
            return [_participant(row) for row in rows]

    # --- stage control and the activity timer (instructor only) -----------------

    STAGES = ("self_assessment", "alternative_careers", "interview", "action_plan")

    def _instructor(self, workshop: Workshop, key: str) -> None:
        if not self.check_instructor_key(workshop, key):
            raise StoreError("That instructor key is not right for this workshop.")

    def set_stage_locked(self, workshop: Workshop, key: str, stage: str, locked: bool) -> None:
        """Open or lock a stage for the whole group (locked stages refuse every write)."""
        self._instructor(workshop, key)
        if stage not in self.STAGES:
            raise StoreError(f"There is no stage called {stage!r}.")
        with self._write() as conn:
            conn.execute(
                delete(stage_locks).where(
                    stage_locks.c.workshop_id == workshop.id, stage_locks.c.stage == stage
                )
            )
            if locked:
                conn.execute(
                    insert(stage_locks).values(workshop_id=workshop.id, stage=stage, locked=True)
                )

    def locked_stages(self, workshop_id: int | None) -> set[str]:
        if workshop_id is None:
            return set()
        with self._read() as conn:
            return set(
                conn.execute(
                    select(stage_locks.c.stage).where(
                        stage_locks.c.workshop_id == workshop_id, stage_locks.c.locked
                    )
                ).scalars()
            )

    def _refuse_if_locked(self, conn: Connection, participant: Participant, stage: str) -> None:
        if participant.workshop_id is None:
            return
        locked = conn.execute(
            _LOCKED, {"workshop_id": participant.workshop_id, "stage": stage}
        ).first()
        if locked is not None:
            raise _stage_locked()

    @staticmethod
    def _save_state(
        conn: Connection, participant: Participant, stage: str, keys: list[str]
    ) -> dict[str, Any]:
        """The latest saved value of each of ``keys``; raises :class:`StageLocked` when
        the instructor has paused ``stage``. One statement, read under the write lock."""
        rows = conn.execute(
            _SAVE_STATE,
            {
                "workshop_id": participant.workshop_id,
                "participant_id": participant.id,
                "stage": stage,
                "keys": keys,
            },
        ).all()
        if rows and rows[0].locked:
            raise _stage_locked()
        return {row.key: row.value for row in rows if row.key is not None}

    def start_timer(self, workshop: Workshop, key: str, label: str, seconds: int) -> Timer:
        """Show a countdown on every student page of the workshop."""
        self._instructor(workshop, key)
        if not 1 <= seconds <= 4 * 3600:
            raise StoreError("A timer runs from 1 second to 4 hours.")
        label = one_line(label or "Activity")[:200] or "Activity"
        ends_at = now() + timedelta(seconds=seconds)
        with self._write() as conn:
            conn.execute(delete(timers).where(timers.c.workshop_id == workshop.id))
            conn.execute(
                insert(timers).values(workshop_id=workshop.id, label=label, ends_at=ends_at)
            )
        return Timer(label, ends_at)

    def stop_timer(self, workshop: Workshop, key: str) -> None:
        self._instructor(workshop, key)
        with self._write() as conn:
            conn.execute(delete(timers).where(timers.c.workshop_id == workshop.id))

    def timer(self, workshop_id: int | None) -> Timer | None:
        if workshop_id is None:
            return None
        with self._read() as conn:
            row = conn.execute(select(timers).where(timers.c.workshop_id == workshop_id)).first()
        return Timer(row.label, row.ends_at) if row else None

    # --- answers ---------------------------------------------------------------

    def save_answers(self, participant: Participant, stage: str, values: dict[str, Any]) -> int:
        """Save several answers in one transaction; return how many changed.

        A value equal to the latest saved one is skipped; any other is a new row, so
        every earlier version stays in :meth:`answer_history`.
        """
        for key, value in values.items():
            if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
                raise AnswerTooLong(
                    f"{key}: {len(value):,} characters is more than the {MAX_VALUE_CHARS:,} "
                    "the kit stores."
                )
        changed = 0
        with self._write(participant) as conn:
            latest = self._save_state(conn, participant, stage, list(values))
            rows = [
                {
                    "participant_id": participant.id,
                    "stage": stage,
                    "key": key,
                    "value": value,
                    "created_at": now(),
                }
                for key, value in values.items()
                if key not in latest or latest[key] != value
            ]
            if rows:
                conn.execute(insert(answers), rows)
            changed = len(rows)
        return changed

    def save_answer(self, participant: Participant, stage: str, key: str, value: Any) -> bool:
        """Save one answer; return False when it equals the latest saved value."""
        return self.save_answers(participant, stage, {key: value}) == 1

    def save_answer_once(
        self, participant: Participant, stage: str, key: str, value: Any
    ) -> tuple[bool, Any]:
        """Save an answer that may not change once given (a scored quiz answer).

        Returns ``(saved, value that counts)``: a second attempt, forged or not, keeps
        the first answer.
        """
        with self._write(participant) as conn:
            first = self._save_state(conn, participant, stage, [key])
            if key in first:
                return False, first[key]
            conn.execute(
                insert(answers).values(
                    participant_id=participant.id,
                    stage=stage,
                    key=key,
                    value=value,
                    created_at=now(),
                )
            )
        return True, value

    def answers(self, participant: Participant, stage: str) -> dict[str, Any]:
        """The latest value of every answer ``participant`` gave in ``stage``."""
        with self._read() as conn:
            return self._latest(conn, participant.id, stage)

    def all_answers(self, participant: Participant) -> dict[str, dict[str, Any]]:
        """``{stage: {key: latest value}}`` for every stage, in one query."""
        newest = (
            select(func.max(answers.c.id))
            .where(answers.c.participant_id == participant.id)
            .group_by(answers.c.stage, answers.c.key)
        )
        out: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.stage, answers.c.key, answers.c.value).where(
                    answers.c.id.in_(newest)
                )
            )
            for row in rows:
                out.setdefault(row.stage, {})[row.key] = row.value
        return out

    def workshop_snapshot(self, workshop_id: int, answers_after: int = 0) -> dict[str, Any]:
        """Everything the dashboard and the exports need about one workshop, as plain
        data: ``participants``, the latest ``answers``, ``ideas`` (with vote counts) and
        ``votes``. Tokens and resume codes are never included.

        ``answers`` is ``{participant id: {stage: {key: latest value}}}`` (what
        :meth:`all_answers` gives for one student), keys in the order they were last
        saved. ``answers_upto`` is the id of the newest answer the snapshot covers:
        every answer up to it is committed and counted, so a later snapshot can start
        where this one ended.

        Parameters
        ----------
        workshop_id
            The workshop.
        answers_after
            The ``answers_upto`` of an earlier snapshot of the same workshop: then
            ``answers`` holds only the answers saved since, and ``last_active`` counts
            only those (or joining). The dashboard refreshes this way
            (:class:`workshop_kit.analysis.LiveSnapshot`) instead of reading the whole
            group every few seconds.
        """

        def newest_id(conn: Connection) -> int:
            return conn.execute(select(func.coalesce(func.max(answers.c.id), 0))).scalar_one()

        def dicts(result) -> list[dict[str, Any]]:
            keys = list(result.keys())
            return [dict(zip(keys, row, strict=True)) for row in result.all()]

        upto = 0
        if self._is_postgres:
            # Ids come from a sequence, so a student's insert can commit after one with a
            # higher id, and reading "after the newest id seen" would skip it for good. A
            # SHARE lock waits for the inserts in flight, and holds new ones back only
            # for one max(): every id up to the one it reads is committed.
            with self.engine.connect() as conn, conn.begin():
                conn.execute(text("LOCK TABLE answers IN SHARE MODE"))
                upto = newest_id(conn)

        # A class of 10,000 has a million answers, and most values repeat (a rating,
        # "do", the same sentence): values are read as JSON text and each distinct text
        # is decoded once below, by the column type's own result processor (SQLite), or
        # as psycopg would with the engine's default json.loads (PostgreSQL). Times the
        # driver gives as ISO strings (SQLite) are compared as such, as SQL's max() does.
        dialect = self.engine.dialect
        to_value = answers.c.value.type.dialect_impl(dialect).result_processor(dialect, None)
        to_time = answers.c.created_at.type.dialect_impl(dialect).result_processor(dialect, None)
        if to_value is None:
            value, to_value = cast(answers.c.value, Text), json.loads
        else:
            value = type_coerce(answers.c.value, Text)
        saved = answers.c.created_at if to_time is None else type_coerce(answers.c.created_at, Text)
        vote_count = select(func.count()).where(votes.c.idea_id == ideas.c.id).scalar_subquery()
        collecting = gc.isenabled()
        gc.disable()  # a million new rows would set the collector off again and again
        try:
            with self._read() as conn:
                if not self._is_postgres:
                    # SQLite commits one writer at a time and gives ids in commit order:
                    # in this transaction every id up to the newest one is committed.
                    upto = newest_id(conn)
                people = conn.execute(
                    select(
                        participants.c.id, participants.c.display_name, participants.c.created_at
                    )
                    .where(participants.c.workshop_id == workshop_id)
                    .order_by(participants.c.id)
                ).all()
                idea_rows = dicts(
                    conn.execute(
                        select(
                            ideas.c.id,
                            ideas.c.participant_id,
                            ideas.c.text,
                            ideas.c.role,
                            ideas.c.industry,
                            ideas.c.first_step,
                            ideas.c.hidden,
                            ideas.c.created_at,
                            vote_count.label("votes"),
                        ).where(ideas.c.workshop_id == workshop_id)
                    )
                )
                vote_rows = dicts(
                    conn.execute(
                        select(votes.c.idea_id, votes.c.participant_id, votes.c.created_at)
                        .join(ideas, ideas.c.id == votes.c.idea_id)
                        .where(ideas.c.workshop_id == workshop_id)
                    )
                )
                # Every version saved in the window, oldest first, read in batches: the
                # latest of each answer (a key saved again moves to the end, so keys stay
                # in the order of their last save) and each participant's last save. Less
                # work for the database than picking the latest of each itself.
                everyone: dict[int, dict[str, dict[str, Any]]] = {}
                last_active: dict[int, Any] = {}
                parsed: dict[str, Any] = {}
                saves = conn.execute(
                    select(answers.c.participant_id, answers.c.stage, answers.c.key, value, saved)
                    .join(
                        participants,
                        (participants.c.id == answers.c.participant_id)
                        & (participants.c.workshop_id == workshop_id),
                    )
                    .where(answers.c.id > answers_after, answers.c.id <= upto)
                    .order_by(answers.c.id)
                )
                for batch in saves.partitions(20_000):
                    for pid, stage, key, raw, saved_at in batch:
                        stages = everyone.get(pid)
                        if stages is None:
                            stages = everyone[pid] = {}
                            last_active[pid] = saved_at
                        elif saved_at > last_active[pid]:
                            last_active[pid] = saved_at
                        given = stages.get(stage)
                        if given is None:
                            given = stages[stage] = {}
                        elif key in given:
                            del given[key]
                        if type(raw) is str:  # SQLite gives numbers back as numbers
                            item = parsed.get(raw, parsed)
                            if item is parsed:
                                item = to_value(raw)
                                if item is None or isinstance(item, (str, int, float)):
                                    parsed[raw] = item  # shared only if it cannot change
                            raw = item
                        given[key] = raw
        finally:
            if collecting:
                gc.enable()
        if to_time is not None:
            last_active = {pid: to_time(last) for pid, last in last_active.items()}
        return {
            "participants": [
                {
                    "participant_id": pid,
                    "display_name": name,
                    "joined_at": joined,
                    "last_active": last_active.get(pid) or joined,
                }
                for pid, name, joined in people
            ],
            "answers": everyone,
            "ideas": idea_rows,
            "votes": vote_rows,
            "answers_upto": upto,
        }

    def answer_history(self, participant: Participant, stage: str, key: str) -> list[Any]:
        """Every saved value of one answer, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.value)
                .where(
                    answers.c.participant_id == participant.id,
                    answers.c.stage == stage,
                    answers.c.key == key,
                )
                .order_by(answers.c.id)
            )
            return [row.value for row in rows]

    @staticmethod
    def _latest(
        conn: Connection, participant_id: int, stage: str, keys: list[str] | None = None
    ) -> dict[str, Any]:
        params = {"participant_id": participant_id, "stage": stage}
        if keys is None:
            rows = conn.execute(_LATEST, params)
        else:
            rows = conn.execute(_LATEST_OF_KEYS, {**params, "keys": keys})
        return {row.key: row.value for row in rows}

    def workshop_latest(
        self, workshop_id: int, stage: str, key_prefix: str = ""
    ) -> list[tuple[int, str, Any]]:
        """``(participant id, key, latest value)`` for every participant of a workshop.

        Used for anonymous group figures: callers aggregate, never show the rows.
        """
        newest = (
            select(func.max(answers.c.id))
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(
                participants.c.workshop_id == workshop_id,
                answers.c.stage == stage,
                answers.c.key.startswith(key_prefix, autoescape=True),
            )
            .group_by(answers.c.participant_id, answers.c.key)
        )
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.participant_id, answers.c.key, answers.c.value).where(
                    answers.c.id.in_(newest)
                )
            )
            return [(row.participant_id, row.key, row.value) for row in rows]
