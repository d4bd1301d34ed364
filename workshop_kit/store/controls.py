"""The instructor's controls of a running workshop: stages paused for the whole group
(a paused stage refuses every write, forged or not) and the activity timer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection, bindparam, delete, insert, select

from workshop_kit import stage_ids
from workshop_kit.i18n import _
from workshop_kit.store.records import Participant, StageLocked, StoreError, Timer, Workshop, now
from workshop_kit.store.sessions import ENDED, WorkshopEnded
from workshop_kit.store.tables import stage_locks, timers
from workshop_kit.text import one_line

# Built once: every save of a paused stage reads it (see answers.py).
LOCKED = select(stage_locks.c.stage).where(
    stage_locks.c.workshop_id == bindparam("workshop_id"),
    stage_locks.c.stage == bindparam("stage"),
    stage_locks.c.locked,
)


def stage_locked() -> StageLocked:
    return StageLocked(
        _(
            "Your instructor has paused this part of the workshop, so changes are not "
            "saved right now. Your earlier answers are safe."
        )
    )


class StageControlMixin:
    """Stage locks and the activity timer: methods of :class:`~workshop_kit.store.Store`,
    through its ``_write`` and ``_read`` transactions."""

    STAGES = stage_ids.STAGES

    def set_stage_locked(self, workshop: Workshop, key: str, stage: str, locked: bool) -> None:
        """Open or lock a stage for the whole group (locked stages refuse every write)."""
        self._instructor(workshop, key)
        if stage not in self.STAGES:
            raise StoreError(_("There is no stage called {stage}.").format(stage=repr(stage)))
        with self._write() as conn:
            conn.execute(
                delete(stage_locks).where(
                    stage_locks.c.workshop_id == workshop.id, stage_locks.c.stage == stage
                )
            )
            if locked:
                conn.execute(
                    insert(stage_locks).values(workshop_id=workshop.id, stage=stage, locked=True)
                )

    def locked_stages(self, workshop_id: int | None) -> set[str]:
        if workshop_id is None:
            return set()
        with self._read() as conn:
            return set(
                conn.execute(
                    select(stage_locks.c.stage).where(
                        stage_locks.c.workshop_id == workshop_id, stage_locks.c.locked
                    )
                ).scalars()
            )

    def _refuse_if_locked(self, conn: Connection, participant: Participant, stage: str) -> None:
        if participant.workshop_id is None:
            return
        locked = conn.execute(
            LOCKED, {"workshop_id": participant.workshop_id, "stage": stage}
        ).first()
        if conn.execute(select(ENDED), {"workshop_id": participant.workshop_id}).scalar():
            raise WorkshopEnded()  # an ended workshop refuses every write (sessions.py)
        if locked is not None:
            raise stage_locked()

    def start_timer(self, workshop: Workshop, key: str, label: str, seconds: int) -> Timer:
        """Show a countdown on every student page of the workshop."""
        self._instructor(workshop, key)
        if not 1 <= seconds <= 4 * 3600:
            raise StoreError(_("A timer runs from 1 second to 4 hours."))
        label = one_line(label or "Activity")[:200] or "Activity"
        ends_at = now() + timedelta(seconds=seconds)
        with self._write() as conn:
            conn.execute(delete(timers).where(timers.c.workshop_id == workshop.id))
            conn.execute(
                insert(timers).values(workshop_id=workshop.id, label=label, ends_at=ends_at)
            )
        return Timer(label, ends_at)

    def stop_timer(self, workshop: Workshop, key: str) -> None:
        self._instructor(workshop, key)
        with self._write() as conn:
            conn.execute(delete(timers).where(timers.c.workshop_id == workshop.id))

    def timer(self, workshop_id: int | None) -> Timer | None:
        if workshop_id is None:
            return None
        with self._read() as conn:
            row = conn.execute(select(timers).where(timers.c.workshop_id == workshop_id)).first()
        return Timer(row.label, row.ends_at) if row else None
