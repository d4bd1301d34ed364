"""A workshop's life: its expected class size, and its end.

Ending a workshop is the instructor's (the store checks the key). An ended workshop
takes no new students (:meth:`~workshop_kit.store.Store.create_participant`) and
refuses every write of its students: answers, ideas and votes are read-only from
then on (the save statement reads the workshop's state under the write lock, so a
save that races the end is refused too). Students keep reading their pages and
downloading their plan. The instructor can open it again (the dashboard's Undo).

The class size is how many students the instructor expects: while the workshop is
open, the server keeps that many kernels ready on the join page (voila_app.py asks
:meth:`ready_kernels_wanted` every few seconds).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, bindparam, false, func, select, update

from workshop_kit.i18n import N_, _
from workshop_kit.store.records import StageLocked, StoreError, Workshop, now
from workshop_kit.store.tables import workshops

MAX_CLASS_SIZE = 500
# A workshop counts toward the ready kernels for this long after it was created: one
# left open by mistake does not hold memory for days.
CLASS_SIZE_HOURS = 12.0
ENDED_MESSAGE = N_(
    "This workshop has ended, so changes are not saved. Your answers are saved and "
    "your plan is still here to download."
)


class WorkshopEnded(StageLocked):
    """A write from a student of a workshop the instructor has ended.

    A kind of :class:`StageLocked`: pages treat it as a pause that does not end (the
    control shows the saved value again and says why)."""

    def __init__(self, message: str | None = None):
        super().__init__(_(ENDED_MESSAGE) if message is None else message)


# True when the workshop of :workshop_id has ended (no row for a solo student: NULL).
ENDED = (
    select(workshops.c.id)
    .where(workshops.c.id == bindparam("workshop_id"), workshops.c.is_open == false())
    .exists()
)


def valid_class_size(size: int | None) -> int | None:
    """``size`` as stored: None for none (0 or missing); a StoreError outside 1..500."""
    if size is None or size == 0:
        return None
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_CLASS_SIZE:
        raise StoreError(
            _("A class size is a whole number from 1 to {most}.").format(most=MAX_CLASS_SIZE)
        )
    return size


class SessionsMixin:
    """Class size and ending, for :class:`~workshop_kit.store.Store`."""

    def end_workshop(self, workshop: Workshop, key: str) -> None:
        """End ``workshop`` for everyone (instructor only): no joins, no more writes."""
        self.close_workshop(workshop, key)

    def reopen_workshop(self, workshop: Workshop, key: str) -> None:
        """Open an ended workshop again (instructor only): the dashboard's Undo."""
        self._instructor(workshop, key)
        with self._write() as conn:
            conn.execute(
                update(workshops).where(workshops.c.id == workshop.id).values(is_open=True)
            )

    def workshop_ended(self, workshop_id: int | None) -> bool:
        """Whether the instructor has ended this workshop (False for a solo student)."""
        if workshop_id is None:
            return False
        with self._read() as conn:
            return bool(conn.execute(select(ENDED), {"workshop_id": workshop_id}).scalar())

    def set_class_size(self, workshop: Workshop, key: str, size: int | None) -> None:
        """Note how many students are expected (instructor only; 0 or None: unknown)."""
        self._instructor(workshop, key)
        stored = valid_class_size(size)
        with self._write() as conn:
            conn.execute(
                update(workshops).where(workshops.c.id == workshop.id).values(class_size=stored)
            )

    def class_size(self, workshop_id: int) -> int | None:
        with self._read() as conn:
            return conn.execute(
                select(workshops.c.class_size).where(workshops.c.id == workshop_id)
            ).scalar()

    def ready_kernels_wanted(self, hours: float = CLASS_SIZE_HOURS) -> int:
        """The class sizes of the open workshops created in the last ``hours``, added
        up: how many students may arrive together. One small query."""
        since = now() - timedelta(hours=hours)
        with self._read() as conn:
            total = conn.execute(
                select(func.coalesce(func.sum(workshops.c.class_size), 0)).where(
                    and_(workshops.c.is_open, workshops.c.created_at >= since)
                )
            ).scalar()
        return int(total or 0)
