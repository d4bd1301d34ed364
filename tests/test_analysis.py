"""The dashboard's aggregations on generated workshop data with known answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from samples import STRONG_STAR

from workshop_kit import analysis
from workshop_kit.models import interview


@pytest.fixture
def workshop_data(store, content):
    """Six students: ratings 1..5 in a known pattern, quiz answers with known mistakes,
    two STAR answers (one strong, one written in "we" with no number), drill ratings."""
    workshop, _key = store.create_workshop("Generated")
    people = [store.create_participant(join_code=workshop.code) for _ in range(6)]
    quiz = content.by_kind["interview_statements"].statements
    first, second = quiz[0], quiz[1]
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    best = interview.best_choice(scenario)
    wrong = (best + 1) % len(scenario.choices)
    for n, person in enumerate(people):
        store.save_answer(person, "self_assessment", "rating.presenting", n % 5 + 1)
        # everyone gets the first statement right; only the first two get the second right
        store.save_answer(person, "interview", f"quiz.{first.id}", first.answer)
        other = "dont" if second.answer == "do" else "do"
        store.save_answer(
            person, "interview", f"quiz.{second.id}", second.answer if n < 2 else other
        )
        store.save_answer(person, "interview", f"scenario.{scenario.id}", best if n < 3 else wrong)
        store.save_answer(person, "interview", "drill.rubric.q1.structure", 2 if n < 3 else 4)
    for part, text in STRONG_STAR.items():
        store.save_answer(people[0], "interview", f"star.team_success.{part}", text)
    weak = {
        **STRONG_STAR,
        "action": STRONG_STAR["action"].replace("I ", "we "),
        "result": "It was better after that.",
    }
    for part, text in weak.items():
        store.save_answer(people[1], "interview", f"star.team_success.{part}", text)
    idea = store.post_idea(people[0], "Marketing uses writing")
    store.post_idea(people[1], "Start-ups hire generalists")
    store.vote(people[2], idea, 3)
    store.vote(people[3], idea, 3)
    return store.workshop_snapshot(workshop.id), people


def test_participation_counts_joined_and_recently_active(workshop_data):
    snapshot, _people = workshop_data
    assert analysis.participation(snapshot) == {"joined": 6, "active": 6}
    later = datetime.now(timezone.utc) + timedelta(minutes=30)
    assert analysis.participation(snapshot, at=later)["active"] == 0


def test_skill_distribution_counts_each_level(workshop_data, content):
    snapshot, _ = workshop_data
    table = analysis.skill_distribution(snapshot, content)
    row = table.loc["presenting"]
    assert [row[f"rated_{n}"] for n in range(1, 6)] == [2, 1, 1, 1, 1]
    assert row["n"] == 6 and row["mean"] == pytest.approx((1 + 2 + 3 + 4 + 5 + 1) / 6, 0.01)
    assert table.loc["programming", "n"] == 0
    assert set(table["category"]) == {c.id for c in content.skills.categories}


def test_quiz_results_put_the_hardest_statement_first(workshop_data, content):
    snapshot, _ = workshop_data
    table = analysis.quiz_results(snapshot, content)
    quiz = content.by_kind["interview_statements"].statements
    assert table.iloc[0]["statement"] == quiz[1].text
    assert table.iloc[0]["share_correct"] == pytest.approx(2 / 6, 0.01)
    assert table.iloc[1]["share_correct"] == 1.0 and table.iloc[1]["answered"] == 6
    assert table["share_correct"].isna().sum() == len(quiz) - 2


def test_scenario_results_name_the_most_common_wrong_choice(workshop_data, content):
    snapshot, _ = workshop_data
    table = analysis.scenario_results(snapshot, content)
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    row = table[table["moment"] == scenario.title].iloc[0]
    assert row["share_best"] == 0.5 and row["answered"] == 6
    wrong = scenario.choices[(interview.best_choice(scenario) + 1) % len(scenario.choices)]
    assert row["most_common_wrong"] == wrong.text.strip()


def test_star_failures_count_students_per_rule(workshop_data, content):
    snapshot, _ = workshop_data
    table = analysis.star_failures(snapshot, content).set_index("rule")
    assert table.loc["i_not_we", "students"] == 1
    assert table.loc["measurable_result", "students"] == 1
    assert table.loc["i_not_we", "share"] == 0.5


def test_drill_ratings_average_per_rubric_item(workshop_data, content):
    snapshot, _ = workshop_data
    table = analysis.drill_ratings(snapshot, content).set_index("item")
    assert table.loc["Structure", "mean"] == 3.0 and table.loc["Structure", "ratings"] == 6
    assert table.loc["Evidence", "ratings"] == 0


def test_progress_and_top_ideas(workshop_data, content):
    snapshot, _ = workshop_data
    progress = analysis.progress_table(snapshot, content)
    assert progress.loc["self_assessment", "in progress"] == 6
    assert progress.loc["action_plan", "not started"] == 6
    ideas = analysis.top_ideas(snapshot)
    assert list(ideas["text"]) == ["Marketing uses writing", "Start-ups hire generalists"]
    assert list(ideas["votes"]) == [2, 0]


def test_an_empty_workshop_gives_empty_tables_not_errors(store, content):
    workshop, _ = store.create_workshop("Empty")
    snapshot = store.workshop_snapshot(workshop.id)
    assert analysis.participation(snapshot) == {"joined": 0, "active": 0}
    assert analysis.skill_distribution(snapshot, content)["n"].sum() == 0
    assert analysis.quiz_results(snapshot, content)["answered"].sum() == 0
    assert analysis.star_failures(snapshot, content).empty
    assert analysis.top_ideas(snapshot).empty
    assert analysis.progress_table(snapshot, content).to_numpy().sum() == 0


def _figures(snapshot, content):
    """Every aggregation the dashboard shows, for comparing two snapshots."""
    return {
        "participation": pd.Series(analysis.participation(snapshot)),
        "progress": analysis.progress_table(snapshot, content),
        "skills": analysis.skill_distribution(snapshot, content),
        "quiz": analysis.quiz_results(snapshot, content),
        "scenarios": analysis.scenario_results(snapshot, content),
        "star": analysis.star_failures(snapshot, content).sort_values("rule", ignore_index=True),
        "drill": analysis.drill_ratings(snapshot, content),
        "ideas": analysis.top_ideas(snapshot),
    }


def test_a_snapshot_after_an_earlier_one_holds_only_what_was_saved_since(store, content):
    workshop, _key = store.create_workshop("Since")
    mei, sam = (store.create_participant(join_code=workshop.code) for _ in range(2))
    store.save_answers(mei, "self_assessment", {"rating.presenting": 2, "rating.writing": 3})
    first = store.workshop_snapshot(workshop.id)
    assert first["answers"] == {
        mei.id: {"self_assessment": {"rating.presenting": 2, "rating.writing": 3}}
    }
    store.save_answer(mei, "self_assessment", "rating.presenting", 4)
    store.save_answer(mei, "self_assessment", "rating.presenting", 5)  # twice: the last counts
    store.save_answer(sam, "interview", "quiz.q1", "do")
    later = store.workshop_snapshot(workshop.id, answers_after=first["answers_upto"])
    assert later["answers"] == {
        mei.id: {"self_assessment": {"rating.presenting": 5}},
        sam.id: {"interview": {"quiz.q1": "do"}},
    }
    assert later["answers_upto"] > first["answers_upto"]
    assert [p["participant_id"] for p in later["participants"]] == [mei.id, sam.id]
    nothing = store.workshop_snapshot(workshop.id, answers_after=later["answers_upto"])
    assert nothing["answers"] == {} and nothing["answers_upto"] == later["answers_upto"]


def test_a_live_snapshot_shows_what_a_fresh_one_shows(workshop_data, store, content):
    """The dashboard's view, kept up to date a little at a time, against the whole
    group read again: new students, new answers, changed answers, ideas and votes."""
    snapshot, people = workshop_data
    workshop = store.workshop_by_id(people[0].workshop_id)
    live = analysis.LiveSnapshot().update(snapshot)
    quiz = content.by_kind["interview_statements"].statements
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    for round_ in range(3):
        newcomer = store.create_participant(join_code=workshop.code)
        store.save_answer(newcomer, "self_assessment", "rating.presenting", 5)
        store.save_answer(people[round_], "self_assessment", "rating.presenting", 1)  # changed
        store.save_answer(people[round_], "interview", f"quiz.{quiz[2].id}", "dont")
        store.save_answer(people[round_ + 1], "interview", f"scenario.{scenario.id}", 0)
        store.save_answer(people[round_], "interview", "star.team_success.result", "We won 3 of 4.")
        store.save_answer(newcomer, "interview", "drill.rubric.q2.structure", 5)
        idea = store.post_idea(newcomer, f"Idea {round_}")
        if round_ < 2:
            store.vote(people[4], idea, 3)
        live.update(store.workshop_snapshot(workshop.id, answers_after=live.answers_upto))
        fresh = store.workshop_snapshot(workshop.id)
        assert live["answers"] == fresh["answers"]
        assert live["participants"] == fresh["participants"]
        expected = _figures(fresh, content)
        for name, table in _figures(live, content).items():
            if isinstance(table, pd.Series):
                pd.testing.assert_series_equal(table, expected[name])
            else:
                pd.testing.assert_frame_equal(table, expected[name], obj=name)
