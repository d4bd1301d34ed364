"""One workshop as plain data, for the dashboard and the exports: its participants, the
latest of their answers, the board's ideas and votes.

A class of 10,000 has a million answers, so the answers are read as every version
saved in a window of ids, oldest first, in batches, and folded into the latest of each
in Python (less work for the database than picking the latest of each itself), with
each distinct value decoded once. Reading a million rows makes a million objects: a
caller that reads a large workshop pauses the garbage collector around the call
(:func:`workshop_kit.gc_pause.gc_paused`), which this module leaves to it because the
collector is the whole process's, not the store's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, cast, func, select, text, type_coerce
from sqlalchemy.engine import Dialect

from workshop_kit.store.tables import answers, ideas, participants, votes

BATCH_ROWS = 20_000


@dataclass(frozen=True)
class _Decoding:
    """How the answers query reads values and times on one engine.

    Most values repeat (a rating, "do", the same sentence): values are read as JSON
    text and each distinct text is decoded once, by the column type's own result
    processor (SQLite), or as psycopg would with the engine's default json.loads
    (PostgreSQL). Times the driver gives as ISO strings (SQLite) are compared as
    such, as SQL's max() does, and turned into datetimes at the end.
    """

    value: Any  # the column expression that reads a value as text
    saved: Any  # the column expression that reads a save's time
    to_value: Callable[[str], Any]
    to_time: Callable[[Any], Any] | None

    @classmethod
    def for_dialect(cls, dialect: Dialect) -> _Decoding:
        to_value = answers.c.value.type.dialect_impl(dialect).result_processor(dialect, None)
        to_time = answers.c.created_at.type.dialect_impl(dialect).result_processor(dialect, None)
        if to_value is None:
            value, to_value = cast(answers.c.value, Text), json.loads
        else:
            value = type_coerce(answers.c.value, Text)
        saved = answers.c.created_at if to_time is None else type_coerce(answers.c.created_at, Text)
        return cls(value, saved, to_value, to_time)


def _newest_answer_id(conn: Connection) -> int:
    return conn.execute(select(func.coalesce(func.max(answers.c.id), 0))).scalar_one()


def _rows(result) -> list[dict[str, Any]]:
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


def _people(conn: Connection, workshop_id: int) -> list:
    return conn.execute(
        select(
            participants.c.id,
            participants.c.display_name,
            participants.c.created_at,
            participants.c.language,
        )
        .where(participants.c.workshop_id == workshop_id)
        .order_by(participants.c.id)
    ).all()


def _ideas(conn: Connection, workshop_id: int) -> list[dict[str, Any]]:
    vote_count = select(func.count()).where(votes.c.idea_id == ideas.c.id).scalar_subquery()
    return _rows(
        conn.execute(
            select(
                ideas.c.id,
                ideas.c.participant_id,
                ideas.c.text,
                ideas.c.role,
                ideas.c.industry,
                ideas.c.first_step,
                ideas.c.hidden,
                ideas.c.created_at,
                ideas.c.language,
                vote_count.label("votes"),
            ).where(ideas.c.workshop_id == workshop_id)
        )
    )


def _votes(conn: Connection, workshop_id: int) -> list[dict[str, Any]]:
    return _rows(
        conn.execute(
            select(votes.c.idea_id, votes.c.participant_id, votes.c.created_at)
            .join(ideas, ideas.c.id == votes.c.idea_id)
            .where(ideas.c.workshop_id == workshop_id)
        )
    )


def _latest_answers(
    conn: Connection, workshop_id: int, after: int, upto: int, decoding: _Decoding
) -> tuple[dict[int, dict[str, dict[str, Any]]], dict[int, Any], dict]:
    """``({participant: {stage: {key: latest value}}}, {participant: last save},
    {participant: {stage: {key: language}}})`` from every version saved with an id in
    ``(after, upto]``. A key saved again moves to the end, so keys stay in the order of
    their last save. The languages list only answers not given in English (most are)."""
    everyone: dict[int, dict[str, dict[str, Any]]] = {}
    last_active: dict[int, Any] = {}
    languages: dict[int, dict[str, dict[str, str]]] = {}
    parsed: dict[str, Any] = {}
    to_value = decoding.to_value
    saves = conn.execute(
        select(
            answers.c.participant_id,
            answers.c.stage,
            answers.c.key,
            decoding.value,
            decoding.saved,
            answers.c.language,
        )
        .join(
            participants,
            (participants.c.id == answers.c.participant_id)
            & (participants.c.workshop_id == workshop_id),
        )
        .where(answers.c.id > after, answers.c.id <= upto)
        .order_by(answers.c.id)
    )
    for batch in saves.partitions(BATCH_ROWS):
        for pid, stage, key, raw, saved_at, language in batch:
            if language != "en":
                languages.setdefault(pid, {}).setdefault(stage, {})[key] = language
            elif pid in languages and key in languages[pid].get(stage, ()):
                del languages[pid][stage][key]
            stages = everyone.get(pid)
            if stages is None:
                stages = everyone[pid] = {}
                last_active[pid] = saved_at
            elif saved_at > last_active[pid]:
                last_active[pid] = saved_at
            given = stages.get(stage)
            if given is None:
                given = stages[stage] = {}
            elif key in given:
                del given[key]
            if type(raw) is str:  # SQLite gives numbers back as numbers
                item = parsed.get(raw, parsed)
                if item is parsed:
                    item = to_value(raw)
                    if item is None or isinstance(item, (str, int, float)):
                        parsed[raw] = item  # shared only if it cannot change
                raw = item
            given[key] = raw
    if decoding.to_time is not None:
        last_active = {pid: decoding.to_time(last) for pid, last in last_active.items()}
    return everyone, last_active, languages


def _participant_rows(people: list, last_active: dict[int, Any]) -> list[dict[str, Any]]:
    return [
        {
            "participant_id": pid,
            "display_name": name,
            "joined_at": joined,
            "last_active": last_active.get(pid) or joined,
            "language": chosen,  # chosen with the page's switch; None: never chose
        }
        for pid, name, joined, chosen in people
    ]


class SnapshotMixin:
    """The workshop snapshot, for :class:`~workshop_kit.store.Store` (its engine and
    ``_read``)."""

    def workshop_snapshot(self, workshop_id: int, answers_after: int = 0) -> dict[str, Any]:
        """Everything the dashboard and the exports need about one workshop, as plain
        data: ``participants``, the latest ``answers``, ``ideas`` (with vote counts) and
        ``votes``. Tokens and resume codes are never included.

        ``answers`` is ``{participant id: {stage: {key: latest value}}}`` (what
        :meth:`all_answers` gives for one student), keys in the order they were last
        saved. ``answer_languages`` is ``{participant id: {stage: {key: language}}}``
        for the answers among them given on a page in another language than English
        (ids are the same in every language). ``answers_upto`` is the id of the newest
        answer the snapshot covers: every answer up to it is committed and counted, so
        a later snapshot can start where this one ended.

        A large workshop makes many objects: callers pause the garbage collector
        around this call (:func:`workshop_kit.gc_pause.gc_paused`).

        Parameters
        ----------
        workshop_id
            The workshop.
        answers_after
            The ``answers_upto`` of an earlier snapshot of the same workshop: then
            ``answers`` holds only the answers saved since, and ``last_active`` counts
            only those (or joining). The dashboard refreshes this way
            (:class:`workshop_kit.analysis.LiveSnapshot`) instead of reading the whole
            group every few seconds.
        """
        upto = self._committed_answers_upto() if self._is_postgres else 0
        decoding = _Decoding.for_dialect(self.engine.dialect)
        with self._read() as conn:
            if not self._is_postgres:
                # SQLite commits one writer at a time and gives ids in commit order:
                # in this transaction every id up to the newest one is committed.
                upto = _newest_answer_id(conn)
            people = _people(conn, workshop_id)
            idea_rows = _ideas(conn, workshop_id)
            vote_rows = _votes(conn, workshop_id)
            everyone, last_active, languages = _latest_answers(
                conn, workshop_id, answers_after, upto, decoding
            )
        return {
            "participants": _participant_rows(people, last_active),
            "answers": everyone,
            "answer_languages": languages,
            "ideas": idea_rows,
            "votes": vote_rows,
            "answers_upto": upto,
        }

    def _committed_answers_upto(self) -> int:
        """PostgreSQL: the newest answer id below which every answer is committed.

        Ids come from a sequence, so a student's insert can commit after one with a
        higher id, and reading "after the newest id seen" would skip it for good. A
        SHARE lock waits for the inserts in flight, and holds new ones back only for
        one max(): every id up to the one it reads is committed.
        """
        with self.engine.connect() as conn, conn.begin():
            conn.execute(text("LOCK TABLE answers IN SHARE MODE"))
            return _newest_answer_id(conn)
