"""Ending a workshop and its class size, as the store enforces them: after the end no
one joins and no student's write is kept, whatever the page sends; only the instructor
key ends (or reopens) it."""

from __future__ import annotations

import pytest

from workshop_kit.cli import main
from workshop_kit.identity import Arrival
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.page import StagePage, _tree
from workshop_kit.stages.self_assessment import SelfAssessment
from workshop_kit.store import StageLocked, Store, StoreError, UnknownWorkshop
from workshop_kit.store.sessions import WorkshopEnded


@pytest.fixture
def class_of_two(store):
    workshop, key = store.create_workshop("Tuesday group")
    ana = store.create_participant(workshop.code, "Ana")
    ben = store.create_participant(workshop.code, "Ben")
    return workshop, key, ana, ben


def test_after_the_end_no_one_joins(store, class_of_two):
    workshop, key, _ana, _ben = class_of_two
    store.end_workshop(workshop, key)
    with pytest.raises(UnknownWorkshop, match="has ended, so it takes no new students"):
        store.create_participant(workshop.code, "Late")
    assert store.workshop_by_code(workshop.code).is_open is False
    assert len(store.workshop_participants(workshop.id)) == 2


def test_after_the_end_answers_are_read_only_and_kept(store, class_of_two):
    workshop, key, ana, _ben = class_of_two
    store.save_answer(ana, "self_assessment", "rating.presenting", 3)
    store.end_workshop(workshop, key)
    with pytest.raises(WorkshopEnded, match="workshop has ended") as refused:
        store.save_answer(ana, "self_assessment", "rating.presenting", 5)
    assert isinstance(refused.value, StageLocked)  # pages show it like a pause
    with pytest.raises(WorkshopEnded):
        store.save_answers(ana, "action_plan", {"own_steps": "new text"})
    with pytest.raises(WorkshopEnded):
        store.save_answer_once(ana, "interview", "quiz.s1", "do")
    assert store.answers(ana, "self_assessment") == {"rating.presenting": 3}
    assert store.answers(ana, "action_plan") == {}


def test_after_the_end_the_board_takes_no_ideas_or_votes(store, class_of_two):
    workshop, key, ana, ben = class_of_two
    idea = store.post_idea(ana, "Try UX research")
    store.end_workshop(workshop, key)
    with pytest.raises(WorkshopEnded):
        store.post_idea(ben, "Another idea")
    with pytest.raises(WorkshopEnded):
        store.vote(ben, idea, budget=3)


def test_ending_needs_the_instructor_key(store, class_of_two):
    workshop, _key, ana, _ben = class_of_two
    with pytest.raises(StoreError, match="instructor key is not right"):
        store.end_workshop(workshop, "forged")
    with pytest.raises(StoreError):
        store.close_workshop(workshop, "")
    assert store.workshop_ended(workshop.id) is False
    store.save_answer(ana, "self_assessment", "rating.presenting", 4)  # still open


def test_reopening_needs_the_key_and_lets_writes_in_again(store, class_of_two):
    workshop, key, ana, _ben = class_of_two
    store.end_workshop(workshop, key)
    with pytest.raises(StoreError):
        store.reopen_workshop(workshop, "forged")
    assert store.workshop_ended(workshop.id) is True
    store.reopen_workshop(workshop, key)
    assert store.workshop_ended(workshop.id) is False
    assert store.save_answer(ana, "self_assessment", "rating.presenting", 2)
    assert store.create_participant(workshop.code, "Late").workshop_id == workshop.id


def test_ending_one_workshop_leaves_others_and_solo_students_alone(store, class_of_two):
    workshop, key, _ana, _ben = class_of_two
    other, _other_key = store.create_workshop("Thursday group")
    cara = store.create_participant(other.code, "Cara")
    solo = store.create_participant()
    store.end_workshop(workshop, key)
    assert store.save_answer(cara, "self_assessment", "rating.presenting", 4)
    assert store.save_answer(solo, "self_assessment", "rating.presenting", 4)
    assert store.workshop_ended(None) is False


def test_class_size_is_the_instructors_and_checked(store):
    workshop, key = store.create_workshop("Big class")
    assert store.class_size(workshop.id) is None
    store.set_class_size(workshop, key, 30)
    assert store.class_size(workshop.id) == 30
    with pytest.raises(StoreError, match="instructor key"):
        store.set_class_size(workshop, "forged", 400)
    for wrong in (-1, 501, 2.5, True):
        with pytest.raises(StoreError, match="1 to 500"):
            store.set_class_size(workshop, key, wrong)
    store.set_class_size(workshop, key, 0)
    assert store.class_size(workshop.id) is None


