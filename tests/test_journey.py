"""Stages that feed each other (issue 20): stage 1's tricky questions and missed-out
check, stage 2's marked roles and field, the stage 3 pitch, and the plan worth keeping.
Models called with plain data; stages driven through their real widgets and a real
SQLite store."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from samples import STRONG_STAR

from workshop_kit.content import load_content
from workshop_kit.content.errors import ContentErrors
from workshop_kit.models import interview, pitch
from workshop_kit.models.action_plan import build_plan, valid_due
from workshop_kit.models.self_assessment import tricky_questions
from workshop_kit.report import render
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.interview import InterviewStage
from workshop_kit.stages.self_assessment import SelfAssessment

XSS = "<img src=x onerror=\"document.title='pwned'\">"
TRICKY = "Why should we hire you?\n- Tell me about a time you failed.\n"


@pytest.fixture
def me(store):
    return store.create_participant(display_name="Mei")


def interview_stage(content, store, me, seed=1):
    return InterviewStage(content, store, me, delay=0, rng=random.Random(seed))


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


# --- models -----------------------------------------------------------------------


def test_tricky_questions_are_split_cleaned_and_kept_once():
    text = '1) "Why should we hire you?" What is your weakness?\n\n- why should we hire you?\n* ok'
    assert tricky_questions({"postmortem.tricky_questions": text}) == [
        "Why should we hire you?",
        "What is your weakness?",
    ]
    assert tricky_questions({}) == [] and tricky_questions({"postmortem.tricky_questions": 3}) == []


def test_own_questions_keep_their_id_and_ask_for_a_lesson_where_it_fits():
    failed, why = interview.own_questions(["Tell me about a time you failed.", "Why us?"])
    assert failed.result_kind == "lesson" and why.result_kind == "measure"
    assert failed.category == interview.OWN_CATEGORY
    again = interview.own_questions(["tell me about a  time you FAILED."])[0]
    assert again.id == failed.id  # the same words, the same STAR answer


def test_field_questions_follow_the_field_then_the_marked_roles(content):
    fields = content.by_kind["field_questions"]
    got = interview.field_questions(fields, ["tech", "data", "tech"])
    assert [q.id for q in got][:2] == ["tech_explain", "tech_bug"]
    assert {q.id for q in got} >= {"data_insight"} and len(got) == 4
    assert interview.field_questions(None, ["tech"]) == []


def test_every_industry_has_field_questions_and_their_ids_are_new(content):
    fields = content.by_kind["field_questions"]
    industries = {i.id for i in content.roles.industries}
    assert {f.industry for f in fields.fields} == industries
    bank = {q.id for q in content.by_kind["star_questions"].questions}
    assert not bank & {q.id for f in fields.fields for q in f.questions}


def test_missed_out_steps_name_real_action_plan_steps(content):
    steps = {s.id for s in content.action_plan.steps}
    for reason in content.by_kind["missed_out"].reasons:
        assert reason.steps and set(reason.steps) <= steps, reason.id
    permit = next(r for r in content.by_kind["missed_out"].reasons if r.id == "work_permit")
    assert permit.source is not None and "IRCC" in permit.source.name


def test_a_missed_out_reason_naming_an_unknown_field_is_refused(tmp_path):
    (tmp_path / "missed_out.yaml").write_text(
        "schema_version: 1\nkind: missed_out\ntitle: T\nintro: I\nreasons:\n"
        "  - id: a\n    label: A\n    what_to_do: Do.\n    step: x\n"
        "  - id: b\n    label: B\n    what_to_do: Do.\n"
    )
    (tmp_path / "skills.yaml").write_text("")
    with pytest.raises(ContentErrors) as errors:
        load_content(tmp_path)
    assert "missed_out.yaml" in str(errors.value) and "step" in str(errors.value)


def test_the_pitch_length_check_uses_the_star_pace(content):
    settings, rules = content.by_kind["pitch"], content.by_kind["star_questions"].rules
    assert rules.words_per_minute == 130
    assert pitch.word_range(settings, rules) == (130, 195)
    short = pitch.pitch_feedback(
        {"present": words(20), "past": words(25), "future": words(15)}, settings, rules
    )
    length = next(f for f in short if f.rule == "length")
    assert not length.passed and "130 to 195 words" in length.message
    long = pitch.pitch_feedback(
        {"present": words(80), "past": words(80), "future": words(60)}, settings, rules
    )
    assert "too long" in next(f for f in long if f.rule == "length").message


GOOD_PITCH = {
    "present": "I am in the second year of a business program at my college, and people "
    "say I am good at writing and at stories and social media for small groups.",
    "past": "Last summer I ran the social media of a small bakery near my home. I wrote "
    "three posts a week, took the photos myself and answered every message the same day. "
    "In three months the page went from 300 to 1,100 followers, and the owner told me "
    "that more young people came in on weekends.",
    "future": "Now I am looking for an internship as a social media intern, because I want "
    "to learn how a bigger team plans its posts and measures what works. I am ready to "
    "start in May and I would love to grow with your team over the summer.",
}


def test_a_good_pitch_names_a_strength_and_the_role(content):
    settings, rules = content.by_kind["pitch"], content.by_kind["star_questions"].rules
    findings = pitch.pitch_feedback(
        GOOD_PITCH, settings, rules, ["Stories and social media"], ["Social media intern"]
    )
    assert all(f.passed for f in findings), [f.message for f in findings if not f.passed]
    vague = dict(GOOD_PITCH, future=words(30, "maybe") + " I want to grow.")
    failed = pitch.pitch_feedback(vague, settings, rules, ["Programming"], ["Data analyst"])
    messages = " ".join(f.message for f in failed if not f.passed)
    assert '"Programming"' in messages and '"Data analyst"' in messages


def test_a_due_date_must_be_from_today_to_a_year_ahead():
    today = date(2026, 12, 3)
    assert valid_due(date(2026, 12, 10), today) == "2026-12-10"
    assert valid_due(None, today) is None
    for bad in (date(2026, 12, 2), today + timedelta(days=400), "soon"):
        with pytest.raises(ValueError):
            valid_due(bad, today)


def flat(content, value=3):
    return {f"rating.{s.id}": value for s in content.skills.skills}


@pytest.mark.parametrize("value", [3, 5])
def test_a_flat_profile_gets_a_useful_plan(content, value):
    answers = {
        "self_assessment": flat(content, value),
        "alternative_careers": {"explore": ["software_developer_intern"]},
    }
    plan = build_plan(content, answers, "")
    assert plan.flat_ratings
    assert plan.strengths and "all about the same" in plan.strengths[0]
    assert plan.growth_areas and "(the roles you marked need it)" in plan.growth_areas[0]
    html, _md = render(plan, "Plan")
    assert "Nothing here yet" not in html.split("Roles I will explore")[0]


def test_a_flat_profile_s_picks_are_its_strengths_in_the_plan_and_the_pitch(content):
    answers = {
        "self_assessment": flat(content, 5),
        "alternative_careers": {"strongest_skills": ["programming", "collaboration", "nope"]},
    }
    plan = build_plan(content, answers, "")
    names = {s.id: s.name for s in content.skills.skills}
    assert plan.strengths == [
        f"{names['programming']} (you picked it as one of your strongest)",
        f"{names['collaboration']} (you picked it as one of your strongest)",
    ]
    earlier = interview.earlier_stages(content, answers["self_assessment"], {})
    assert earlier.strengths == []  # "everything 5" names no strength by itself


def test_a_star_answer_that_passed_every_check_is_a_strength(content):
    answers = {
        "self_assessment": flat(content),
        "interview": {f"star.team_success.{p}": t for p, t in STRONG_STAR.items()},
    }
    plan = build_plan(content, answers, "")
    assert plan.best_star.all_passed and plan.best_star.parts == STRONG_STAR
    assert plan.strengths[0].startswith("A STAR story that passed every check: Describe a group")


# --- stages through their widgets -------------------------------------------------


def test_the_missed_out_check_saves_and_shows_what_to_do(content, store, me):
    page = SelfAssessment(content, store, me, delay=0)
    check = page.children[-1]
    assert check.tick("language") and check.tick("work_permit")
    assert store.answers(me, "self_assessment")["missed_out.reasons"] == [
        "language",
        "work_permit",
    ]
    assert "What to do about it" in check.advice.value and "IRCC" in check.advice.value
    again = SelfAssessment(content, store, me, delay=0).children[-1]
    assert again.cards.value == ("language", "work_permit")


def test_tricky_questions_from_stage_1_come_to_the_star_builder_and_drill(content, store, me):
    page = SelfAssessment(content, store, me, delay=0)
    page.write("tricky_questions", TRICKY + XSS + " Why?")
    page.flush()
    stage = interview_stage(content, store, me)
    first = stage.star.picker.options[0]
    assert first[0] == "Your question (stage 1): Why should we hire you?"
    shown = stage.star.children[1].value
    assert (
        "Your own questions, from stage 1" in shown and "Tell me about a time you failed." in shown
    )
    assert "<img" not in shown and "&lt;img" in shown
    # a STAR answer to an own question is saved and counted as a lesson question
    stage.star.picker.value = interview.own_question_id("Tell me about a time you failed.")
    assert "what do you do differently now" in stage.star.parts["result"].help.value
    # the drill offers them as a category, labelled as the student's own
    drill = stage.drill
    assert ("Your own questions (stage 1)", "mine") in drill.category.options
    drill.category.value = "mine"
    drill.new_question()
    assert "Your own question, from stage 1" in drill.question.value
    assert drill.question.value.count("&lt;img") <= 1 and "<img" not in drill.question.value


def test_the_drill_offers_field_questions_and_names_the_role(content, store, me):
    store.save_answer(me, "alternative_careers", "home_industry", "tech")
    store.save_answer(me, "alternative_careers", "explore", ["data_analyst_intern"])
    drill = interview_stage(content, store, me).drill
    label, _value = next(o for o in drill.category.options if o[1] == "field")
    assert "Technology and software" in label and "Data and analytics" in label
    drill.category.value = "field"
    drill.new_question()
    question = next(q for q in drill.bank if q.id == drill.current)
    assert question.category == "field"
    relevance = drill.rubric["relevance"].description
    assert "Here, the job is:" in relevance
    assert drill.role_title() in relevance and "A question for the" in drill.question.value


def test_the_pitch_builder_saves_and_draws_on_stages_1_and_2(content, store, me):
    store.save_answer(me, "self_assessment", "rating.creative_writing", 5)
    store.save_answer(me, "self_assessment", "rating.programming", 1)
    store.save_answer(me, "alternative_careers", "explore", ["social_media_intern"])
    stage = interview_stage(content, store, me)
    builder = stage.pitch
    assert "Social media intern" in builder.children[0].value
    assert "social media intern" in builder.parts["future"].help.value  # a starter sentence
    for part, text in GOOD_PITCH.items():
        builder.write(part, text)
    stage.flush()
    assert "every check passed" in builder.feedback.value
    assert store.answers(me, "interview")["pitch.future"] == GOOD_PITCH["future"]


def test_the_plan_page_dates_steps_and_the_report_keeps_everything(content, store, me):
    workshop, _key = store.create_workshop("Vancouver cohort")
    me = store.create_participant(join_code=workshop.code, display_name="Mei")
    store.save_answer(me, "self_assessment", "missed_out.reasons", ["language"])
    store.save_answer(me, "alternative_careers", "explore", ["social_media_intern"])
    for part, text in STRONG_STAR.items():
        store.save_answer(me, "interview", f"star.team_success.{part}", text)
    for part, text in GOOD_PITCH.items():
        store.save_answer(me, "interview", f"pitch.{part}", text)
    store.save_answer(me, "interview", "ask.own", "What does the team <b>ship</b> first?")
    store.save_answer(me, "interview", "drill.notes", "S: desk. A: guide.")
    store.save_answer(me, "interview", "drill.rubric.team_success.clarity", 4)
    page = ActionPlan(content, store, me, delay=0)
    # the steps the missed-out check suggests come first, and say why
    first = page.steps.options[0]
    assert first[2] == "Suggested: Language"
    assert ("english_practice", "Suggested: Language") in [o[1:] for o in page.steps.options]
    assert page.steps.toggle("english_practice") and page.steps.toggle("info_interview")
    day = date.today() + timedelta(days=7)
    page.set_due("english_practice", day)
    page.set_checkin("info_interview")
    saved = store.answers(me, "action_plan")
    assert saved["step_due"] == {"english_practice": day.isoformat()}
    assert saved["step_checkin"] == ["info_interview"]
    page.set_due("info_interview", date(2000, 1, 1))  # the past is refused, said so
    assert "from today on" in page.when_status.message
    assert page.when_rows["info_interview"][0].value is None  # the box shows what is kept
    assert "info_interview" not in store.answers(me, "action_plan")["step_due"]

    html, markdown = page.report()
    assert "Vancouver cohort" in html and "Mei" in html
    assert STRONG_STAR["action"] in html and "It passed every check." in html
    assert "Tell me about yourself" in html and "bakery" in html
    assert f"by {day:%A} {day.day} {day:%B %Y}" in html
    assert "check in with my placement coordinator" in html
    assert "Your informational interview script" in html and "What does a usual week" in html
    assert "&lt;b&gt;ship&lt;/b&gt;" in html and "<b>ship" not in html
    assert "S: desk. A: guide." in html and "Clarity 4/5" in html
    assert "NOC 11202" in html and "CPV=11202" in html
    assert "Language:" in html  # why I may have missed out, and what to do
    assert "Source: Immigration, Refugees and Citizenship Canada" not in html  # not ticked
    assert "[NOC 11202](https://" in markdown and "\\<b\\>ship" in markdown
    # steps with a date come first, in date order
    steps = re.search(r"<h2>My next steps</h2><ul>(.*?)</ul>", html).group(1)
    assert steps.index("Speak English") < steps.index("informational interview")
