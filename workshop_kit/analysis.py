"""Group aggregations for the instructor's dashboard and the exports (pandas).

Only the instructor's kernel imports this module: student pages never load pandas.
Every function takes a workshop snapshot (:meth:`Store.workshop_snapshot`) and the
content, and returns a small DataFrame that the dashboard draws as it is.

The answers are indexed once (:class:`AnswerIndex`) and each aggregation reads only the
keys it counts. The dashboard keeps a :class:`LiveSnapshot`, which applies just the
answers saved since its last refresh and re-checks only the students whose answers
changed, so a refresh every 5 seconds costs what changed, not the whole group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, TypeVar

import pandas as pd

from workshop_kit import i18n
from workshop_kit.content import Content
from workshop_kit.content.schema import (
    Scenario,
    StarQuestion,
    StarQuestionsFile,
    StarRules,
    Statement,
)
from workshop_kit.models import interview, self_assessment
from workshop_kit.models.interests import INTEREST_PREFIX, interest_group_means
from workshop_kit.models.progress import DONE, IN_PROGRESS, NOT_STARTED, stage_progress
from workshop_kit.stage_ids import STAGES

Snapshot = Mapping[str, Any]
Answers = dict[int, dict[str, dict[str, Any]]]  # participant id -> stage -> key -> value
ANSWER_COLUMNS = ["participant_id", "stage", "key", "value"]
# The columns of each stage 3 table; a content folder without that part gets them empty.
QUIZ_COLUMNS = ["statement", "topic", "answer", "answered", "share_correct"]
SCENARIO_COLUMNS = ["moment", "answered", "share_best", "most_common_wrong"]
STAR_COLUMNS = ["rule", "students", "share"]
DRILL_COLUMNS = ["item", "ratings", "mean"]
T = TypeVar("T")


class AnswerIndex:
    """The latest answers of one workshop, by participant (:attr:`by_person`, as in a
    snapshot) and by key (:attr:`by_key`, ``{key: {stage: {participant: value}}}``).

    :meth:`apply` takes in newer answers and counts the changes to each participant's
    and each key's answers, so a result worked out for one of them can be kept until
    those answers change (:meth:`kept`).

    Parameters
    ----------
    by_person
        A snapshot's ``answers``, used as they are (not copied): an index made this way
        is read, never applied to.
    """

    def __init__(self, by_person: Answers | None = None):
        self.by_person: Answers = {} if by_person is None else by_person
        self.person_version: dict[int, int] = {}
        self.key_version: dict[str, int] = {}
        self.changes = 0  # answers applied so far
        self._by_key: dict[str, dict[str, dict[int, Any]]] | None = None
        self._kept: dict[str, tuple[object, dict[Any, tuple[Any, Any]]]] = {}

    def apply(self, answers: Mapping[int, Mapping[str, Mapping[str, Any]]]) -> None:
        """Take in a newer snapshot's answers: each value replaces the one it follows."""
        by_person, by_key = self.by_person, self._by_key
        person_version, key_version = self.person_version, self.key_version
        keys: set[str] = set()
        for participant_id, stages in answers.items():
            mine = by_person.get(participant_id)
            if mine is None:
                mine = by_person[participant_id] = {}
            for stage, given in stages.items():
                held = mine.get(stage)
                if held is None:
                    mine[stage] = dict(given)
                else:
                    held.update(given)
                keys.update(given)
                self.changes += len(given)
                if by_key is not None:
                    for key, value in given.items():
                        by_key.setdefault(key, {}).setdefault(stage, {})[participant_id] = value
            person_version[participant_id] = person_version.get(participant_id, 0) + 1
        for key in keys:
            key_version[key] = key_version.get(key, 0) + 1

    @property
    def by_key(self) -> dict[str, dict[str, dict[int, Any]]]:
        """``{key: {stage: {participant id: value}}}``, built on first use."""
        if self._by_key is None:
            by_key: dict[str, dict[str, dict[int, Any]]] = {}
            for participant_id, stages in self.by_person.items():
                for stage, answers in stages.items():
                    for key, value in answers.items():
                        column = by_key.get(key)
                        if column is None:
                            column = by_key[key] = {}
                        given = column.get(stage)
                        if given is None:
                            given = column[stage] = {}
                        given[participant_id] = value
            self._by_key = by_key
        return self._by_key

    def values(self, key: str, stage: str | None = None) -> Iterator[Any]:
        """Every participant's latest value for ``key``, in ``stage`` or in any stage."""
        column = self.by_key.get(key, {})
        if stage is not None:
            yield from column.get(stage, {}).values()
        else:
            for given in column.values():
                yield from given.values()

    def kept(self, name: str, source: object) -> dict[Any, tuple[Any, Any]]:
        """Results kept under ``name`` as ``{of: (stamp, result)}``: an aggregation
        reuses a result while its stamp (the versions it read) is unchanged. ``source``
        is the content they were worked out from; another one starts afresh."""
        kept_for, results = self._kept.get(name, (None, None))
        if kept_for is not source or results is None:
            results = {}
            self._kept[name] = (source, results)
        return results

    def per_key(self, name: str, source: object, key: str, work: Callable[[], T]) -> T:
        """``work()`` for the answers with ``key``, kept until one of them changes."""
        results = self.kept(name, source)
        stamp = self.key_version.get(key, 0)
        kept = results.get(key)
        if kept is None or kept[0] != stamp:
            kept = results[key] = (stamp, work())
        return kept[1]


