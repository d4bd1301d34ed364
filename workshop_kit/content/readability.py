"""Reading grade of content files, so an instructor sees when text gets hard to read.

Students often read in their second language: the kit's own content aims at a
Flesch-Kincaid grade of 9 or below. Only ``workshop-kit check`` imports this.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path

from pydantic import BaseModel

TARGET_GRADE = 9.0
# French text is scored with Kandel and Moles' adaptation of Flesch's reading ease
# (0 to 100, higher is easier); 60 and above reads as plain, everyday French.
TARGET_EASE_FR = 60.0
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Fields that are not read by students as prose. A source names a law or an office
# ("Accessibility for Ontarians with Disabilities Act"), which no writer can simplify.
_SKIP = {"attribution", "schema_version", "kind", "filler_words", "source"}


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
    text = _prose_text(model)
    return None if text is None else flesch_kincaid_grade(text)


def _prose_text(model: BaseModel) -> str | None:
    sentences = []
    for text in prose(model):
        text = " ".join(text.split())
        sentences.append(text if text[-1:] in ".!?" else text + ".")
    return " ".join(sentences) if sentences else None


def flesch_kincaid_grade(text: str) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59.

    Counted as textstat 0.7 counts (which this replaced: it imported pkg_resources,
    a third of a second, and its later releases download NLTK data at run time):
    punctuation removed, syllables from pyphen's English hyphenation, and sentences
    of two words or fewer not counted as sentences.
    """
    words = _words(text)
    if not words:
        return 0.0
    pieces = re.findall(r"\b[^.!?]+[.!?]*", text)
    sentences = max(1, len(pieces) - sum(len(_words(piece)) <= 2 for piece in pieces))
    syllables = sum(len(_hyphenator().positions(word)) + 1 for word in words)
    per_sentence = round(len(words) / sentences, 1)
    per_word = syllables / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def kandel_moles_ease(text: str) -> float:
    """207 − 1.015 × words per sentence − 73.6 × syllables per word (Kandel and Moles,
    1958: Flesch's reading ease fitted to French). Words and sentences counted as for
    :func:`flesch_kincaid_grade`, syllables from pyphen's French hyphenation; an
    apostrophe joins nothing ("l'entrevue" is two words)."""
    words = _words(text.replace("'", " ").replace("’", " "))
    if not words:
        return 0.0
    pieces = re.findall(r"\b[^.!?]+[.!?]*", text)
    sentences = max(1, len(pieces) - sum(len(_words(piece)) <= 2 for piece in pieces))
    syllables = sum(len(_hyphenator("fr").positions(word)) + 1 for word in words)
    return round(207 - 1.015 * len(words) / sentences - 73.6 * syllables / len(words), 1)


# Each language's measure: (name, function, whether a score reads easily, the target).
MEASURES = {
    "en": ("Flesch-Kincaid grade", flesch_kincaid_grade, lambda v: v <= TARGET_GRADE, "≤ 9"),
    "fr": ("Kandel-Moles", kandel_moles_ease, lambda v: v >= TARGET_EASE_FR, "≥ 60"),
}


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", "", text.lower()).split()


@cache
def _hyphenator(language: str = "en_US"):
    from pyphen import Pyphen  # imported here: student kernels never need it

    return Pyphen(lang=language)


# Bump when the formula or the way text is gathered changes: kept grades are then stale.
FORMULA_VERSION = 2
KEPT_GRADES = 2000


def cached_grades(models: Iterable[BaseModel], language: str = "en") -> list[float | None]:
    """:func:`grade` of each model, reusing the grades an earlier check worked out.

    Working out a grade needs pyphen, which parses 11,000 hyphenation patterns and
    then each new word: a large share of a content check (BENCHMARKS.md). An instructor
    mostly checks content that has not changed since the last check, so each grade is
    kept in the user's cache folder, keyed by a hash of the exact prose it was worked
    out from, the formula's version and the installed pyphen. Changed prose is graded
    afresh. A cache that cannot be read or written is skipped: the check never fails
    for it, and the grades are the same either way.
    """
    path = _grades_file()
    kept = _read_grades(path)
    graded = len(kept)
    out: list[float | None] = []
    measure = MEASURES[language][1] if language in MEASURES else None
    for text in map(_prose_text, models):
        if text is None or measure is None:
            out.append(None)
            continue
        key = hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()
        if key not in kept:
            kept[key] = measure(text)
        out.append(kept[key])
    if len(kept) > graded:
        _write_grades(path, kept)
    return out


def _grades_file() -> Path:
    from importlib.util import find_spec

    from platformdirs import user_cache_dir

    spec = find_spec("pyphen")  # its files' stamp, without importing it
    stamp = os.stat(spec.origin) if spec and spec.origin else None
    pyphen = f"{stamp.st_size}-{stamp.st_mtime_ns}" if stamp else "none"
    folder = Path(user_cache_dir("workshop-kit"))
    return folder / f"reading-grades-v{FORMULA_VERSION}-pyphen-{pyphen}.json"


def _read_grades(path: Path) -> dict[str, float]:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {
            key: float(value)
            for key, value in kept.items()
            if isinstance(key, str) and isinstance(value, int | float)
        }
    except Exception:  # missing, or damaged in any way: grade afresh
        return {}


def _write_grades(path: Path, grades: dict[str, float]) -> None:
    grades = dict(list(grades.items())[-KEPT_GRADES:])  # the newest
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(grades), encoding="utf-8")
        partial.replace(path)  # whole or not at all, if two checks run at once
    except OSError:
        with suppress(OSError):  # a read-only home folder: grade again next time
            partial.unlink(missing_ok=True)
