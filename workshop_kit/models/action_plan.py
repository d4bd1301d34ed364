"""Stage 4 model: the student's summary across the stages, and what goes in the report.

Answers are stored in the ``action_plan`` stage as ``steps`` (list of step ids),
``apply_count`` (int), ``practise_category`` (STAR category id) and ``own_steps`` (text):
the constants below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workshop_kit.content import Content
from workshop_kit.models import alternative_careers, interview, self_assessment
from workshop_kit.stage_ids import ACTION_PLAN

STAGE = ACTION_PLAN
STEPS = "steps"
APPLY_COUNT = "apply_count"
PRACTISE_CATEGORY = "practise_category"
OWN_STEPS = "own_steps"
LOW_RATING = 2
MAX_APPLY = 50


@dataclass
class Plan:
    """Everything the action plan page and the report show."""

    name: str
    strengths: list[str] = field(default_factory=list)
    growth_areas: list[str] = field(default_factory=list)
    comfort_stretch: str = ""
    roles: list[str] = field(default_factory=list)
    missed_statements: list[tuple[str, str]] = field(default_factory=list)  # (text, why)
    scenarios_missed: list[str] = field(default_factory=list)
    star_gaps: list[str] = field(default_factory=list)
    low_ratings: list[str] = field(default_factory=list)
    questions_to_ask: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    own_steps: str = ""
    change_next_time: str = ""


def build_plan(content: Content, answers: Mapping[str, Mapping[str, Any]], name: str) -> Plan:
    """Gather the plan from every stage's latest answers (``{stage: {key: value}}``)."""
    plan = Plan(name=name)
    stage1 = answers.get(self_assessment.STAGE, {})
    ratings = self_assessment.ratings_from_answers(stage1, content.skills)
    profile = self_assessment.build_profile(ratings, content.skills, content.self_assessment)
    plan.strengths = [s.name for s in profile.strengths]
    plan.growth_areas = [s.name for s in profile.growth_areas]
    plan.comfort_stretch = _text(stage1.get(self_assessment.COMFORT_STRETCH))
    plan.change_next_time = _text(stage1.get(self_assessment.postmortem_key("change_next_time")))

    if content.roles is not None:
        titles = {r.id: r.title for r in content.roles.roles}
        marked = answers.get(alternative_careers.STAGE, {}).get(alternative_careers.EXPLORE) or []
        plan.roles = [titles[r] for r in marked if r in titles]

    stage3 = answers.get(interview.STAGE, {})
    quiz = content.by_kind.get("interview_statements")
    if quiz is not None:
        given = interview.answers_under(interview.QUIZ_PREFIX, stage3)
        plan.missed_statements = [(s.text, s.why) for s in interview.quiz_score(quiz, given).missed]
    scenarios = content.by_kind.get("interview_scenarios")
    if scenarios is not None:
        for scenario in scenarios.scenarios:
            chosen = stage3.get(interview.scenario_key(scenario.id))
            if isinstance(chosen, int) and chosen != interview.best_choice(scenario):
                plan.scenarios_missed.append(scenario.title)
    star = content.by_kind.get("star_questions")
    if star is not None:
        plan.star_gaps = star_gaps(stage3, star)
    mock = content.by_kind.get("mock_interview")
    if mock is not None:
        names = {item.id: item.name for item in mock.rubric}
        low = set()
        for key, value in stage3.items():
            rated = interview.drill_rubric_of(key)
            if rated and rated[1] in names and isinstance(value, int) and 0 < value <= LOW_RATING:
                low.add(names[rated[1]])
        plan.low_ratings = [n for n in names.values() if n in low]
    asked = content.by_kind.get("interviewer_questions")
    if asked is not None:
        texts = {q.id: q.text for q in asked.questions}
        plan.questions_to_ask = [
            texts[q] for q in stage3.get(interview.ASK_PICKED) or [] if q in texts
        ]

    stage4 = answers.get(STAGE, {})
    plan.steps = chosen_steps(content, stage4)
    plan.own_steps = _text(stage4.get(OWN_STEPS))
    return plan


def star_gaps(stage3: Mapping[str, Any], star) -> list[str]:
    """The STAR rules the student's written answers still fail, worst first."""
    counts: dict[str, int] = {}
    messages: dict[str, str] = {}
    for question in star.questions:
        parts = {p: _text(stage3.get(interview.star_key(question.id, p))) for p in interview.PARTS}
        if not any(parts.values()):
            continue
        findings = interview.star_feedback(parts, star.rules, question.result_kind)
        for finding in interview.problems(findings):
            rule = (
                finding.rule.replace("_present", "")
                if finding.rule.endswith("_present")
                else finding.rule
            )
            counts[rule] = counts.get(rule, 0) + 1
            messages.setdefault(rule, finding.message)
    return [messages[r] for r in sorted(counts, key=lambda r: -counts[r])]


def chosen_steps(content: Content, stage4: Mapping[str, Any]) -> list[str]:
    settings = content.action_plan
    if settings is None:
        return []
    picked = stage4.get(STEPS) or []
    out = []
    for step in settings.steps:
        if step.id not in picked:
            continue
        text = step.label
        if step.id == "apply_wider" and isinstance(stage4.get(APPLY_COUNT), int):
            text = f"Apply to {stage4[APPLY_COUNT]} roles outside my first plan this month."
        out.append(text)
    category = stage4.get(PRACTISE_CATEGORY)
    star = content.by_kind.get("star_questions")
    if star is not None and category:
        names = {c.id: c.name for c in star.categories}
        if category in names:
            out.append(f"Practise {names[category].lower()} questions with the STAR method.")
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
