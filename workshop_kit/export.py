"""Exports for the instructor: one tidy table per kind of answer (CSV or Excel) and a
zip of personal reports. Participants appear as P001, P002... and nothing else: the
first names students gave appear only when the instructor asks for them
(``with_names``), in the participants table and the reports; tokens and resume codes
never do. In CSV files, text that a spreadsheet would run as a formula is neutralised
(OWASP's CSV-injection guidance); the Excel file keeps text as typed, since the kit
writes every text as a string cell, which no spreadsheet runs.

Languages: the ids and column names are the same whatever language a student worked
in, so a class that mixed English and French adds up by id; each row of an answer
says, in its ``language`` column, the language of the page it was given on ("en",
"fr"). The words people read (the statements' and skills' texts in the tables, the
reports, "anonymous") are in the export's ``language`` (default: the current one,
:func:`workshop_kit.i18n.current`); the caller passes the content in that language
(the workshop's, for the instructor's export)."""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
import zipfile
from collections.abc import Iterable, Mapping
from contextlib import suppress
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl.utils.datetime import to_excel

from workshop_kit.analysis import (
    answer_index,
    failed_star_rules,
    star_keys,
    written_star_answers,
)
from workshop_kit.content import Content
from workshop_kit.i18n import SOURCE_LANGUAGE, _
from workshop_kit.models import action_plan, alternative_careers, interview, self_assessment
from workshop_kit.models.action_plan import build_plan
from workshop_kit.report import render, speaking

# A formula can start a cell, follow whitespace, or follow a character some reader
# takes as the separator: a file written with commas and opened where the separator
# is ";" (the default in many European locales) or a tab splits "Team lead;=X" in two.
_FORMULA_IN_TEXT = re.compile(r"(^|[,;\t\r\n])(\s*)([=+\-@])")
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
    "confidence",  # confidence_table
)


def neutralise(value: Any) -> Any:
    """Text for a CSV cell: an apostrophe before anything a spreadsheet could run as a
    formula (at the start, after whitespace, or after a possible separator), so Excel,
    LibreOffice and Google Sheets show it as text whichever separator they read."""
    if isinstance(value, str):
        return _FORMULA_IN_TEXT.sub(r"\1\2'\3", value)
    return value


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            values = out[column].tolist()
            with suppress(TypeError):  # most columns repeat a few values: check each once
                values = set(values)
            if any(isinstance(v, str) and _FORMULA_IN_TEXT.search(v) for v in values):
                out[column] = out[column].map(neutralise)
    return out


# The language column of each row of an answer (or idea): the page's language when it
# was saved ("en", "fr"); the ids beside it are the same in every language.
LANGUAGE = "language"
COLUMNS = {
    "participants": ("participant", "joined_at", "last_active"),
    "ratings": ("participant", "skill", "skill_name", "category", "rating", LANGUAGE),
    "reflections": ("participant", "question", "text", LANGUAGE),
    "quiz_answers": (
        "participant",
        "statement_id",
        "statement",
        "topic",
        "answer",
        "correct",
        LANGUAGE,
    ),
    "scenario_answers": ("participant", "scenario", "choice", "best", LANGUAGE),
    "star_answers": (
        "participant",
        "question_id",
        "question",
        *interview.PARTS,
        "checks_failed",
        LANGUAGE,
    ),
    "drill_ratings": ("participant", "question_id", "item", "rating", LANGUAGE),
    "ideas": (
        "idea",
        "author",
        "text",
        "role",
        "industry",
        "first_step",
        "votes",
        "hidden",
        LANGUAGE,
    ),
    "votes": ("idea", "participant"),
    "action_plans": (
        "participant",
        "steps",
        "apply_count",
        "practise_category",
        "roles_to_explore",
        "own_steps",
        LANGUAGE,
    ),
}


