"""Answers: what students type and choose, saved as new versions (every earlier one
stays), refused while the instructor has paused the stage."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, true

from workshop_kit.store.controls import LOCKED, stage_locked
from workshop_kit.store.records import AnswerTooLong, Participant, now
from workshop_kit.store.sessions import ENDED, WorkshopEnded
from workshop_kit.store.tables import answers, participants

# Far above any content limit; protects the database from a forged 100 MB message.
MAX_VALUE_CHARS = 20_000


# Statements every save runs, built once: a save is a few milliseconds and building
# the statement each time was a third of it.
def _latest_statement(of_keys: bool):
    newest = (
        select(func.max(answers.c.id))
        .where(
            answers.c.participant_id == bindparam("participant_id"),
            answers.c.stage == bindparam("stage"),
        )
        .group_by(answers.c.key)
    )
    if of_keys:
        newest = newest.where(answers.c.key.in_(bindparam("keys", expanding=True)))
    return select(answers.c.key, answers.c.value).where(answers.c.id.in_(newest))


_LATEST = _latest_statement(of_keys=False)
_LATEST_OF_KEYS = _latest_statement(of_keys=True)


def _save_state_statement():
    """Whether the stage is locked, and the latest answers of some keys, in one read:
    on PostgreSQL each statement of a save is a round trip to the server."""
    flag = select(LOCKED.exists().label("locked"), ENDED.label("ended")).subquery("flag")
    latest = _LATEST_OF_KEYS.subquery("latest")
    return select(flag.c.locked, flag.c.ended, latest.c.key, latest.c.value).select_from(
        flag.outerjoin(latest, true())
    )


_SAVE_STATE = _save_state_statement()


class AnswersMixin:
    """Answers: methods of :class:`~workshop_kit.store.Store`, through its
    ``_write`` and ``_read`` transactions."""

    def save_answers(self, participant: Participant, stage: str, values: dict[str, Any]) -> int:
        """Save several answers in one transaction; return how many changed.

        A value equal to the latest saved one is skipped; any other is a new row, so
        every earlier version stays in :meth:`answer_history`.
        """
        for key, value in values.items():
            if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
                raise AnswerTooLong(
                    f"{key}: {len(value):,} characters is more than the {MAX_VALUE_CHARS:,} "
                    "the kit stores."
                )
        changed = 0
        with self._write(participant) as conn:
            latest = self._save_state(conn, participant, stage, list(values))
            rows = [
                {
                    "participant_id": participant.id,
                    "stage": stage,
                    "key": key,
                    "value": value,
                    "created_at": now(),
                    "language": participant.language or "en",
                }
                for key, value in values.items()
                if key not in latest or latest[key] != value
            ]
            if rows:
                conn.execute(insert(answers), rows)
            changed = len(rows)
        return changed

    def save_answer(self, participant: Participant, stage: str, key: str, value: Any) -> bool:
        """Save one answer; return False when it equals the latest saved value."""
        return self.save_answers(participant, stage, {key: value}) == 1

    def save_answer_once(
        self, participant: Participant, stage: str, key: str, value: Any
    ) -> tuple[bool, Any]:
        """Save an answer that may not change once given (a scored quiz answer).

        Returns ``(saved, value that counts)``: a second attempt, forged or not, keeps
        the first answer.
        """
        with self._write(participant) as conn:
            first = self._save_state(conn, participant, stage, [key])
            if key in first:
                return False, first[key]
            conn.execute(
                insert(answers).values(
                    participant_id=participant.id,
                    stage=stage,
                    key=key,
                    value=value,
                    created_at=now(),
                    language=participant.language or "en",
                )
            )
        return True, value

    def answers(self, participant: Participant, stage: str) -> dict[str, Any]:
        """The latest value of every answer ``participant`` gave in ``stage``."""
        with self._read() as conn:
            return self._latest(conn, participant.id, stage)

    def all_answers(self, participant: Participant) -> dict[str, dict[str, Any]]:
        """``{stage: {key: latest value}}`` for every stage, in one query."""
        newest = (
            select(func.max(answers.c.id))
            .where(answers.c.participant_id == participant.id)
            .group_by(answers.c.stage, answers.c.key)
        )
        out: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.stage, answers.c.key, answers.c.value).where(
                    answers.c.id.in_(newest)
                )
            )
            for row in rows:
                out.setdefault(row.stage, {})[row.key] = row.value
        return out

    def answer_history(self, participant: Participant, stage: str, key: str) -> list[Any]:
        """Every saved value of one answer, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.value)
                .where(
                    answers.c.participant_id == participant.id,
                    answers.c.stage == stage,
                    answers.c.key == key,
                )
                .order_by(answers.c.id)
            )
            return [row.value for row in rows]

    @staticmethod
    def _latest(
        conn: Connection, participant_id: int, stage: str, keys: list[str] | None = None
    ) -> dict[str, Any]:
        params = {"participant_id": participant_id, "stage": stage}
        if keys is None:
            rows = conn.execute(_LATEST, params)
        else:
            rows = conn.execute(_LATEST_OF_KEYS, {**params, "keys": keys})
        return {row.key: row.value for row in rows}

    def workshop_latest(
        self, workshop_id: int, stage: str, key_prefix: str = ""
    ) -> list[tuple[int, str, Any]]:
        """``(participant id, key, latest value)`` for every participant of a workshop.

        Used for anonymous group figures: callers aggregate, never show the rows.
        """
        newest = (
            select(func.max(answers.c.id))
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(
                participants.c.workshop_id == workshop_id,
                answers.c.stage == stage,
                answers.c.key.startswith(key_prefix, autoescape=True),
            )
            .group_by(answers.c.participant_id, answers.c.key)
        )
        with self._read() as conn:
            rows = conn.execute(
                select(answers.c.participant_id, answers.c.key, answers.c.value).where(
                    answers.c.id.in_(newest)
                )
            )
            return [(row.participant_id, row.key, row.value) for row in rows]

    @staticmethod
    def _save_state(
        conn: Connection, participant: Participant, stage: str, keys: list[str]
    ) -> dict[str, Any]:
        """The latest saved value of each of ``keys``; raises :class:`StageLocked` when
        the instructor has paused ``stage``. One statement, read under the write lock."""
        rows = conn.execute(
            _SAVE_STATE,
            {
                "workshop_id": participant.workshop_id,
                "participant_id": participant.id,
                "stage": stage,
                "keys": keys,
            },
        ).all()
        if rows and rows[0].ended:
            raise WorkshopEnded()  # an ended workshop refuses every write (sessions.py)
        if rows and rows[0].locked:
            raise stage_locked()
        return {row.key: row.value for row in rows if row.key is not None}
