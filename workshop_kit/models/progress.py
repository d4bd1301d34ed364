"""How far a student has got in each stage (no widgets; used by the welcome page,
the action plan and the dashboard)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workshop_kit.content.schema import SkillsFile

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
STAGES = ("self_assessment", "alternative_careers", "interview", "action_plan")


def stage_progress(
    answers: Mapping[str, Mapping[str, Any]], skills: SkillsFile, ideas_posted: int = 0
) -> dict[str, str]:
    """``{stage: "done" | "in progress" | "not started"}`` from each stage's latest answers.

    Done means: every skill rated (stage 1); a role marked to explore (stage 2); every
    part of stage 3 tried (a quiz answer, a tricky moment, a STAR answer and a drill
    rating); next steps chosen or written (stage 4).
    """

    def has(stage: str, prefix: str) -> bool:
        return any(
            k.startswith(prefix)
            and v not in (None, [], 0)
            and not (isinstance(v, str) and not v.strip())
            for k, v in answers.get(stage, {}).items()
        )

    result = {}
    rated = {
        k
        for k, v in answers.get("self_assessment", {}).items()
        if k.startswith("rating.") and isinstance(v, int) and v > 0
    }
    result["self_assessment"] = (
        DONE
        if len(rated) >= len(skills.skills)
        else IN_PROGRESS
        if answers.get("self_assessment")
        else NOT_STARTED
    )
    result["alternative_careers"] = (
        DONE
        if has("alternative_careers", "explore")
        else IN_PROGRESS
        if answers.get("alternative_careers") or ideas_posted
        else NOT_STARTED
    )
    parts = [has("interview", p) for p in ("quiz.", "scenario.", "star.", "drill.rubric.")]
    result["interview"] = (
        DONE if all(parts) else IN_PROGRESS if answers.get("interview") else NOT_STARTED
    )
    result["action_plan"] = (
        DONE
        if has("action_plan", "steps") or has("action_plan", "own_steps")
        else IN_PROGRESS
        if answers.get("action_plan")
        else NOT_STARTED
    )
    return result