def test_ready_kernels_wanted_counts_open_recent_workshops(store):
    first, first_key = store.create_workshop("A")
    second, second_key = store.create_workshop("B")
    store.create_workshop("No size given")
    assert store.ready_kernels_wanted() == 0
    store.set_class_size(first, first_key, 30)
    store.set_class_size(second, second_key, 12)
    assert store.ready_kernels_wanted() == 42
    store.end_workshop(second, second_key)
    assert store.ready_kernels_wanted() == 30
    assert store.ready_kernels_wanted(hours=0) == 0  # created before "now"
    store.end_workshop(first, first_key)
    assert store.ready_kernels_wanted() == 0


def test_cli_session_new_with_size_and_session_end(db_url, monkeypatch, capsys):
    monkeypatch.setenv("WORKSHOP_KIT_DB", db_url)
    assert main(["session", "new", "Evening class", "--size", "30", "--port", "8866"]) == 0
    printed = capsys.readouterr().out
    code = printed.split("Join code:")[1].split()[0]
    key = printed.split("Instructor key:")[1].split()[0]
    assert "Class size:      30" in printed
    with Store(db_url) as store:
        workshop = store.workshop_by_code(code)
        assert store.class_size(workshop.id) == 30
        assert store.ready_kernels_wanted() == 30

    assert main(["session", "end", code, "--key", "wrong"]) == 1
    assert "instructor key is not right" in capsys.readouterr().err
    assert main(["session", "end", code, "--key", key]) == 0
    assert "has ended" in capsys.readouterr().out
    with Store(db_url) as store:
        assert store.workshop_ended(workshop.id)
        assert store.ready_kernels_wanted() == 0
    assert main(["session", "end", "NOPE-99", "--key", key]) == 1


# --- what people see: the dashboard's control and the students' pages -----------------


def _end_section(board):
    return board.part("end").widget


def test_the_dashboard_asks_before_ending_and_can_undo(content, store, class_of_two):
    workshop, key, ana, _ben = class_of_two
    board = Dashboard(content, store)
    assert board.unlock(workshop.code, key)
    end = _end_section(board)
    end.end_button.click()
    assert "End the workshop for everyone?" in end.question.value
    assert end.buttons.children == (end.question, end.yes, end.no)
    end.no.click()  # cancel: nothing happened
    assert not store.workshop_ended(workshop.id)
    assert end.buttons.children == (end.end_button,)
    end.end_button.click()
    end.yes.click()
    assert store.workshop_ended(workshop.id)
    assert "has ended" in end.state.value and "has ended" in end.status.message
    assert end.buttons.children == (end.undo,)
    end.undo.click()
    assert not store.workshop_ended(workshop.id)
    assert store.save_answer(ana, "self_assessment", "rating.presenting", 2)


def test_a_dashboard_opened_later_shows_the_workshop_has_ended(content, store, class_of_two):
    workshop, key, *_ = class_of_two
    board = Dashboard(content, store)
    board.unlock(workshop.code, key)
    store.end_workshop(workshop, key)  # from the command line, say
    board.refresh()
    assert "has ended" in _end_section(board).state.value


def test_the_create_form_stores_the_class_size(content, store):
    board = Dashboard(content, store)
    board.class_size_box.value = 30
    assert board.create("Big Monday")
    assert store.class_size(board.workshop.id) == 30
    assert board.class_size_box.value == 0


@pytest.mark.parametrize("stage", ["self_assessment", "action_plan"])
def test_an_open_page_learns_the_workshop_has_ended(content, store, class_of_two, stage):
    workshop, key, ana, _ben = class_of_two
    build = {
        "self_assessment": lambda p: SelfAssessment(content, store, p, delay=0),
        "action_plan": lambda p: ActionPlan(content, store, p, delay=0),
    }[stage]
    page = StagePage(stage, store, Arrival(url_token=ana.token), build, stage=stage)
    assert page.lock_banner.value == ""
    store.end_workshop(workshop, key)
    page.refresh_workshop_state()  # the page's 3-second tick
    banner = page.lock_banner.value
    assert "This workshop has ended." in banner and "Your answers are saved" in banner
    if stage == "action_plan":
        assert "Your plan is below" in banner
        assert "Download my plan" in page.stage.downloads.value  # still there
    else:
        assert f'href="04_action_plan.ipynb?p={ana.token}"' in banner
    live = [w for w in _tree(page.stage) if w.has_trait("disabled") and not w.disabled]
    assert live == []  # nothing looks live that the store would refuse


def test_a_write_that_races_the_end_says_why(content, store, class_of_two):
    workshop, key, ana, _ben = class_of_two
    stage = SelfAssessment(content, store, ana, delay=0)
    scale = next(iter(stage.scales.values()))
    store.end_workshop(workshop, key)
    scale.value = 4  # sent before the page's tick showed the banner
    assert scale.value == 0 and "workshop has ended" in scale.status
