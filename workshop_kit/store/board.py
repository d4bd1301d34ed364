"""The group idea board's rules, enforced here and not only in the page: a browser can
forge any widget message, so a second vote, a vote over budget, a vote on a hidden
idea and a hide (or its undo) without the instructor key are all refused by the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workshop_kit.i18n import N_, _, ngettext
from workshop_kit.stage_ids import ALTERNATIVE_CAREERS
from workshop_kit.store.records import Participant, StoreError, Workshop, now
from workshop_kit.store.tables import ideas, votes
from workshop_kit.text import clean_text

IDEA_LIMIT = 280
BOARD_STAGE = ALTERNATIVE_CAREERS  # the board closes when the instructor locks stage 2
FIELD_LIMIT = 120
# What a problem with one of an idea's short fields says, by field.
FIELD_PROBLEMS = {
    "role": N_("Role: {problem}"),
    "industry": N_("Industry: {problem}"),
    "first_step": N_("First step: {problem}"),
}


class IdeaRefused(StoreError):
    """An idea or a vote the board does not accept; the message says why."""


@dataclass(frozen=True)
class BoardIdea:
    id: int
    text: str
    role: str
    industry: str
    first_step: str
    votes: int
    mine: bool
    voted: bool
    created_at: datetime


def fingerprint(text: str) -> str:
    return " ".join(text.casefold().split())


class IdeaBoardMixin:
    """Idea board methods of :class:`~workshop_kit.store.Store`."""

    def post_idea(
        self,
        participant: Participant,
        text: str,
        role: str = "",
        industry: str = "",
        first_step: str = "",
    ) -> int:
        """Post an idea to the participant's board; return its id."""
        check = clean_text(text, IDEA_LIMIT, kept=_("Nothing was posted."))
        if not check.ok:
            raise IdeaRefused(check.message)
        body = check.text.strip()
        if not body:
            raise IdeaRefused(_("Write your idea first: an empty idea cannot be posted."))
        extras = {}
        for name, value in (("role", role), ("industry", industry), ("first_step", first_step)):
            field = clean_text(value, FIELD_LIMIT, kept=_("Nothing was posted."))
            if not field.ok:
                raise IdeaRefused(_(FIELD_PROBLEMS[name]).format(problem=field.message))
            extras[name] = " ".join(field.text.split())
        try:
            with self._write(participant) as conn:
                self._refuse_if_locked(conn, participant, BOARD_STAGE)
                return conn.execute(
                    insert(ideas).values(
                        workshop_id=participant.workshop_id,
                        participant_id=participant.id,
                        text=body,
                        fingerprint=fingerprint(body),
                        hidden=False,
                        created_at=now(),
                        language=participant.language or "en",
                        **extras,
                    )
                ).inserted_primary_key[0]
        except IntegrityError:
            raise IdeaRefused(_("You have already posted this idea.")) from None

    def vote(self, participant: Participant, idea_id: int, budget: int) -> None:
        """Upvote an idea: one vote per idea, at most ``budget`` votes per student."""
        with self._write(participant) as conn:
            self._refuse_if_locked(conn, participant, BOARD_STAGE)
            idea = conn.execute(select(ideas).where(ideas.c.id == idea_id)).first()
            if (
                idea is None
                or idea.hidden
                or participant.workshop_id is None
                or idea.workshop_id != participant.workshop_id
            ):
                raise IdeaRefused(_("That idea is not on your board any more."))
            if idea.participant_id == participant.id:
                raise IdeaRefused(_("Vote for other people's ideas; yours are already counted."))
            mine = conn.execute(
                select(votes.c.idea_id).where(votes.c.participant_id == participant.id)
            ).scalars()
            mine = set(mine)
            if idea_id in mine:
                raise IdeaRefused(_("You have already voted for this idea."))
            if len(mine) >= budget:
                raise IdeaRefused(
                    ngettext(
                        "You have used your only vote. Take it back to vote again.",
                        "You have used all {n} of your votes. Take one back to vote again.",
                        budget,
                    ).format(n=budget)
                )
            conn.execute(
                insert(votes).values(
                    idea_id=idea_id, participant_id=participant.id, created_at=now()
                )
            )

    def unvote(self, participant: Participant, idea_id: int) -> bool:
        """Take a vote back; return False if there was none."""
        with self._write(participant) as conn:
            self._refuse_if_locked(conn, participant, BOARD_STAGE)
            result = conn.execute(
                delete(votes).where(
                    votes.c.idea_id == idea_id, votes.c.participant_id == participant.id
                )
            )
            return result.rowcount > 0

    def votes_left(self, participant: Participant, budget: int) -> int:
        with self._read() as conn:
            used = conn.execute(
                select(func.count()).where(votes.c.participant_id == participant.id)
            ).scalar_one()
        return max(0, budget - used)

    def hide_idea(self, workshop: Workshop, key: str, idea_id: int) -> None:
        """Moderation: hide an idea from everyone. Needs the instructor key."""
        self._set_hidden(workshop, key, idea_id, True)

    def unhide_idea(self, workshop: Workshop, key: str, idea_id: int) -> None:
        """Moderation undone: show a hidden idea again. Needs the instructor key."""
        self._set_hidden(workshop, key, idea_id, False)

    def _set_hidden(self, workshop: Workshop, key: str, idea_id: int, hidden: bool) -> None:
        if not self.check_instructor_key(workshop, key):
            raise StoreError(
                _("Only the workshop's instructor can hide ideas.")
                if hidden
                else _("Only the workshop's instructor can bring back ideas.")
            )
        with self._write() as conn:
            done = conn.execute(
                update(ideas)
                .where(ideas.c.id == idea_id, ideas.c.workshop_id == workshop.id)
                .values(hidden=hidden)
            )
            if done.rowcount == 0:
                raise IdeaRefused(_("There is no such idea in this workshop."))

    def board(self, participant: Participant, sort: str = "votes") -> list[BoardIdea]:
        """The visible ideas a participant sees: the workshop's, or in solo mode their own."""
        count = select(func.count()).where(votes.c.idea_id == ideas.c.id).scalar_subquery()
        voted = (
            select(func.count())
            .where(votes.c.idea_id == ideas.c.id, votes.c.participant_id == participant.id)
            .scalar_subquery()
        )
        query = select(ideas, count.label("votes"), voted.label("voted")).where(
            ideas.c.hidden.is_(False)
        )
        if participant.workshop_id is None:
            query = query.where(ideas.c.participant_id == participant.id)
        else:
            query = query.where(ideas.c.workshop_id == participant.workshop_id)
        if sort == "newest":
            query = query.order_by(ideas.c.id.desc())
        else:
            query = query.order_by(count.desc(), ideas.c.id.desc())
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            BoardIdea(
                id=row.id,
                text=row.text,
                role=row.role,
                industry=row.industry,
                first_step=row.first_step,
                votes=row.votes,
                mine=row.participant_id == participant.id,
                voted=bool(row.voted),
                created_at=row.created_at,
            )
            for row in rows
        ]
