""" "Saved" means saved: a database file deleted, overwritten or replaced while the
workshop runs is noticed before the next save, and nothing is reported saved that the
database does not hold."""

from __future__ import annotations

import logging
import shutil
import sqlite3

import pytest

from workshop_kit.store import Store, StoreError
from workshop_kit.store.records import DatabaseUnavailable
from workshop_kit.store.store import DATABASE_MUST_EXIST

NOT_SAVED = "Not saved: the answers database is unavailable; your text is still here."


@pytest.fixture
def database(tmp_path):
    return tmp_path / "workshop.sqlite3"


def remove_database(path) -> None:
    """What `rm workshop.sqlite3*` does."""
    for file in path.parent.glob(path.name + "*"):
        file.unlink()


def overwrite_start(path, size: int = 12 * 1024) -> None:
    with open(path, "r+b") as file:
        file.write(b"\x00" * size)


def stored_rating(path, participant_id: int) -> list:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT value FROM answers WHERE participant_id = ? ORDER BY id", (participant_id,)
        ).fetchall()


def test_a_deleted_database_refuses_saves_in_plain_words(database, caplog):
    with Store(f"sqlite:///{database}") as store:
        me = store.create_participant()
        store.save_answer(me, "self_assessment", "rating.presenting", 3)
        remove_database(database)
        with caplog.at_level(logging.ERROR, "workshop_kit.store"):
            with pytest.raises(DatabaseUnavailable, match=NOT_SAVED):
                store.save_answer(me, "self_assessment", "rating.presenting", 5)
            with pytest.raises(DatabaseUnavailable):
                store.answers(me, "self_assessment")
        # the server log says what happened and what to do, once
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "removed" in errors[0] and "backup" in errors[0]
    assert not database.exists()


def test_a_kernel_under_serve_never_makes_a_new_empty_database(database, monkeypatch):
    Store(f"sqlite:///{database}").close()
    remove_database(database)
    monkeypatch.setenv(DATABASE_MUST_EXIST, "1")
    with pytest.raises(DatabaseUnavailable, match=NOT_SAVED):
        Store(f"sqlite:///{database}")
    assert not database.exists()


def test_an_overwritten_database_refuses_saves_and_new_stores(database):
    with Store(f"sqlite:///{database}") as store:
        me = store.create_participant()
        store.save_answer(me, "self_assessment", "rating.presenting", 3)
        overwrite_start(database)
        with pytest.raises(DatabaseUnavailable, match=NOT_SAVED):
            store.save_answer(me, "self_assessment", "rating.presenting", 5)
        # a page opened afterwards (while other kernels hold the database open, as on
        # a running server) gets the same words, not SQLite's
        with pytest.raises(DatabaseUnavailable, match=NOT_SAVED):
            Store(f"sqlite:///{database}")


def test_a_restored_backup_takes_the_next_save(database, tmp_path):
    backup = tmp_path / "backup.sqlite3"
    with Store(f"sqlite:///{database}") as store:
        me = store.create_participant()
        store.save_answer(me, "self_assessment", "rating.presenting", 3)
        with sqlite3.connect(database) as source, sqlite3.connect(backup) as target:
            source.backup(target)
        remove_database(database)
        with pytest.raises(DatabaseUnavailable):
            store.save_answer(me, "self_assessment", "rating.presenting", 5)
        shutil.copy(backup, database)
        # the page's next save lands in the restored file, and says so truthfully
        store.save_answer(me, "self_assessment", "rating.presenting", 5)
        assert store.answers(me, "self_assessment") == {"rating.presenting": 5}
    assert [row[0] for row in stored_rating(database, me.id)] == [3, 5]


def test_an_unavailable_database_is_a_store_error_pages_already_show():
    assert issubclass(DatabaseUnavailable, StoreError)


# --- what the page shows --------------------------------------------------------


@pytest.mark.parametrize(
    "damage", [remove_database, overwrite_start], ids=["deleted", "overwritten"]
)
def test_an_open_page_never_says_saved_for_text_the_database_lacks(content, database, damage):
    from workshop_kit.stages.self_assessment import SelfAssessment

    store = Store(f"sqlite:///{database}")
    other_kernel = Store(f"sqlite:///{database}")  # a running server has many
    try:
        page = SelfAssessment(content, store, store.create_participant(), delay=0)
        page.write("went_well", "kept in the database")
        box = page.postmortem["went_well"]
        assert box.status.state == "saved"
        damage(database)
        page.write("went_well", "typed after the damage")
        assert box.status.state == "error" and box.status.message.startswith(NOT_SAVED)
        assert box.box.value == "typed after the damage"
        page.rate("presenting", 4)
        scale = page.scales["presenting"]
        assert scale.status_kind == "error" and scale.status.startswith(NOT_SAVED)
        assert scale.value == 0  # the saved level (none) is what the scale shows
    finally:
        store.close()
        other_kernel.close()


def test_a_page_opened_while_the_database_is_damaged_says_so(database, monkeypatch):
    from workshop_kit.stages import self_assessment
    from workshop_kit.stages.display import show_page

    Store(f"sqlite:///{database}").close()
    remove_database(database)
    monkeypatch.setenv("WORKSHOP_KIT_DATA", str(database.parent))
    monkeypatch.delenv("WORKSHOP_KIT_DB", raising=False)
    monkeypatch.setenv(DATABASE_MUST_EXIST, "1")
    shown = show_page(self_assessment.build_page)
    assert NOT_SAVED in shown.value and 'role="alert"' in shown.value
    assert not database.exists()


READER = """
import sys
from workshop_kit.store import Store
store = Store(sys.argv[1])
for line in sys.stdin:  # one read per line the test sends
    print(sorted(store.locked_stages(int(sys.argv[2]))), flush=True)
"""


def test_a_long_lived_kernel_sees_every_change_other_processes_commit(database):
    """The file check must never cost a kernel SQLite's locks (closing any descriptor
    of the file drops them): a kernel then kept reading an old snapshot, and a stage
    the instructor opened again stayed paused on its page."""
    import subprocess
    import sys

    url = f"sqlite:///{database}"
    with Store(url) as store:
        workshop, key = store.create_workshop("Cohort")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, url, str(workshop.id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        seen = []
        for locked in (False, True, False, True, False):
            with Store(url) as instructor:  # a new store each time, as the dashboard's
                instructor.set_stage_locked(workshop, key, "self_assessment", locked)
            reader.stdin.write("read\n")
            reader.stdin.flush()
            seen.append(reader.stdout.readline().strip())
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    shown = ["['self_assessment']" if locked else "[]" for locked in (False, True) * 2]
    assert seen == [*shown, "[]"]


def test_the_dashboard_says_so_when_the_database_goes(content, database):
    from workshop_kit.stages.dashboard import Dashboard

    store = Store(f"sqlite:///{database}")
    other_kernel = Store(f"sqlite:///{database}")
    try:
        workshop, key = store.create_workshop("Cohort")
        board = Dashboard(content, store)
        assert board.unlock(workshop.code, key) and board.db_alert.value == ""
        remove_database(database)
        board.refresh()
        assert NOT_SAVED in board.db_alert.value and 'role="alert"' in board.db_alert.value
    finally:
        store.close()
        other_kernel.close()
