"""Typed errors for content mistakes: always file, place and problem, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError(Exception):
    """One mistake in one content file.

    Parameters
    ----------
    file
        The content file the mistake is in.
    location
        Where in the file, as a path such as ``skills[3].category`` ("" for the whole file).
    problem
        What is wrong, in words an instructor editing YAML can act on.
    line
        The 1-based line in the file, when known.
    """

    file: Path
    location: str
    problem: str
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.location:
            where += f": {self.location}"
        return f"{where}: {self.problem}"


class ContentErrors(Exception):
    """Every mistake found in a content folder, so an instructor can fix them all at once."""

    def __init__(self, errors: list[ContentError]):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the workshop content:"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])
