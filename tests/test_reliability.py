"""A class arriving at once: a hundred writer processes (one per student, as kernels
are) join and submit at the same instant, and every kernel is SIGKILLed in the middle.

The figures (p50/p99 commit latency) come from ``make bench``; these tests check what a
student would notice: nothing the page called "Saved" is missing, duplicated or on
someone else's page.
"""

from __future__ import annotations

import pytest

from benchmarks.store_burst import answer_value, check, run_burst
from workshop_kit.models import self_assessment as model
from workshop_kit.stages.self_assessment import SelfAssessment
from workshop_kit.store import Store

WRITERS = 100


def test_a_hundred_students_submitting_at_once_lose_nothing(db_url):
    result = run_burst(db_url, writers=WRITERS, rounds=5)
    assert result.errors == []
    assert len(result.tokens) == WRITERS and len(result.commit_latency) == WRITERS * 5
    assert check(result) == []


def test_killing_every_kernel_mid_burst_loses_nothing_the_page_called_saved(content, db_url):
    fields = ["stretch", *(p.id for p in content.self_assessment.postmortem.prompts)]
    pages: dict[int, SelfAssessment] = {}

    def type_into_the_page(store, me, worker, round_):
        # What a kernel does: the stage's own text box saves, and its status says so.
        page = pages.setdefault(worker, SelfAssessment(content, store, me, delay=0))
        field = fields[round_]
        box = page.stretch if field == "stretch" else page.postmortem[field]
        box.box.value = answer_value(worker, round_, 0)
        if box.status.state != "saved":
            return None
        key = model.COMFORT_STRETCH if field == "stretch" else model.POSTMORTEM_PREFIX + field
        return "self_assessment", {key: box.box.value}

    rounds = len(fields)
    result = run_burst(
        db_url,
        writers=WRITERS,
        rounds=rounds,
        kill_after_commits=WRITERS * rounds // 3,
        submit=type_into_the_page,
    )
    assert result.killed and result.errors == []
    assert check(result) == []

    # After the restart, each student's page shows what it called saved.
    with Store(db_url) as store:
        shown = 0
        for token, saved in result.saved.items():
            page = SelfAssessment(content, store, store.participant_by_token(token), delay=0)
            for (_stage, key), value in saved.items():
                if key == model.COMFORT_STRETCH:
                    box = page.stretch
                else:
                    box = page.postmortem[key.removeprefix(model.POSTMORTEM_PREFIX)]
                assert box.box.value == value
                shown += 1
    assert shown >= WRITERS * rounds // 3


@pytest.mark.parametrize("writers", [2, 20])
def test_small_bursts_lose_nothing_either(db_url, writers):
    result = run_burst(db_url, writers=writers, rounds=3)
    assert check(result) == [] and len(result.commit_latency) == writers * 3


def _hold_the_write_queue(url: str, holding, release) -> None:
    store = Store(url)
    with store._write():
        holding.set()
        release.poll(60)  # a pipe, not an Event: killing a process inside Event.wait
        # leaves the Event's lock taken


@pytest.mark.parametrize("how", ["finishes", "is killed"])
def test_a_writer_waits_its_turn_and_goes_when_the_holder_finishes_or_dies(tmp_path, how):
    """SQLite writers queue on a lock file beside the database (the operating system
    wakes the next one at once). A kernel killed in the middle of a save must not
    leave the rest of the class waiting."""
    import multiprocessing
    import threading

    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    store = Store(url)
    me = store.create_participant()
    ctx = multiprocessing.get_context("spawn")
    holding = ctx.Event()
    release, released = ctx.Pipe()
    holder = ctx.Process(target=_hold_the_write_queue, args=(url, holding, released))
    holder.start()
    try:
        assert holding.wait(60)
        saved = threading.Event()
        saver = threading.Thread(
            target=lambda: (store.save_answer(me, "self_assessment", "k", "v"), saved.set())
        )
        saver.start()
        assert not saved.wait(0.5), "the save went ahead while another writer held the queue"
        if how == "finishes":
            release.send("done")
        else:
            holder.kill()
        assert saved.wait(30)
        saver.join()
        assert store.answers(me, "self_assessment") == {"k": "v"}
    finally:
        holder.kill()
        holder.join(30)
        store.close()
