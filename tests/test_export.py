"""Exports: every table and format opens in pandas with the expected rows; anonymous
students stay anonymous; spreadsheet formulas from student text are neutralised."""

from __future__ import annotations

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
    assert list(frames["participants"]["name"]) == ["Mei", "anonymous"]
    assert list(frames["participants"]["participant"]) == ["P001", "P002"]
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
    _w, snapshot, _people = workshop
    frames = tables(snapshot, content)
    reflection = frames["reflections"].iloc[0]["text"]
    assert reflection == "'" + FORMULA
    assert frames["ideas"].iloc[0]["text"] == "'+1 marketing idea"
    for value in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"]:
        assert neutralise(value).startswith("'")
    assert neutralise("Fine text") == "Fine text" and neutralise(3) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_files_open_in_pandas(workshop, content, tmp_path, fmt):
    w, snapshot, _people = workshop
    files = write(snapshot, content, tmp_path, fmt, w.code)
    if fmt == "csv":
        ratings = pd.read_csv(tmp_path / f"workshop-{w.code}-ratings.csv")
        assert len(ratings) == 2
        reflections = pd.read_csv(tmp_path / f"workshop-{w.code}-reflections.csv")
        assert reflections.iloc[0]["text"].startswith("'=")
    else:
        sheets = pd.read_excel(files[0], sheet_name=None)
        assert set(sheets) == set(TABLES)
        assert len(sheets["participants"]) == 2
        assert sheets["reflections"].iloc[0]["text"].startswith("'=")
    with zipfile.ZipFile(files[-1]) as archive:
        names = sorted(archive.namelist())
        assert names == ["report-P001.html", "report-P001.md", "report-P002.html", "report-P002.md"]
        assert "Mei" in archive.read("report-P001.html").decode()
        assert "anonymous" in archive.read("report-P002.html").decode()


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
    assert (tmp_path / f"workshop-{w.code}-participants.csv").exists()
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