class LiveSnapshot(Mapping[str, Any]):
    """A workshop snapshot that follows the store a little at a time.

    The first :meth:`update` takes a whole snapshot; each later one takes
    ``store.workshop_snapshot(workshop_id, answers_after=live.answers_upto)``, which
    holds only the answers saved since. It reads like the snapshot the store would give
    now, and the aggregations use its :attr:`index` as it is.
    """

    def __init__(self) -> None:
        self.index = AnswerIndex()
        self.answers_upto = 0
        self._rows: dict[str, list[dict[str, Any]]] = {"participants": [], "ideas": [], "votes": []}
        self._last_active: dict[int, datetime] = {}

    def update(self, snapshot: Snapshot) -> LiveSnapshot:
        """Apply a snapshot read with ``answers_after=self.answers_upto``; return self."""
        last_active = self._last_active
        people = []
        for person in snapshot["participants"]:
            participant_id = person["participant_id"]
            earlier = last_active.get(participant_id)
            if earlier is not None and earlier > person["last_active"]:
                person = {**person, "last_active": earlier}
            last_active[participant_id] = person["last_active"]
            people.append(person)
        self.index.apply(snapshot["answers"])
        self._rows = {
            "participants": people,
            "ideas": snapshot["ideas"],
            "votes": snapshot["votes"],
        }
        self.answers_upto = snapshot["answers_upto"]
        return self

    def __getitem__(self, name: str) -> Any:
        if name == "answers":
            return self.index.by_person
        if name == "answers_upto":
            return self.answers_upto
        return self._rows[name]

    def __iter__(self) -> Iterator[str]:
        return iter(("participants", "answers", "ideas", "votes", "answers_upto"))

    def __len__(self) -> int:
        return 5


def answer_index(snapshot: Snapshot) -> AnswerIndex:
    """The snapshot's answers, indexed: a live snapshot's own index, else a new one."""
    if isinstance(snapshot, LiveSnapshot):
        return snapshot.index
    return AnswerIndex(snapshot["answers"])


def answers_frame(snapshot: Snapshot) -> pd.DataFrame:
    """One row per answer: participant id, stage, key and latest value."""
    rows = [
        (participant_id, stage, key, value)
        for participant_id, stages in snapshot["answers"].items()
        for stage, answers in stages.items()
        for key, value in answers.items()
    ]
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def participation(snapshot: Snapshot, active_minutes: int = 5, at: datetime | None = None) -> dict:
    """How many joined, and how many saved something in the last ``active_minutes``."""
    at = at or datetime.now(timezone.utc)
    since = at - timedelta(minutes=active_minutes)
    active = 0
    for person in snapshot["participants"]:
        last = person["last_active"]
        if last is not None:
            last = last if last.tzinfo else last.replace(tzinfo=timezone.utc)
            active += last >= since
    return {"joined": len(snapshot["participants"]), "active": int(active)}


