"""The store against real SQLite files: round trips, history, workshops, and several
processes writing at once (as student kernels do)."""

from __future__ import annotations

import gc
import multiprocessing

import pytest
import sqlalchemy

from workshop_kit.gc_pause import gc_paused
from workshop_kit.store import AnswerTooLong, Store, UnknownWorkshop
from workshop_kit.store import engine as engine_module
from workshop_kit.store.store import JOIN_CODE_ALPHABET, normalise_join_code


def test_answers_round_trip_through_a_new_connection(db_url):
    with Store(db_url) as store:
        me = store.create_participant()
        store.save_answers(
            me, "self_assessment", {"rating.presenting": 4, "postmortem.x": "Ça va 👍"}
        )
    with Store(db_url) as again:
        found = again.participant_by_token(me.token)
        assert found == me
        assert again.answers(found, "self_assessment") == {
            "rating.presenting": 4,
            "postmortem.x": "Ça va 👍",
        }


def test_overwriting_keeps_every_earlier_version(store):
    me = store.create_participant()
    for text in ["first", "second", "third"]:
        store.save_answer(me, "s", "note", text)
    assert store.answers(me, "s") == {"note": "third"}
    assert store.answer_history(me, "s", "note") == ["first", "second", "third"]


def test_saving_the_same_value_again_adds_nothing(store):
    me = store.create_participant()
    assert store.save_answer(me, "s", "note", "same") is True
    assert store.save_answer(me, "s", "note", "same") is False
    assert store.answer_history(me, "s", "note") == ["same"]


def test_answers_are_private_to_each_participant_and_stage(store):
    ana, ben = store.create_participant(), store.create_participant()
    store.save_answer(ana, "s1", "k", "ana's")
    store.save_answer(ben, "s1", "k", "ben's")
    store.save_answer(ana, "s2", "k", "other stage")
    assert store.answers(ana, "s1") == {"k": "ana's"}
    assert store.answers(ben, "s1") == {"k": "ben's"}


def test_unknown_or_absurd_tokens_find_no_one(store):
    store.create_participant()
    assert store.participant_by_token("") is None
    assert store.participant_by_token("nope") is None
    assert store.participant_by_token("x" * 10_000) is None


def test_huge_values_are_refused_and_nothing_else_is_lost(store):
    me = store.create_participant()
    store.save_answer(me, "s", "note", "kept")
    with pytest.raises(AnswerTooLong):
        store.save_answers(me, "s", {"note": "x" * 20_001, "other": "also not saved"})
    assert store.answers(me, "s") == {"note": "kept"}


def test_join_codes_are_easy_to_read_and_forgiving_to_type(store):
    workshop, key = store.create_workshop("Vancouver cohort, Nov")
    letters = workshop.code.replace("-", "")
    assert len(letters) == 6 and set(letters) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(JOIN_CODE_ALPHABET)
    typed = workshop.code.lower().replace("-", " ")
    assert normalise_join_code(typed) == workshop.code
    student = store.create_participant(join_code=typed, display_name="  Mei  ")
    assert student.workshop_id == workshop.id and student.display_name == "Mei"
    assert store.check_instructor_key(workshop, key)
    assert not store.check_instructor_key(workshop, "guess")


def test_wrong_and_closed_codes_are_refused(store):
    workshop, key = store.create_workshop("Closed soon")
    with pytest.raises(UnknownWorkshop):
        store.create_participant(join_code="AAA-AAA")
    store.close_workshop(workshop, key)
    with pytest.raises(UnknownWorkshop, match="ended"):
        store.create_participant(join_code=workshop.code)


def test_workshop_latest_sees_only_that_workshop_and_latest_values(store):
    ours, _ = store.create_workshop("ours")
    theirs, _ = store.create_workshop("theirs")
    a = store.create_participant(join_code=ours.code)
    b = store.create_participant(join_code=theirs.code)
    solo = store.create_participant()
    store.save_answer(a, "self_assessment", "rating.x", 2)
    store.save_answer(a, "self_assessment", "rating.x", 5)
    store.save_answer(a, "self_assessment", "rating_other", 1)
    store.save_answer(b, "self_assessment", "rating.x", 1)
    store.save_answer(solo, "self_assessment", "rating.x", 1)
    assert store.workshop_latest(ours.id, "self_assessment", "rating.") == [(a.id, "rating.x", 5)]


def test_sqlite_runs_in_wal_mode_with_a_long_busy_timeout(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'w.sqlite3'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30_000


def _writer(url: str, token: str, worker: int, count: int, start) -> None:
    start.wait()
    with Store(url) as store:
        me = store.participant_by_token(token)
        for index in range(count):
            store.save_answer(me, "s", f"w{worker}.k{index}", f"{worker}:{index}")


def test_two_processes_writing_at_once_lose_nothing(db_url):
    count = 150
    with Store(db_url) as store:
        people = [store.create_participant(), store.create_participant()]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_writer, args=(db_url, person.token, n, count, start))
        for n, person in enumerate(people)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with Store(db_url) as store:
        for n, person in enumerate(people):
            saved = store.answers(person, "s")
            assert saved == {f"w{n}.k{i}": f"{n}:{i}" for i in range(count)}


