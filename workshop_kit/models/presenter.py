"""The presenter view's model: which panels there are, in what order, what each one
needs, and the group figures it shows. Plain Python, no widgets and no pandas: the
projector's kernel stays light.

The store keeps where the presenter is (:class:`View`: a panel, an item within it and
whether its answer is revealed); the instructor moves it from the dashboard or with the
arrow keys on the presenter page. Figures are counts over the group's latest answers
(:class:`LatestAnswers`), never a person's name or own answer, and a figure drawn from
fewer than :data:`MIN_ANSWERS` people is not shown at all ("waiting for more answers"):
with one or two answers, a split would say who answered what.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from statistics import fmean
from typing import Any

from workshop_kit.i18n import N_
from workshop_kit.models import confidence, interview, self_assessment
from workshop_kit.models.interests import area_scores, interest_ratings_from_answers

MIN_ANSWERS = 3
WAITING = N_("Waiting for more answers")  # shown through _() in the page's language
RATING_PREFIX, SELF_ASSESSMENT = self_assessment.RATING_PREFIX, self_assessment.STAGE


@dataclass(frozen=True)
class Panel:
    """One full-screen panel. ``items`` names the content list whose entries the
    instructor steps through one at a time (None: a panel with one screen);
    ``revealable``: the panel has a "reveal the answer" step. ``title`` is marked for
    the catalog only: pages show it through ``_()``."""

    id: str
    title: str
    items: str | None = None
    revealable: bool = False


PANELS: tuple[Panel, ...] = (
    Panel("joining", N_("Join the workshop")),
    Panel("skills", N_("The group's skills and interests")),
    Panel("statement", N_("Do or don't?"), items="interview_statements", revealable=True),
    Panel("scenario", N_("Tricky moment"), items="interview_scenarios", revealable=True),
    Panel("ideas", N_("Top ideas from the board")),
    Panel("timer", N_("Activity timer")),
    Panel("confidence", N_("Confidence: before and after")),
    Panel("next", N_("What we will do next")),
)
PANEL_IDS: tuple[str, ...] = tuple(panel.id for panel in PANELS)
_BY_ID = {panel.id: panel for panel in PANELS}
ITEM_LIMIT = 1000  # no content list is this long; the store refuses items beyond it


def panel(panel_id: str) -> Panel:
    """The panel ``panel_id``; an unknown id (an older database) is the first panel."""
    return _BY_ID.get(panel_id, PANELS[0])


@dataclass(frozen=True)
class View:
    """Where the presenter is: the panel, the item shown in it, whether its answer shows."""

    panel: str = PANELS[0].id
    item: int = 0
    revealed: bool = False

    def step_panel(self, by: int) -> View:
        """The next (``by=1``) or previous (``-1``) panel, from its first item, answer hidden."""
        at = PANEL_IDS.index(panel(self.panel).id)
        moved = PANEL_IDS[max(0, min(len(PANELS) - 1, at + by))]
        return self if moved == self.panel else View(moved)

    def step_item(self, by: int, count: int) -> View:
        """The next or previous of ``count`` items in this panel, answer hidden."""
        if count <= 0 or panel(self.panel).items is None:
            return self
        item = max(0, min(count - 1, self.item + by))
        return self if item == self.item else View(self.panel, item)

    def reveal(self, shown: bool = True) -> View:
        return replace(self, revealed=shown) if panel(self.panel).revealable else self


def items_of(content: Any, panel_id: str) -> Sequence[Any]:
    """The statements or scenarios a panel steps through (empty if the content has none)."""
    kind = panel(panel_id).items
    if kind is None or kind not in content.by_kind:
        return ()
    file = content.by_kind[kind]
    return file.statements if kind == "interview_statements" else file.scenarios


MOVES = ("next_panel", "prev_panel", "next_item", "prev_item", "reveal")


def next_view(view: View, move: str, content: Any) -> View:
    """Where a move (an arrow key, a dashboard button) takes the presenter: to the
    next or previous panel or item, or the answer shown or hidden again."""
    if move == "next_panel":
        return view.step_panel(1)
    if move == "prev_panel":
        return view.step_panel(-1)
    count = len(items_of(content, view.panel))
    if move == "next_item":
        return view.step_item(1, count)
    if move == "prev_item":
        return view.step_item(-1, count)
    if move == "reveal":
        return view.reveal(not view.revealed)
    return view


# --- the group's answers, without pandas -----------------------------------------------


class LatestAnswers:
    """Each participant's latest value per key, followed a little at a time: apply the
    store's ``workshop_snapshot(id, answers_after=self.upto)`` each time."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, dict[int, Any]]] = {}  # key -> stage -> person
        self.by_person: dict[int, dict[str, dict[str, Any]]] = {}
        self.upto = 0

    def apply(self, snapshot: Mapping[str, Any]) -> bool:
        """Take in a snapshot's answers; True when there were any."""
        answers = snapshot["answers"]
        for person, stages in answers.items():
            mine = self.by_person.setdefault(person, {})
            for stage, given in stages.items():
                mine.setdefault(stage, {}).update(given)
                for key, value in given.items():
                    self.by_key.setdefault(key, {}).setdefault(stage, {})[person] = value
        self.upto = snapshot["answers_upto"]
        return bool(answers)

    def values(self, key: str, stage: str | None = None) -> list[Any]:
        column = self.by_key.get(key, {})
        if stage is not None:
            return list(column.get(stage, {}).values())
        return [value for given in column.values() for value in given.values()]


