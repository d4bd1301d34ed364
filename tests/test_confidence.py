"""The confidence check: the same statements rated at the start (welcome page) and at
the end (action plan), each student's change, and the group's change shown only from
three students up; through real widgets and a real store."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from workshop_kit.content import ContentErrors, load_content
from workshop_kit.export import tables, xlsx_bytes
from workshop_kit.identity import Arrival
from workshop_kit.models import confidence as model
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.confidence import ConfidenceCheck
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.page import StagePage
from workshop_kit.stages.welcome import Welcome

IDS = ["a", "b", "c"]


def answers(before: dict | None = None, after: dict | None = None) -> dict:
    out = {}
    if before is not None:
        out["confidence"] = {model.answer_key(k): v for k, v in before.items()}
    if after is not None:
        out["action_plan"] = {model.answer_key(k): v for k, v in after.items()} | {"steps": []}
    return out


# --- the model ------------------------------------------------------------------------


def test_a_students_change_per_statement():
    changes = model.student_changes(answers({"a": 2, "b": 4}, {"a": 4, "c": 3}), IDS, 5)
    assert [(c.before, c.after, c.change) for c in changes] == [
        (2, 4, 2),
        (4, None, None),
        (None, 3, None),
    ]


def test_forged_or_missing_levels_are_left_out():
    got = model.ratings({"confidence.a": 9, "confidence.b": True, "confidence.c": "3"}, IDS, 5)
    assert got == {}
    assert model.ratings(None, IDS, 5) == {}


def test_the_group_change_needs_three_students_with_both_answers():
    group = {
        1: answers({"a": 1}, {"a": 3}),
        2: answers({"a": 2}, {"a": 4}),
        3: answers({"a": 3}),  # no after: not counted
    }
    (a, b, _c) = model.group_changes(group, IDS, 5)
    assert (a.shown, a.students, a.before, a.after) == (False, 2, None, None)
    assert b.students == 0 and not b.shown
    group[3] = answers({"a": 3}, {"a": 5})
    (a, *_rest) = model.group_changes(group, IDS, 5)
    assert a.shown and a.students == 3
    assert (a.before, a.after, a.change) == (2.0, 4.0, 2.0)
    assert model.answered_counts(group, IDS, 5) == (3, 3)


def test_the_two_checks_belong_to_stages_that_pause_sensibly():
    assert model.STAGES == {"before": "confidence", "after": "action_plan"}


# --- content --------------------------------------------------------------------------


def test_the_kits_check_has_three_statements_on_a_short_scale(content):
    check = content.by_kind["confidence"]
    assert len(check.statements) == 3 and 3 <= len(check.scale) <= 7


def test_a_content_mistake_names_the_file_and_place(tmp_path):
    from helpers import ROOT

    for path in (ROOT / "exercises" / "en").glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    broken = (
        (tmp_path / "confidence.yaml").read_text().replace("id: clear_story", "id: other_paths")
    )
    (tmp_path / "confidence.yaml").write_text(broken)
    with pytest.raises(ContentErrors) as errors:
        load_content(tmp_path)
    summary = errors.value.summary()
    assert "confidence.yaml" in summary and "other_paths" in summary


# --- the pages, through their widgets ----------------------------------------------------


@pytest.fixture
def klass(store):
    workshop, key = store.create_workshop("Confidence class")
    return workshop, key


def join(store, content, workshop, name):
    """A student joins on the welcome page, as the browser does it."""
    page = Welcome(content, store, Arrival(join_code=workshop.code))
    page.code_box.value = workshop.code
    page.name_box.value = name
    assert page.join()
    check = next(c for c in page.joined.children if isinstance(c, ConfidenceCheck))
    return page, check


def test_the_welcome_page_asks_before_and_saves_each_rating(store, content, klass):
    workshop, _key = klass
    page, check = join(store, content, workshop, "Ana")
    assert page.joined.children[0] is page.panel and page.joined.children[1] is check
    assert "Before you start" in check.children[0].value
    scale = check.scales["other_paths"]
    scale.value = 2
    assert scale.status == "Rating saved"
    assert store.answers(page.participant, "confidence") == {"confidence.other_paths": 2}
    # the same student comes back: the page shows the saved level, and one check only
    page._enter(page.participant)
    checks = [c for c in page.joined.children if isinstance(c, ConfidenceCheck)]
    assert len(checks) == 1 and checks[0].scales["other_paths"].value == 2


def test_the_action_plan_asks_after_and_recalls_the_start(store, content, klass):
    workshop, _key = klass
    page, before = join(store, content, workshop, "Ana")
    before.scales["clear_story"].value = 2
    plan = ActionPlan(content, store, page.participant, delay=0)
    after = next(c for c in plan.children if isinstance(c, ConfidenceCheck))
    assert "At the end" in after.children[0].value
    assert after.scales["clear_story"].description == "At the start you chose: A little sure."
    after.scales["clear_story"].value = 4
    assert store.answers(page.participant, "action_plan") == {"confidence.clear_story": 4}


def test_pausing_stage_4_pauses_the_final_check_but_not_the_first(store, content, klass):
    workshop, key = klass
    page, before = join(store, content, workshop, "Ana")
    store.set_stage_locked(workshop, key, "action_plan", True)
    store.set_stage_locked(workshop, key, "self_assessment", True)
    before.scales["ask_feedback"].value = 3  # the first check has no pause
    assert before.scales["ask_feedback"].status == "Rating saved"
    stage_page = StagePage(
        "Plan",
        store,
        Arrival(url_token=page.participant.token),
        lambda p: ActionPlan(content, store, p, delay=0),
        stage="action_plan",
    )
    after = next(c for c in stage_page.stage.children if isinstance(c, ConfidenceCheck))
    assert all(s.disabled for s in after.scales.values())
    after.scales["ask_feedback"].value = 5  # forged past the disabled control
    assert after.scales["ask_feedback"].value == 0
    assert "paused" in after.scales["ask_feedback"].status


def test_after_the_end_the_welcome_page_says_so_and_the_check_is_read_only(store, content, klass):
    workshop, key = klass
    page, _check = join(store, content, workshop, "Ana")
    store.end_workshop(workshop, key)
    page._enter(page.participant)  # the page opened again
    check = next(c for c in page.joined.children if isinstance(c, ConfidenceCheck))
    assert "This workshop has ended." in check.children[0].value
    assert "04_action_plan.ipynb?p=" in check.children[0].value
    assert all(s.disabled for s in check.scales.values())
    check.scales["other_paths"].value = 4
    assert "workshop has ended" in check.scales["other_paths"].status


def test_an_open_welcome_page_learns_of_the_end_and_of_a_reopening(store, content, klass):
    workshop, key = klass
    _page, check = join(store, content, workshop, "Ana")
    store.end_workshop(workshop, key)
    check.refresh_ended()  # its 3-second tick
    assert "This workshop has ended." in check.header.value
    assert all(s.disabled for s in check.scales.values())
    store.reopen_workshop(workshop, key)
    check.refresh_ended()
    assert "ended" not in check.header.value
    assert not any(s.disabled for s in check.scales.values())


def test_the_dashboard_shows_the_change_from_three_students(store, content, klass):
    workshop, key = klass
    board = Dashboard(content, store)
    board.unlock(workshop.code, key)
    section = board.part("confidence").widget
    students = []
    for name, start, end in [("Ana", 1, 4), ("Ben", 2, 3), ("Cy", 3, 5)]:
        page, before = join(store, content, workshop, name)
        before.scales["other_paths"].value = start
        students.append((page.participant, end))
    for participant, end in students[:2]:
        after = ConfidenceCheck(content, store, participant, "after")
        after.scales["other_paths"].value = end
    board.refresh()
    shown = section.html.value
    assert "Waiting for more answers" in shown and "3 answered at the start, 2 at the end" in shown
    assert "Ana" not in shown and "Ben" not in shown
    participant, end = students[2]
    ConfidenceCheck(content, store, participant, "after").scales["other_paths"].value = end
    board.refresh()
    shown = section.html.value
    # start 2.0, end 4.0 over the three; the other statements are still waiting
    assert "<td>2.0</td><td>4.0</td><td><strong>▲ +2.0</strong></td><td>3</td>" in shown
    assert shown.count("Waiting for more answers") == 2


def test_the_export_has_each_students_before_and_after_without_names(store, content, klass):
    workshop, _key = klass
    for name, start, end in [("Ana", 1, 4), ("Ben", 2, None)]:
        page, before = join(store, content, workshop, name)
        before.scales["other_paths"].value = start
        if end:
            ConfidenceCheck(content, store, page.participant, "after").scales[
                "other_paths"
            ].value = end
    frames = tables(store.workshop_snapshot(workshop.id), content)
    table = frames["confidence"]
    assert table[["participant", "statement_id", "before", "after", "change"]].astype(object).where(
        table.notna(), None
    ).values.tolist() == [
        ["P001", "other_paths", 1, 4, 3],
        ["P002", "other_paths", 2, None, None],
    ]
    assert "Ana" not in table.to_csv()
    sheets = pd.read_excel(io.BytesIO(xlsx_bytes(frames)), sheet_name=None)
    assert sheets["confidence"]["before"].tolist() == [1, 2]
