"""Group aggregations for the instructor's dashboard and the exports (pandas).

Only the instructor's kernel imports this module: student pages never load pandas.
Every function takes a workshop snapshot (:meth:`Store.workshop_snapshot`) and the
content, and returns a small DataFrame that the dashboard draws as it is.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

from workshop_kit.content import Content
from workshop_kit.models import interview
from workshop_kit.models.progress import DONE, IN_PROGRESS, NOT_STARTED, STAGES, stage_progress

Snapshot = dict[str, list[dict[str, Any]]]


def answers_frame(snapshot: Snapshot) -> pd.DataFrame:
    columns = ["participant_id", "stage", "key", "value", "created_at"]
    return pd.DataFrame(snapshot["answers"], columns=columns)


def _by_participant(snapshot: Snapshot) -> dict[int, dict[str, dict[str, Any]]]:
    out: dict[int, dict[str, dict[str, Any]]] = {
        p["participant_id"]: {} for p in snapshot["participants"]
    }
    for row in snapshot["answers"]:
        out.setdefault(row["participant_id"], {}).setdefault(row["stage"], {})[row["key"]] = row[
            "value"
        ]
    return out


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
    posted = Counter(i["participant_id"] for i in snapshot["ideas"])
    rows = []
    for pid, answers in _by_participant(snapshot).items():
        progress = stage_progress(answers, content.skills, posted.get(pid, 0))
        rows += [{"stage": stage, "status": status} for stage, status in progress.items()]
    table = pd.DataFrame(rows, columns=["stage", "status"])
    counts = pd.crosstab(table["stage"], table["status"]) if len(table) else pd.DataFrame()
    return (
        counts.reindex(index=list(STAGES), columns=[DONE, IN_PROGRESS, NOT_STARTED])
        .fillna(0)
        .astype(int)
    )


def skill_distribution(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """One row per skill: its category, how many rated it 1..5, the mean and the count."""
    answers = answers_frame(snapshot)
    ratings = answers[
        (answers["stage"] == "self_assessment") & answers["key"].str.startswith("rating.")
    ].copy()
    ratings["skill"] = ratings["key"].str.removeprefix("rating.")
    ratings = ratings[ratings["value"].map(lambda v: isinstance(v, int) and v > 0).astype(bool)]
    ratings["value"] = ratings["value"].astype(int)
    top = content.self_assessment.rating_scale[-1].value
    levels = list(range(1, top + 1))
    counts = pd.crosstab(ratings["skill"], ratings["value"]) if len(ratings) else pd.DataFrame()
    counts = counts.reindex(index=[s.id for s in content.skills.skills], columns=levels).fillna(0)
    table = counts.astype(int)
    table.columns = [f"rated_{level}" for level in levels]
    table["n"] = table.sum(axis=1)
    means = ratings.groupby("skill")["value"].mean()
    table["mean"] = means.reindex(table.index).round(2)
    names = {s.id: s.name for s in content.skills.skills}
    categories = {s.id: s.category for s in content.skills.skills}
    table.insert(0, "name", table.index.map(names))
    table.insert(1, "category", table.index.map(categories))
    table.index.name = "skill"
    return table


def quiz_results(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per statement: how many answered, the share right; hardest first."""
    quiz = content.by_kind["interview_statements"]
    answers = answers_frame(snapshot)
    given = answers[answers["key"].str.startswith(interview.QUIZ_PREFIX)]
    rows = []
    for statement in quiz.statements:
        picked = given.loc[given["key"] == interview.QUIZ_PREFIX + statement.id, "value"]
        picked = picked[picked.isin(["do", "dont"])]
        right = int((picked == statement.answer).sum())
        rows.append(
            {
                "statement": statement.text,
                "topic": statement.topic,
                "answer": "do" if statement.answer == "do" else "don't",
                "answered": len(picked),
                "share_correct": round(right / len(picked), 2) if len(picked) else None,
            }
        )
    table = pd.DataFrame(rows)
    return table.sort_values(
        ["share_correct", "answered"], ascending=[True, False], na_position="last"
    ).reset_index(drop=True)


def scenario_results(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per tricky moment: answered, share choosing the best, the most common wrong choice."""
    scenarios = content.by_kind["interview_scenarios"]
    answers = answers_frame(snapshot)
    rows = []
    for scenario in scenarios.scenarios:
        picked = answers.loc[answers["key"] == interview.SCENARIO_PREFIX + scenario.id, "value"]
        picked = [v for v in picked if isinstance(v, int) and 0 <= v < len(scenario.choices)]
        best = interview.best_choice(scenario)
        wrong = Counter(v for v in picked if v != best)
        common = wrong.most_common(1)
        rows.append(
            {
                "moment": scenario.title,
                "answered": len(picked),
                "share_best": round(sum(v == best for v in picked) / len(picked), 2)
                if picked
                else None,
                "most_common_wrong": scenario.choices[common[0][0]].text.strip() if common else "",
            }
        )
    return pd.DataFrame(rows).sort_values("share_best", na_position="last").reset_index(drop=True)


def star_failures(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Per STAR rule: how many students' written answers fail it (each student once)."""
    star = content.by_kind["star_questions"]
    failing: Counter[str] = Counter()
    writers = 0
    for answers in _by_participant(snapshot).values():
        stage3 = answers.get(interview.STAGE, {})
        rules_failed: set[str] = set()
        wrote = False
        for question in star.questions:
            parts = {p: stage3.get(f"star.{question.id}.{p}") or "" for p in interview.PARTS}
            parts = {p: v if isinstance(v, str) else "" for p, v in parts.items()}
            if not any(v.strip() for v in parts.values()):
                continue
            wrote = True
            findings = interview.star_feedback(parts, star.rules)
            rules_failed |= {f.rule for f in interview.problems(findings)}
        writers += wrote
        failing.update(rules_failed)
    rows = [
        {"rule": rule, "students": count, "share": round(count / writers, 2) if writers else None}
        for rule, count in failing.most_common()
    ]
    return pd.DataFrame(rows, columns=["rule", "students", "share"])


def drill_ratings(snapshot: Snapshot, content: Content) -> pd.DataFrame:
    """Mean self-rating per rubric item across every rated drill question."""
    mock = content.by_kind["mock_interview"]
    answers = answers_frame(snapshot)
    rated = answers[answers["key"].str.startswith("drill.rubric.")].copy()
    rated = rated[rated["value"].map(lambda v: isinstance(v, int) and 0 < v <= 5).astype(bool)]
    rated["item"] = rated["key"].str.rsplit(".", n=1).str[-1]
    rows = []
    for item in mock.rubric:
        values = rated.loc[rated["item"] == item.id, "value"].astype(int)
        rows.append(
            {
                "item": item.name,
                "ratings": len(values),
                "mean": round(float(values.mean()), 2) if len(values) else None,
            }
        )
    return pd.DataFrame(rows)


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
