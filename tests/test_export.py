"""Exports: every table and format opens in pandas with the expected rows; no student's
name is in any exported file unless the instructor asks for names; spreadsheet formulas
from student text are neutralised."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from workshop_kit.export import TABLES, neutralise, tables, write, xlsx_bytes

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def workshop(store, content):
    workshop, _key = store.create_workshop("Export me")
    mei = store.create_participant(join_code=workshop.code, display_name="Mei")
    anon = store.create_participant(join_code=workshop.code)
    quiz = content.by_kind["interview_statements"].statements[0]
    store.save_answer(mei, "self_assessment", "rating.presenting", 4)
    store.save_answer(mei, "self_assessment", "postmortem.went_well", FORMULA)
    store.save_answer(anon, "self_assessment", "rating.presenting", 2)
    store.save_answer(anon, "interview", f"quiz.{quiz.id}", quiz.answer)
    store.save_answer(anon, "interview", "star.team_disagreement.action", "We did it.")
    store.save_answer(mei, "action_plan", "steps", ["ask_feedback"])
    idea = store.post_idea(mei, "+1 marketing idea")
    store.vote(anon, idea, 3)
    return workshop, store.workshop_snapshot(workshop.id), (mei, anon)


def test_every_table_has_the_expected_rows(workshop, content):
    _w, snapshot, (_mei, _anon) = workshop
    frames = tables(snapshot, content)
    assert set(frames) == set(TABLES)
    assert list(frames["participants"].columns) == ["participant", "joined_at", "last_active"]
    assert list(frames["participants"]["participant"]) == ["P001", "P002"]
    named = tables(snapshot, content, with_names=True)["participants"]
    assert list(named["name"]) == ["Mei", "anonymous"]
    assert sorted(frames["ratings"]["rating"]) == [2, 4]
    assert frames["quiz_answers"].iloc[0]["correct"]
    assert frames["star_answers"].iloc[0]["participant"] == "P002"
    assert "i_not_we" in frames["star_answers"].iloc[0]["checks_failed"]
    assert list(frames["votes"]["participant"]) == ["P002"]
    assert frames["action_plans"].iloc[0]["steps"] == "ask_feedback"


def test_no_secret_ever_reaches_an_export(workshop, content):
    _w, snapshot, (mei, anon) = workshop
    text = pd.concat(tables(snapshot, content).values(), ignore_index=True).to_csv()
    for secret in (mei.token, anon.token, mei.resume_code, anon.resume_code):
        assert secret not in text


def test_formulas_from_student_text_are_neutralised(workshop, content):
    for value in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "  =1", "\n=1"]:
        assert neutralise(value).lstrip().startswith("'")
    assert neutralise("Team lead;=HYPERLINK(1)") == "Team lead;'=HYPERLINK(1)"
    assert neutralise("a,\t-2") == "a,\t'-2"
    for fine in ["Fine text", "well-known e-mail", "3 - 2 = 1", "x@y.ca"]:
        assert neutralise(fine) == fine
    assert neutralise(3) == 3


SMUGGLED = [
    'Team lead;=HYPERLINK("http://evil.example","x")',
    "Team lead\t=1+1",
    "   =1+1",
    "line one\n=1+1",
    "a, @SUM(A1)",
    "-2+3",
]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_csv_cell_runs_as_a_formula_whatever_separator_the_reader_uses(
    store, content, tmp_path, separator
):
    """OWASP's CSV injection: a cell starting with = + - @ (after any whitespace) runs
    as a formula. A spreadsheet set to ";" or tab splits our comma file differently."""
    workshop, _key = store.create_workshop("Smuggling")
    me = store.create_participant(join_code=workshop.code)
    for n, text in enumerate(SMUGGLED):
        store.save_answer(me, "self_assessment", f"postmortem.q{n}", text)
        store.post_idea(me, text + f" {n}")
    write(store.workshop_snapshot(workshop.id), content, tmp_path, "csv", workshop.code)
    cells = []
    for path in tmp_path.glob("*.csv"):
        with open(path, newline="", encoding="utf-8-sig") as file:
            cells += [cell for row in csv.reader(file, delimiter=separator) for cell in row]
    assert cells
    for cell in cells:
        assert not cell.strip().lstrip('"').strip().startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_files_open_in_pandas(workshop, content, tmp_path, fmt):
    w, snapshot, _people = workshop
    files = write(snapshot, content, tmp_path, fmt, w.code)
    if fmt == "csv":
        ratings = pd.read_csv(tmp_path / f"workshop-{w.code}-ratings.csv")
        assert len(ratings) == 2
        reflections = pd.read_csv(tmp_path / f"workshop-{w.code}-reflections.csv")
        assert reflections.iloc[0]["text"] == "'" + FORMULA
    else:
        sheets = pd.read_excel(files[0], sheet_name=None)
        assert set(sheets) == set(TABLES)
        assert len(sheets["participants"]) == 2
        # text cells never run in the file the kit writes: shown exactly as typed
        assert sheets["reflections"].iloc[0]["text"] == FORMULA
        assert sheets["ideas"].iloc[0]["text"] == "+1 marketing idea"
    with zipfile.ZipFile(files[-1]) as archive:
        names = sorted(archive.namelist())
        assert names == ["report-P001.html", "report-P001.md", "report-P002.html", "report-P002.md"]
        assert "P001 · " in archive.read("report-P001.html").decode()
        assert "Mei" not in archive.read("report-P001.html").decode()


def test_export_command(workshop, tmp_path, db_url):
    w, _snapshot, _people = workshop
    env = {**os.environ, "WORKSHOP_KIT_DB": db_url}
    run = [sys.executable, "-m", "workshop_kit.cli", "export"]
    result = subprocess.run(
        [*run, w.code, "--format", "csv", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Exported 2 participants" in result.stdout
    assert "without names (--with-names adds them)" in result.stdout
    participants = tmp_path / f"workshop-{w.code}-participants.csv"
    assert "Mei" not in participants.read_text(encoding="utf-8-sig")
    named = subprocess.run(
        [*run, w.code, "--format", "csv", "--with-names", "--out", str(tmp_path / "named")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert named.returncode == 0, named.stderr
    assert "first names are included" in named.stdout
    named_csv = tmp_path / "named" / f"workshop-{w.code}-with-names-participants.csv"
    assert list(pd.read_csv(named_csv)["name"]) == ["Mei", "anonymous"]
    wrong = subprocess.run(
        [*run, "ZZZ-ZZZ", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1 and "no workshop" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def _pandas_xlsx(frames) -> bytes:
    """The workbook pandas itself writes (through openpyxl), to compare with."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame = frame.copy()
            for column in frame.columns:
                if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                    frame[column] = frame[column].dt.tz_localize(None)
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            # openpyxl makes text that starts with "=" a formula; the kit never does
            for row in writer.sheets[name[:31]].iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return buffer.getvalue()


