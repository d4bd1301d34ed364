"""Exports for the instructor: one tidy table per kind of answer (CSV or Excel) and a
zip of personal reports. Participants appear as P001, P002...: no tokens, no resume
codes, and anonymous students stay anonymous. Cells that a spreadsheet would run as a
formula are neutralised."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from workshop_kit.content import Content
from workshop_kit.models import interview
from workshop_kit.models.action_plan import build_plan
from workshop_kit.report import render

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLES = (
    "participants",
    "ratings",
    "reflections",
    "quiz_answers",
    "scenario_answers",
    "star_answers",
    "drill_ratings",
    "ideas",
    "votes",
    "action_plans",
)


def neutralise(value: Any) -> Any:
    """A cell that starts like a formula gets a leading apostrophe, so Excel, LibreOffice
    and Google Sheets show it as text instead of running it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def tables(snapshot: dict, content: Content) -> dict[str, pd.DataFrame]:
    """Every export table for one workshop snapshot (:meth:`Store.workshop_snapshot`)."""
    labels = {p["participant_id"]: f"P{n:03d}" for n, p in enumerate(snapshot["participants"], 1)}
    by_person: dict[int, dict[str, dict[str, Any]]] = {pid: {} for pid in labels}
    for row in snapshot["answers"]:
        by_person.setdefault(row["participant_id"], {}).setdefault(row["stage"], {})[row["key"]] = (
            row["value"]
        )

    skills = {s.id: s for s in content.skills.skills}
    prompts = {p.id: p.label for p in content.self_assessment.postmortem.prompts}
    comfort = content.self_assessment.comfort_zone
    options = {o.id: o.label for o in comfort.options}
    quiz = {s.id: s for s in content.by_kind["interview_statements"].statements}
    scenarios = {s.id: s for s in content.by_kind["interview_scenarios"].scenarios}
    star = content.by_kind["star_questions"]
    star_text = {q.id: q.text for q in star.questions}
    roles = {r.id: r.title for r in content.roles.roles} if content.roles else {}

    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for person in snapshot["participants"]:
        out["participants"].append(
            {
                "participant": labels[person["participant_id"]],
                "name": person["display_name"] or "anonymous",
                "joined_at": person["joined_at"],
                "last_active": person["last_active"],
            }
        )
    for pid, stages in by_person.items():
        who = labels.get(pid)
        if who is None:
            continue
        stage1 = stages.get("self_assessment", {})
        for key, value in stage1.items():
            if key.startswith("rating.") and key[7:] in skills and isinstance(value, int) and value:
                skill = skills[key[7:]]
                out["ratings"].append(
                    {
                        "participant": who,
                        "skill": skill.id,
                        "skill_name": skill.name,
                        "category": skill.category,
                        "rating": value,
                    }
                )
            elif key.startswith("postmortem.") and isinstance(value, str) and value.strip():
                out["reflections"].append(
                    {"participant": who, "question": prompts.get(key[11:], key[11:]), "text": value}
                )
        if stage1.get("comfort_zone.choice") in options:
            out["reflections"].append(
                {
                    "participant": who,
                    "question": comfort.question,
                    "text": options[stage1["comfort_zone.choice"]],
                }
            )
        if isinstance(stage1.get("comfort_zone.stretch"), str) and stage1["comfort_zone.stretch"]:
            out["reflections"].append(
                {
                    "participant": who,
                    "question": comfort.stretch_prompt,
                    "text": stage1["comfort_zone.stretch"],
                }
            )

        stage3 = stages.get(interview.STAGE, {})
        for key, value in stage3.items():
            if (
                key.startswith(interview.QUIZ_PREFIX)
                and key[5:] in quiz
                and value in ("do", "dont")
            ):
                statement = quiz[key[5:]]
                out["quiz_answers"].append(
                    {
                        "participant": who,
                        "statement_id": statement.id,
                        "statement": statement.text,
                        "topic": statement.topic,
                        "answer": value,
                        "correct": value == statement.answer,
                    }
                )
            elif key.startswith(interview.SCENARIO_PREFIX) and key[9:] in scenarios:
                scenario = scenarios[key[9:]]
                if isinstance(value, int) and 0 <= value < len(scenario.choices):
                    out["scenario_answers"].append(
                        {
                            "participant": who,
                            "scenario": scenario.title,
                            "choice": scenario.choices[value].text.strip(),
                            "best": value == interview.best_choice(scenario),
                        }
                    )
            elif key.startswith("drill.rubric.") and isinstance(value, int):
                _, _, question, item = key.split(".", 3)
                out["drill_ratings"].append(
                    {"participant": who, "question_id": question, "item": item, "rating": value}
                )
        for question in star.questions:
            parts = {p: stage3.get(f"star.{question.id}.{p}") for p in interview.PARTS}
            parts = {p: v if isinstance(v, str) else "" for p, v in parts.items()}
            if any(v.strip() for v in parts.values()):
                failed = interview.problems(interview.star_feedback(parts, star.rules))
                out["star_answers"].append(
                    {
                        "participant": who,
                        "question_id": question.id,
                        "question": star_text[question.id],
                        **parts,
                        "checks_failed": ", ".join(f.rule for f in failed),
                    }
                )
        stage4 = stages.get("action_plan", {})
        explore = stages.get("alternative_careers", {}).get("explore") or []
        if stage4 or explore:
            out["action_plans"].append(
                {
                    "participant": who,
                    "steps": ", ".join(stage4.get("steps") or []),
                    "apply_count": stage4.get("apply_count"),
                    "practise_category": stage4.get("practise_category") or "",
                    "roles_to_explore": ", ".join(roles.get(r, r) for r in explore),
                    "own_steps": stage4.get("own_steps") or "",
                }
            )
    for idea in snapshot["ideas"]:
        out["ideas"].append(
            {
                "idea": idea["id"],
                "author": labels.get(idea["participant_id"], ""),
                "text": idea["text"],
                "role": idea["role"],
                "industry": idea["industry"],
                "first_step": idea["first_step"],
                "votes": idea["votes"],
                "hidden": bool(idea["hidden"]),
            }
        )
    for vote in snapshot["votes"]:
        out["votes"].append(
            {"idea": vote["idea_id"], "participant": labels.get(vote["participant_id"], "")}
        )
    return {name: _safe(pd.DataFrame(rows)) for name, rows in out.items()}


