"""Database tables. Answers are append-only: a new value is a new row, so an
overwrite never loses an earlier committed answer."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
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
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=True),
    Column("display_name", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    Index("ix_answers_latest", "participant_id", "stage", "key", "id"),
)
