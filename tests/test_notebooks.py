"""Every notebook runs top to bottom (nbval) and stays thin: imports and a call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from workshop_kit.store import Store

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_only_imports_and_calls_the_kit(notebook):
    nb = nbformat.read(notebook, as_version=4)
    code = [
        line
        for cell in nb.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert len(code) <= 6, code
    assert not any(line.lstrip().startswith(("def ", "class ")) for line in code)
    assert all("workshop_kit" in line or "(" in line for line in code)


@pytest.mark.parametrize("returning", [False, True], ids=["new student", "personal link"])
def test_notebooks_run_under_nbval(tmp_path, returning):
    """``pytest --nbval-lax notebooks/`` with a store of its own; a returning student
    arrives as Voila would pass them, through ``QUERY_STRING``."""
    env = {**os.environ, "WORKSHOP_KIT_DATA": str(tmp_path)}
    env.pop("WORKSHOP_KIT_DB", None)
    if returning:
        with Store(f"sqlite:///{tmp_path / 'workshop.sqlite3'}") as store:
            me = store.create_participant()
            store.save_answer(me, "self_assessment", "rating.presenting", 4)
        env["QUERY_STRING"] = f"p={me.token}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            "-o",
            "addopts=",
            *map(str, NOTEBOOKS),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert f"{len(NOTEBOOKS)} passed" in result.stdout