def reports(snapshot: dict, content: Content) -> dict[str, tuple[str, str]]:
    """``{participant label: (html, markdown)}`` personal reports."""
    title = content.action_plan.report_title if content.action_plan else "Action plan"
    by_person: dict[int, dict[str, dict[str, Any]]] = {}
    for row in snapshot["answers"]:
        by_person.setdefault(row["participant_id"], {}).setdefault(row["stage"], {})[row["key"]] = (
            row["value"]
        )
    out = {}
    for n, person in enumerate(snapshot["participants"], 1):
        plan = build_plan(
            content, by_person.get(person["participant_id"], {}), person["display_name"] or ""
        )
        out[f"P{n:03d}"] = render(plan, title)
    return out


def reports_zip(snapshot: dict, content: Content) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, (html, markdown) in reports(snapshot, content).items():
            archive.writestr(f"report-{label}.html", html)
            archive.writestr(f"report-{label}.md", markdown)
    return buffer.getvalue()


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _excel_ready(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:  # Excel has no time zones
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
    return out


def write(
    snapshot: dict, content: Content, out: Path, fmt: str, code: str, with_reports: bool = True
) -> list[Path]:
    """Write the export into folder ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    frames = tables(snapshot, content)
    stem = f"workshop-{code}"
    written = []
    if fmt == "csv":
        for name, frame in frames.items():
            path = out / f"{stem}-{name}.csv"
            frame.to_csv(path, index=False, encoding="utf-8-sig")  # BOM: Excel reads accents
            written.append(path)
    elif fmt == "xlsx":
        path = out / f"{stem}.xlsx"
        path.write_bytes(xlsx_bytes(frames))
        written.append(path)
    else:
        raise ValueError(f"unknown format {fmt!r}; use csv or xlsx")
    if with_reports:
        path = out / f"{stem}-reports.zip"
        path.write_bytes(reports_zip(snapshot, content))
        written.append(path)
    return written
