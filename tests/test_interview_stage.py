"""Stage 3 driven from Python: answers are scored once, saved, and restored."""

from __future__ import annotations

import dataclasses
import html
import random

import pytest
from samples import STRONG_STAR

from workshop_kit.stages.interview import InterviewStage

XSS = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture
def me(store):
    return store.create_participant()


def build(content, store, me, seed=1):
    return InterviewStage(content, store, me, delay=0, rng=random.Random(seed))


def test_a_quiz_answer_is_explained_at_once_and_cannot_be_changed(content, store, me):
    stage = build(content, store, me)
    statement = stage.quiz.quiz.statements[0]
    wrong = "dont" if statement.answer == "do" else "do"
    stage.quiz.answer(statement.id, wrong)
    row = stage.quiz.rows.children[0]
    assert "Not quite" in row.children[2].value
    assert all(b.disabled for b in row.children[1].children)
    stage.quiz.answer(statement.id, statement.answer)  # a second try, e.g. a forged click
    assert store.answers(me, "interview")[f"quiz.{statement.id}"] == wrong
    assert "Score: 0 of 1 right" in stage.quiz.score.value
    assert statement.why in stage.quiz.review.value


def test_quiz_topics_show_progress_and_answers_come_back(content, store, me):
    stage = build(content, store, me)
    for statement in stage.quiz.quiz.statements[:3]:
        stage.quiz.answer(statement.id, statement.answer)
    again = build(content, store, me)
    assert "Score: 3 of 3 right (100%)" in again.quiz.score.value
    assert "(3 of" in again.quiz.topic.options[0][0]
    assert again.quiz.rows.children[0].children[1].children[0].disabled


def test_unknown_statements_and_answers_are_ignored(content, store, me):
    stage = build(content, store, me)
    stage.quiz.answer("no_such_statement", "do")
    stage.quiz.answer(stage.quiz.quiz.statements[0].id, "maybe")
    assert store.answers(me, "interview") == {}


def test_a_scenario_shows_feedback_on_every_choice(content, store, me):
    stage = build(content, store, me)
    scenario = stage.scenarios.scenarios[0]
    stage.scenarios.choose(scenario.id, None)
    assert "Pick one" in stage.scenarios.feedback.value
    shown_second = stage.scenarios.order(scenario)[1]  # saved by its place in the file
    assert stage.scenarios.choices.choose(shown_second)  # the second card, as a tap would
    assert stage.scenarios.choices.index == 1
    stage.scenarios.submit.click()
    html = stage.scenarios.feedback.value
    assert html.count("<li>") == len(scenario.choices)
    assert "your choice" in html and "best" in html
    assert stage.scenarios.choices.disabled
    stage.scenarios.choose(scenario.id, (shown_second + 1) % len(scenario.choices))
    assert store.answers(me, "interview")[f"scenario.{scenario.id}"] == shown_second  # stays


def test_star_feedback_updates_as_the_student_types_and_is_saved(content, store, me):
    stage = build(content, store, me)
    stage.star.write("action", "We did it together and we won.")
    assert '"we" 2 times' in html.unescape(stage.star.feedback.value)
    stage.star.write("result", XSS)
    assert "<img" not in stage.star.feedback.value
    question = stage.star.picker.value
    assert store.answers(me, "interview")[f"star.{question}.result"] == XSS
    again = build(content, store, me)
    assert again.star.parts["result"].box.value == XSS


def test_a_failure_question_asks_for_the_lesson_not_a_number(content, store, me):
    stage = build(content, store, me)
    stage.star.picker.value = "made_a_mistake"
    assert "what do you do differently now" in stage.star.parts["result"].help.value
    for part, text in STRONG_STAR.items():  # a number in the Result, but no lesson
        stage.star.write(part, text)
    feedback = html.unescape(stage.star.feedback.value)
    assert "Say what you learned" in feedback and "Add a number" not in feedback
    stage.star.write("result", "Both customers got their parts. Since then I check every label.")
    assert "every check passed" in stage.star.feedback.value
    stage.star.picker.value = "improved_process"
    assert "Use a number if you can" in stage.star.parts["result"].help.value


def test_switching_star_questions_keeps_each_answer(content, store, me):
    stage = build(content, store, me)
    first, second = [q for _label, q in stage.star.picker.options[:2]]
    stage.star.write("task", "First task")
    stage.star.picker.value = second
    assert stage.star.parts["task"].box.value == ""
    stage.star.write("task", "Second task")
    stage.star.picker.value = first
    assert stage.star.parts["task"].box.value == "First task"
    assert build(content, store, me).star.picker.value == first


def test_a_huge_star_paste_gets_a_message_and_no_traceback(content, store, me):
    stage = build(content, store, me)
    stage.star.write("action", "🎉 " * 10_000)
    assert stage.star.parts["action"].status.state == "error"
    assert "limit is 3,000" in stage.star.parts["action"].status.message


