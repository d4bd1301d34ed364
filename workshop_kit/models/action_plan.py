"""Stage 4 model: the student's summary across the stages, and what goes in the report.

Answers are stored in the ``action_plan`` stage as ``steps`` (list of step ids),
``apply_count`` (int), ``practise_category`` (STAR category id), ``own_steps`` (text),
``step_due`` (``{step id: "YYYY-MM-DD"}``, the "by when" of each step) and
``step_checkin`` (list of step ids to check in on with the placement coordinator).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workshop_kit import i18n
from workshop_kit.content import Content
from workshop_kit.i18n import _, ngettext
from workshop_kit.models import (
    alternative_careers,
    interview,
    matching,
    occupations,
    self_assessment,
)
from workshop_kit.models import interests as interests_model
from workshop_kit.models import pitch as pitch_model
from workshop_kit.stage_ids import ACTION_PLAN

STAGE = ACTION_PLAN
STEPS = "steps"
APPLY_COUNT = "apply_count"
PRACTISE_CATEGORY = "practise_category"
OWN_STEPS = "own_steps"
LOW_RATING = 2
HIGH_RATING = 4
MAX_APPLY = 50
STEP_DUE = "step_due"
STEP_CHECKIN = "step_checkin"


@dataclass(frozen=True)
class PlanStep:
    """A next step with its "by when" date and whether to check in with the placement
    coordinator about it."""

    id: str
    text: str
    due: date | None = None
    checkin: bool = False
    suggested: bool = False


@dataclass(frozen=True)
class StarStory:
    """A written STAR answer in full, with how many checks it passed."""

    question: str
    parts: dict[str, str]
    passed: int
    total: int

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass(frozen=True)
class RoleLink:
    title: str
    noc: str = ""
    url: str = ""


@dataclass(frozen=True)
class Script:
    title: str
    message: str
    questions: list[str]
    tips: list[str]


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
    # issue 20: a plan worth keeping
    workshop_name: str = ""
    interests_summary: str = ""
    interest_areas: list[str] = field(default_factory=list)
    role_links: list[RoleLink] = field(default_factory=list)
    best_star: StarStory | None = None
    pitch: list[tuple[str, str]] = field(default_factory=list)  # (part label, text)
    own_questions_to_ask: str = ""
    drill_notes: str = ""
    drill_ratings: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    missed_out: list[tuple[str, str]] = field(default_factory=list)  # (reason, what to do)
    suggested_steps: list[str] = field(default_factory=list)  # step ids, most useful first
    dated_steps: list[PlanStep] = field(default_factory=list)
    info_interview: Script | None = None
    flat_ratings: bool = False


def build_plan(
    content: Content,
    answers: Mapping[str, Mapping[str, Any]],
    name: str,
    workshop_name: str = "",
) -> Plan:
    """Gather the plan from every stage's latest answers (``{stage: {key: value}}``)."""
    plan = Plan(name=name, workshop_name=workshop_name)
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
    _add_journey(plan, content, answers, ratings, profile)
    return plan