class _Languages:
    """The language each of one student's answers was given in: the snapshot's
    ``answer_languages`` lists those not given in English."""

    def __init__(self, given: Mapping[str, Mapping[str, str]] | None):
        self.given = given or {}

    def of(self, stage: str, key: str) -> str:
        return self.given.get(stage, {}).get(key, SOURCE_LANGUAGE)

    def last_of(self, stage: str, answers: Mapping[str, Any], keys: Iterable[str]) -> str:
        """The language of the last saved of ``keys`` (``answers`` keep the order of
        their last save), for a row made of several answers."""
        wanted = set(keys)
        last = None
        for key in answers:
            if key in wanted:
                last = key
        return self.of(stage, last) if last is not None else SOURCE_LANGUAGE


def _answer_languages(snapshot: Mapping[str, Any]) -> Mapping[int, Any]:
    """``{participant id: {stage: {key: language}}}`` for the answers not in English
    (a snapshot without it, from before languages were recorded: all English)."""
    try:
        return snapshot["answer_languages"] or {}
    except KeyError:
        return {}


# With names, the participants table has them beside the labels.
NAMED_PARTICIPANTS = ("participant", "name", "joined_at", "last_active")


def participant_labels(snapshot: Mapping[str, Any]) -> dict[int, str]:
    """``{participant id: "P001"...}`` in the order the participants joined."""
    return {p["participant_id"]: f"P{n:03d}" for n, p in enumerate(snapshot["participants"], 1)}


