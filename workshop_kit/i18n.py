"""The language a page speaks: gettext catalogs for the kit's own words, Babel for
dates and numbers.

The kit's words are written in English in the code, marked ``_("...")`` (or
``N_("...")`` where a constant is defined before any page knows its language, then
passed through ``_()`` where it is shown). Each other language has a catalog,
``workshop_kit/locale/<code>/LC_MESSAGES/messages.po``, kept with Babel
(``make messages``: extract, then update every catalog). The ``.po`` file is the only
copy kept: it is compiled in memory the first time a page needs it, so the repository
holds no compiled files and an edited catalog takes effect on the next page.

One kernel serves one page, so the language is a setting of the process
(:func:`use`); the dashboard and the command line set it the same way.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# The language the code is written in: it needs no catalog.
SOURCE_LANGUAGE = "en"
# Babel's regional formats for dates and numbers (Canada's, for both official languages).
FORMAT_REGIONS = {"en": "en_CA", "fr": "fr_CA"}
_CODE = re.compile(r"^[a-z]{2,3}$")

_current = SOURCE_LANGUAGE


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages() -> tuple[str, ...]:
    """The source language and every language with a catalog, in code order after it."""
    found = sorted(
        path.name
        for path in (LOCALE_DIR.iterdir() if LOCALE_DIR.is_dir() else ())
        if _CODE.match(path.name) and catalog_path(path.name).is_file()
    )
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


def normalize(code: str | None) -> str | None:
    """``"fr-CA"``, ``"FR_ca"`` and ``"fr"`` are all ``"fr"``; nonsense is None."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base if _CODE.match(base) else None


# The kit's own languages by name, so a page's switch need not load Babel's locale data.
NAMES = {"en": "English", "fr": "Français"}


def language_name(code: str) -> str:
    """A language's name in that language ("English", "Français"), for the switch."""
    if code in NAMES:
        return NAMES[code]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def use(language: str | None) -> str:
    """Speak ``language`` from now on in this process (unknown: the source language).
    Returns the language used."""
    global _current
    code = normalize(language)
    _current = code if code in catalog_languages() else SOURCE_LANGUAGE
    return _current


def current() -> str:
    return _current


@lru_cache(maxsize=8)
def _translations(language: str, stamp: tuple[int, int]) -> _gettext.NullTranslations:
    """The catalog for ``language``, compiled in memory by Babel (``stamp`` is the
    file's mtime and size, so an edited catalog is read again)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a fuzzy guess is not a translation
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def translations(language: str | None = None) -> _gettext.NullTranslations:
    language = language or _current
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    path = catalog_path(language)
    try:
        stat = path.stat()
    except OSError:
        return _gettext.NullTranslations()
    return _translations(language, (stat.st_mtime_ns, stat.st_size))


def gettext(message: str) -> str:
    """``message`` in the current language (itself when the catalog lacks it)."""
    if _current == SOURCE_LANGUAGE:
        return message
    return translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if _current == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    return translations().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English word needs two translations."""
    if _current == SOURCE_LANGUAGE:
        return message
    return translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (a constant defined
    before a page knows its language); pass it through ``_()`` where it is shown."""
    return message


_ = gettext


# --- choosing a language ---------------------------------------------------------


def preferred(accepted: Iterable[str] | str | None, available: Iterable[str]) -> str | None:
    """The first of the browser's languages that is ``available`` (an
    ``Accept-Language`` header or ``navigator.languages``), else None."""
    if isinstance(accepted, str):
        weighted = []
        for position, part in enumerate(accepted.split(",")):
            code, _sep, params = part.strip().partition(";")
            quality = 1.0
            match = re.search(r"q=([0-9.]+)", params)
            if match:
                try:
                    quality = float(match.group(1))
                except ValueError:
                    quality = 0.0
            if quality > 0:
                weighted.append((-quality, position, code))
        accepted = [code for _q, _p, code in sorted(weighted)]
    offered = list(available)
    for code in accepted or ():
        base = normalize(code)
        if base in offered:
            return base
    return None


def header_languages() -> str:
    """The page request's ``Accept-Language`` header (``workshop-kit serve`` has Voila
    pass it to the kernel), or ""."""
    return os.environ.get("HTTP_ACCEPT_LANGUAGE", "")[:200]


def command_line_language() -> str:
    """The language for the command line's messages: ``WORKSHOP_KIT_LANGUAGE``, else the
    shell's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    for variable in ("WORKSHOP_KIT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = normalize(os.environ.get(variable))
        if code and code not in ("c", "posix"):
            return code if code in catalog_languages() else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


# --- dates and numbers -------------------------------------------------------------


def _region(language: str | None = None) -> str:
    language = language or _current
    return FORMAT_REGIONS.get(language, language)


def format_date(moment: date | datetime, style: str = "long") -> str:
    """``3 December 2026`` / ``3 décembre 2026``."""
    from babel.dates import format_date as babel_date

    day = moment.date() if isinstance(moment, datetime) else moment
    return babel_date(day, format=style, locale=_region())


def format_datetime(moment: datetime, style: str = "medium") -> str:
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(moment, format=style, locale=_region())


def format_time(moment: datetime, style: str = "short") -> str:
    from babel.dates import format_time as babel_time

    return babel_time(moment, format=style, locale=_region())


def format_number(number: float, decimals: int | None = None) -> str:
    """``1,234.5`` / ``1 234,5``."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=_region())


def format_percent(fraction: float) -> str:
    """``45%`` / ``45 %``."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=_region())
