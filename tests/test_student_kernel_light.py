"""Student pages stay light: building any student page imports no pandas, numpy or
matplotlib (each adds about 50 MB to every student kernel, measured after importing
ipywidgets). Only the
instructor's dashboard may."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "matplotlib")

SCRIPT = """
import sys
from workshop_kit.content import load_content
from workshop_kit.identity import Arrival
from workshop_kit.store import Store
store = Store("sqlite:///:memory:")
content = load_content()
me = store.create_participant()
{build}
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""

PAGES = {
    "welcome": "from workshop_kit.stages.welcome import Welcome\n"
    "Welcome(content, store, Arrival(url_token=me.token))",
    "self_assessment": "from workshop_kit.stages.self_assessment import SelfAssessment\n"
    "SelfAssessment(content, store, me, delay=0).rate('presenting', 4)",
    "alternative_careers": "from workshop_kit.stages.alternative_careers import "
    "AlternativeCareers\nAlternativeCareers(content, store, me).board.post('An idea')",
    "interview": "from workshop_kit.stages.interview import InterviewStage\n"
    "InterviewStage(content, store, me, delay=0).drill.new_question()",
    "action_plan": "from workshop_kit.stages.action_plan import ActionPlan\n"
    "ActionPlan(content, store, me, delay=0).report()",
}


def loaded(build: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(build=build, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("page", PAGES)
def test_student_pages_import_nothing_heavy(page):
    assert loaded(PAGES[page]) == "", f"heavy imports in the {page} student kernel"


def test_the_check_can_fail_the_dashboard_loads_pandas():
    build = "from workshop_kit.stages.dashboard import Dashboard\nDashboard(content, store)"
    assert "pandas" in loaded(build)
