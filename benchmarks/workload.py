"""A workshop full of students who answered everything, for the dashboard, export and
store benchmarks: every skill rated, every reflection written, every quiz statement and
scenario answered, one STAR story, drill ratings, roles to explore, ideas, votes and an
action plan. Values are drawn from a fixed seed so every run measures the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import insert

from workshop_kit.content import Content
from workshop_kit.models import interview
from workshop_kit.models import self_assessment as stage1
from workshop_kit.store import Store
from workshop_kit.store.records import now
from workshop_kit.store.tables import answers, ideas, participants, votes

SENTENCE = (
    "I led a small team at the student help desk and cut the waiting time from 40 to "
    "15 minutes by writing a one-page guide in three languages."
)


def full_answers(content: Content, rng: random.Random) -> list[tuple[str, str, Any]]:
    """``(stage, key, value)`` for one student who completed every stage."""
    rows: list[tuple[str, str, Any]] = []
    for skill in content.skills.skills:
        rows.append(("self_assessment", stage1.rating_key(skill.id), rng.randint(1, 5)))
    settings = content.self_assessment
    rows.append(
        ("self_assessment", stage1.COMFORT_CHOICE, rng.choice(settings.comfort_zone.options).id)
    )
    rows.append(("self_assessment", stage1.COMFORT_STRETCH, SENTENCE))
    for prompt in settings.postmortem.prompts:
        rows.append(("self_assessment", stage1.POSTMORTEM_PREFIX + prompt.id, SENTENCE))
    industries = [industry.id for industry in content.by_kind["roles"].industries]
    rows.append(("alternative_careers", "home_industry", rng.choice(industries)))
    roles = [role.id for role in content.by_kind["roles"].roles]
    rows.append(("alternative_careers", "explore", rng.sample(roles, 3)))
    for statement in content.by_kind["interview_statements"].statements:
        answer = statement.answer if rng.random() < 0.8 else rng.choice(["do", "dont"])
        rows.append(("interview", interview.QUIZ_PREFIX + statement.id, answer))
    for scenario in content.by_kind["interview_scenarios"].scenarios:
        rows.append(
            (
                "interview",
                interview.SCENARIO_PREFIX + scenario.id,
                rng.randrange(len(scenario.choices)),
            )
        )
    question = rng.choice(content.by_kind["star_questions"].questions)
    for part in interview.PARTS:
        rows.append(("interview", f"star.{question.id}.{part}", SENTENCE))
    drill = rng.choice(content.by_kind["star_questions"].questions)
    for item in content.by_kind["mock_interview"].rubric:
        rows.append(("interview", f"drill.rubric.{drill.id}.{item.id}", rng.randint(1, 5)))
    steps = [step.id for step in content.by_kind["action_plan"].steps]
    rows.append(("action_plan", "steps", rng.sample(steps, 3)))
    rows.append(("action_plan", "own_steps", SENTENCE))
    return rows


def fill_workshop(store: Store, content: Content, students: int, seed: int = 7):
    """A workshop of ``students`` who answered everything; returns ``(workshop, key)``.

    Bulk inserts, one transaction: this builds data for measuring, it is not how
    students write (the burst benchmark measures that)."""
    rng = random.Random(seed)
    workshop, key = store.create_workshop(f"Benchmark cohort of {students}")
    started = now() - timedelta(minutes=30)
    with store._write() as conn:
        people = conn.execute(
            insert(participants).returning(participants.c.id),
            [
                {
                    # stand-ins: nobody opens these students' pages, and hashing
                    # 10,000 real resume codes would take minutes (scrypt)
                    "token_hash": f"bench-{workshop.id}-{n}",
                    "resume_code_hash": f"B{workshop.id:03d}-{n:05d}",
                    "resume_code_sealed": "",
                    "token_sealed": "",
                    "workshop_id": workshop.id,
                    "display_name": f"Student {n}",
                    "created_at": started,
                }
                for n in range(students)
            ],
        )
        ids = [row.id for row in people]
        rows = [
            {
                "participant_id": pid,
                "stage": stage,
                "key": key_,
                "value": value,
                "created_at": started + timedelta(seconds=rng.randint(0, 1800)),
            }
            for pid in ids
            for stage, key_, value in full_answers(content, rng)
        ]
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(answers), rows[start : start + 20_000])
        # one idea from every tenth student; everyone votes for up to three of them
        posters = ids[::10]
        idea_ids = [
            row.id
            for row in conn.execute(
                insert(ideas).returning(ideas.c.id),
                [
                    {
                        "workshop_id": workshop.id,
                        "participant_id": pid,
                        "text": f"Idea {n}: {SENTENCE}",
                        "fingerprint": f"idea {workshop.id} {n}",
                        "role": "",
                        "industry": "",
                        "first_step": "",
                        "hidden": False,
                        "created_at": started,
                    }
                    for n, pid in enumerate(posters)
                ],
            )
        ]
        if idea_ids:
            conn.execute(
                insert(votes),
                [
                    {"idea_id": idea, "participant_id": pid, "created_at": started}
                    for pid in ids
                    for idea in rng.sample(idea_ids, min(3, len(idea_ids)))
                ],
            )
    return workshop, key
