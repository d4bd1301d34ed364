"""Stage 1 interests model: what kind of work a student would enjoy, kept apart from any widget.

Answers are stored in the ``self_assessment`` stage under ``interest.<item id>`` (int,
0 = not rated), beside the skill ratings (``rating.<skill id>``). An area's score is
the mean of its rated items on the 1-5 scale; the top areas are those clearly above
the student's own average, so a student who rates everything 4 is told that their
interests are spread evenly instead of being handed an arbitrary "top two".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from workshop_kit.content.schema import INTEREST_AREAS, InterestAreaInfo, InterestsFile
from workshop_kit.i18n import N_, _
from workshop_kit.models.wording import listed

INTEREST_PREFIX = "interest."
# Area scores closer together than this (on a 1-5 scale) say nothing about a lean.
FLAT_SPREAD = 0.75
# An area this far below the best one still counts as a top area...
TOP_MARGIN = 1.0
# ...if it is at least this far above the student's own average.
TOP_LEAD = 0.5
MAX_TOP = 3
MIN_RATED_PER_AREA = 2


def interest_key(item_id: str) -> str:
    return INTEREST_PREFIX + item_id


# The RIASEC (Holland) names, in the page's language where shown.
HOLLAND_NAMES = {
    "realistic": N_("Realistic"),
    "investigative": N_("Investigative"),
    "artistic": N_("Artistic"),
    "social": N_("Social"),
    "enterprising": N_("Enterprising"),
    "conventional": N_("Conventional"),
}


def holland_name(area_id: str) -> str:
    """The RIASEC name in the page's language: ``social`` -> ``Social``."""
    name = HOLLAND_NAMES.get(area_id)
    return _(name) if name else area_id.capitalize()


def interest_ratings_from_answers(
    answers: Mapping[str, Any], interests: InterestsFile
) -> dict[str, int]:
    """``{item id: rating}`` of the rated items; unrated and unknown items left out."""
    known = {item.id for area in interests.areas for item in area.items}
    ratings = {}
    for key, value in answers.items():
        if key.startswith(INTEREST_PREFIX) and not isinstance(value, bool):
            item_id = key[len(INTEREST_PREFIX) :]
            if item_id in known and isinstance(value, int) and value > 0:
                ratings[item_id] = value
    return ratings


def area_scores(ratings: Mapping[str, int], interests: InterestsFile) -> dict[str, float]:
    """Mean rating per area (1-5), for the areas with at least two rated items."""
    scores = {}
    for area in interests.areas:
        values = [ratings[item.id] for item in area.items if item.id in ratings]
        if len(values) >= MIN_RATED_PER_AREA:
            scores[area.id] = fmean(values)
    return scores


@dataclass(frozen=True)
class InterestProfile:
    """What the interest ratings say, ready to show."""

    scores: dict[str, float]  # area id -> mean 1-5, content order
    top: list[InterestAreaInfo]  # the areas the student leans towards, strongest first
    flat: bool  # every area about the same: no lean to report
    summary: str

    @property
    def rated(self) -> bool:
        return bool(self.scores)

    def relative(self) -> dict[str, float]:
        """Each area's score minus the student's own average (0 for a flat profile)."""
        if not self.scores or self.flat:
            return {area: 0.0 for area in self.scores}
        mean = fmean(self.scores.values())
        return {area: score - mean for area, score in self.scores.items()}


def is_flat(scores: Mapping[str, float]) -> bool:
    """True when the rated areas are too close together to show a lean."""
    return len(scores) < 2 or max(scores.values()) - min(scores.values()) < FLAT_SPREAD


def top_areas(scores: Mapping[str, float], interests: InterestsFile) -> list[InterestAreaInfo]:
    """Up to three areas within ``TOP_MARGIN`` of the best and ``TOP_LEAD`` above the
    student's own average, strongest first (ties keep content order); none for a flat profile."""
    if is_flat(scores):
        return []
    mean = fmean(scores.values())
    best = max(scores.values())
    order = {area.id: index for index, area in enumerate(interests.areas)}
    by_id = {area.id: area for area in interests.areas}
    chosen = sorted(
        (a for a, s in scores.items() if s >= mean + TOP_LEAD and s >= best - TOP_MARGIN),
        key=lambda a: (-scores[a], order[a]),
    )
    return [by_id[a] for a in chosen[:MAX_TOP]]


def summarise(
    scores: Mapping[str, float], top: list[InterestAreaInfo], interests: InterestsFile
) -> str:
    """One or two plain sentences, e.g. "You lean towards Social and Enterprising work: ..."."""
    if not scores:
        return _("Rate the lines about work you would enjoy to see where your interests lean.")
    if not top:
        return _(
            "Your interests are spread evenly: you rated every area about the same. "
            "That is fine. Your skills will guide the suggestions more, and you can "
            "come back and mark the lines you feel most strongly about."
        )
    names = listed([holland_name(area.id) for area in top])
    reasons = "; ".join(area.summary for area in top)
    return _("You lean towards {names} work: {reasons}.").format(names=names, reasons=reasons)


def build_interest_profile(ratings: Mapping[str, int], interests: InterestsFile) -> InterestProfile:
    scores = area_scores(ratings, interests)
    top = top_areas(scores, interests)
    return InterestProfile(
        scores=scores,
        top=top,
        flat=bool(scores) and not top,
        summary=summarise(scores, top, interests),
    )


def interest_group_means(
    rows: Iterable[tuple[int, str, Any]], interests: InterestsFile, minimum: int
) -> dict[str, float]:
    """Anonymous group mean per area from ``(participant, key, value)`` rows, shown only
    for an area at least ``minimum`` people rated (as with the skills' group means)."""
    area_of = {item.id: area.id for area in interests.areas for item in area.items}
    per_person: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for participant, key, value in rows:
        if key.startswith(INTEREST_PREFIX) and isinstance(value, int) and value > 0:
            area = area_of.get(key[len(INTEREST_PREFIX) :])
            if area is not None:
                per_person[area][participant].append(value)
    means = {}
    for area in INTEREST_AREAS:
        people = per_person.get(area, {})
        if len(people) >= minimum:
            means[area] = fmean(fmean(values) for values in people.values())
    return means
