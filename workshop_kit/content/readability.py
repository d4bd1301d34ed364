"""Reading grade of content files, so an instructor sees when text gets hard to read.

Students often read in their second language: the kit's own content aims at a
Flesch-Kincaid grade of 9 or below. Only ``workshop-kit check`` imports this.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path

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
    sentences = []
    for text in prose(model):
        text = " ".join(text.split())
        sentences.append(text if text[-1:] in ".!?" else text + ".")
    if not sentences:
        return None
    return flesch_kincaid_grade(" ".join(sentences))


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


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", "", text.lower()).split()


@cache
def _hyphenator():
    import pyphen  # imported here: student kernels never need it

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _parsed_patterns(path)
    return pyphen.Pyphen(lang="en_US")


def _parsed_patterns(path: Path):
    """pyphen's parse of the hyphenation patterns at ``path``, kept between runs.

    Parsing its 11,000 English patterns is 0.14 s, a quarter of a content check; the
    parsed dictionary loads in a few milliseconds. It is kept in the user's cache
    folder, named after pyphen's version and the file's time stamp and size, so a new
    pyphen or dictionary is parsed afresh. A cache that cannot be read or written is
    skipped: the check never fails for it.
    """
    import pickle

    import pyphen
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("workshop-kit"))
    stat = path.stat()
    cached = folder / (
        f"pyphen-{pyphen.__version__}-{path.stem}-{stat.st_mtime_ns}-{stat.st_size}.pickle"
    )
    try:
        with cached.open("rb") as file:
            parsed = pickle.load(file)
        if isinstance(parsed, pyphen.HyphDict):
            return parsed
    except Exception:  # damaged bytes raise almost anything: parse afresh
        pass
    parsed = pyphen.HyphDict(path)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            pickle.dump(parsed, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cached)  # whole or not at all, if two checks run at once
    except (OSError, pickle.PicklingError):
        with suppress(OSError):  # a read-only home folder: parse again next time
            partial.unlink(missing_ok=True)
    return parsed