def tables(
    snapshot: Mapping[str, Any],
    content: Content,
    with_names: bool = False,
    language: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Every export table for one workshop snapshot (:meth:`Store.workshop_snapshot`).

    Participants are P001, P002...; ``with_names`` adds the first name each gave (or
    "anonymous", in ``language``: default the current one) to the participants table.
    Each row of an answer has a ``language`` column: the language it was given in. A
    part of the content the folder lacks (stage 3's files, the roles) leaves its tables
    empty."""
    labels = participant_labels(snapshot)
    by_person = answer_index(snapshot).by_person
    languages = _answer_languages(snapshot)
    meaning = _KeyMeanings(content)
    out: dict[str, list[tuple]] = {name: [] for name in TABLES}
    with speaking(language):
        out["participants"] = _participant_rows(snapshot, labels, with_names)
    for pid, who in labels.items():
        stages = by_person.get(pid, {})
        given = _Languages(languages.get(pid))
        meaning.stage1_rows(who, stages.get(self_assessment.STAGE, {}), out, given)
        meaning.stage3_rows(who, stages.get(interview.STAGE, {}), out, given)
        meaning.plan_rows(who, stages, out, given)
    out["ideas"], out["votes"] = _board_rows(snapshot, labels)
    columns = {
        **COLUMNS,
        "participants": NAMED_PARTICIPANTS if with_names else COLUMNS["participants"],
    }
    # An empty table has no columns, as pandas makes it from no rows.
    return {
        name: pd.DataFrame(rows, columns=columns[name]) if rows else pd.DataFrame()
        for name, rows in out.items()
    } | {"confidence": confidence_table(snapshot, content, labels)}


CONFIDENCE_COLUMNS = (
    "participant",
    "statement_id",
    "statement",
    "before",
    "after",
    "change",
    LANGUAGE,
)


def confidence_table(
    snapshot: Mapping[str, Any], content: Content, labels: Mapping[int, str]
) -> pd.DataFrame:
    """Each student's confidence check, one row per statement they rated: the level at
    the start (welcome page), at the end (action plan) and the change (empty where one
    is missing). Students appear only by their P number. The language is that of the
    later rating (the end's, else the start's)."""
    from workshop_kit.models import confidence

    settings = content.by_kind.get("confidence")
    if settings is None:
        return pd.DataFrame()
    ids = [s.id for s in settings.statements]
    texts = {s.id: s.text for s in settings.statements}
    by_person = answer_index(snapshot).by_person
    languages = _answer_languages(snapshot)

    def language(pid: int, change) -> str:
        moment = confidence.AFTER if change.after is not None else confidence.BEFORE
        return _Languages(languages.get(pid)).of(
            confidence.STAGES[moment], confidence.answer_key(change.statement_id)
        )

    rows = [
        (who, c.statement_id, texts[c.statement_id], c.before, c.after, c.change, language(pid, c))
        for pid, who in labels.items()
        for c in confidence.student_changes(by_person.get(pid, {}), ids, len(settings.scale))
        if c.before is not None or c.after is not None
    ]
    frame = pd.DataFrame(rows, columns=CONFIDENCE_COLUMNS) if rows else pd.DataFrame()
    return frame.astype({k: "Int64" for k in ("before", "after", "change")}) if rows else frame


def _participant_rows(
    snapshot: Mapping[str, Any], labels: Mapping[int, str], with_names: bool
) -> list[tuple]:
    rows = []
    for person in snapshot["participants"]:
        name = (person["display_name"] or _("anonymous"),) if with_names else ()
        rows.append(
            (labels[person["participant_id"]], *name, person["joined_at"], person["last_active"])
        )
    return rows


class _KeyMeanings:
    """What each answer key stands for in the content, looked up once per answer, and
    the table rows one student's answers make."""

    def __init__(self, content: Content):
        sa = content.self_assessment
        self.skills = {
            self_assessment.rating_key(s.id): (s.id, s.name, s.category)
            for s in content.skills.skills
        }
        self.prompts = {p.id: p.label for p in sa.postmortem.prompts}
        self.comfort = sa.comfort_zone
        self.options = {o.id: o.label for o in self.comfort.options}
        quiz = content.by_kind.get("interview_statements")
        self.quiz = {
            interview.quiz_key(s.id): (s.id, s.text, s.topic, s.answer)
            for s in (quiz.statements if quiz else ())
        }
        scenarios = content.by_kind.get("interview_scenarios")
        self.scenarios = {
            interview.scenario_key(s.id): (
                s.title,
                [c.text.strip() for c in s.choices],
                interview.best_choice(s),
            )
            for s in (scenarios.scenarios if scenarios else ())
        }
        self.star = content.by_kind.get("star_questions")
        if self.star is not None:
            self.star_rules = self.star.rules.model_dump_json()
            self.star_keys = star_keys(self.star)
        self.roles = {r.id: r.title for r in content.roles.roles} if content.roles else {}

    def stage1_rows(
        self, who: str, stage1: Mapping[str, Any], out: dict[str, list], given: _Languages
    ) -> None:
        """Ratings, and the reflections and comfort-zone answers."""
        ratings, reflections = out["ratings"], out["reflections"]
        stage = self_assessment.STAGE
        for key, value in stage1.items():
            skill = self.skills.get(key)
            if skill is not None:
                if isinstance(value, int) and value:
                    skill_id, name, category = skill
                    ratings.append((who, skill_id, name, category, value, given.of(stage, key)))
                continue
            prompt = self_assessment.postmortem_prompt(key)
            if prompt is not None and isinstance(value, str) and value.strip():
                reflections.append(
                    (who, self.prompts.get(prompt, prompt), value, given.of(stage, key))
                )
        comfort = self.comfort
        choice = stage1.get(self_assessment.COMFORT_CHOICE)
        if choice in self.options:
            reflections.append(
                (
                    who,
                    comfort.question,
                    self.options[choice],
                    given.of(stage, self_assessment.COMFORT_CHOICE),
                )
            )
        stretch = stage1.get(self_assessment.COMFORT_STRETCH)
        if isinstance(stretch, str) and stretch:
            reflections.append(
                (
                    who,
                    comfort.stretch_prompt,
                    stretch,
                    given.of(stage, self_assessment.COMFORT_STRETCH),
                )
            )

    def stage3_rows(
        self, who: str, stage3: Mapping[str, Any], out: dict[str, list], given: _Languages
    ) -> None:
        """Quiz and scenario answers, drill ratings and written STAR answers."""
        quiz_answers, scenario_answers = out["quiz_answers"], out["scenario_answers"]
        drill = out["drill_ratings"]
        stage = interview.STAGE
        for key, value in stage3.items():
            statement = self.quiz.get(key)
            if statement is not None:
                if value in ("do", "dont"):
                    statement_id, text, topic, right = statement
                    quiz_answers.append(
                        (
                            who,
                            statement_id,
                            text,
                            topic,
                            value,
                            value == right,
                            given.of(stage, key),
                        )
                    )
                continue
            scenario = self.scenarios.get(key)
            if scenario is not None:
                title, choices, best = scenario
                if isinstance(value, int) and 0 <= value < len(choices):
                    scenario_answers.append(
                        (who, title, choices[value], value == best, given.of(stage, key))
                    )
                continue
            rated = interview.drill_rubric_of(key)
            if rated is not None and isinstance(value, int):
                drill.append((who, *rated, value, given.of(stage, key)))
        if self.star is None:
            return
        for question, parts in written_star_answers(stage3, self.star, self.star_keys):
            failed = ", ".join(failed_star_rules(parts, self.star_rules, question.result_kind))
            keys = [interview.star_key(question.id, part) for part in parts]
            out["star_answers"].append(
                (
                    who,
                    question.id,
                    question.text,
                    *parts.values(),
                    failed,
                    given.last_of(stage, stage3, keys),
                )
            )

    # The stage 4 answers an action plan row is made of.
    PLAN_KEYS = (
        action_plan.STEPS,
        action_plan.APPLY_COUNT,
        action_plan.PRACTISE_CATEGORY,
        action_plan.OWN_STEPS,
        action_plan.STEP_DUE,
        action_plan.STEP_CHECKIN,
    )

    def plan_rows(
        self,
        who: str,
        stages: Mapping[str, Mapping[str, Any]],
        out: dict[str, list],
        given: _Languages,
    ) -> None:
        """The student's action plan, with the roles marked to explore in stage 2."""
        stage4 = stages.get(action_plan.STAGE, {})
        explore = stages.get(alternative_careers.STAGE, {}).get(alternative_careers.EXPLORE) or []
        if stage4 or explore:
            if any(key in stage4 for key in self.PLAN_KEYS):
                language = given.last_of(action_plan.STAGE, stage4, self.PLAN_KEYS)
            else:
                language = given.of(alternative_careers.STAGE, alternative_careers.EXPLORE)
            out["action_plans"].append(
                (
                    who,
                    ", ".join(stage4.get(action_plan.STEPS) or []),
                    stage4.get(action_plan.APPLY_COUNT),
                    stage4.get(action_plan.PRACTISE_CATEGORY) or "",
                    ", ".join(self.roles.get(r, r) for r in explore),
                    stage4.get(action_plan.OWN_STEPS) or "",
                    language,
                )
            )


def _board_rows(
    snapshot: Mapping[str, Any], labels: Mapping[int, str]
) -> tuple[list[tuple], list[tuple]]:
    """The idea board's ideas and votes, each author and voter by label."""
    ideas = [
        (
            idea["id"],
            labels.get(idea["participant_id"], ""),
            idea["text"],
            idea["role"],
            idea["industry"],
            idea["first_step"],
            idea["votes"],
            bool(idea["hidden"]),
            idea.get(LANGUAGE) or SOURCE_LANGUAGE,
        )
        for idea in snapshot["ideas"]
    ]
    votes = [
        (vote["idea_id"], labels.get(vote["participant_id"], "")) for vote in snapshot["votes"]
    ]
    return ideas, votes


def reports(
    snapshot: Mapping[str, Any],
    content: Content,
    with_names: bool = False,
    language: str | None = None,
) -> dict[str, tuple[str, str]]:
    """``{file stem: (html, markdown)}`` personal reports. Each is headed with the
    student's label (P001...), and its file is ``report-P001``; ``with_names`` heads it
    with the student's first name instead and adds the name to the file's
    (``report-P001-Mei``). The reports are in ``language`` (default: the current one),
    every one of them: pass ``content`` in the same language (the workshop's)."""
    with speaking(language):
        title = content.action_plan.report_title if content.action_plan else _("Action plan")
        by_person = answer_index(snapshot).by_person
        names = {p["participant_id"]: p["display_name"] or "" for p in snapshot["participants"]}
        out = {}
        for pid, label in participant_labels(snapshot).items():
            name = names[pid] if with_names else ""
            plan = build_plan(content, by_person.get(pid, {}), name if with_names else label)
            part = _file_part(name)
            out[f"report-{label}-{part}" if part else f"report-{label}"] = render(plan, title)
        return out


def _file_part(name: str) -> str:
    """A name as part of a file name: letters, digits and hyphens only."""
    return "-".join(re.findall(r"[^\W_]+", name))[:40]


def reports_zip(
    snapshot: Mapping[str, Any],
    content: Content,
    with_names: bool = False,
    language: str | None = None,
) -> bytes:
    """:func:`reports` in a zip, each as ``.html`` and ``.md``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stem, (html, markdown) in reports(snapshot, content, with_names, language).items():
            archive.writestr(f"{stem}.html", html)
            archive.writestr(f"{stem}.md", markdown)
    return buffer.getvalue()


# --- Excel ---------------------------------------------------------------------------
#
# The workbook DataFrame.to_excel makes through openpyxl (a sheet per table, a header
# row, dates formatted as dates), written straight out as SpreadsheetML: openpyxl
# builds an object per cell and takes minutes for a class of 10,000. Text goes into the
# shared-strings part once, however often it repeats.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold (openpyxl refuses the whole export): dropped.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")
_DATETIME_STYLE = 1
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY-MM-DD HH:MM:SS"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_ROWS_PER_WRITE = 50_000


def _column_letters(count: int) -> list[str]:
    letters = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _escape(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(value: Any, strings: dict[str, int]) -> str:
    """A cell's XML after its reference (``<c r="B7`` + this), or "" where pandas
    writes no cell. Text goes to the shared strings (``strings``: text -> index)."""
    if isinstance(value, str):
        if not value:
            return ""
        index = strings.get(value)
        if index is None:
            index = strings[value] = len(strings)
        return f'" t="s"><v>{index}</v></c>'
    if isinstance(value, bool | np.bool_):
        return f'" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Integral):
        return f'"><v>{int(value)}</v></c>'
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, numbers.Real):
        value = float(value)
        if value != value:  # NaN
            return ""
        if math.isinf(value):  # pandas writes these as text
            return _cell("inf" if value > 0 else "-inf", strings)
        return f'"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        serial = to_excel(value.replace(tzinfo=None))  # Excel has no time zones
        return f'" s="{_DATETIME_STYLE}"><v>{serial!r}</v></c>'
    return _cell(str(value), strings)


_PLAIN = {str, bool, int, float, type(None)}
_NUMBERS = {bool, int, float}


def _column_cells(column: pd.Series, strings: dict[str, int]) -> list[str]:
    """:func:`_cell` of each value; a value repeated is worked out once."""
    values = column.tolist()
    if pd.api.types.is_float_dtype(column):  # few repeats; NaNs are all different
        return [_cell(value, strings) for value in values]
    if not (
        pd.api.types.is_bool_dtype(column)
        or pd.api.types.is_integer_dtype(column)
        or pd.api.types.is_string_dtype(column)
    ):
        kinds = set(map(type, values))
        # True == 1 == 1.0 but they are different cells: share work within one type.
        if not (kinds <= _PLAIN and len(kinds & _NUMBERS) <= 1):
            return [_cell(value, strings) for value in values]
    cells = {value: _cell(value, strings) for value in dict.fromkeys(values)}
    return list(map(cells.__getitem__, values))


def _write_sheet(handle: IO[bytes], frame: pd.DataFrame, strings: dict[str, int]) -> None:
    letters = _column_letters(len(frame.columns))
    last = f":{letters[-1]}{len(frame) + 1}" if letters else ""
    handle.write(
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><dimension ref="A1{last}"/>'
        "<sheetData>".encode()
    )
    if letters:
        header = "".join(
            f'<c r="{letter}1{_cell(str(name), strings)}'
            for letter, name in zip(letters, frame.columns, strict=True)
        )
        handle.write(f'<row r="1">{header}</row>'.encode())
    columns = [_column_cells(frame[name], strings) for name in frame.columns]
    for start in range(0, len(frame), _ROWS_PER_WRITE):
        end = min(start + _ROWS_PER_WRITE, len(frame))
        rows = list(map(str, range(start + 2, end + 2)))
        # Each row is one join of its pieces: <row r="n">, then <c r="A + n + the rest
        # of the cell for each column, then </row>.
        pieces: list[Iterable[str]] = [map('<row r="{}">'.format, rows)]
        for letter, cells in zip(letters, columns, strict=True):
            part = cells[start:end]
            if "" in part:  # some cells left out
                pairs = zip(rows, part, strict=True)
                pieces.append([f'<c r="{letter}{n}{c}' if c else "" for n, c in pairs])
            else:
                pieces += [repeat(f'<c r="{letter}'), rows, part]
        pieces.append(repeat("</row>"))
        handle.write("".join(map("".join, zip(*pieces, strict=False))).encode())
    handle.write(b"</sheetData></worksheet>")


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with a sheet per table (named with its first 31 characters, as
    Excel allows), as ``to_excel(writer, sheet_name=name[:31], index=False)`` writes it."""
    names = [name[:31] for name in frames]
    strings: dict[str, int] = {}
    buffer = io.BytesIO()
    # Level 1: a class of 10,000 is some 200 MB of XML; level 6 takes seconds more
    # for a file a fifth smaller.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        sheets = range(1, len(names) + 1)
        archive.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                f'ContentType="{_TYPE}.worksheet+xml"/>'
                for n in sheets
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_TYPE}.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            + "".join(
                f'<sheet name="{_escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in zip(sheets, names, strict=True)
            )
            + "</sheets></workbook>",
        )
        styles, shared = len(names) + 1, len(names) + 2
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in sheets
            )
            + f'<Relationship Id="rId{styles}" Type="{_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{shared}" Type="{_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr("xl/styles.xml", _STYLES)
        for n, frame in zip(sheets, frames.values(), strict=True):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as handle:
                _write_sheet(handle, frame, strings)
        with archive.open("xl/sharedStrings.xml", "w") as handle:
            handle.write(f'{_XML}<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">'.encode())
            texts = list(strings)
            for start in range(0, len(texts), _ROWS_PER_WRITE):
                handle.write(
                    "".join(
                        f'<si><t xml:space="preserve">{_escape(text)}</t></si>'
                        for text in texts[start : start + _ROWS_PER_WRITE]
                    ).encode("utf-8", "replace")
                )
            handle.write(b"</sst>")
    return buffer.getvalue()


