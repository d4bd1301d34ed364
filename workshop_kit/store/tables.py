"""Database tables. Answers are append-only: a new value is a new row, so an
overwrite never loses an earlier committed answer.

The schema is created and changed only by the migrations in ``migrations/versions``;
these definitions must match what they build (tests/test_migrations.py checks it)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
)

metadata = MetaData()

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    # sha256 of the instructor key: the key itself is shown once and never stored
    Column("instructor_key_hash", String(64), nullable=False),
    Column("is_open", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # students expected: the server keeps this many kernels ready while it is open
    Column("class_size", Integer, nullable=True),
    # the language its pages are shown in (a code such as "en" or "fr")
    Column("language", String(16), nullable=False, default="en", server_default="en"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=True),
    Column("display_name", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The page token and the short resume code a student can type on another device,
    # never in clear: hashed to find the participant, and each sealed with a key from
    # the other (store/credentials.py).
    Column("token_hash", String(64), nullable=False),
    Column("resume_code_hash", String(64), nullable=False),
    Column("resume_code_sealed", String(64), nullable=False),
    Column("token_sealed", String(128), nullable=False),
    # the language the student chose with the page's switch (NULL: never chose)
    Column("language", String(16), nullable=True),
    Index("ux_participants_token_hash", "token_hash", unique=True),
    Index("ux_participants_resume_code_hash", "resume_code_hash", unique=True),
)

# Instructor's stage control: a row per locked stage.
stage_locks = Table(
    "stage_locks",
    metadata,
    Column("workshop_id", Integer, ForeignKey("workshops.id"), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("locked", Boolean, nullable=False, default=True),
)

# The activity countdown students see on their pages (one per workshop).
timers = Table(
    "timers",
    metadata,
    Column("workshop_id", Integer, ForeignKey("workshops.id"), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("key", String(120), nullable=False),
    Column("value", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # the language of the page it was given on: ids are the same in every language
    Column("language", String(16), nullable=False, default="en", server_default="en"),
    Index("ix_answers_latest", "participant_id", "stage", "key", "id"),
)

# --- stage 2: the group idea board ---

ideas = Table(
    "ideas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=True),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("text", String(2000), nullable=False),
    # casefolded, whitespace-collapsed text: one student cannot post the same idea twice
    Column("fingerprint", String(2000), nullable=False),
    Column("role", String(200), nullable=False, default=""),
    Column("industry", String(200), nullable=False, default=""),
    Column("first_step", String(500), nullable=False, default=""),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("language", String(16), nullable=False, default="en", server_default="en"),
    UniqueConstraint("participant_id", "fingerprint", name="uq_ideas_once_per_student"),
    Index("ix_ideas_board", "workshop_id", "hidden"),
)

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idea_id", Integer, ForeignKey("ideas.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("idea_id", "participant_id", name="uq_votes_one_per_idea"),
)

# Wrong instructor keys per scope ("workshop:<id>", "client:<address>"): kept here so
# a reload does not reset them (store/key_attempts.py).
key_attempts = Table(
    "key_attempts",
    metadata,
    Column("scope", String(80), primary_key=True),
    Column("failures", Integer, nullable=False),
    # seconds since the epoch before which the next try must wait
    Column("blocked_until", Float, nullable=True),
)

# What the projector shows, one row per workshop: the instructor moves it from the
# dashboard and the presenter page follows (``panel`` names a presenter panel, ``item``
# picks a statement or scenario within it, ``revealed`` shows that item's answer).
presenter_views = Table(
    "presenter_views",
    metadata,
    Column("workshop_id", Integer, ForeignKey("workshops.id"), primary_key=True),
    Column("panel", String(40), nullable=False),
    Column("item", Integer, nullable=False, default=0, server_default="0"),
    Column("revealed", Boolean, nullable=False, default=False, server_default=false()),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