def _add_journey(plan: Plan, content: Content, answers, ratings, profile) -> None:
    """What issue 20 adds: the student's best work, dated steps, and a useful plan for
    a student who rated every skill the same."""
    stage1 = answers.get(self_assessment.STAGE, {})
    stage2 = answers.get(alternative_careers.STAGE, {})
    stage3 = answers.get(interview.STAGE, {})
    stage4 = answers.get(STAGE, {})
    earlier = interview.earlier_stages(content, stage1, stage2)

    if content.interests is not None:
        interest = interests_model.build_interest_profile(
            interests_model.interest_ratings_from_answers(stage1, content.interests),
            content.interests,
        )
        if interest.rated:
            plan.interests_summary = interest.summary
            plan.interest_areas = [interests_model.holland_name(a.id) for a in interest.top]
    plan.role_links = [
        RoleLink(r.title, r.noc or "", occupations.noc_url(r.noc) if r.noc else "")
        for r in earlier.roles
    ]

    star = content.by_kind.get("star_questions")
    own = interview.own_questions(earlier.tricky)
    if star is not None:
        plan.best_star = best_star_story(stage3, [*own, *star.questions], star.rules)
        # the STAR gaps of the student's own questions count too
        for gap in star_gaps(stage3, _with_questions(star, own)):
            if gap not in plan.star_gaps:
                plan.star_gaps.append(gap)
    pitch = content.by_kind.get("pitch")
    if pitch is not None:
        plan.pitch = [
            (
                re.split(r" [-–] ", part.label)[0],
                _text(stage3.get(pitch_model.key(part.id))).strip(),
            )
            for part in pitch.parts
            if _text(stage3.get(pitch_model.key(part.id))).strip()
        ]
    plan.own_questions_to_ask = _text(stage3.get(interview.ASK_OWN)).strip()
    plan.drill_notes = _text(stage3.get(interview.DRILL_NOTES)).strip()
    plan.drill_ratings = drill_ratings(content, stage3, own)

    missed = content.by_kind.get("missed_out")
    if missed is not None:
        ticked = self_assessment.missed_out_reasons(stage1, [r.id for r in missed.reasons])
        reasons = [r for r in missed.reasons if r.id in ticked]
        plan.missed_out = [
            (r.label, f"{r.what_to_do} {r.source.label}" if r.source else r.what_to_do)
            for r in reasons
        ]
        plan.suggested_steps = list(dict.fromkeys(step for r in reasons for step in r.steps))
    plan.dated_steps = dated_steps(content, stage4, plan.suggested_steps)
    settings = content.action_plan
    script = settings.info_interview if settings is not None else None
    if script is not None and script.step in (stage4.get(STEPS) or []):
        plan.info_interview = Script(
            script.title, script.message, list(script.questions), list(script.tips)
        )

    # strengths and growth areas that say something even for a flat profile
    scale_max = content.self_assessment.rating_scale[-1].value
    plan.flat_ratings = len(ratings) >= 3 and matching.is_flat(ratings, scale_max)
    evidence = shown_strengths(plan, content, stage3)
    if plan.flat_ratings:
        top = max(ratings.values())
        picked = [
            _("{skill} (you picked it as one of your strongest)").format(skill=name)
            for name in earlier.strengths
        ]
        plan.strengths = [*picked, *evidence] or [
            _(
                "You rated your skills all about the same (most at {top}). Ask a friend or "
                "your coordinator which two stand out to them, and add them here."
            ).format(top=top)
        ]
    else:
        plan.strengths = [*plan.strengths, *evidence]
    if not plan.growth_areas or plan.flat_ratings:
        plan.growth_areas = needed_by_roles(content, ratings, earlier.roles) or [
            _(
                "Your ratings do not show a clear gap. Pick one skill a job you want asks "
                "for, and write it in your own steps."
            )
        ]


def _with_questions(star, extra):
    """The STAR bank with the student's own questions added (for :func:`star_gaps`)."""
    return star.model_copy(update={"questions": [*extra, *star.questions]})


def best_star_story(stage3: Mapping[str, Any], questions, rules) -> StarStory | None:
    """The written STAR answer that passes the most checks (then the longest)."""
    best: tuple[tuple[int, int], StarStory] | None = None
    for question in questions:
        parts = {
            p: _text(stage3.get(interview.star_key(question.id, p))).strip()
            for p in interview.PARTS
        }
        if not any(parts.values()):
            continue
        findings = interview.star_feedback(parts, rules, question.result_kind)
        passed = sum(f.passed for f in findings)
        story = StarStory(question.text, parts, passed, len(findings))
        rank = (passed - len(findings), sum(len(interview.words(t)) for t in parts.values()))
        if best is None or rank > best[0]:
            best = (rank, story)
    return best[1] if best else None


def drill_ratings(
    content: Content, stage3: Mapping[str, Any], own
) -> list[tuple[str, list[tuple[str, int]]]]:
    """The drill's self-ratings by question: ``[(question, [(rubric line, rating)])]``."""
    mock = content.by_kind.get("mock_interview")
    if mock is None:
        return []
    texts = {q.id: q.text for q in own}
    star = content.by_kind.get("star_questions")
    if star is not None:
        texts.update({q.id: q.text for q in star.questions})
    fields = content.by_kind.get("field_questions")
    if fields is not None:
        texts.update({q.id: q.text for f in fields.fields for q in f.questions})
    out = []
    for question_id, text in texts.items():
        rated = [
            (item.name, value)
            for item in mock.rubric
            if isinstance(
                value := stage3.get(interview.drill_rubric_key(question_id, item.id)), int
            )
            and 0 < value <= 5
        ]
        if rated:
            out.append((text, rated))
    return out


