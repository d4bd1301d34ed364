"""Stage 2's answer keys. The stage's logic is in :mod:`workshop_kit.models.matching`
(roles for a profile) and :mod:`workshop_kit.models.interests`; the idea board's rules
are in the store.

Answers are stored under these keys in the ``alternative_careers`` stage:
``home_industry`` (an industry id, "" for none), ``employer`` (the employer-type
filter), ``strongest_skills`` (the three skill ids a student with a flat profile
picked) and ``explore`` (the role ids marked to explore).
"""

from __future__ import annotations

from workshop_kit.stage_ids import ALTERNATIVE_CAREERS

STAGE = ALTERNATIVE_CAREERS
HOME_INDUSTRY = "home_industry"
EXPLORE = "explore"
EMPLOYER = "employer"
PICKED = "strongest_skills"  # the three skills a student with a flat profile picked