def write(
    snapshot: dict,
    content: Content,
    out: Path,
    fmt: str,
    code: str,
    with_reports: bool = True,
    with_names: bool = False,
    language: str | None = None,
) -> list[Path]:
    """Write the export into folder ``out``; return the files written. Students' names
    are left out unless ``with_names``. The reports and the words in the tables are in
    ``language`` (default: the current one); the instructor's export passes the
    workshop's language, and ``content`` in it. File, sheet and column names are the
    same in every language."""
    out.mkdir(parents=True, exist_ok=True)
    frames = tables(snapshot, content, with_names, language)
    stem = f"workshop-{code}" + ("-with-names" if with_names else "")
    written = []
    if fmt == "csv":
        for name, frame in frames.items():
            path = out / f"{stem}-{name}.csv"
            # BOM: Excel reads accents. Every text is quoted, so no separator or line
            # break inside a student's text splits a cell.
            _csv_safe(frame).to_csv(
                path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_NONNUMERIC
            )
            written.append(path)
    elif fmt == "xlsx":
        path = out / f"{stem}.xlsx"
        path.write_bytes(xlsx_bytes(frames))
        written.append(path)
    else:
        raise ValueError(f"unknown format {fmt!r}; use csv or xlsx")
    if with_reports:
        path = out / f"{stem}-reports.zip"
        path.write_bytes(reports_zip(snapshot, content, with_names, language))
        written.append(path)
    return written