def test_the_workbook_reads_back_as_one_pandas_writes(workshop, content):
    _w, snapshot, _people = workshop
    frames = tables(snapshot, content)
    frames["mixed"] = pd.DataFrame(
        {
            "text": ["Ça va 👍 <b>&", "", None, "  spaced  ", "line\nbreak"],
            "number": [1.5, float("nan"), 3.0, -0.25, 1e20],
            "count": [1, 2, 3, 4, 5],
            "flag": [True, False, True, False, True],
            "mixed": [1, "one", None, True, 2.5],
            "when": pd.to_datetime(["2024-03-01 09:30:15"] * 4 + [None]).tz_localize("UTC"),
        }
    )
    ours = pd.read_excel(io.BytesIO(xlsx_bytes(frames)), sheet_name=None)
    theirs = pd.read_excel(io.BytesIO(_pandas_xlsx(frames)), sheet_name=None)
    assert list(ours) == list(theirs) == list(frames)
    for name in theirs:
        pd.testing.assert_frame_equal(ours[name], theirs[name], obj=name)


def test_control_characters_in_student_text_do_not_break_the_workbook(store, content, tmp_path):
    workshop, _key = store.create_workshop("Pasted from a word processor")
    student = store.create_participant(join_code=workshop.code)
    store.save_answer(student, "self_assessment", "postmortem.went_well", "Tab\tand\x0bpage\x0c")
    snapshot = store.workshop_snapshot(workshop.id)
    files = write(snapshot, content, tmp_path, "xlsx", workshop.code, with_reports=False)
    text = pd.read_excel(files[0], sheet_name="reflections").iloc[0]["text"]
    assert text == "Tab\tandpage"  # characters XML cannot hold are dropped
    assert tables(snapshot, content)["reflections"].iloc[0]["text"] == "Tab\tand\x0bpage\x0c"


