"""``workshop-kit check``: is a content folder ready for a workshop, in every language?

For each language folder (or the one folder of a single-language set): every file
valid, every file the pages need present, and the reading level of each file. Then,
for a set of several languages: the same files, ids and structure as the first
language (English), no text left empty or untranslated, and a complete catalog of the
kit's own words for each. Prints what it found; returns the exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workshop_kit.content.errors import ContentErrors
from workshop_kit.content.languages import compare_languages
from workshop_kit.content.loader import (
    Content,
    content_files,
    content_languages,
    language_folder,
)
from workshop_kit.i18n import _, catalog_languages, language_name, ngettext

# Untranslated catalog entries listed by name before "and N more".
SHOWN_GAPS = 10


def run_check(root: Path, load_for_pages) -> int:
    """Check ``root`` (a folder of YAML files, or one folder per language)."""
    several = not content_files(root) and len(content_languages(root)) > 1
    languages = content_languages(root) if not content_files(root) else ("en",)
    loaded: dict[str, Content] = {}
    failed = False
    for language in languages:
        folder = language_folder(root, language)
        if several:
            print(
                _("== {name} ({code}): {folder}").format(
                    name=language_name(language), code=language, folder=folder
                )
            )
        try:
            content = load_for_pages(folder)
        except ContentErrors as exc:
            print(exc.summary(), file=sys.stderr)
            failed = True
            continue
        loaded[language] = content
        _print_files(content, language)
    if several and languages[0] in loaded:
        reference = loaded[languages[0]]
        for language, content in loaded.items():
            if language == languages[0]:
                continue
            differences = compare_languages(reference, content)
            if differences:
                print(ContentErrors(differences).summary(), file=sys.stderr)
                failed = True
            else:
                print(
                    _(
                        "{name}: the same files, ids and structure as {reference}, every text "
                        "translated."
                    ).format(name=language_name(language), reference=language_name(languages[0]))
                )
    failed |= not _catalogs_complete(languages)
    return 1 if failed else 0


def _print_files(content: Content, language: str) -> None:
    from workshop_kit.content.readability import MEASURES, TARGET_GRADE, cached_grades

    measure = MEASURES.get(language)
    scores = []
    files = sorted(content.files.items(), key=lambda item: item[1].name)
    levels = cached_grades((content.by_kind[kind] for kind, _path in files), language)
    for (kind, path), level in zip(files, levels, strict=True):
        note = ""
        if level is not None and measure is not None:
            scores.append(level)
            easy = measure[2]
            if language == "en":
                note = _("reading grade {level}").format(level=f"{level:4.1f}")
                if not easy(level):
                    note += "  <- " + _("above {target}: use shorter sentences and words").format(
                        target=f"{TARGET_GRADE:g}"
                    )
            else:
                note = _("reading ease {level} ({measure})").format(
                    level=f"{level:5.1f}", measure=measure[0]
                )
                if not easy(level):
                    note += "  <- " + _("below {target}: use shorter sentences and words").format(
                        target=measure[3].lstrip("≥ ")
                    )
        print(f"ok  {path.name:<28} {kind:<22} {note}")
    print(
        ngettext(
            "{count} content file in {folder} is valid.",
            "{count} content files in {folder} are valid.",
            len(content.files),
        ).format(count=len(content.files), folder=content.folder)
    )
    if measure is None:
        print(
            _("No reading-level formula for {code} here; read the text aloud to a learner.").format(
                code=language
            )
        )
    elif scores:
        average = sum(scores) / len(scores)
        verdict = _("fine") if measure[2](average) else _("hard for many second-language readers")
        if language == "en":
            line = _("Average reading grade (Flesch-Kincaid): {average} ({verdict}).")
        else:
            line = _("Average reading ease ({measure}): {average} ({verdict}).")
        print(line.format(average=f"{average:.1f}", verdict=verdict, measure=measure[0]))


def _catalogs_complete(languages: tuple[str, ...]) -> bool:
    """Each content language needs a catalog of the kit's own words (buttons, help,
    messages), with every entry translated."""
    from workshop_kit.catalogs import catalog_gaps

    complete = True
    catalogs = catalog_languages()
    for language in languages:
        if language == "en":
            continue
        if language not in catalogs:
            print(
                _(
                    "{name} ({code}) has content but no catalog of the kit's own words: copy "
                    "workshop_kit/locale/fr to workshop_kit/locale/{code} and translate each "
                    'msgstr (README, "Adding a language").'
                ).format(name=language_name(language), code=language),
                file=sys.stderr,
            )
            complete = False
            continue
        gaps = catalog_gaps(language)
        missing = [message for _key, message, _place in gaps.untranslated]
        if missing or gaps.fuzzy:
            complete = False
            listed = [m if isinstance(m, str) else m[0] for m in missing] + gaps.fuzzy
            print(
                ngettext(
                    "The {name} catalog lacks {count} translation:",
                    "The {name} catalog lacks {count} translations:",
                    len(listed),
                ).format(name=language_name(language), count=len(listed)),
                file=sys.stderr,
            )
            for message in listed[:SHOWN_GAPS]:
                print(f"  msgid {message!r}", file=sys.stderr)
            if len(listed) > SHOWN_GAPS:
                print(
                    _("  and {count} more (make messages lists them all in the catalog)").format(
                        count=len(listed) - SHOWN_GAPS
                    ),
                    file=sys.stderr,
                )
        else:
            print(
                _("{name} catalog: every word of the kit translated.").format(
                    name=language_name(language)
                )
            )
    return complete
