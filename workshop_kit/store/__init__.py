"""Persistence: the only package that talks to the database."""

from workshop_kit.store.board import BoardIdea, IdeaRefused
from workshop_kit.store.key_attempts import KeyRefused
from workshop_kit.store.records import (
    AnswerTooLong,
    Participant,
    StageLocked,
    StoreError,
    Timer,
    UnknownWorkshop,
    Workshop,
)
from workshop_kit.store.store import Store, database_url_from_env

__all__ = [
    "AnswerTooLong",
    "BoardIdea",
    "IdeaRefused",
    "KeyRefused",
    "Participant",
    "StageLocked",
    "Store",
    "StoreError",
    "Timer",
    "UnknownWorkshop",
    "Workshop",
    "database_url_from_env",
]
