"""Upgrading the kit never loses a workshop's data: the store migrates old databases."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from workshop_kit.store import Store, migrate
from workshop_kit.store.tables import metadata


def config_for(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def old_database(url: str, forget_version: bool = False) -> None:
    """A database as revision 0001 left it, with a workshop's answers in it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(config_for(conn), "0001")
        now = datetime.now(timezone.utc)
        conn.execute(
            text(
                "INSERT INTO workshops (id, code, name, instructor_key_hash, is_open, created_at) "
                "VALUES (1, 'ACD-EFH', 'Old cohort', 'x', :yes, :now)"
            ),
            {"now": now, "yes": True},
        )
        for pid, token in [(1, "token-one"), (2, "token-two")]:
            conn.execute(
                text(
                    "INSERT INTO participants (id, token, workshop_id, display_name, created_at) "
                    "VALUES (:id, :token, 1, NULL, :now)"
                ),
                {"id": pid, "token": token, "now": now},
            )
        conn.execute(
            text(
                "INSERT INTO answers (participant_id, stage, key, value, created_at) "
                "VALUES (1, 'self_assessment', 'rating.presenting', '4', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO ideas (id, workshop_id, participant_id, text, fingerprint, role, "
                "industry, first_step, hidden, created_at) VALUES (1, 1, 1, 'Old idea', "
                "'old idea', '', '', '', :no, :now)"
            ),
            {"now": now, "no": False},
        )
        conn.execute(
            text("INSERT INTO votes (idea_id, participant_id, created_at) VALUES (1, 2, :now)"),
            {"now": now},
        )
        if forget_version:  # made by create_all, before the kit had migrations
            conn.execute(text("DROP TABLE alembic_version"))
    engine.dispose()


@pytest.mark.parametrize("forget_version", [False, True], ids=["0001", "before migrations"])
def test_an_old_database_is_upgraded_with_every_answer_kept(db_url, forget_version):
    old_database(db_url, forget_version)
    with Store(db_url) as store:
        with store.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD
        ana = store.participant_by_token("token-one")
        assert store.answers(ana, "self_assessment") == {"rating.presenting": 4}
        assert store.board(ana)[0].text == "Old idea" and store.board(ana)[0].votes == 1
        # what the new schema adds works on the old data
        assert ana.resume_code and store.participant_by_resume_code(ana.resume_code) == ana
        ben = store.participant_by_token("token-two")
        assert ben.resume_code != ana.resume_code
        assert store.locked_stages(1) == set()


def test_a_new_database_matches_the_table_definitions(db_url):
    with Store(db_url) as store, store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_opening_a_database_twice_changes_nothing(db_url):
    Store(db_url).close()
    with Store(db_url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_head_constant_is_the_newest_migration():
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == migrate.HEAD


def every_stored_text(url: str) -> str:
    """Every value of every table, as one text (what a copied database file gives)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [
            conn.execute(table.select()).all()
            for table in metadata.sorted_tables
            if conn.dialect.has_table(conn, table.name)
        ]
    engine.dispose()
    return repr(rows)


def test_the_upgrade_leaves_no_token_or_resume_code_in_clear(db_url):
    old_database(db_url)
    with Store(db_url) as store:
        codes = [store.participant_by_token(t).resume_code for t in ("token-one", "token-two")]
    stored = every_stored_text(db_url)
    assert "token-one" not in stored and "token-two" not in stored
    assert all(code and code not in stored for code in codes)
