"""Stage 1 without a browser: the model, the chart, and the widgets driven from code."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from workshop_kit.charts import profile_svg
from workshop_kit.identity import Arrival, resolve_participant
from workshop_kit.models import self_assessment as model
from workshop_kit.stages.page import StagePage
from workshop_kit.stages.self_assessment import SelfAssessment

XSS = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture
def stage(content, store):
    return SelfAssessment(content, store, store.create_participant(), delay=0)


# --- model ---------------------------------------------------------------------


def test_strengths_are_highest_first_and_growth_areas_lowest_first(content):
    ratings = {
        "programming": 1,
        "presenting": 4,
        "creative_writing": 5,
        "spreadsheets": 2,
        "leadership": 3,
    }
    profile = model.build_profile(ratings, content.skills, content.self_assessment)
    assert [s.id for s in profile.strengths] == ["creative_writing", "presenting"]
    assert [s.id for s in profile.growth_areas] == ["programming", "spreadsheets"]
    assert profile.rated == 5 and not profile.complete


def test_unknown_skills_and_unrated_values_are_ignored(content):
    answers = {"rating.presenting": 3, "rating.gone": 5, "rating.editing": 0, "note": "x"}
    assert model.ratings_from_answers(answers, content.skills) == {"presenting": 3}


@pytest.mark.parametrize("bad", [-1, 6, 2.5, "4", True, None])
def test_ratings_outside_the_scale_are_refused(content, bad):
    with pytest.raises(ValueError, match="1 to 5"):
        model.valid_rating(bad, content.self_assessment)


def test_group_means_need_enough_people_to_stay_anonymous():
    rows = [
        (1, "rating.a", 4),
        (2, "rating.a", 2),
        (3, "rating.a", 3),
        (1, "rating.b", 5),
        (2, "rating.b", 1),
    ]
    assert model.group_means(rows, minimum=3) == {"a": 3.0}


# --- chart ----------------------------------------------------------------------


def test_chart_is_valid_svg_with_a_text_alternative(content):
    svg = profile_svg(content.skills, {"presenting": 4}, 5, {"presenting": 2.5})
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    desc = root.find(f"{ns}desc").text
    assert "Presenting to a group: 4 of 5 (group 2.5)" in desc
    assert "Programming: not rated" in desc


def test_chart_escapes_names(content):
    hostile = content.skills.model_copy(
        update={"skills": [content.skills.skills[0].model_copy(update={"name": XSS})]}
    )
    svg = profile_svg(hostile, {}, 5)
    assert "<img" not in svg and "&lt;img" in svg
    ElementTree.fromstring(svg)


# --- widgets --------------------------------------------------------------------


def test_rating_saves_and_updates_the_profile(stage, store):
    stage.rate("presenting", 5)
    stage.rate("programming", 1)
    assert store.answers(stage.participant, "self_assessment") == {
        "rating.presenting": 5,
        "rating.programming": 1,
    }
    assert "Presenting to a group" in stage.summary.value.split("Room to grow")[0]
    assert "2 of 24 skills rated" in stage.progress.value
    assert stage.chart.value.count("5/5") == 1


def test_everything_comes_back_when_the_page_is_rebuilt(content, store, stage):
    stage.rate("editing", 3)
    stage.choose_comfort("new_field")
    stage.write("stretch", "Apply to a start-up")
    stage.write("tricky_questions", "« Pourquoi vous ? » 为什么选择你")
    again = SelfAssessment(content, store, stage.participant, delay=0)
    assert again.scales["editing"].value == 3
    assert again.comfort_choice.value == "new_field"
    assert again.stretch.box.value == "Apply to a start-up"
    assert again.postmortem["tricky_questions"].box.value == "« Pourquoi vous ? » 为什么选择你"


def test_html_typed_by_a_student_is_saved_as_text_and_never_rendered(stage, store):
    stage.write("went_well", XSS)
    assert store.answers(stage.participant, "self_assessment")["postmortem.went_well"] == XSS
    rendered = [w.value for w in _html_widgets(stage)]
    assert not any("<img" in value for value in rendered)


def test_a_huge_paste_gets_a_message_and_the_saved_answer_survives(stage, store):
    stage.write("went_well", "My good answer")
    stage.write("went_well", "x" * 25_000)
    box = stage.postmortem["went_well"]
    assert box.status.state == "error"
    assert "25,000 characters" in box.status.message
    assert box.box.value == "x" * 25_000  # the student's text stays in the box
    assert store.answers(stage.participant, "self_assessment")["postmortem.went_well"] == (
        "My good answer"
    )


def test_clearing_an_answer_is_saved_too(stage, store):
    stage.write("went_well", "something")
    stage.write("went_well", "   ")
    assert store.answers(stage.participant, "self_assessment")["postmortem.went_well"] == "   "


def test_a_forged_rating_is_ignored(stage, store):
    stage.rate("presenting", 4)
    stage.scales["presenting"].set_state({"value": 99})  # what a forged comm message does
    stage.scales["presenting"].set_state({"value": -3})
    assert stage.scales["presenting"].value == 4
    assert store.answers(stage.participant, "self_assessment") == {"rating.presenting": 4}


def test_a_failed_save_keeps_the_text_and_says_so(stage, store):
    stage.postmortem["went_well"]._save = _broken_save
    stage.write("went_well", "still here")
    box = stage.postmortem["went_well"]
    assert box.status.state == "error" and "Your text is still here" in box.status.message
    assert box.box.value == "still here"


def _broken_save(_text):
    raise OSError("disk gone")


def test_no_student_page_shows_a_figure_that_gives_away_a_classmates_rating(content, store):
    """The attack a group average on a student's page allowed: the victim rates 5; the
    attacker rates 1 in two browsers; with "(group 2.3)" on the attacker's chart,
    3 x 2.3 - 1 - 1 = 5. No student page shows any group figure now."""
    workshop, _ = store.create_workshop("Group")
    victim = SelfAssessment(content, store, store.create_participant(workshop.code), delay=0)
    victim.rate("presenting", 5)
    attacker = [
        SelfAssessment(content, store, store.create_participant(workshop.code), delay=0)
        for _browser in range(2)
    ]
    for page in attacker:
        page.rate("presenting", 1)
    reloaded = SelfAssessment(content, store, attacker[1].participant, delay=0)
    for page in [*attacker, reloaded]:
        shown = page.chart.value + page.summary.value + page.progress.value
        assert "group average" not in shown.lower() and "(group" not in shown.lower()
        assert not re.search(r"\b(2\.3|2\.33|3\.0|5/5)\b", shown)
    assert "No one else sees your ratings" in reloaded.summary.value


# --- the page frame: who is this? ----------------------------------------------------


def test_a_personal_link_opens_the_same_participant_at_once(content, store):
    me = store.create_participant()
    page = _page(content, store, Arrival(url_token=me.token))
    assert page.participant == me and page.browser.token == me.token


def test_a_new_student_waits_for_the_browser_then_gets_a_participant(content, store):
    page = _page(content, store, Arrival())
    assert page.participant is None
    page.browser.set_state({"stored_token": "", "reported": True})
    assert page.participant is not None
    assert page.browser.token == page.participant.token


def test_the_browser_remembered_token_brings_answers_back(content, store):
    me = store.create_participant()
    store.save_answer(me, "self_assessment", "rating.editing", 2)
    page = _page(content, store, Arrival())
    page.browser.set_state({"stored_token": me.token, "reported": True})
    assert page.participant == me
    assert page.stage.scales["editing"].value == 2


def test_start_fresh_gives_an_empty_page_and_keeps_old_answers(content, store):
    me = store.create_participant()
    store.save_answer(me, "self_assessment", "rating.editing", 2)
    page = _page(content, store, Arrival(url_token=me.token))
    page.fresh_button.click()
    assert page.participant != me
    assert page.stage.scales["editing"].value == 0
    assert store.answers(me, "self_assessment") == {"rating.editing": 2}


def test_a_bad_join_code_works_solo_and_says_why(store):
    result = resolve_participant(store, Arrival(join_code="ZZZ-ZZZ"))
    assert result.participant.solo and "no workshop" in result.message


def test_joining_with_a_code_puts_the_student_in_the_workshop(store):
    workshop, _ = store.create_workshop("W")
    result = resolve_participant(store, Arrival(join_code=workshop.code))
    assert result.participant.workshop_id == workshop.id


def _page(content, store, arrival):
    return StagePage("Title", store, arrival, lambda p: SelfAssessment(content, store, p, delay=0))


def _html_widgets(widget):
    import ipywidgets as widgets

    if isinstance(widget, widgets.HTML):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _html_widgets(child)


def test_every_text_box_has_a_label(stage):
    import ipywidgets as widgets

    boxes = [w for w in _walk(stage) if isinstance(w, widgets.Textarea)]
    assert boxes and all(re.search(r"\w", box.description) for box in boxes)
    assert all(scale.label for scale in stage.scales.values())


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_leaving_the_page_saves_text_still_waiting_for_a_pause(content, store):
    me = store.create_participant()
    page = StagePage(
        "Title",
        store,
        Arrival(url_token=me.token),
        lambda p: SelfAssessment(content, store, p, delay=60),  # a pause that never comes
    )
    box = page.stage.postmortem["went_well"]
    box._debouncer.trigger = lambda: setattr(box._debouncer, "_handle", _Pending())
    box.box.value = "typed just before reload"
    assert "postmortem.went_well" not in store.answers(me, "self_assessment")
    page.browser.set_state({"leaving": 1})  # the browser's pagehide message
    assert store.answers(me, "self_assessment")["postmortem.went_well"] == (
        "typed just before reload"
    )


class _Pending:
    def cancel(self):
        pass
