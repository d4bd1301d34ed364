"""Checking what a student types before it is saved.

Student text may be empty, huge, in any script, full of emoji or of HTML. It is
kept as typed (it is shown with escaping everywhere), except for control
characters that no keyboard makes and that break exports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# C0/C1 control characters except tab and newline; NUL breaks PostgreSQL text and CSV.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TextCheck:
    """The text to save (or ``None`` when it must not be saved) and a message for the student."""

    text: str | None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.text is not None


def clean_text(value: str, limit: int, kept: str = "Your last saved version is kept.") -> TextCheck:
    """Normalise a free-text answer and check it against ``limit`` characters.

    Over-long text is refused, not cut: the student keeps what they typed in the box
    and is told by how much to shorten it; the last saved version stays saved.
    """
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).replace("\r\n", "\n")
    if len(text) > limit:
        over = len(text) - limit
        return TextCheck(
            None,
            f"This is {len(text):,} characters; the limit is {limit:,}. "
            f"Shorten it by {over:,} to save it. {kept}",
        )
    return TextCheck(text)


def one_line(value: str | None) -> str:
    """Text for a one-line field: no control characters, spaces collapsed, NFC."""
    return " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", value or "")).split())


def clean_name(value: str, limit: int = 40) -> TextCheck:
    """A display name: one line, trimmed; blank means anonymous."""
    text = one_line(value)
    if len(text) > limit:
        return TextCheck(
            None,
            f"This name is {len(text):,} characters; please use a name of at most "
            f"{limit} characters.",
        )
    return TextCheck(text)


def clean_code(value: str, limit: int = 20) -> TextCheck:
    """A code someone types (a join or resume code): one line, trimmed.

    Real codes are a few letters, so a long paste is refused here with the numbers
    rather than echoed back in a "no such code" message.
    """
    text = one_line(value)
    if len(text) > limit:
        return TextCheck(
            None, f"That is {len(text):,} characters; a code has at most {limit} characters."
        )
    return TextCheck(text)
