"""Do the content folders of two languages match? Same files, same ids, same structure,
every text translated.

Answers are kept by id in every language, so a class that mixes languages counts
together only when each language's files have exactly the reference language's ids,
numbers, answer keys and codes; only the words may differ. ``workshop-kit check``
reports each difference with its file and place, as it does any other content mistake.
"""

from __future__ import annotations

import re
from typing import Any

from workshop_kit.content.errors import ContentError
from workshop_kit.content.loader import Content, format_location
from workshop_kit.i18n import language_name

# Values that name something rather than say something: the same in every language.
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Fields whose text may stay as the reference has it: where a fact comes from (a law's
# or a page's own title) and web addresses.
_KEPT_FIELDS = {"source", "url", "link", "href", "schema_version", "kind"}
# Fields that hold a space-separated list of ids ("startup small_business").
_ID_LISTS = {"employers", "interests"}
# Fields each language writes for itself: the STAR rules' filler words are French
# words in French.
_OWN_FIELDS = {"filler_words"}
UNTRANSLATED = "untranslated"  # a marker: reported per file, not per text
# Prose left as the reference language has it, when at least this many words long, is
# taken as not translated yet (a short one may be a name or a shared word: "Excel").
_UNTRANSLATED_WORDS = 4


def compare_languages(reference: Content, other: Content) -> list[ContentError]:
    """Every way ``other`` (a translation) differs from ``reference`` besides its words."""
    errors: list[ContentError] = []
    # Named in words in the messages ("the English file").
    lang, ref_lang = language_name(other.language), language_name(reference.language)
    for kind, ref_path in sorted(reference.files.items(), key=lambda item: item[1].name):
        if kind not in other.by_kind:
            errors.append(
                ContentError(
                    other.folder,
                    "",
                    f"has no '{kind}' file; the {ref_lang} folder has {ref_path.name}: copy "
                    f"it here and translate its text",
                )
            )
            continue
        ref_data = reference.by_kind[kind].model_dump(mode="json")
        data = other.by_kind[kind].model_dump(mode="json")
        found = _differences(ref_data, data, (), ref_lang, lang)
        untranslated = [loc for loc, problem in found if problem is UNTRANSLATED]
        errors.extend(
            ContentError(other.files[kind], format_location(loc), problem)
            for loc, problem in found
            if problem is not UNTRANSLATED
        )
        if untranslated:  # a copied file not yet translated: one line, not hundreds
            places = ", ".join(format_location(loc) for loc in untranslated[:3])
            more = len(untranslated) - 3
            count = f"{len(untranslated)} texts are" if len(untranslated) > 1 else "1 text is"
            errors.append(
                ContentError(
                    other.files[kind],
                    "",
                    f"{count} still in {ref_lang} "
                    f"({places}{f' and {more} more' if more > 0 else ''}); translate them",
                )
            )
    for kind, path in sorted(other.files.items(), key=lambda item: item[1].name):
        if kind not in reference.by_kind:
            errors.append(
                ContentError(
                    path,
                    "",
                    f"has no counterpart in the {ref_lang} folder; every language needs the "
                    "same files",
                )
            )
    return errors


def _differences(
    ref: Any, value: Any, loc: tuple, ref_lang: str, lang: str
) -> list[tuple[tuple, str]]:
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if field in _OWN_FIELDS:
        return []
    if isinstance(ref, dict):
        if not isinstance(value, dict):
            return [(loc, f"should be a mapping, as in the {ref_lang} file")]
        out = []
        for key in ref:
            if key not in value:
                out.append(((*loc, key), f"is missing; the {ref_lang} file has it"))
            else:
                out.extend(_differences(ref[key], value[key], (*loc, key), ref_lang, lang))
        out.extend(
            ((*loc, key), f"is not in the {ref_lang} file; remove it or add it there too")
            for key in value
            if key not in ref
        )
        return out
    if isinstance(ref, list):
        if not isinstance(value, list):
            return [(loc, f"should be a list, as in the {ref_lang} file")]
        if len(ref) != len(value):
            return [
                (
                    loc,
                    f"has {len(value)} items but the {ref_lang} file has {len(ref)}; every "
                    "language needs the same items in the same order",
                )
            ]
        out = []
        for index, (a, b) in enumerate(zip(ref, value, strict=True)):
            out.extend(_differences(a, b, (*loc, index), ref_lang, lang))
        return out
    if isinstance(ref, str) and isinstance(value, str):
        if field in _KEPT_FIELDS:
            return []
        if _is_id(ref, field):
            if value == ref:
                return []
            return [
                (
                    loc,
                    f"is {value!r} but {ref!r} in the {ref_lang} file; ids and codes stay "
                    "the same in every language",
                )
            ]
        if not value.strip():
            return [(loc, f"is empty; write the {lang} text of: {_short(ref)}")]
        if value == ref and len(ref.split()) >= _UNTRANSLATED_WORDS:
            return [(loc, UNTRANSLATED)]
        return []
    if ref != value:
        return [
            (loc, f"is {value!r} but {ref!r} in the {ref_lang} file; only the words may differ")
        ]
    return []


def _is_id(text: str, field: str) -> bool:
    if field == "id" or field.endswith("_id") or _ID.match(text):
        return True
    return field in _ID_LISTS and all(_ID.match(word) for word in text.split())


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")
