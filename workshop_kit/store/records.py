"""What the store hands out: plain records and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from workshop_kit.i18n import _


def now() -> datetime:
    return datetime.now(timezone.utc)


class StoreError(Exception):
    """A request the store refuses; the message is safe to show to the person."""


class UnknownWorkshop(StoreError):
    pass


class AnswerTooLong(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    """The database file is missing, damaged or unreadable: nothing can be saved."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Not saved: the answers database is unavailable; your text is still here. "
                "Tell your instructor."
            )
        )


class StageLocked(StoreError):
    """The instructor has closed this stage for the group."""


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    name: str
    is_open: bool
    language: str = "en"  # what its pages speak (workshop_kit.i18n)


@dataclass(frozen=True)
class Participant:
    id: int
    token: str
    workshop_id: int | None
    display_name: str | None
    resume_code: str | None = None
    # The language the student chose with the page's switch (None: never chose); a page
    # sets it to the language it speaks, and each answer saved records it. The same
    # student in either language: not compared.
    language: str | None = field(default=None, compare=False)

    @property
    def solo(self) -> bool:
        return self.workshop_id is None


@dataclass(frozen=True)
class Timer:
    label: str
    ends_at: datetime

    def seconds_left(self, at: datetime | None = None) -> float:
        at = at or now()
        ends = self.ends_at if self.ends_at.tzinfo else self.ends_at.replace(tzinfo=timezone.utc)
        return max(0.0, (ends - at).total_seconds())
