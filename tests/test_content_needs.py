"""A content folder may leave out a stage's files only where nothing needs them: each
page declares the content it needs (workshop_kit.pages.NEEDS); `check` and `serve`
refuse a folder that lacks one, a page opened without one says so, and the dashboard's
tables and the exports skip what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_kit import analysis, export
from workshop_kit.content import load_content
from workshop_kit.models import interview
from workshop_kit.pages import NEEDS, PAGES
from workshop_kit.stages import interview as stage3
from workshop_kit.stages import welcome
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.display import show_page

ROOT = Path(__file__).resolve().parents[1]
STAGE3_ONLY = ("interview_scenarios", "interview_statements", "mock_interview", "star_questions")


def _without(tmp_path: Path, *kinds: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "exercises" / "en", folder)
    for kind in kinds:
        (folder / f"{kind}.yaml").unlink()
    return folder


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "WORKSHOP_KIT_DATA": str(data), "WORKSHOP_KIT_DB": ""},
    )


def test_every_page_declares_its_content():
    assert [page for page, _name, _stage in PAGES] == list(NEEDS)[: len(PAGES)]


def test_check_names_the_missing_file_and_the_page_that_needs_it(tmp_path):
    folder = _without(tmp_path, "interview_scenarios")
    result = _cli("check", str(folder), data=tmp_path / "data")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{folder}: has no 'interview_scenarios' file (such as interview_scenarios.yaml), "
        "which the page \"3. Interview do's and don'ts\" (03_interview_dos_donts.ipynb) needs"
    ) in result.stderr


def test_serve_refuses_a_folder_a_page_cannot_work_with(tmp_path):
    folder = _without(tmp_path, "welcome", "roles")
    result = _cli("serve", "--content", str(folder), data=tmp_path / "data")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "has no 'welcome' file" in result.stderr and '"Start" (00_welcome.ipynb)' in result.stderr
    )
    assert "has no 'roles' file" in result.stderr
    assert "The workshop did not start" in result.stderr


def test_a_page_opened_without_its_content_says_what_is_missing(tmp_path, store):
    partial = load_content(_without(tmp_path, "interview_scenarios", "welcome"))
    for build in (stage3.build_page, welcome.build_page):
        shown = show_page(lambda build=build: build(partial, store))
        assert "This page cannot open: the workshop's content lacks what it needs." in shown.value
    assert "interview_scenarios" in show_page(lambda: stage3.build_page(partial, store)).value


@pytest.fixture
def answered(content, store):
    """A workshop whose student answered every stage."""
    w, key = store.create_workshop("Partial content")
    me = store.create_participant(join_code=w.code)
    statement = content.by_kind["interview_statements"].statements[0]
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    star = content.by_kind["star_questions"].questions[0]
    store.save_answers(
        me,
        interview.STAGE,
        {
            interview.quiz_key(statement.id): "do",
            interview.scenario_key(scenario.id): 0,
            interview.star_key(star.id, "action"): "I called every customer myself.",
            interview.drill_rubric_key(star.id, "clarity"): 4,
        },
    )
    store.save_answer(me, "self_assessment", "rating.presenting", 4)
    store.save_answer(me, "alternative_careers", "explore", ["no_such_role"])
    store.save_answer(me, "action_plan", "steps", ["apply_wider"])
    return w, key


def test_exports_and_figures_skip_what_the_content_lacks(tmp_path, store, answered):
    partial = load_content(_without(tmp_path, *STAGE3_ONLY, "roles", "action_plan"))
    snapshot = store.workshop_snapshot(answered[0].id)
    tables = export.tables(snapshot, partial)
    for name in ("quiz_answers", "scenario_answers", "star_answers"):
        assert tables[name].empty, name
    assert len(tables["drill_ratings"]) == 1  # a rating needs no content to be listed
    assert len(tables["ratings"]) == 1 and len(tables["action_plans"]) == 1
    assert list(export.reports(snapshot, partial)) == ["report-P001"]
    for figure in (
        analysis.quiz_results,
        analysis.scenario_results,
        analysis.star_failures,
        analysis.drill_ratings,
    ):
        assert figure(snapshot, partial).empty
    assert analysis.progress_table(snapshot, partial).loc["interview", "in progress"] == 1


def test_the_dashboard_opens_on_content_without_stage_3(tmp_path, store, answered):
    partial = load_content(_without(tmp_path, *STAGE3_ONLY, "interviewer_questions"))
    w, key = answered
    board = Dashboard(partial, store)
    assert board.unlock(w.code, key)
    assert "1 joined" in board.header.value