@dataclass(frozen=True)
class Split:
    """How the group answered one question: a count per option and the right option.
    ``enough`` is False below :data:`MIN_ANSWERS` answers: then show :data:`WAITING`."""

    options: tuple[str, ...]
    counts: tuple[int, ...]
    right: int

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def enough(self) -> bool:
        return self.answered >= MIN_ANSWERS

    def percents(self) -> tuple[int, ...]:
        """Whole percentages that add up to 100 (largest remainders round up)."""
        total = self.answered
        if not total:
            return tuple(0 for _ in self.counts)
        exact = [100 * n / total for n in self.counts]
        whole = [int(e) for e in exact]
        order = sorted(range(len(exact)), key=lambda i: whole[i] - exact[i])
        for i in order[: 100 - sum(whole)]:
            whole[i] += 1
        return tuple(whole)


DO_DONT = (N_("Do"), N_("Don't"))  # shown through _()


def statement_split(statement: Any, values: Iterable[Any]) -> Split:
    """The class's Do / Don't split on one statement (values as stage 3 saves them)."""
    do = dont = 0
    for value in values:
        do += value == "do"
        dont += value == "dont"
    return Split(DO_DONT, (do, dont), 0 if statement.answer == "do" else 1)


def scenario_split(scenario: Any, values: Iterable[Any]) -> Split:
    """How many picked each choice of one tricky moment (choice positions as saved)."""
    counts = [0] * len(scenario.choices)
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(counts):
            counts[value] += 1
    return Split(
        tuple(choice.text.strip() for choice in scenario.choices),
        tuple(counts),
        interview.best_choice(scenario),
    )


@dataclass(frozen=True)
class GroupMean:
    name: str
    mean: float
    people: int


def skill_means(
    skills: Iterable[Any], answers: LatestAnswers, minimum: int = MIN_ANSWERS
) -> list[GroupMean]:
    """The group's mean rating of each skill that at least ``minimum`` people rated
    (never fewer than :data:`MIN_ANSWERS`), highest first."""
    minimum = max(minimum, MIN_ANSWERS)
    means = []
    for skill in skills:
        rated = [
            v
            for v in answers.values(RATING_PREFIX + skill.id, SELF_ASSESSMENT)
            if isinstance(v, int) and not isinstance(v, bool) and v > 0
        ]
        if len(rated) >= minimum:
            means.append(GroupMean(skill.name, fmean(rated), len(rated)))
    return sorted(means, key=lambda m: (-m.mean, m.name))


def interest_means(
    interests: Any, answers: LatestAnswers, minimum: int = MIN_ANSWERS
) -> list[GroupMean]:
    """The group's mean score of each interest area (each student's area score, as
    stage 1 works it out), for the areas at least ``minimum`` students scored (never
    fewer than :data:`MIN_ANSWERS`)."""
    minimum = max(minimum, MIN_ANSWERS)
    scores: dict[str, list[float]] = {}
    for stages in answers.by_person.values():
        ratings = interest_ratings_from_answers(stages.get(SELF_ASSESSMENT, {}), interests)
        for area, score in area_scores(ratings, interests).items():
            scores.setdefault(area, []).append(score)
    names = {area.id: area.name for area in interests.areas}
    means = [
        GroupMean(names[area], fmean(given), len(given))
        for area, given in scores.items()
        if len(given) >= minimum
    ]
    return sorted(means, key=lambda m: (-m.mean, m.name))


@dataclass(frozen=True)
class ConfidenceRow:
    """One statement of the confidence check as the presenter shows it: the group's
    change (:class:`~workshop_kit.models.confidence.GroupChange`, averages only when
    ``change.shown``) over the students who answered both before and after."""

    text: str
    change: confidence.GroupChange


def confidence_rows(settings: Any, answers: LatestAnswers) -> list[ConfidenceRow]:
    """Per statement of the confidence check (``settings``: the content's confidence
    file), the group's average at the start and at the end over the students who gave
    both, hidden below :data:`MIN_ANSWERS` such students (and below the check's own
    minimum, if it is higher)."""
    ids = [statement.id for statement in settings.statements]
    minimum = max(confidence.MIN_STUDENTS, MIN_ANSWERS)
    changes = confidence.group_changes(answers.by_person, ids, len(settings.scale), minimum)
    return [
        ConfidenceRow(statement.text, change)
        for statement, change in zip(settings.statements, changes, strict=True)
    ]


def confidence_counts(settings: Any, answers: LatestAnswers) -> tuple[int, int]:
    """How many students rated at least one statement at the start, and at the end."""
    ids = [statement.id for statement in settings.statements]
    return confidence.answered_counts(answers.by_person, ids, len(settings.scale))


@dataclass(frozen=True)
class ShownIdea:
    text: str
    votes: int


def top_ideas(ideas: Iterable[Mapping[str, Any]], count: int = 5) -> list[ShownIdea]:
    """The most voted ideas still on the board (hidden ones never), newest first on a tie."""
    shown = [idea for idea in ideas if not idea["hidden"]]
    shown.sort(key=lambda idea: idea["created_at"], reverse=True)
    shown.sort(key=lambda idea: idea["votes"], reverse=True)
    return [ShownIdea(idea["text"], int(idea["votes"])) for idea in shown[:count]]
