"""The welcome page (joining, solo, resume, progress) and the action plan with its report."""

from __future__ import annotations

import base64
import re

import pytest

from workshop_kit.identity import Arrival
from workshop_kit.models.action_plan import build_plan
from workshop_kit.models.progress import DONE, IN_PROGRESS, NOT_STARTED, stage_progress
from workshop_kit.report import render
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.welcome import Welcome

XSS = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture
def workshop(store):
    return store.create_workshop("Welcome test")


def welcome(content, store, **arrival):
    page = Welcome(content, store, Arrival(**arrival))
    page.browser.set_state({"stored_token": "", "reported": True})
    return page


def test_joining_with_a_good_code_and_a_name(content, store, workshop):
    w, _key = workshop
    page = welcome(content, store, join_code=w.code)
    assert page.code_box.value == w.code  # filled in from the link
    page.name_box.value = "  Mei  "
    page.join_button.click()
    assert page.participant.workshop_id == w.id and page.participant.display_name == "Mei"
    assert page.browser.token == page.participant.token
    assert page.participant.resume_code in page.panel.value
    links = re.findall(r'href="([^"]+)"', page.panel.value)
    assert len(links) == 4 and all(f"?p={page.participant.token}" in link for link in links)


def press_enter(page, action: str, text: str) -> None:
    """What the browser sends when Enter is pressed in a box (widgets/enter_key.py)."""
    page.enter_key._handle_custom_msg({"enter": action, "value": text}, [])


def test_enter_in_the_name_box_joins_with_the_text_as_typed(content, store, workshop):
    w, _key = workshop
    page = welcome(content, store, join_code=w.code)
    page.name_box.value = "Me"  # the box's last value the kernel heard; the browser has more
    press_enter(page, "join-name", "Mei")
    assert page.participant.display_name == "Mei" and page.participant.workshop_id == w.id
    press_enter(page, "join-name", "Mei")  # a second Enter does not join twice
    assert len(store.workshop_snapshot(w.id)["participants"]) == 1


def test_enter_in_the_code_and_resume_boxes(content, store, workshop):
    w, _key = workshop
    page = welcome(content, store)
    press_enter(page, "join-code", "QQQ-QQQ")
    assert "no workshop with the code" in page.status.message and page.participant is None
    press_enter(page, "join-code", w.code.lower())
    assert page.participant.workshop_id == w.id
    me = page.participant
    other = welcome(content, store)
    press_enter(other, "resume", me.resume_code)
    assert other.participant == me


def test_the_stage_list_numbers_each_stage_once(content, store):
    page = welcome(content, store)
    page.solo()
    html = page.panel.value
    names = re.findall(r'<a href="[^"]+">([^<]+)</a>', html)
    assert names[0] == "1. Your skills" and len(names) == 4
    # the names carry their numbers, so the list itself must not number them again
    stage_list = re.search(r"<(ol|ul) class='wk-stages'([^>]*)>", html)
    assert stage_list.group(1) == "ul" and "list-style: none" in stage_list.group(2)


def test_wrong_and_closed_codes_get_clear_messages(content, store, workshop):
    w, key = workshop
    page = welcome(content, store)
    page.join_button.click()
    assert "Type the join code" in page.status.message
    page.code_box.value = "QQQ-QQQ"
    page.join_button.click()
    assert "no workshop with the code" in page.status.message and page.participant is None
    store.close_workshop(w, key)
    page.code_box.value = w.code
    page.join_button.click()
    assert "ended" in page.status.message and page.participant is None


def test_anonymous_joining_keeps_no_name_even_if_typed(content, store, workshop):
    w, _key = workshop
    page = welcome(content, store)
    page.code_box.value = w.code
    page.name_box.value = "Should not be kept"
    page.anonymous.value = True
    assert page.name_box.disabled
    page.join()
    assert page.participant.display_name is None
    assert "as anonymous" in page.panel.value


def test_a_name_is_shown_as_text(content, store, workshop):
    w, _key = workshop
    page = welcome(content, store)
    page.code_box.value, page.name_box.value = w.code, "<b>x</b>"
    page.join()
    assert "<b>x</b>" not in page.panel.value and "&lt;b&gt;x&lt;/b&gt;" in page.panel.value
    page.name_box.value = "n" * 100
    page.start_fresh()
    page.code_box.value = w.code
    assert not page.join() and "at most 40" in page.status.message


def test_solo_resume_and_start_fresh(content, store):
    page = welcome(content, store)
    page.solo_button.click()
    me = page.participant
    assert me.solo
    other_device = welcome(content, store)
    assert not other_device.resume("nope")
    assert "not found" in other_device.resume_status.message
    assert other_device.resume(me.resume_code.lower())
    assert other_device.participant == me
    other_device.fresh_button.click()
    assert other_device.participant is None and other_device.browser.token == ""