def shown_strengths(plan: Plan, content: Content, stage3: Mapping[str, Any]) -> list[str]:
    """Strengths shown by the work done today: a STAR answer that passed every check, a
    pitch that did, a good quiz score, and rubric lines rated high in the drill."""
    out = []
    if plan.best_star is not None and plan.best_star.all_passed:
        out.append(
            _("A STAR story that passed every check: {question}").format(
                question=plan.best_star.question
            )
        )
    pitch = content.by_kind.get("pitch")
    star = content.by_kind.get("star_questions")
    if pitch is not None and star is not None and plan.pitch:
        texts = {part.id: _text(stage3.get(pitch_model.key(part.id))) for part in pitch.parts}
        findings = pitch_model.pitch_feedback(texts, pitch, star.rules)
        if findings and all(f.passed for f in findings):
            out.append(_('A clear answer to "Tell me about yourself"'))
    quiz = content.by_kind.get("interview_statements")
    if quiz is not None:
        given = {
            k[len(interview.QUIZ_PREFIX) :]: v
            for k, v in stage3.items()
            if k.startswith(interview.QUIZ_PREFIX)
        }
        score = interview.quiz_score(quiz, given)
        if score.answered >= 5 and score.percent >= 80:
            out.append(
                _("Knowing what to do in an interview ({percent} right)").format(
                    percent=i18n.format_percent(score.percent / 100)
                )
            )
    high: dict[str, list[int]] = {}
    for _question, rated in plan.drill_ratings:
        for name, value in rated:
            high.setdefault(name, []).append(value)
    for name, values in high.items():
        if min(values) >= HIGH_RATING:
            out.append(
                _("Mock interview: {item} (you rated it {rating} or more)").format(
                    item=name, rating=min(values)
                )
            )
    return out


def needed_by_roles(content: Content, ratings: Mapping[str, int], roles) -> list[str]:
    """Up to three skills the marked roles weigh most that the student did not rate
    above their own average: what to grow when the ratings show no gap."""
    if not roles:
        return []
    names = {skill.id: skill.name for skill in content.skills.skills}
    scale_max = content.self_assessment.rating_scale[-1].value
    mean = matching.own_average(ratings, scale_max) if ratings else 0
    weight: dict[str, int] = {}
    for role in roles:
        for skill_id, value in role.skills.items():
            if skill_id in names and ratings.get(skill_id, 0) <= mean:
                weight[skill_id] = weight.get(skill_id, 0) + value
    order = {skill.id: i for i, skill in enumerate(content.skills.skills)}
    top = sorted(weight, key=lambda s: (-weight[s], order[s]))[:3]
    return [_("{skill} (the roles you marked need it)").format(skill=names[s]) for s in top]


def dated_steps(
    content: Content, stage4: Mapping[str, Any], suggested: list[str] = ()
) -> list[PlanStep]:
    """The ticked steps with their "by when" dates and check-ins, earliest date first
    (steps without a date last, in the content's order)."""
    settings = content.action_plan
    if settings is None:
        return []
    picked = stage4.get(STEPS) or []
    due = stage4.get(STEP_DUE) if isinstance(stage4.get(STEP_DUE), dict) else {}
    checkin = stage4.get(STEP_CHECKIN) if isinstance(stage4.get(STEP_CHECKIN), list) else []
    texts = dict(
        zip([s.id for s in settings.steps], chosen_step_texts(settings, stage4), strict=True)
    )
    out = [
        PlanStep(
            step.id,
            texts[step.id],
            parse_date(due.get(step.id)),
            step.id in checkin,
            step.id in suggested,
        )
        for step in settings.steps
        if step.id in picked
    ]
    return sorted(out, key=lambda s: (s.due is None, s.due or date.min))


def chosen_step_texts(settings, stage4: Mapping[str, Any]) -> list[str]:
    """Every step's text as the plan says it (the apply step with its number)."""
    out = []
    for step in settings.steps:
        text = step.label
        if step.id == "apply_wider" and isinstance(stage4.get(APPLY_COUNT), int):
            text = apply_step_text(stage4[APPLY_COUNT])
        out.append(text)
    return out


def parse_date(value: Any) -> date | None:
    """A saved "YYYY-MM-DD" as a date; anything else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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


def apply_step_text(count: int) -> str:
    """The apply step with the number the student chose."""
    return ngettext(
        "Apply to {n} role outside my first plan this month.",
        "Apply to {n} roles outside my first plan this month.",
        count,
    ).format(n=count)


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
            text = apply_step_text(stage4[APPLY_COUNT])
        out.append(text)
    category = stage4.get(PRACTISE_CATEGORY)
    star = content.by_kind.get("star_questions")
    if star is not None and category:
        names = {c.id: c.name for c in star.categories}
        if category in names:
            out.append(
                _("Practise {kind} questions with the STAR method.").format(
                    kind=names[category].lower()
                )
            )
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# How far ahead a "by when" date may be (a plan for the next term, not for years).
MAX_DAYS_AHEAD = 366


def valid_due(value: Any, today: date) -> str | None:
    """A "by when" date to save, as "YYYY-MM-DD": from today to a year ahead. None
    clears it; anything else raises ``ValueError`` with a message for the student."""
    if value is None or value == "":
        return None
    day = value if isinstance(value, date) else parse_date(value)
    if day is None:
        raise ValueError(_("That is not a date."))
    if day < today:
        raise ValueError(_("Pick a day from today on."))
    if (day - today).days > MAX_DAYS_AHEAD:
        raise ValueError(_("Pick a day within the next year."))
    return day.isoformat()