def progress_table(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Stage × (done, in progress, not started) counts of participants."""
    index = answer_index(snapshot)
    posted = Counter(i["participant_id"] for i in snapshot["ideas"])
    people = list(dict.fromkeys(p["participant_id"] for p in snapshot["participants"]))
    listed = set(people)
    people += [pid for pid in index.by_person if pid not in listed]
    kept = index.kept("progress", content.skills)
    version = index.person_version
    alike: Counter[tuple] = Counter()  # how many share each (stage, status) tuple
    for pid in people:
        stamp = (version.get(pid, 0), posted.get(pid, 0))
        entry = kept.get(pid)
        if entry is None or entry[0] != stamp:
            progress = stage_progress(index.by_person.get(pid, {}), content.skills, stamp[1])
            entry = kept[pid] = (stamp, tuple(progress.items()))
        alike[entry[1]] += 1
    counts: Counter[tuple[str, str]] = Counter()
    for progress, n in alike.items():
        for stage_status in progress:
            counts[stage_status] += n
    statuses = [DONE, IN_PROGRESS, NOT_STARTED]
    if not people:
        return pd.DataFrame(0, index=list(STAGES), columns=statuses)
    return pd.DataFrame(
        [[counts[stage, status] for status in statuses] for stage in STAGES],
        index=pd.Index(list(STAGES), name="stage"),
        columns=pd.Index(statuses, name="status"),
    )


def skill_distribution(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """One row per skill: its category, how many rated it 1..5, the mean and the count."""
    index = answer_index(snapshot)
    skills = content.skills.skills
    top = content.self_assessment.rating_scale[-1].value
    levels = list(range(1, top + 1))
    counts, means = {}, {}
    for key in index.by_key:
        skill_id = self_assessment.rated_skill(key)
        if skill_id is not None:
            level_counts, total, rated = index.per_key(
                "ratings", content.self_assessment, key, lambda key=key: _ratings(index, key, top)
            )
            counts[skill_id] = level_counts
            if rated:
                means[skill_id] = total / rated
    table = pd.DataFrame(
        [counts.get(s.id, [0] * top) for s in skills],
        index=[s.id for s in skills],
        columns=[f"rated_{level}" for level in levels],
    )
    table["n"] = table.sum(axis=1)
    table["mean"] = pd.Series(means, dtype=float).reindex(table.index).round(2)
    table.insert(0, "name", [s.name for s in skills])
    table.insert(1, "category", [s.category for s in skills])
    table.index.name = "skill"
    return table


def _ratings(index: AnswerIndex, key: str, top: int) -> tuple[list[int], int, int]:
    """(how many rated 1..top, sum and count of every valid rating) for one skill."""
    counts = [0] * top
    total = rated = 0
    for value in index.values(key, self_assessment.STAGE):
        if isinstance(value, int) and value > 0:
            total += value
            rated += 1
            if value <= top:
                counts[value - 1] += 1
    return counts, total, rated


def interest_spread(snapshot: Snapshot, content: Content) -> dict[str, float]:
    """The group's mean per interest area (``{area id: mean}``), only for an area that
    at least ``group_minimum`` students rated, as with the skills; empty without an
    interests file."""
    if content.interests is None:
        return {}
    index = answer_index(snapshot)
    rows = (
        (participant, key, value)
        for key, stages in index.by_key.items()
        if key.startswith(INTEREST_PREFIX)
        for participant, value in stages.get(self_assessment.STAGE, {}).items()
    )
    return interest_group_means(rows, content.interests, content.self_assessment.group_minimum)


def quiz_results(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per statement: how many answered, the share right; hardest first."""
    quiz = content.by_kind.get("interview_statements")
    if quiz is None:  # a content folder without stage 3's statements
        return pd.DataFrame(columns=QUIZ_COLUMNS)
    index = answer_index(snapshot)
    rows = []
    for statement in quiz.statements:
        key = interview.quiz_key(statement.id)
        answered, right = index.per_key(
            "quiz", quiz, key, lambda key=key, statement=statement: _quiz(index, key, statement)
        )
        rows.append(
            {
                "statement": statement.text,
                "topic": statement.topic,
                "answer": "do" if statement.answer == "do" else "don't",
                "answered": answered,
                "share_correct": round(right / answered, 2) if answered else None,
            }
        )
    table = pd.DataFrame(rows, columns=QUIZ_COLUMNS)
    return table.sort_values(
        ["share_correct", "answered"], ascending=[True, False], na_position="last"
    ).reset_index(drop=True)


def _quiz(index: AnswerIndex, key: str, statement: Statement) -> tuple[int, int]:
    answered = right = 0
    for value in index.values(key):
        if value == "do" or value == "dont":
            answered += 1
            right += value == statement.answer
    return answered, right


def scenario_results(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per tricky moment: answered, share choosing the best, the most common wrong choice."""
    scenarios = content.by_kind.get("interview_scenarios")
    if scenarios is None:
        return pd.DataFrame(columns=SCENARIO_COLUMNS)
    index = answer_index(snapshot)
    rows = []
    for scenario in scenarios.scenarios:
        key = interview.scenario_key(scenario.id)
        picked = index.per_key(
            "scenarios",
            scenarios,
            key,
            lambda key=key, scenario=scenario: _picked(index, key, scenario),
        )
        answered = sum(picked.values())
        best = interview.best_choice(scenario)
        wrong = Counter({choice: n for choice, n in picked.items() if choice != best})
        common = wrong.most_common(1)
        rows.append(
            {
                "moment": scenario.title,
                "answered": answered,
                "share_best": round(picked.get(best, 0) / answered, 2) if answered else None,
                "most_common_wrong": scenario.choices[common[0][0]].text.strip() if common else "",
            }
        )
    return (
        pd.DataFrame(rows, columns=SCENARIO_COLUMNS)
        .sort_values("share_best", na_position="last")
        .reset_index(drop=True)
    )


def _picked(index: AnswerIndex, key: str, scenario: Scenario) -> Counter[int]:
    """How many picked each choice, counted in the order the answers came."""
    choices = len(scenario.choices)
    given = index.values(key)
    return Counter(int(v) for v in given if isinstance(v, int) and 0 <= v < choices)


@lru_cache(maxsize=16)
def _star_rules(rules_json: str) -> StarRules:
    return StarRules.model_validate_json(rules_json)


@lru_cache(maxsize=8192)
def _failed_star_rules(
    parts: tuple[str, ...], rules_json: str, result_kind: str, language: str
) -> tuple[str, ...]:
    given = dict(zip(interview.PARTS, parts, strict=True))
    findings = interview.star_feedback(given, _star_rules(rules_json), result_kind, language)
    return tuple(f.rule for f in interview.problems(findings))


def failed_star_rules(
    parts: Mapping[str, str],
    rules: StarRules | str,
    result_kind: str = "measure",
    language: str | None = None,
) -> tuple[str, ...]:
    """The STAR rules an answer fails, in the order :func:`interview.star_feedback` checks
    them. Remembered per answer text: the dashboard asks again every few seconds, and
    an export asks for every student. ``rules`` may be given as its JSON (which
    identifies it), to save dumping it again per call. ``result_kind`` is the
    question's (:attr:`StarQuestion.result_kind`); ``language`` the answer's (the STAR
    rules read "I" and "we" per language; the page's language when None)."""
    rules_json = rules if isinstance(rules, str) else rules.model_dump_json()
    given = tuple(parts.get(p, "") for p in interview.PARTS)
    return _failed_star_rules(given, rules_json, result_kind, language or i18n.current())


def star_parts(stage3: Mapping[str, Any], question_id: str) -> dict[str, str]:
    """A student's four STAR parts for one question ("" for a part never written)."""
    values = {p: stage3.get(interview.star_key(question_id, p)) for p in interview.PARTS}
    return {p: v if isinstance(v, str) else "" for p, v in values.items()}


def star_keys(star: StarQuestionsFile) -> dict[str, int]:
    """``{answer key: index of its question}`` for every part of every STAR question."""
    return {
        interview.star_key(question.id, part): n
        for n, question in enumerate(star.questions)
        for part in interview.PARTS
    }


def written_star_answers(
    stage3: Mapping[str, Any], star: StarQuestionsFile, keys: Mapping[str, int]
) -> list[tuple[StarQuestion, dict[str, str]]]:
    """The STAR questions a student wrote something for, in the content's order, with
    the four parts; ``keys`` is :func:`star_keys` of ``star``."""
    written = []
    for n in sorted({keys[key] for key in stage3.keys() & keys.keys()}):
        question = star.questions[n]
        parts = star_parts(stage3, question.id)
        if any(v.strip() for v in parts.values()):
            written.append((question, parts))
    return written


def _star_check(
    stage3: Mapping[str, Any], star: StarQuestionsFile, keys: Mapping[str, int], rules_json: str
) -> tuple[bool, tuple[str, ...]]:
    """(wrote any STAR answer, rules failed by at least one of them)."""
    failed: dict[str, None] = {}
    written = written_star_answers(stage3, star, keys)
    for question, parts in written:
        failed.update(dict.fromkeys(failed_star_rules(parts, rules_json, question.result_kind)))
    return bool(written), tuple(failed)


def star_failures(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per STAR rule: how many students' written answers fail it (each student once)."""
    star = content.by_kind.get("star_questions")
    if star is None:
        return pd.DataFrame(columns=STAR_COLUMNS)
    rules_json = star.rules.model_dump_json()
    keys = star_keys(star)
    index = answer_index(snapshot)
    kept = index.kept("star", star)
    version = index.person_version
    alike: Counter[tuple[bool, tuple[str, ...]]] = Counter()
    for pid, answers in index.by_person.items():
        stamp = version.get(pid, 0)
        entry = kept.get(pid)
        if entry is None or entry[0] != stamp:
            checked = _star_check(answers.get(interview.STAGE, {}), star, keys, rules_json)
            entry = kept[pid] = (stamp, checked)
        alike[entry[1]] += 1
    failing: Counter[str] = Counter()
    writers = 0
    for (wrote, rules_failed), n in alike.items():
        writers += wrote * n
        for rule in rules_failed:
            failing[rule] += n
    rows = [
        {"rule": rule, "students": count, "share": round(count / writers, 2) if writers else None}
        for rule, count in failing.most_common()
    ]
    return pd.DataFrame(rows, columns=STAR_COLUMNS)


def drill_ratings(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Mean self-rating per rubric item across every rated drill question."""
    mock = content.by_kind.get("mock_interview")
    if mock is None:
        return pd.DataFrame(columns=DRILL_COLUMNS)
    index = answer_index(snapshot)
    sums: dict[str, list[int]] = {}
    for key in index.by_key:
        rated = interview.drill_rubric_of(key)
        if rated is not None:
            total, count = index.per_key("drill", mock, key, lambda key=key: _drill(index, key))
            item = sums.setdefault(rated[1], [0, 0])
            item[0] += total
            item[1] += count
    rows = []
    for item in mock.rubric:
        total, count = sums.get(item.id, (0, 0))
        rows.append(
            {
                "item": item.name,
                "ratings": count,
                "mean": round(total / count, 2) if count else None,
            }
        )
    return pd.DataFrame(rows, columns=DRILL_COLUMNS)


def _drill(index: AnswerIndex, key: str) -> tuple[int, int]:
    values = [v for v in index.values(key) if isinstance(v, int) and 0 < v <= 5]
    return sum(values), len(values)


def top_ideas(snapshot: Snapshot, count: int = 10) -> pd.DataFrame:
    visible = [i for i in snapshot["ideas"] if not i["hidden"]]
    table = pd.DataFrame(
        visible, columns=["id", "text", "role", "industry", "first_step", "votes", "created_at"]
    )
    return (
        table.sort_values(["votes", "created_at"], ascending=[False, False])
        .head(count)
        .reset_index(drop=True)
    )
