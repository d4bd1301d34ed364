"""Persistence: the only package that talks to the database."""

from workshop_kit.store.store import (
    AnswerTooLong,
    Participant,
    Store,
    StoreError,
    UnknownWorkshop,
    Workshop,
    database_url_from_env,
)

__all__ = [
    "AnswerTooLong",
    "Participant",
    "Store",
    "StoreError",
    "UnknownWorkshop",
    "Workshop",
    "database_url_from_env",
]