def test_the_drill_gives_new_questions_and_saves_the_rubric(content, store, me):
    stage = build(content, store, me)
    assert stage.drill.start_button.disabled  # no question yet
    stage.drill.new_question()
    first = stage.drill.current
    stage.drill.start()
    assert stage.drill.timer.phase == "prep"
    stage.drill.skip_prep()
    assert stage.drill.timer.phase == "answer"
    stage.drill.finish()
    stage.drill.rubric["structure"].value = 4
    assert store.answers(me, "interview")[f"drill.rubric.{first}.structure"] == 4
    stage.drill.new_question()
    assert stage.drill.current != first
    again = build(content, store, me)
    assert again.drill.asked == stage.drill.asked


def test_a_rating_given_as_the_timer_ends_stays_on_the_scale_the_student_sees(content, store, me):
    stage = build(content, store, me)
    stage.drill.new_question()
    stage.drill.start()
    shown = stage.drill.rubric["structure"]
    shown.value = 3  # clicked while the answer time runs out
    stage.drill.finish()  # "I have finished": the scales must not be built anew
    assert stage.drill.rubric["structure"] is shown
    assert shown in stage.drill.rubric_box.children
    assert shown.status_kind == "saved"
    # a new question does get new scales, and the old ones are closed (freed)
    stage.drill.new_question()
    assert stage.drill.rubric["structure"] is not shown
    assert shown.comm is None


def test_finishing_early_is_not_time_is_up(content, store, me):
    stage = build(content, store, me)
    stage.drill.new_question()
    stage.drill.start()
    stage.drill.skip_prep()
    stage.drill.finish()
    assert stage.drill.timer.phase == "finished"  # the page says "Finished", not "Time is up"
    stage.drill.timer.phase = "done"
    stage.drill.finish()  # once the time has run out, it stays out
    assert stage.drill.timer.phase == "done"


def test_a_forged_timer_phase_is_ignored(content, store, me):
    stage = build(content, store, me)
    stage.drill.timer.set_state({"phase": "hacked"})
    assert stage.drill.timer.phase == "idle"


def test_questions_to_ask_are_picked_and_personalised(content, store, me):
    stage = build(content, store, me)
    bank = content.by_kind["interviewer_questions"]
    first, last = bank.questions[0].id, bank.questions[-1].id
    assert stage.ask.choose(last) and stage.ask.choose(first)
    stage.ask.own.box.value = "What would my first project on the mobile team be?"
    again = build(content, store, me)
    assert store.answers(me, "interview")["ask.picked"] == [last, first]  # in the order picked
    assert first in again.ask.groups[bank.questions[0].group].value
    assert again.ask.own.box.value.startswith("What would my first project")


def test_a_locked_stage_says_so_on_the_page_and_keeps_working(content, store):
    from workshop_kit.identity import Arrival
    from workshop_kit.stages.page import StagePage

    workshop, key = store.create_workshop("Locked")
    me = store.create_participant(join_code=workshop.code)
    page = StagePage(
        "Stage 3",
        store,
        Arrival(url_token=me.token),
        lambda p: InterviewStage(content, store, p, delay=0),
        stage="interview",
    )
    assert page.lock_banner.value == ""
    store.set_stage_locked(workshop, key, "interview", True)
    store.start_timer(workshop, key, "Quiz time", 120)
    page.refresh_workshop_state()
    assert "paused" in page.lock_banner.value
    assert page.activity.label == "Quiz time" and page.activity.ends_at_ms > 0
    stage = page.stage
    statement = stage.quiz.quiz.statements[0]
    stage.quiz.answer(statement.id, "do")
    assert stage.quiz.status.state == "error" and "paused" in stage.quiz.status.message
    stage.star.write("task", "Typed while locked")
    assert "paused" in stage.star.parts["task"].status.message
    assert store.answers(me, "interview") == {}


def test_scenario_feedback_is_shown_escaped_with_its_source(content, store, me):
    bank = content.by_kind["interview_scenarios"]
    first = bank.scenarios[0]
    marked = first.model_copy(
        update={"choices": [c.model_copy(update={"feedback": XSS}) for c in first.choices]}
    )
    with_markup = dataclasses.replace(
        content,
        by_kind={
            **content.by_kind,
            "interview_scenarios": bank.model_copy(
                update={"scenarios": [marked, *bank.scenarios[1:]]}
            ),
        },
    )
    stage = build(with_markup, store, me)
    stage.scenarios.choose(first.id, 0)
    shown = stage.scenarios.feedback.value
    assert "<img" not in shown and html.escape(XSS) in shown
    if first.source:
        assert html.escape(first.source.label) in shown
