"""The confidence check, in plain Python: where its answers are kept, each student's
before and after, and the group's change (no widgets here).

Where the answers belong:

* **before** (the welcome page, after joining) is its own stage, ``confidence``, which
  no instructor control pauses: the welcome page has no pause, and an instructor who
  keeps stage 1 locked until everyone has joined should not block the first check.
* **after** (the action plan page) belongs to the ``action_plan`` stage: pausing stage
  4 pauses it with the rest of that page (the store refuses it, the page disables it),
  so an instructor can keep the final check closed until the end of the session.

An ended workshop refuses both, as it refuses every write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

BEFORE, AFTER = "before", "after"
STAGES = {BEFORE: "confidence", AFTER: "action_plan"}
KEY_PREFIX = "confidence."
# The dashboard (and the presenter) show the group's change only from this many
# students with both answers: fewer could identify someone.
MIN_STUDENTS = 3


def answer_key(statement_id: str) -> str:
    """The answer key of one statement (the same key before and after)."""
    return KEY_PREFIX + statement_id


def ratings(
    stage_answers: Mapping[str, Any] | None, statement_ids: Iterable[str], levels: int
) -> dict[str, int]:
    """``{statement id: level}`` of the statements rated in one stage's answers; a
    value that is not a level (missing, 0, forged) is left out."""
    stage_answers = stage_answers or {}
    out = {}
    for statement_id in statement_ids:
        value = stage_answers.get(answer_key(statement_id))
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= levels:
            out[statement_id] = value
    return out


@dataclass(frozen=True)
class StudentChange:
    """One student's answers to one statement (None: not given)."""

    statement_id: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def student_changes(
    answers: Mapping[str, Mapping[str, Any]], statement_ids: list[str], levels: int
) -> list[StudentChange]:
    """One student's before and after per statement, from ``{stage: {key: value}}``."""
    before = ratings(answers.get(STAGES[BEFORE]), statement_ids, levels)
    after = ratings(answers.get(STAGES[AFTER]), statement_ids, levels)
    return [StudentChange(s, before.get(s), after.get(s)) for s in statement_ids]


@dataclass(frozen=True)
class GroupChange:
    """The group's change on one statement: averages over the students who answered
    both before and after (``students``). ``shown`` is False below
    :data:`MIN_STUDENTS`, and then the averages are None."""

    statement_id: str
    students: int
    before: float | None
    after: float | None
    shown: bool

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def group_changes(
    answers_by_student: Mapping[Any, Mapping[str, Mapping[str, Any]]],
    statement_ids: list[str],
    levels: int,
    minimum: int = MIN_STUDENTS,
) -> list[GroupChange]:
    """Per statement, the average before and after of the students who gave both,
    hidden while fewer than ``minimum`` students did."""
    pairs: dict[str, list[tuple[int, int]]] = {s: [] for s in statement_ids}
    for answers in answers_by_student.values():
        for change in student_changes(answers, statement_ids, levels):
            if change.change is not None:
                pairs[change.statement_id].append((change.before, change.after))
    out = []
    for statement_id in statement_ids:
        both = pairs[statement_id]
        if len(both) < minimum:
            out.append(GroupChange(statement_id, len(both), None, None, False))
            continue
        before = sum(b for b, _a in both) / len(both)
        after = sum(a for _b, a in both) / len(both)
        out.append(GroupChange(statement_id, len(both), before, after, True))
    return out


def answered_counts(
    answers_by_student: Mapping[Any, Mapping[str, Mapping[str, Any]]],
    statement_ids: list[str],
    levels: int,
) -> tuple[int, int]:
    """How many students rated at least one statement before, and after."""
    before = after = 0
    for answers in answers_by_student.values():
        before += bool(ratings(answers.get(STAGES[BEFORE]), statement_ids, levels))
        after += bool(ratings(answers.get(STAGES[AFTER]), statement_ids, levels))
    return before, after
