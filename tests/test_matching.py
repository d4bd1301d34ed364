"""The skills-to-roles matcher on hand-made profiles whose right answers are known."""

from __future__ import annotations

import pytest

from workshop_kit.models.matching import (
    explain,
    filter_by_industry,
    match_roles,
    split_home_and_stretch,
)

WRITER = {
    "creative_writing": 5,
    "business_writing": 5,
    "editing": 4,
    "presenting": 4,
    "persuasion": 4,
    "programming": 1,
    "data_analysis": 1,
    "spreadsheets": 2,
    "analytical_thinking": 2,
}
CODER = {
    "programming": 5,
    "analytical_thinking": 5,
    "data_analysis": 4,
    "learning_quickly": 4,
    "creative_writing": 1,
    "presenting": 2,
    "persuasion": 1,
}


def ranked(content, ratings):
    settings = content.self_assessment
    return match_roles(ratings, content.roles, 5, settings.strength_min, settings.growth_max)


def position(matches, predicate):
    return next(i for i, m in enumerate(matches) if predicate(m))


def test_a_strong_writer_gets_communication_roles_before_software(content):
    matches = ranked(content, WRITER)
    first_marketing = position(matches, lambda m: m.industry in {"marketing", "media"})
    first_software = position(
        matches, lambda m: "programming" in m.role.skills and m.role.skills["programming"] == 3
    )
    assert first_marketing < 5
    assert first_marketing < first_software
    assert matches[0].industry in {"marketing", "media"}


def test_a_coder_gets_software_roles_first(content):
    matches = ranked(content, CODER)
    assert matches[0].industry in {"tech", "data"}
    assert position(matches, lambda m: m.industry == "tech") < position(
        matches, lambda m: m.industry == "marketing"
    )


def test_the_explanation_names_the_skills(content):
    top = ranked(content, WRITER)[0]
    text = explain(top, content.skills)
    assert top.carries_over
    assert "carry over" in text
    names = {s.id: s.name.lower() for s in content.skills.skills}
    assert names[top.carries_over[0]] in text
    software = next(m for m in ranked(content, WRITER) if m.role.id == "software_developer_intern")
    assert software.needs_work[0] == "programming"
    assert "work on programming" in explain(software, content.skills)


def test_scores_run_from_0_to_100(content):
    everything_top = {s.id: 5 for s in content.skills.skills}
    everything_low = {s.id: 1 for s in content.skills.skills}
    assert {m.score for m in ranked(content, everything_top)} == {100.0}
    assert {m.score for m in ranked(content, everything_low)} == {0.0}


def test_no_ratings_gives_every_role_the_same_score_and_asks_for_ratings(content):
    matches = ranked(content, {})
    assert {m.score for m in matches} == {50.0}
    assert "Rate" in explain(matches[0], content.skills)


def test_home_and_stretch_do_not_overlap(content):
    matches = ranked(content, WRITER)
    close, stretch = split_home_and_stretch(matches, {"marketing"}, count=5)
    assert len(close) == 5 and all(m.industry == "marketing" for m in close)
    assert len(stretch) == 5 and all(m.industry != "marketing" for m in stretch)
    close, stretch = split_home_and_stretch(matches)  # no field given: best match's field
    assert close[0] == matches[0]
    assert all(m.industry != matches[0].industry for m in stretch)


@pytest.mark.parametrize("industries", [set(), {"hospitality", "retail"}])
def test_filter_by_industry(content, industries):
    kept = filter_by_industry(ranked(content, WRITER), industries)
    assert kept
    assert all(not industries or m.industry in industries for m in kept)
