"""The stages' ids in workshop order: the one list the content schema, the store, the
models and the pages read (no imports of the kit's own: every layer may use it).

A stage's answers are stored under its id, so these strings never change.
"""

from __future__ import annotations

from typing import Literal, get_args

StageId = Literal["self_assessment", "alternative_careers", "interview", "action_plan"]
STAGES: tuple[str, ...] = get_args(StageId)
SELF_ASSESSMENT, ALTERNATIVE_CAREERS, INTERVIEW, ACTION_PLAN = STAGES
# Answers that belong to no stage page: the confidence check at the start (the welcome
# page has no pause, so these are never refused by a lock).
CONFIDENCE = "confidence"
