"""Stage 3's advice: the check refuses a scenario file students could game, every
item reads at grade 9 or below, and advice built on a law names its source."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from workshop_kit.content import ContentErrors, load_file
from workshop_kit.content.readability import TARGET_GRADE, grade
from workshop_kit.models import interview as model

ROOT = Path(__file__).resolve().parents[1]


def _scenario(sid: str, best_at: int, choices: int = 4) -> str:
    lines = [
        f"  - id: {sid}",
        f"    title: Moment {sid}",
        "    situation: Something happens.",
        "    choices:",
    ]
    for n in range(choices):
        lines += [
            f"      - text: Answer {n}.",
            f"        best: {'true' if n == best_at else 'false'}",
            f"        feedback: Why answer {n}.",
        ]
    return "\n".join(lines)


def _scenarios_file(best_places: list[int]) -> str:
    body = "\n".join(_scenario(f"s{n}", place) for n, place in enumerate(best_places))
    return f"schema_version: 1\nkind: interview_scenarios\nscenarios:\n{body}\n"


def _check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "check", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )


def test_check_refuses_a_file_where_the_best_choice_is_always_first(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "en", folder)
    path = folder / "interview_scenarios.yaml"
    path.write_text(_scenarios_file([0] * 10), encoding="utf-8")
    result = _check(folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problem = next(line for line in result.stderr.splitlines() if "interview_scenarios" in line)
    assert "interview_scenarios.yaml:" in problem
    assert "the best choice is choice A" in problem
    assert "in 10 of 10 scenarios (100%)" in problem
    assert "no place may hold it in more than 40% (4 of 10)" in problem
    assert "Move the choice with 'best: true' to another place in 6 of them: s4, s5" in problem


@pytest.mark.parametrize(
    ("places", "refused"),
    [
        ([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], False),  # 3 of 10 at most
        ([0, 0, 0, 0, 1, 1, 1, 1, 2, 3], False),  # 4 of 10 is exactly 40%
        ([0, 0, 0, 0, 0, 1, 1, 1, 2, 3], True),  # 5 of 10 is 50%
        ([3, 3, 3, 0, 1], True),  # 3 of 5 in the last place
        ([2], False),  # one scenario cannot be spread
        ([1, 1], True),
    ],
)
def test_the_spread_rule_at_and_around_40_percent(tmp_path, places, refused):
    path = tmp_path / "interview_scenarios.yaml"
    path.write_text(_scenarios_file(places), encoding="utf-8")
    if not refused:
        load_file(path)
        return
    with pytest.raises(ContentErrors) as caught:
        load_file(path)
    (error,) = caught.value.errors
    assert error.file == path and error.line is not None
    assert error.location.startswith("scenarios[")


def test_the_kits_scenarios_spread_the_best_choice(content):
    scenarios = content.by_kind["interview_scenarios"].scenarios
    places = Counter(model.best_choice(s) for s in scenarios)
    assert len(scenarios) >= 25
    assert max(places.values()) <= 0.4 * len(scenarios)
    assert set(places) == {0, 1, 2, 3}


def test_check_passes_the_kits_own_content_at_grade_9_or_below():
    result = _check(ROOT / "exercises" / "en")
    assert result.returncode == 0, result.stderr
    for name in ("interview_scenarios.yaml", "interview_statements.yaml", "mock_interview.yaml"):
        line = next(line for line in result.stdout.splitlines() if name in line)
        assert float(line.split("reading grade")[1].split()[0]) <= TARGET_GRADE


def test_every_stage_3_item_reads_at_grade_9_or_below(content):
    items = [
        *content.by_kind["interview_scenarios"].scenarios,
        *content.by_kind["interview_statements"].statements,
        # the rubric line on eye contact; the drill's other lines are not stage 3 advice
        *(r for r in content.by_kind["mock_interview"].rubric if r.id == "confidence"),
    ]
    hard = {item.id: grade(item) for item in items if grade(item) > TARGET_GRADE}
    assert hard == {}


LAW_WORDS = re.compile(r"\b(Ontario|British Columbia|law|laws|Code|Act|legally|45 days)\b")


def test_advice_that_states_a_rule_names_its_source_and_shows_it(content):
    statements = content.by_kind["interview_statements"].statements
    scenarios = content.by_kind["interview_scenarios"].scenarios
    for statement in statements:
        if LAW_WORDS.search(statement.why):
            assert statement.source, statement.id
            assert statement.source.label in model.quiz_feedback(statement, statement.answer)
    for scenario in scenarios:
        said = " ".join(c.feedback for c in scenario.choices)
        if LAW_WORDS.search(said):
            assert scenario.source, scenario.id
            best = model.best_choice(scenario)
            assert model.scenario_feedback(scenario, best).source == scenario.source.label
            assert "checked 3 December 2026" in scenario.source.label


def test_the_canada_2026_rules_are_in_the_scenarios_they_belong_to(content):
    scenarios = {s.id: s for s in content.by_kind["interview_scenarios"].scenarios}

    def best(sid):
        return scenarios[sid].choices[model.best_choice(scenarios[sid])]

    salary = best("salary_expectations")
    assert "posting says $20 to $24" in salary.text
    assert "co-op office" in salary.feedback
    assert "1 November 2023" in salary.feedback and "1 January 2026" in salary.feedback
    assert "45 days" in best("no_reply_yet").feedback
    assert "Canadian" in best("no_canadian_experience").feedback
    assert "1 January 2026" in best("no_canadian_experience").feedback
    rights = [
        "work_permit",
        "personal_question",
        "where_are_you_from",
        "religious_holidays",
        "essential_duties",
    ]
    assert all(scenarios[sid].source for sid in rights)
    assert "accessibility office" in best("interview_accommodation").text


def test_the_weakness_answer_is_a_real_skill_gap_not_the_perfectionist_cliche(content):
    scenario = next(
        s for s in content.by_kind["interview_scenarios"].scenarios if s.id == "weakness"
    )
    answer = scenario.choices[model.best_choice(scenario)].text.lower()
    assert "detail" not in answer and "perfection" not in answer
    assert "since then" in answer  # what the student is doing about it


def test_eye_contact_and_thank_you_advice_do_not_penalise_other_norms(content):
    statements = {s.id: s for s in content.by_kind["interview_statements"].statements}
    assert "honesty" not in statements["eye_contact"].why
    assert statements["look_down_respect"].answer == "do"
    assert "autistic" in statements["look_down_respect"].why
    assert "expected" not in statements["thank_you_email"].why
    assert "co-op office" in statements["stop_applying"].why
    rubric = {item.id: item for item in content.by_kind["mock_interview"].rubric}
    assert "looked at the camera" not in rubric["confidence"].description
    formats = [s for s in statements.values() if s.topic == "formats"]
    for word in ("one-way", "AI", "panel", "group", "phone"):
        answers = {s.answer for s in formats if word in s.text}
        assert answers == {"do", "dont"}, word


def test_the_best_choice_is_not_given_away_by_being_the_longest(content):
    # "pick the longest" must not work any better than "pick A": a good distractor is
    # often a long, nervous answer
    scenarios = content.by_kind["interview_scenarios"].scenarios

    def length(choice):
        return len(choice.text.split())

    longest = [
        s.id
        for s in scenarios
        if length(s.choices[model.best_choice(s)]) >= max(length(c) for c in s.choices)
    ]
    assert len(longest) <= 0.4 * len(scenarios), longest
