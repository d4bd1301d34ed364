"""Connections to the two engines the store runs on, made the same to the code above.

SQLite, the laptop default, runs in WAL mode with a long busy timeout and takes its
write lock at the start of each write (``BEGIN IMMEDIATE``), so a classroom of kernels
saving at once queue briefly instead of failing with "database is locked". PostgreSQL
(``postgresql+psycopg://...``) keeps each kernel's pool small and checks a connection
that has been idle before using it again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import StaticPool

from workshop_kit.store.database_file import DatabaseFile

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


def sqlite_file(url: str) -> Path | None:
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


def make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return _postgres_engine(url)

    database = sqlite_file(url)
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
def damage_reported(file: DatabaseFile | None) -> Iterator[None]:
    """SQLite's "not a database" and "malformed" errors as the store's own
    :class:`DatabaseUnavailable`, which pages show in plain words."""
    try:
        yield
    except DBAPIError as error:
        if file is None or type(error.orig) is not sqlite3.DatabaseError:
            raise
        file.fail(f"the answers database {file.path} is damaged ({error.orig})")


@contextmanager
def sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite's foreign keys off on ``conn`` until the block ends. Set on the driver's
    connection: through SQLAlchemy the pragma would begin a transaction, inside which
    SQLite ignores it."""
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
