"""Participants: a student joining (solo or with a join code), and finding them again
from the token in their page address or the resume code they type on another device.
What the database keeps of those two secrets is in ``credentials.py``."""

from __future__ import annotations

import secrets
from dataclasses import replace

from sqlalchemy import bindparam, insert, select, update

from workshop_kit.store.credentials import (
    resume_code_of,
    resume_code_secrets,
    sealed_columns,
    token_hash,
    token_of,
)
from workshop_kit.store.records import Participant, StoreError, UnknownWorkshop, now
from workshop_kit.store.tables import participants
from workshop_kit.store.workshops import JOIN_CODE_ALPHABET
from workshop_kit.text import one_line

RESUME_CODE_TAKEN = select(participants.c.id).where(
    participants.c.resume_code_hash == bindparam("resume_hash")
)


def new_resume_code() -> str:
    letters = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def normalise_resume_code(text: str) -> str:
    letters = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else letters


def _participant(row, token: str = "", resume_code: str | None = None) -> Participant:
    """A participant row; its token and resume code only where the caller knows them
    (the database keeps neither in clear)."""
    return Participant(row.id, token, row.workshop_id, row.display_name, resume_code, row.language)


class ParticipantsMixin:
    """Participants: methods of :class:`~workshop_kit.store.Store`, through its
    ``_write`` and ``_read`` transactions."""

    def create_participant(
        self, join_code: str | None = None, display_name: str | None = None
    ) -> Participant:
        """A new participant, solo or in the workshop with ``join_code``."""
        workshop_id = None
        if join_code:
            workshop = self.workshop_by_code(join_code)
            if workshop is None:
                shown = one_line(join_code)
                shown = shown if len(shown) <= 20 else shown[:20] + "…"
                raise UnknownWorkshop(f"There is no workshop with the code {shown!r}.")
            if not workshop.is_open:
                raise UnknownWorkshop("That workshop has ended, so it takes no new students.")
            workshop_id = workshop.id
        if display_name is not None:
            display_name = one_line(display_name)[:200] or None
        token = secrets.token_urlsafe(18)
        # Hashed outside the write queue (scrypt takes a few milliseconds); a code that
        # is taken (one in billions while a workshop is small) is drawn again inside.
        resume = new_resume_code()
        columns = sealed_columns(token, resume)
        with self._write(exclusive=False) as conn:
            for _ in range(20):
                taken = conn.execute(
                    RESUME_CODE_TAKEN, {"resume_hash": columns["resume_code_hash"]}
                )
                if taken.first() is None:
                    break
                resume = new_resume_code()
                columns = sealed_columns(token, resume)
            else:
                raise StoreError("Could not draw a free resume code; please try again.")
            row_id = conn.execute(
                insert(participants).values(
                    workshop_id=workshop_id,
                    display_name=display_name,
                    created_at=now(),
                    **columns,
                )
            ).inserted_primary_key[0]
        return Participant(row_id, token, workshop_id, display_name, resume)

    def set_participant_language(self, participant: Participant, language: str) -> Participant:
        """Remember the language ``participant`` chose with the page's switch (it follows
        their token, like the rest of their identity); a code the kit lacks is refused."""
        from workshop_kit.store.workshops import known_language

        language = known_language(language)
        with self._write(participant) as conn:
            conn.execute(
                update(participants)
                .where(participants.c.id == participant.id)
                .values(language=language)
            )
        return replace(participant, language=language)

    def participant_by_token(self, token: str | None) -> Participant | None:
        if not token or len(token) > 64:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(participants).where(participants.c.token_hash == token_hash(token))
            ).first()
        if row is None:
            return None
        return _participant(row, token, resume_code_of(row, token))

    def participant_by_resume_code(self, code: str | None) -> Participant | None:
        """The participant whose personal resume code this is (typed on another device)."""
        code = normalise_resume_code(code or "")
        if len(code) != 9:
            return None
        lookup, key = resume_code_secrets(code)
        with self._read() as conn:
            row = conn.execute(
                select(participants).where(participants.c.resume_code_hash == lookup)
            ).first()
        token = token_of(row, key) if row is not None else None
        return _participant(row, token, code) if token is not None else None

    def workshop_participants(self, workshop_id: int) -> list[Participant]:
        with self._read() as conn:
            rows = conn.execute(
                select(participants)
                .where(participants.c.workshop_id == workshop_id)
                .order_by(participants.c.id)
            )
            return [_participant(row) for row in rows]
