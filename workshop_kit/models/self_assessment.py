"""Stage 1 model: what a student's ratings say, kept apart from any widget.

Answers are stored under these keys in the ``self_assessment`` stage:
``rating.<skill id>`` (int, 0 = not rated), ``comfort_zone.choice`` (option id),
``comfort_zone.stretch`` (text) and ``postmortem.<prompt id>`` (text).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from workshop_kit.content.schema import SelfAssessmentFile, Skill, SkillsFile
from workshop_kit.i18n import _
from workshop_kit.stage_ids import SELF_ASSESSMENT

STAGE = SELF_ASSESSMENT
RATING_PREFIX = "rating."
COMFORT_CHOICE = "comfort_zone.choice"
COMFORT_STRETCH = "comfort_zone.stretch"
POSTMORTEM_PREFIX = "postmortem."
MAX_LISTED = 5


def rating_key(skill_id: str) -> str:
    return RATING_PREFIX + skill_id


def rated_skill(key: str) -> str | None:
    """The skill id a rating's key names (:func:`rating_key`), None for another key."""
    return key[len(RATING_PREFIX) :] if key.startswith(RATING_PREFIX) else None


def postmortem_key(prompt_id: str) -> str:
    return POSTMORTEM_PREFIX + prompt_id


def postmortem_prompt(key: str) -> str | None:
    """The prompt id a reflection's key names (:func:`postmortem_key`), None otherwise."""
    return key[len(POSTMORTEM_PREFIX) :] if key.startswith(POSTMORTEM_PREFIX) else None


def ratings_from_answers(answers: Mapping[str, Any], skills: SkillsFile) -> dict[str, int]:
    """The skills a student has rated, as ``{skill id: rating}``; unrated skills left out."""
    known = {skill.id for skill in skills.skills}
    ratings = {}
    for key, value in answers.items():
        skill_id = rated_skill(key)
        if skill_id in known and isinstance(value, int) and value > 0:
            ratings[skill_id] = value
    return ratings


def valid_rating(value: Any, settings: SelfAssessmentFile) -> int:
    """``value`` as a rating on the content's scale; 0 clears. Raise ``ValueError`` otherwise."""
    top = settings.rating_scale[-1].value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(
            _("A rating is a whole number from 1 to {top} (0 to clear it).").format(top=top)
        )
    return value


@dataclass(frozen=True)
class Profile:
    """What the ratings say, ready to show."""

    rated: int
    total: int
    strengths: list[Skill]
    growth_areas: list[Skill]
    category_means: dict[str, float]

    @property
    def complete(self) -> bool:
        return self.rated == self.total


def build_profile(
    ratings: Mapping[str, int], skills: SkillsFile, settings: SelfAssessmentFile
) -> Profile:
    """Strengths are skills rated at or above ``strength_min``, highest first; growth
    areas at or below ``growth_max``, lowest first; ties keep content order."""
    order = {skill.id: index for index, skill in enumerate(skills.skills)}
    by_id = {skill.id: skill for skill in skills.skills}
    rated = [(skill_id, value) for skill_id, value in ratings.items() if skill_id in by_id]

    strong = sorted(
        (pair for pair in rated if pair[1] >= settings.strength_min),
        key=lambda pair: (-pair[1], order[pair[0]]),
    )
    weak = sorted(
        (pair for pair in rated if pair[1] <= settings.growth_max),
        key=lambda pair: (pair[1], order[pair[0]]),
    )
    per_category: dict[str, list[int]] = defaultdict(list)
    for skill_id, value in rated:
        per_category[by_id[skill_id].category].append(value)
    return Profile(
        rated=len(rated),
        total=len(skills.skills),
        strengths=[by_id[skill_id] for skill_id, _ in strong[:MAX_LISTED]],
        growth_areas=[by_id[skill_id] for skill_id, _ in weak[:MAX_LISTED]],
        category_means={cat: fmean(values) for cat, values in per_category.items()},
    )


def group_means(rows: Iterable[tuple[int, str, Any]], minimum: int) -> dict[str, float]:
    """Anonymous group mean per skill from ``(participant, key, value)`` rows.

    A skill's mean is shown only once at least ``minimum`` people rated it, so no
    one's rating can be worked out from the average.
    """
    values: dict[str, list[int]] = defaultdict(list)
    for _participant, key, value in rows:
        skill_id = rated_skill(key)
        if skill_id is not None and isinstance(value, int) and value > 0:
            values[skill_id].append(value)
    return {skill: fmean(vals) for skill, vals in values.items() if len(vals) >= minimum}


# --- what later stages read from the post-mortem (issue 20) ---------------------

TRICKY_QUESTIONS = POSTMORTEM_PREFIX + "tricky_questions"
# The "why did I miss out?" check: a list of reason ids from ``missed_out.yaml``.
MISSED_OUT = "missed_out.reasons"
MAX_TRICKY = 10
MAX_TRICKY_CHARS = 300
_BULLET = re.compile(r"^\s*(?:[-*•·]+|\d+[.)])\s*")
_SPLIT = re.compile(r"\n+|(?<=\?)[\"”’']*\s+")


def tricky_questions(answers: Mapping[str, Any]) -> list[str]:
    """The tricky questions a student wrote in the post-mortem, one per line (or per
    question mark), without bullets or quotes; repeats and empty lines left out."""
    text = answers.get(TRICKY_QUESTIONS)
    if not isinstance(text, str):
        return []
    out: list[str] = []
    seen: set[str] = set()
    for piece in _SPLIT.split(text):
        piece = _BULLET.sub("", piece).strip().strip("\"'“”‘’").strip()
        piece = " ".join(piece.split())[:MAX_TRICKY_CHARS]
        if len(piece.split()) < 2 or piece.lower() in seen:
            continue
        seen.add(piece.lower())
        out.append(piece)
    return out[:MAX_TRICKY]


def missed_out_reasons(answers: Mapping[str, Any], known: Iterable[str]) -> list[str]:
    """The "why did I miss out?" reasons a student ticked, in content order."""
    ticked = answers.get(MISSED_OUT)
    if not isinstance(ticked, list):
        return []
    return [reason for reason in known if reason in ticked]
