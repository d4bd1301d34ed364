"""Reading grade of content files, so an instructor sees when text gets hard to read.

Students often read in their second language: the kit's own content aims at a
Flesch-Kincaid grade of 9 or below. Only ``workshop-kit check`` imports this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

TARGET_GRADE = 9.0
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Fields that are not read by students as prose.
_SKIP = {"attribution", "schema_version", "kind", "filler_words"}


def prose(model: BaseModel) -> Iterator[str]:
    """Every piece of student-facing text in a content model."""
    for name in type(model).model_fields:
        if name in _SKIP:
            continue
        yield from _walk(getattr(model, name))


def _walk(value) -> Iterator[str]:
    if isinstance(value, BaseModel):
        yield from prose(value)
    elif isinstance(value, str):
        if not _ID.match(value):
            yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


def grade(model: BaseModel) -> float | None:
    """The Flesch-Kincaid grade of all prose in ``model`` (None if it has none)."""
    import textstat  # imported here: student kernels never need it

    sentences = []
    for text in prose(model):
        text = " ".join(text.split())
        sentences.append(text if text[-1:] in ".!?" else text + ".")
    if not sentences:
        return None
    return float(textstat.flesch_kincaid_grade(" ".join(sentences)))
