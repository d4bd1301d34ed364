"""Schema migrations (Alembic), so upgrading the kit never loses a workshop's data.

Every :class:`~workshop_kit.store.Store` brings its database to the newest revision when
it opens it, inside its write transaction. The common case, a database already at the
newest revision, is one small query: Alembic is imported only when there is work to do.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0006"  # the newest revision in migrations/versions (a test checks they agree)


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection) -> None:
    """Bring the database on ``conn`` to :data:`HEAD` (called inside a transaction)."""
    if current_revision(conn) == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    if current_revision(conn) is None and inspect(conn).has_table("participants"):
        # Made before migrations existed (by create_all): recognise which schema it has.
        columns = {column["name"] for column in inspect(conn).get_columns("participants")}
        command.stamp(config, "0002" if "resume_code" in columns else "0001")
    command.upgrade(config, "head")
