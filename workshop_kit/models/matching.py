"""Stage 2 model: rank roles against a student's skills and interests, and say why.

Scoring holds up for the profiles students really give:

* **Against the student's own average.** A skill counts by how far its rating sits
  above or below the mean of the student's own ratings, so "everything 5" is not
  a better fit for every role than "everything 3". An unrated skill counts as the
  student's average.
* **Flat profiles are named.** When the ratings barely differ, every role would
  score the same, so the result says so (``Ranking.state == "flat"``) and
  :func:`ratings_from_picks` turns the student's "three strongest" picks into a
  ranking instead.
* **Breadth of fit counts.** Skills most roles use (time management, teamwork)
  weigh less than distinctive ones (programming, CAD drafting), and a role's
  weighted sum is divided by at least the typical role's total weight, so a role
  with a few small, generic weights cannot win on one strength alone.
* **Interests beside skills.** When the student rated their interests and they
  lean somewhere, each role's two or three Holland areas add to its fit (first
  area most), and the reasons name both.

``score`` stays 0-100 for the page: 50 is "as good a fit as any", higher is better.
No widgets here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Literal

from workshop_kit.content.schema import InterestsFile, Role, RolesFile, SkillsFile
from workshop_kit.i18n import N_, _
from workshop_kit.models.interests import is_flat as interests_flat
from workshop_kit.models.wording import listed as _in_language

# A profile is flat when no skill stands at least this far above the student's own
# average: "everything 3", "everything 5 with a few 4s", or one 4 among 3s.
FLAT_LEAD = 1.0
# With fewer ratings than this, the middle of the scale stands in for the average.
MIN_FOR_OWN_MEAN = 3
# How much the interest fit weighs beside the skill fit (both in rating points).
INTEREST_WEIGHT = 0.5
# The weights of a role's first, second and third Holland area.
AREA_WEIGHTS = (3, 2, 1)
# A fit one rating point above the student's own average adds this much to the score.
POINTS_PER_RATING = 25
PICKS = 3
FLAT_TEMPLATE = N_(
    "You rated your skills almost all the same, so every role fits about equally. "
    "Pick the {count} skills you are strongest in, and the list will follow them."
)
# The message in English (kept for older callers); pages show flat_message().
FLAT_MESSAGE = FLAT_TEMPLATE.format(count=PICKS)


def flat_message() -> str:
    """The flat-profile message in the page's language."""
    return _(FLAT_TEMPLATE).format(count=PICKS)


State = Literal["unrated", "flat", "ranked", "picked"]


@dataclass(frozen=True)
class Match:
    role: Role
    score: float  # 0-100; 50 = no better or worse than the student's average
    carries_over: list[str]  # skill ids the student is strong in, most important first
    needs_work: list[str]  # skill ids that matter to the role and are rated low
    unrated: list[str]
    interests: list[str] = field(default_factory=list)  # role areas the student leans to

    @property
    def industry(self) -> str:
        return self.role.industry


@dataclass(frozen=True)
class Ranking:
    """Every role, best first, and what the ranking is worth.

    ``state`` is ``"unrated"`` (no ratings yet), ``"flat"`` (ratings too even to rank
    by: ask for three picks), ``"ranked"`` or ``"picked"`` (ranked from three picks).
    """

    matches: list[Match]
    state: State
    message: str

    @property
    def needs_picks(self) -> bool:
        return self.state == "flat"


def skill_weights(roles: RolesFile) -> dict[str, float]:
    """How much a skill tells roles apart: 0.5 for a skill every role uses, up to 1.5
    for one that a single role uses (an inverse document frequency)."""
    total = len(roles.roles)
    used = Counter(skill for role in roles.roles for skill in role.skills)
    if total < 2:
        return dict.fromkeys(used, 1.0)
    return {skill: 0.5 + math.log(total / count) / math.log(total) for skill, count in used.items()}


