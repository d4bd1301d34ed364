"""How far a student has got in each stage (no widgets; used by the welcome page,
the action plan and the dashboard)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workshop_kit.content.schema import SkillsFile
from workshop_kit.models import action_plan, alternative_careers, interview, self_assessment
from workshop_kit.stage_ids import STAGES

__all__ = ["DONE", "IN_PROGRESS", "NOT_STARTED", "STAGES", "stage_progress"]

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


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

    def status(stage: str, done: bool, started: bool = False) -> str:
        return DONE if done else IN_PROGRESS if started or answers.get(stage) else NOT_STARTED

    stage1, stage2, stage3, stage4 = self_assessment, alternative_careers, interview, action_plan
    rated = {
        k
        for k, v in answers.get(stage1.STAGE, {}).items()
        if k.startswith(stage1.RATING_PREFIX) and isinstance(v, int) and v > 0
    }
    tried = (
        stage3.QUIZ_PREFIX,
        stage3.SCENARIO_PREFIX,
        stage3.STAR_PREFIX,
        stage3.DRILL_RUBRIC_PREFIX,
    )
    return {
        stage1.STAGE: status(stage1.STAGE, len(rated) >= len(skills.skills)),
        stage2.STAGE: status(stage2.STAGE, has(stage2.STAGE, stage2.EXPLORE), bool(ideas_posted)),
        stage3.STAGE: status(stage3.STAGE, all(has(stage3.STAGE, p) for p in tried)),
        stage4.STAGE: status(
            stage4.STAGE, has(stage4.STAGE, stage4.STEPS) or has(stage4.STAGE, stage4.OWN_STEPS)
        ),
    }
