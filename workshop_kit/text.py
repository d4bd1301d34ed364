"""Checking what a student types before it is saved.

Student text may be empty, huge, in any script, full of emoji or of HTML. It is
kept as typed (it is shown with escaping everywhere), except for control
characters that no keyboard makes and that break exports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workshop_kit.i18n import _, format_number

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


def clean_text(value: str, limit: int, kept: str | None = None) -> TextCheck:
    """Normalise a free-text answer and check it against ``limit`` characters.

    Over-long text is refused, not cut: the student keeps what they typed in the box
    and is told by how much to shorten it; the last saved version stays saved.
    """
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).replace("\r\n", "\n")
    if len(text) > limit:
        over = len(text) - limit
        message = _(
            "This is {count} characters; the limit is {limit}. Shorten it by {over} to save it."
        ).format(
            count=format_number(len(text)), limit=format_number(limit), over=format_number(over)
        )
        if kept is None:
            kept = _("Your last saved version is kept.")
        return TextCheck(None, f"{message} {kept}")
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
            _(
                "This name is {count} characters; please use a name of at most {limit} characters."
            ).format(count=format_number(len(text)), limit=limit),
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
            None,
            _("That is {count} characters; a code has at most {limit} characters.").format(
                count=format_number(len(text)), limit=limit
            ),
        )
    return TextCheck(text)
