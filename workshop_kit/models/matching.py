"""Stage 2 model: rank roles against a student's skill ratings, and say why.

A role's fit is the weighted mean of the student's ratings on the skills the role
uses (weights 1-3 from ``roles.yaml``), scaled to 0-100. A skill the student has not
rated counts as the middle of the scale, so rating fewer skills neither helps nor
hurts a role. Every match carries its reasons: the student's strong skills that carry
over, and the skill that would need work. No widgets here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from workshop_kit.content.schema import Role, RolesFile, SkillsFile


@dataclass(frozen=True)
class Match:
    role: Role
    score: float  # 0-100
    carries_over: list[str]  # skill ids the student is strong in, most important first
    needs_work: list[str]  # skill ids that matter to the role and are rated low
    unrated: list[str]

    @property
    def industry(self) -> str:
        return self.role.industry


def match_roles(
    ratings: Mapping[str, int],
    roles: RolesFile,
    scale_max: int,
    strong_min: int,
    weak_max: int,
) -> list[Match]:
    """Every role, best fit first (ties keep content order).

    Parameters
    ----------
    ratings
        ``{skill id: rating}`` from stage 1 (unrated skills left out).
    roles
        The roles content.
    scale_max
        The top of the rating scale.
    strong_min, weak_max
        Ratings at or above ``strong_min`` carry over; at or below ``weak_max`` need work.
    """
    middle = (1 + scale_max) / 2
    matches = []
    for role in roles.roles:
        total_weight = sum(role.skills.values())
        points = sum(weight * ratings.get(skill, middle) for skill, weight in role.skills.items())
        score = 100 * (points / total_weight - 1) / (scale_max - 1)
        by_importance = sorted(role.skills, key=lambda skill: -role.skills[skill])
        carries = sorted(
            (s for s in by_importance if ratings.get(s, 0) >= strong_min),
            key=lambda s: (-role.skills[s], -ratings[s]),
        )
        gaps = sorted(
            (s for s in by_importance if s in ratings and ratings[s] <= weak_max),
            key=lambda s: (-role.skills[s], ratings[s]),
        )
        unrated = [s for s in by_importance if s not in ratings]
        matches.append(Match(role, round(score, 1), carries, gaps, unrated))
    order = {role.id: index for index, role in enumerate(roles.roles)}
    matches.sort(key=lambda m: (-m.score, order[m.role.id]))
    return matches


def split_home_and_stretch(
    matches: list[Match],
    home_industries: Collection[str] = (),
    count: int = 5,
) -> tuple[list[Match], list[Match]]:
    """ "Close to home" (the student's own field) and "stretch" (everything else).

    Without a stated field, home is the industry of the best match: the stretch set
    then shows strong fits the student might not have thought of, which is lesson 2.
    """
    if not matches:
        return [], []
    home = set(home_industries) or {matches[0].industry}
    close = [m for m in matches if m.industry in home][:count]
    stretch = [m for m in matches if m.industry not in home][:count]
    return close, stretch


def filter_by_industry(matches: list[Match], industries: Collection[str]) -> list[Match]:
    """Only the matches in ``industries`` (all of them when it is empty)."""
    return [m for m in matches if not industries or m.industry in industries]


def explain(match: Match, skills: SkillsFile) -> str:
    """One or two plain sentences on why a role was suggested."""
    names = {skill.id: skill.name.lower() for skill in skills.skills}

    def listed(ids: list[str]) -> str:
        words = [names.get(i, i) for i in ids[:3]]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    parts = []
    if match.carries_over:
        parts.append(f"Your {listed(match.carries_over)} carry over.")
    else:
        parts.append("None of your strongest skills is central here, so this is a real stretch.")
    if match.needs_work:
        parts.append(f"To get there, work on {listed(match.needs_work[:1])}.")
    elif match.unrated:
        parts.append(f"Rate {listed(match.unrated[:1])} in stage 1 to see the full picture.")
    return " ".join(parts)