def test_a_locked_stage_refuses_every_write_in_the_store(store):
    from workshop_kit.store import StageLocked, StoreError

    workshop, key = store.create_workshop("Locks")
    ana = store.create_participant(join_code=workshop.code)
    ben = store.create_participant(join_code=workshop.code)
    idea = store.post_idea(ana, "Before the lock")
    store.save_answer(ana, "interview", "quiz.a", "do")
    with pytest.raises(StoreError):
        store.set_stage_locked(workshop, "wrong key", "interview", True)
    store.set_stage_locked(workshop, key, "interview", True)
    store.set_stage_locked(workshop, key, "alternative_careers", True)
    assert store.locked_stages(workshop.id) == {"interview", "alternative_careers"}
    with pytest.raises(StageLocked):
        store.save_answer(ana, "interview", "quiz.b", "do")
    with pytest.raises(StageLocked):
        store.save_answer_once(ana, "interview", "quiz.c", "do")
    with pytest.raises(StageLocked):
        store.post_idea(ana, "During the lock")
    with pytest.raises(StageLocked):
        store.vote(ben, idea, budget=3)
    store.save_answer(ana, "self_assessment", "rating.x", 3)  # other stages stay open
    solo = store.create_participant()
    store.save_answer(solo, "interview", "quiz.b", "do")  # solo students have no instructor
    store.set_stage_locked(workshop, key, "interview", False)
    store.save_answer(ana, "interview", "quiz.b", "do")
    assert store.answers(ana, "interview") == {"quiz.a": "do", "quiz.b": "do"}
    with pytest.raises(StoreError, match="no stage"):
        store.set_stage_locked(workshop, key, "no_such_stage", True)


def test_the_activity_timer_needs_the_key_and_counts_down(store):
    from workshop_kit.store import StoreError

    workshop, key = store.create_workshop("Timer")
    with pytest.raises(StoreError):
        store.start_timer(workshop, "", "Brainstorm", 300)
    store.start_timer(workshop, key, "Brainstorm", 300)
    timer = store.timer(workshop.id)
    assert timer.label == "Brainstorm" and 295 < timer.seconds_left() <= 300
    store.stop_timer(workshop, key)
    assert store.timer(workshop.id) is None


def test_a_resume_code_brings_a_student_back_on_another_device(store):
    me = store.create_participant()
    assert len(me.resume_code) == 9 and me.resume_code[4] == "-"
    typed = me.resume_code.lower().replace("-", " ")
    assert store.participant_by_resume_code(typed) == me
    assert store.participant_by_resume_code("AAAA-AAAA") is None
    assert store.participant_by_resume_code("") is None


def test_names_with_control_characters_are_stored_cleaned_on_every_engine(store):
    # PostgreSQL refuses NUL in text: a pasted name must not break joining there.
    workshop, key = store.create_workshop("Cohort\x00 one\x07")
    ana = store.create_participant(workshop.code, "Ana\x00 María\u200f")
    assert store.workshop_by_code(workshop.code).name == "Cohort one"
    assert store.participant_by_token(ana.token).display_name == "Ana María\u200f"
    assert store.start_timer(workshop, key, "Pair\x00 work", 60).label == "Pair work"


def test_an_unknown_code_is_not_echoed_at_any_length(store):
    with pytest.raises(UnknownWorkshop) as refused:
        store.create_participant("X" * 25_000)
    assert len(str(refused.value)) < 120


def test_a_save_after_the_database_dropped_an_idle_connection_goes_through(db_url, monkeypatch):
    """A kernel keeps its connection for hours; PostgreSQL may drop it meanwhile (a
    restart, an idle timeout). The store checks a connection that sat idle before using
    it, so the student's next save neither fails nor is lost."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no connection to lose")
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0)  # idle long enough
    with Store(db_url) as store:
        workshop, _ = store.create_workshop("Dropped")
        me = store.create_participant(workshop.code)
        store.save_answer(me, "self_assessment", "postmortem.what", "first")
        with store.engine.connect() as conn:
            backends = [conn.execute(sqlalchemy.text("SELECT pg_backend_pid()")).scalar()]
        admin = sqlalchemy.create_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for pid in backends:
                conn.execute(sqlalchemy.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()

        assert store.save_answer(me, "self_assessment", "postmortem.what", "second")
        assert store.answers(me, "self_assessment") == {"postmortem.what": "second"}


def test_a_copied_database_holds_no_token_or_resume_code(db_url):
    """Someone who copies the database file cannot open a student's page with it."""
    from test_migrations import every_stored_text

    with Store(db_url) as store:
        workshop, _key = store.create_workshop("Cohort")
        student = store.create_participant(workshop.code, "Mina")
        store.save_answer(student, "self_assessment", "rating.presenting", 4)
    stored = every_stored_text(db_url)
    assert student.token not in stored
    assert student.resume_code not in stored
    assert student.resume_code.replace("-", "") not in stored
    # ...while each secret still brings the student back, with the other secret
    with Store(db_url) as store:
        assert store.participant_by_token(student.token) == student
        assert store.participant_by_resume_code(student.resume_code.lower()) == student
        assert store.participant_by_token(student.token[:-1] + "x") is None
        assert store.participant_by_resume_code("ACDE-FHJK") is None


def test_a_snapshot_leaves_the_process_collector_to_its_caller(store, monkeypatch):
    """Pausing the garbage collector is the whole process's business: the dashboard
    and the export pause it around the snapshot (gc_paused), the store never does."""
    workshop, _key = store.create_workshop("Collector")
    me = store.create_participant(workshop.code, "Mei")
    store.save_answer(me, "self_assessment", "rating.presenting", 4)
    switched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("off"))
    monkeypatch.setattr(gc, "enable", lambda: switched.append("on"))
    snapshot = store.workshop_snapshot(workshop.id)
    assert snapshot["answers"] == {me.id: {"self_assessment": {"rating.presenting": 4}}}
    assert switched == []


def test_gc_paused_pauses_the_collector_and_gives_back_its_state():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer pause holds
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("an error inside the block")
    assert gc.isenabled()