def test_a_returning_browser_goes_straight_to_its_stages(content, store):
    me = store.create_participant()
    page = Welcome(content, store, Arrival())
    page.browser.set_state({"stored_token": me.token, "reported": True})
    assert page.participant == me


def test_progress_per_stage(content, store):
    me = store.create_participant()
    assert set(stage_progress(store.all_answers(me), content.skills).values()) == {NOT_STARTED}
    for skill in content.skills.skills:
        store.save_answer(me, "self_assessment", f"rating.{skill.id}", 3)
    store.save_answer(me, "interview", "quiz.x", "do")
    progress = stage_progress(store.all_answers(me), content.skills)
    assert progress["self_assessment"] == DONE and progress["interview"] == IN_PROGRESS
    assert progress["alternative_careers"] == NOT_STARTED


# --- action plan -------------------------------------------------------------------------


def filled(store, content):
    me = store.create_participant(display_name="Mei")
    store.save_answer(me, "self_assessment", "rating.creative_writing", 5)
    store.save_answer(me, "self_assessment", "rating.programming", 1)
    store.save_answer(me, "self_assessment", "postmortem.change_next_time", XSS)
    store.save_answer(me, "alternative_careers", "explore", ["social_media_intern"])
    statement = content.by_kind["interview_statements"].statements[0]
    wrong = "dont" if statement.answer == "do" else "do"
    store.save_answer(me, "interview", f"quiz.{statement.id}", wrong)
    store.save_answer(me, "interview", "star.team_success.result", "It went well.")
    store.save_answer(me, "interview", "drill.rubric.q.evidence", 1)
    return me, statement


def test_the_plan_gathers_every_stage(content, store):
    me, statement = filled(store, content)
    plan = build_plan(content, store.all_answers(me), "Mei")
    assert plan.strengths == ["Stories and social media"]
    assert plan.growth_areas == ["Programming"]
    assert plan.roles == ["Social media intern"]
    assert plan.missed_statements == [(statement.text, statement.why)]
    assert any("Add a number" in gap for gap in plan.star_gaps)
    assert plan.low_ratings == ["Evidence"]


def test_next_steps_are_saved_and_go_into_the_report(content, store):
    me, _ = filled(store, content)
    page = ActionPlan(content, store, me, delay=0)
    assert page.steps.toggle("apply_wider") and page.steps.toggle("ask_feedback")
    page.apply_count.value = 4
    page.practise.value = content.by_kind["star_questions"].categories[0].id
    page.own.box.value = "By Friday I will email two start-ups."
    again = ActionPlan(content, store, me, delay=0)
    assert again.steps.value == ("ask_feedback", "apply_wider") and again.apply_count.value == 4
    assert store.answers(me, "action_plan")["steps"] == ["ask_feedback", "apply_wider"]
    html, markdown = again.report()
    assert "Apply to 4 roles outside my first plan this month." in html
    assert "By Friday I will email two start-ups." in markdown
    assert "Social media intern" in html and "Mei" in html


def test_the_report_is_self_contained_and_escapes_student_text(content, store):
    me, _ = filled(store, content)
    html, markdown = render(build_plan(content, store.all_answers(me), "<i>Mei</i>"), "Plan")
    assert "<img" not in html and "&lt;img" in html
    assert "<i>Mei</i>" not in html
    # self-contained: nothing is loaded from elsewhere; the only addresses are the links
    # of the marked roles' NOC pages, which open only when clicked
    assert "<script" not in html and "<link" not in html and not re.search(r"<[^>]+\ssrc=", html)
    assert "url(" not in html and "@import" not in html
    assert html.count("http") == html.count("<a href='https://www23.statcan.gc.ca/")
    assert "@media print" in html
    # Markdown viewers render raw HTML, so "<" is backslash-escaped (shown, not run)
    assert "\\<img" in markdown and "<img" not in markdown.replace("\\<", "")


def test_the_download_links_carry_the_report(content, store):
    me, _ = filled(store, content)
    page = ActionPlan(content, store, me, delay=0)
    links = dict(
        re.findall(
            r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
            page.downloads.value,
        )
    )
    html = base64.b64decode(links["action-plan.html"]).decode()
    assert html.startswith("<!DOCTYPE html>") and "Social media intern" in html
    assert "# My career action plan" in base64.b64decode(links["action-plan.md"]).decode()


def test_blank_own_steps_do_not_count_as_a_plan(content):
    progress = stage_progress({"action_plan": {"own_steps": "  \n\t "}}, content.skills)
    assert progress["action_plan"] == IN_PROGRESS
    written = stage_progress({"action_plan": {"own_steps": "Call Ana"}}, content.skills)
    assert written["action_plan"] == DONE