# --- no name in any exported file unless names were asked for --------------------------

NAMES = ("Mei", "Oluwaseun")


@pytest.fixture
def named_class(store, content):
    """Two named students and an anonymous one, with answers in every table."""
    workshop, _key = store.create_workshop("Names stay out")
    star = content.by_kind["star_questions"].questions[0].id
    people = [
        store.create_participant(join_code=workshop.code, display_name=name) for name in NAMES
    ] + [store.create_participant(join_code=workshop.code)]
    for n, person in enumerate(people):
        store.save_answer(person, "self_assessment", "rating.presenting", 2 + n)
        store.save_answer(person, "self_assessment", "postmortem.went_well", "I was on time.")
        store.save_answer(person, "interview", f"star.{star}.action", "I called the client.")
        store.save_answer(person, "interview", f"drill.rubric.{star}.clarity", 3)
        store.save_answer(person, "action_plan", "steps", ["ask_feedback"])
        store.post_idea(person, f"Idea number {n}")
    return workshop, store.workshop_snapshot(workshop.id)


def _every_text(files) -> dict[str, str]:
    """Every file's name and every text inside it: CSV text, each part of a workbook
    and each of its cells, each report in a zip and the report's file name."""
    import openpyxl

    texts = {}
    for path in files:
        texts[f"{path} (name)"] = path.name
        if path.suffix == ".csv":
            texts[str(path)] = path.read_text(encoding="utf-8-sig")
            continue
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                texts[f"{path.name}/{member} (name)"] = member
                texts[f"{path.name}/{member}"] = archive.read(member).decode("utf-8")
        if path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            cells = [
                str(value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            ]
            texts[f"{path.name} cells"] = "\n".join(cells)
    return texts


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_name_is_in_any_exported_file_unless_asked_for(named_class, content, tmp_path, fmt):
    w, snapshot = named_class
    files = write(snapshot, content, tmp_path / "plain", fmt, w.code)
    texts = _every_text(files)
    assert any(name.endswith(".md") for name in texts.values())  # the reports were read
    for where, text in texts.items():
        for name in NAMES:
            assert name not in text, f"{name} found in {where}"
    assert "P001" in "".join(texts.values()) and "P003" in "".join(texts.values())

    named_files = write(snapshot, content, tmp_path / "named", fmt, w.code, with_names=True)
    named = _every_text(named_files)
    participants = next(
        text for where, text in named.items() if where.endswith(("participants.csv", ".xlsx cells"))
    )
    reports = {where: text for where, text in named.items() if "report-" in where}
    for name in NAMES:
        assert name in participants
        assert any(name in text for where, text in reports.items() if where.endswith(".html"))
        assert any(where.endswith("(name)") and name in text for where, text in reports.items())
    assert all("with-names" in path.name for path in named_files)


def test_a_name_in_a_report_file_name_is_only_letters_and_digits(store, content):
    from workshop_kit.export import reports

    workshop, _key = store.create_workshop("Odd names")
    store.create_participant(join_code=workshop.code, display_name="../Zoë 🎉 O'Neil")
    stems = list(reports(store.workshop_snapshot(workshop.id), content, with_names=True))
    assert stems == ["report-P001-Zoë-O-Neil"]


def test_the_student_pages_promise_what_the_export_does(content):
    """The welcome page and stage 1 say what the instructor sees and can download."""
    promise = (
        "Your instructor sees group averages and the idea board, and can download each "
        "student's answers and plan under a number like P003, with first names only if "
        "they choose to add them."
    )
    assert promise in " ".join(content.welcome.privacy.split())
    stage1 = " ".join(content.self_assessment.intro.split())
    assert "under a number like P003, with first names only if they choose to add them" in stage1
    for text in (content.welcome.privacy, content.self_assessment.intro):
        assert "only sees averages" not in text and "only group" not in " ".join(text.split())
