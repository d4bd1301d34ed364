"""Names listed inside a sentence, in the page's language ("a, b and c" / "a, b et c").

English keeps the kit's own joining (no serial comma); another language uses Babel's
list pattern for its region, each name quoted as that language quotes a name mid-
sentence (French: « guillemets »), so a name with "and" in it stays one name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workshop_kit import i18n
from workshop_kit.i18n import pgettext


def english_list(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def listed(
    words: Sequence[str],
    english: Callable[[Sequence[str]], str] = english_list,
    quote: bool = False,
) -> str:
    """``words`` joined for the current language: ``english`` does it in the source
    language; another language gets Babel's list, each word quoted when ``quote``."""
    words = list(words)
    if not words:
        return ""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return english(words)
    from babel import UnknownLocaleError
    from babel.lists import format_list

    if quote:
        # TRANSLATORS: a name quoted inside a sentence; French: «\u00a0{name}\u00a0»
        words = [pgettext("a name quoted in a sentence", "{name}").format(name=w) for w in words]
    region = i18n.FORMAT_REGIONS.get(i18n.current(), i18n.current())
    try:
        return format_list(words, locale=region)
    except (UnknownLocaleError, ValueError):  # a language Babel does not know
        return english_list(words)
