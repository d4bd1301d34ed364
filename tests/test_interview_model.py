"""Stage 3 scoring and feedback: cases that must pass and cases that must fail."""

from __future__ import annotations

import random

import pytest
from samples import STRONG_STAR

from workshop_kit.content.schema import StarRules
from workshop_kit.models import interview as model

RULES = StarRules()

STRONG = STRONG_STAR


def failed(parts, rule):
    findings = {f.rule: f for f in model.star_feedback(parts, RULES)}
    return findings[rule] if rule in findings and not findings[rule].passed else None


def test_a_strong_answer_gets_no_message():
    assert model.problems(model.star_feedback(STRONG, RULES)) == []


def test_a_result_without_a_number_is_flagged():
    parts = {
        **STRONG,
        "result": "The waiting got much better and my manager was very happy "
        "with my work on the desk.",
    }
    finding = failed(parts, "measurable_result")
    assert finding and "Add a number" in finding.message


@pytest.mark.parametrize(
    "result",
    [
        "Sign-ups grew 20%.",
        "It went from three days to one day in the end.",
        "We doubled the number of visitors.",
        "Complaints fell by half over the term.",
    ],
)
def test_measurable_results_pass(result):
    assert model.has_measure(result)


def test_an_action_in_we_is_flagged():
    parts = {**STRONG, "action": STRONG["action"].replace("I ", "we ").replace("my ", "our ")}
    finding = failed(parts, "i_not_we")
    assert finding and '"we"' in finding.message and "yourself" in finding.message


def test_a_short_action_is_flagged_as_not_the_largest_part():
    parts = {
        **STRONG,
        "action": "I wrote a guide for students and handed it out to them at "
        "the entrance of the help desk every single morning.",
    }
    finding = failed(parts, "action_largest")
    assert finding and "about 60%" in finding.message


def test_empty_and_thin_parts_say_which_part_and_what_to_add():
    parts = {**STRONG, "task": "", "situation": "At work."}
    assert "Task is empty" in failed(parts, "task_present").message
    assert "Situation has 2 words" in failed(parts, "situation_present").message


def test_too_short_and_too_long_for_two_minutes():
    short = {p: "I did it well." for p in model.PARTS}
    assert "seconds spoken" in failed(short, "length").message
    long = {**STRONG, "action": STRONG["action"] * 5}
    assert "too long" in failed(long, "length").message


def test_filler_and_hedging_words_are_named_with_counts():
    parts = {**STRONG, "action": STRONG["action"] + " I think it was kind of good, I think."}
    finding = failed(parts, "no_filler")
    assert '"I think" (2×)' in finding.message and '"kind of"' in finding.message


def test_filler_words_match_whole_words_only():
    assert model.filler_counts("I likely justified the stuffing", ["like", "just", "stuff"]) == {}


def test_any_text_is_handled_without_error():
    for text in ["", "🎉" * 500, "你好世界 " * 100, "<script>alert(1)</script>", "x" * 20_000]:
        findings = model.star_feedback({p: text for p in model.PARTS}, RULES)
        assert all(isinstance(f.message, str) for f in findings)


def test_quiz_scoring_and_review(content):
    quiz = content.by_kind["interview_statements"]
    first, second, third = quiz.statements[:3]
    wrong = "dont" if second.answer == "do" else "do"
    score = model.quiz_score(quiz, {first.id: first.answer, second.id: wrong, "nope": "do"})
    assert (score.correct, score.answered, score.total) == (1, 2, len(quiz.statements))
    assert score.missed == [second] and score.percent == 50
    assert model.quiz_feedback(second, wrong).startswith("Not quite")
    assert second.why in model.quiz_feedback(second, wrong)
    assert model.quiz_feedback(third, third.answer).startswith("Right")


def test_scenario_feedback_explains_every_choice_in_the_order_shown(content):
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    best = model.best_choice(scenario)
    other = (best + 1) % len(scenario.choices)
    assert model.scenario_feedback(scenario, best).chose_best
    order = list(reversed(range(len(scenario.choices))))
    result = model.scenario_feedback(scenario, other, order)
    assert not result.chose_best
    assert [n.feedback for n in result.notes] == [scenario.choices[i].feedback for i in order]
    assert [n.best for n in result.notes] == [i == best for i in order]
    assert [n.chosen for n in result.notes] == [i == other for i in order]
    with pytest.raises(ValueError):
        model.scenario_feedback(scenario, 9)


def test_the_drill_asks_no_question_twice_until_the_bank_is_used_up(content):
    bank = content.by_kind["star_questions"].questions
    rng, asked, seen = random.Random(7), [], []
    for _ in range(len(bank)):
        question, asked = model.next_question(bank, asked, rng=rng)
        seen.append(question.id)
    assert sorted(seen) == sorted(q.id for q in bank)
    question, asked = model.next_question(bank, asked, rng=rng)  # a new round starts
    assert asked == [question.id]


def test_the_drill_by_category(content):
    bank = content.by_kind["star_questions"].questions
    category = bank[0].category
    in_category = {q.id for q in bank if q.category == category}
    asked: list[str] = []
    got = set()
    for _ in range(len(in_category)):
        question, asked = model.next_question(bank, asked, category, random.Random(1))
        got.add(question.id)
    assert got == in_category


def test_answer_keys_are_spelled_as_databases_hold_them():
    assert model.quiz_key("eye_contact") == "quiz.eye_contact"
    assert model.scenario_key("late") == "scenario.late"
    assert model.star_key("team", "action") == "star.team.action"
    assert model.drill_rubric_key("team", "clarity") == "drill.rubric.team.clarity"
    assert model.drill_rubric_of("drill.rubric.team.clarity") == ("team", "clarity")
    assert model.drill_rubric_of("drill.notes") is None
    assert model.drill_rubric_of("drill.rubric.team") is None
    assert (model.STAR_CURRENT, model.DRILL_ASKED, model.DRILL_CURRENT) == (
        "star.current",
        "drill.asked",
        "drill.current",
    )
    assert (model.DRILL_NOTES, model.ASK_PICKED, model.ASK_OWN) == (
        "drill.notes",
        "ask.picked",
        "ask.own",
    )
    assert model.answers_under(model.QUIZ_PREFIX, {"quiz.a": "do", "scenario.b": 1}) == {"a": "do"}
