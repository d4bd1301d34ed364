"""Student pages stay light: building stage 1 imports no pandas, numpy or matplotlib
(each adds about 50 MB to every student kernel; see TESTING.md)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "numpy", "matplotlib")

SCRIPT = """
import sys
from workshop_kit.content import load_content
from workshop_kit.store import Store
from workshop_kit.stages.self_assessment import SelfAssessment
store = Store("sqlite:///:memory:")
stage = SelfAssessment(load_content(), store, store.create_participant(), delay=0)
stage.rate("presenting", 4)
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_building_stage_1_imports_nothing_heavy():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == "", f"heavy imports in a student kernel: {result.stdout}"