def _typical_weight(roles: RolesFile, specificity: Mapping[str, float]) -> float:
    totals = sorted(sum(w * specificity[s] for s, w in role.skills.items()) for role in roles.roles)
    return totals[len(totals) // 2]


def own_average(ratings: Mapping[str, int], scale_max: int) -> float:
    """The student's own average rating (the scale's middle for fewer than 3 ratings)."""
    if len(ratings) < MIN_FOR_OWN_MEAN:
        return (1 + scale_max) / 2
    return fmean(ratings.values())


def is_flat(ratings: Mapping[str, int], scale_max: int = 5) -> bool:
    """True when no rating stands clearly above the student's own average, so the
    ratings cannot say what the student is best at."""
    if not ratings:
        return False
    return max(ratings.values()) - own_average(ratings, scale_max) < FLAT_LEAD


def _interest_relative(interest_scores: Mapping[str, float] | None) -> dict[str, float]:
    """Area score minus the student's own average area score; empty when flat or unrated."""
    if not interest_scores or interests_flat(interest_scores):
        return {}
    mean = fmean(interest_scores.values())
    return {area: score - mean for area, score in interest_scores.items()}


def match_roles(
    ratings: Mapping[str, int],
    roles: RolesFile,
    scale_max: int,
    strong_min: int,
    weak_max: int,
    interest_scores: Mapping[str, float] | None = None,
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
    interest_scores
        ``{area id: mean rating}`` from :func:`workshop_kit.models.interests.area_scores`;
        left out (or flat), interests do not change the ranking.
    """
    specificity = skill_weights(roles)
    typical = _typical_weight(roles, specificity)
    own_mean = own_average(ratings, scale_max)
    flat = is_flat(ratings, scale_max)
    relative_interest = _interest_relative(interest_scores)
    leaning = {area for area, value in relative_interest.items() if value > 0}
    matches = []
    for role in roles.roles:
        weights = {s: w * specificity[s] for s, w in role.skills.items()}
        if flat:
            skill_fit = 0.0
        else:
            points = sum(w * (ratings.get(s, own_mean) - own_mean) for s, w in weights.items())
            skill_fit = points / max(sum(weights.values()), typical)
        interest_fit = 0.0
        if relative_interest and role.interests:
            pairs = list(zip(AREA_WEIGHTS, role.interests, strict=False))
            interest_fit = sum(w * relative_interest.get(a, 0.0) for w, a in pairs) / sum(
                w for w, _ in pairs
            )
        fit = skill_fit + INTEREST_WEIGHT * interest_fit
        score = min(100.0, max(0.0, 50 + POINTS_PER_RATING * fit))
        by_importance = sorted(role.skills, key=lambda skill: -weights[skill])
        carries = sorted(
            (s for s in by_importance if ratings.get(s, 0) >= strong_min),
            key=lambda s: (-role.skills[s], -ratings[s], -weights[s]),
        )
        gaps = sorted(
            (s for s in by_importance if s in ratings and ratings[s] <= weak_max),
            key=lambda s: (-role.skills[s], ratings[s]),
        )
        unrated = [s for s in by_importance if s not in ratings]
        fits = [a for a in role.interests if a in leaning]
        matches.append(Match(role, round(score, 1), carries, gaps, unrated, fits))
    order = {role.id: index for index, role in enumerate(roles.roles)}
    matches.sort(key=lambda m: (-m.score, order[m.role.id]))
    return matches


def rank_roles(
    ratings: Mapping[str, int],
    roles: RolesFile,
    scale_max: int,
    strong_min: int,
    weak_max: int,
    interest_scores: Mapping[str, float] | None = None,
    picks: Sequence[str] = (),
) -> Ranking:
    """:func:`match_roles` with the state of the ranking, for the page to act on.

    With ``picks`` (the student's three strongest skills, asked for when the ratings
    are flat), the ranking is built from :func:`ratings_from_picks` instead.
    """
    if picks:
        picked = ratings_from_picks(picks, ratings, scale_max)
        matches = match_roles(picked, roles, scale_max, strong_min, weak_max, interest_scores)
        return Ranking(matches, "picked", _("Ranked from the skills you picked as your strongest."))
    matches = match_roles(ratings, roles, scale_max, strong_min, weak_max, interest_scores)
    if not ratings:
        return Ranking(matches, "unrated", _("Rate your skills in stage 1 to see roles that fit."))
    if is_flat(ratings, scale_max):
        return Ranking(matches, "flat", flat_message())
    return Ranking(matches, "ranked", "")


def ratings_from_picks(
    picks: Sequence[str], ratings: Mapping[str, int], scale_max: int
) -> dict[str, int]:
    """Ratings that say "these are my strongest": the picked skills at the top of the
    scale, every other rated skill at the middle (a flat profile carries no other
    signal, and the middle neither carries over nor needs work)."""
    middle = (1 + scale_max) // 2
    chosen = list(dict.fromkeys(picks))
    out = {skill: middle for skill in ratings}
    out.update({skill: scale_max for skill in chosen})
    return out


# How far the stretch list reaches, set by stage 1's "how wide are you ready to look"
# (comfort-zone option id): (how many roles, at most how many from one field). A
# student who wants the same kind of job sees a short list that may stay in one or
# two fields; one open to anything sees a long list, each role from another field.
REACH: dict[str, tuple[int, int | None]] = {
    "same_role": (2, None),
    "same_field": (3, 2),
    "new_field": (5, 1),
    "anything": (8, 1),
}


def stretch_reach(choice: str | None, default: int = 5) -> tuple[int, int | None]:
    """(roles in the stretch list, most from one field) for a comfort-zone answer;
    ``(default, None)`` when the student has not answered (or the option is unknown)."""
    return REACH.get(choice or "", (default, None))


def split_home_and_stretch(
    matches: list[Match],
    home_industries: Collection[str] = (),
    count: int = 5,
    stretch_count: int | None = None,
    per_field: int | None = None,
) -> tuple[list[Match], list[Match]]:
    """ "Close to home" (the student's own field) and "stretch" (everything else).

    Without a stated field, home is the industry of the best match: the stretch set
    then shows strong fits the student might not have thought of, which is lesson 2.
    ``stretch_count`` (``count`` when left out) and ``per_field`` (the most roles from
    one industry) set how far the stretch set reaches (:func:`stretch_reach`).
    """
    if not matches:
        return [], []
    home = set(home_industries) or {matches[0].industry}
    close = [m for m in matches if m.industry in home][:count]
    limit = count if stretch_count is None else stretch_count
    stretch: list[Match] = []
    per_industry: Counter[str] = Counter()
    for m in matches:
        if len(stretch) >= limit:
            break
        if m.industry in home or (per_field is not None and per_industry[m.industry] >= per_field):
            continue
        stretch.append(m)
        per_industry[m.industry] += 1
    return close, stretch


def filter_by_industry(matches: list[Match], industries: Collection[str]) -> list[Match]:
    """Only the matches in ``industries`` (all of them when it is empty)."""
    return [m for m in matches if not industries or m.industry in industries]


def filter_by_employer(matches: list[Match], employers: Collection[str]) -> list[Match]:
    """Only the matches some employer type in ``employers`` hires for (all when empty)."""
    wanted = set(employers)
    return [m for m in matches if not wanted or wanted & set(m.role.employers)]


# Each employer type's name in a list ("Who hires: start-ups and small businesses"),
# marked for the catalog: pages show employer_name().
EMPLOYER_NAMES = {
    "startup": N_("start-ups"),
    "small_business": N_("small businesses"),
    "large_company": N_("large companies"),
    "nonprofit": N_("non-profits"),
    "public_sector": N_("the public sector"),
}
# The suggestion, one whole sentence per employer type (French needs "aux", "au"...).
ALSO_FITS = {
    "startup": N_("Your skills also fit start-ups: {roles}."),
    "small_business": N_("Your skills also fit small businesses: {roles}."),
    "large_company": N_("Your skills also fit large companies: {roles}."),
    "nonprofit": N_("Your skills also fit non-profits: {roles}."),
    "public_sector": N_("Your skills also fit the public sector: {roles}."),
}


def employer_name(employer: str) -> str:
    """An employer type's name in the page's language, as listed in a sentence."""
    name = EMPLOYER_NAMES.get(employer)
    return _(name) if name else employer


@dataclass(frozen=True)
class EmployerSuggestion:
    employer: str
    matches: list[Match]
    text: str


def also_fits(
    matches: list[Match],
    employer: str,
    shown: Collection[str] = (),
    count: int = 3,
) -> EmployerSuggestion:
    """Roles at one employer type that the student's ranking also supports, e.g.
    "Your skills also fit start-ups: Start-up operations intern, ...".

    Roles typical of that employer (hired mostly there: it is one of at most two
    types listed) come first, then the best-ranked others; roles in ``shown`` (ids
    already on the page) are left out, and so are roles that rank below the middle.
    """
    candidates = [
        m
        for m in matches
        if employer in m.role.employers and m.role.id not in shown and m.score >= 50
    ]
    typical = [m for m in candidates if len(m.role.employers) <= 2]
    rest = [m for m in candidates if m not in typical]
    chosen = (typical + rest)[:count]
    if not chosen:
        return EmployerSuggestion(employer, [], "")
    roles = _in_language([m.role.title for m in chosen])
    template = ALSO_FITS.get(employer)
    if template is None:
        text = _("Your skills also fit {employers}: {roles}.").format(
            employers=employer, roles=roles
        )
    else:
        text = _(template).format(roles=roles)
    return EmployerSuggestion(employer, chosen, text)


def _in_sentence(name: str) -> str:
    """A name as it reads mid-sentence: "Emails and reports" -> "emails and reports",
    but "Speaking English at work" keeps English, and "CAD drafting" keeps CAD."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def explain(
    match: Match,
    skills: SkillsFile,
    interests: InterestsFile | None = None,
    close: bool = False,
) -> str:
    """One or two plain sentences on why a role was suggested, naming the student's
    skills and, when ``interests`` is given and the role fits their lean, the interest.
    A ``close`` role (in the student's own field) is never called "a real stretch"."""
    names = {skill.id: _in_sentence(skill.name) for skill in skills.skills}
    areas = {area.id: _in_sentence(area.name) for area in interests.areas} if interests else {}

    def english_skills(words) -> str:
        # "your" before each name: names have "and" in them ("emails and reports")
        if len(words) == 1:
            return words[0]
        return ", your ".join(words[:-1]) + " and your " + words[-1]

    def listed(ids: list[str]) -> str:
        # another language quotes each name (« ... »), which keeps it one name
        return _in_language([names.get(i, i) for i in ids[:3]], english_skills, quote=True)

    def english_interests(words) -> str:
        # "leading and persuading, and in helping people": the names have "and" in them
        return ", and in ".join(words)

    fits = [areas[a] for a in match.interests if a in areas][:2]
    interest = _in_language(fits, english_interests, quote=True)
    parts = []
    if match.carries_over and interest:
        parts.append(
            _("Uses your {skills}, and fits your interest in {interests}.").format(
                skills=listed(match.carries_over), interests=interest
            )
        )
    elif match.carries_over:
        parts.append(_("Uses your {skills}.").format(skills=listed(match.carries_over)))
    elif interest:
        parts.append(
            _(
                "Fits your interest in {interests}, though none of your strongest skills "
                "is central here."
            ).format(interests=interest)
        )
    elif close:
        parts.append(_("It is in your field, but none of your strongest skills is central here."))
    else:
        parts.append(_("None of your strongest skills is central here, so this is a real stretch."))
    if match.needs_work:
        parts.append(_("To get there, work on {skill}.").format(skill=listed(match.needs_work[:1])))
    elif match.unrated:
        parts.append(
            _("Rate {skill} in stage 1 to see the full picture.").format(
                skill=listed(match.unrated[:1])
            )
        )
    return " ".join(parts)
