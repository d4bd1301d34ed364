"""Are the catalogs complete? The kit's marked words against each language's catalog.

``workshop-kit check`` and the tests use :func:`catalog_gaps`; a translator adding
words by hand can print the entries still to write with
``python -m workshop_kit.catalogs stubs fr [files...]`` (``make messages`` does the same
for the whole kit with Babel's own commands).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from workshop_kit.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE, catalog_path

PACKAGE_DIR = Path(__file__).resolve().parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


def _key(message_id, context: str | None) -> tuple:
    singular = message_id[0] if isinstance(message_id, (tuple, list)) else message_id
    return (context or "", singular)


def marked_messages(files: list[Path] | None = None) -> dict[tuple, tuple]:
    """Every marked string in the package (or in ``files``):
    ``{(context, msgid): (msgid or (singular, plural), first place)}``."""
    from babel.messages.extract import extract_from_file

    found: dict[tuple, tuple] = {}
    for path in sorted(files or PACKAGE_DIR.rglob("*.py")):
        for line, message, _comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            message = tuple(message) if isinstance(message, (list, tuple)) else message
            place = f"{path.relative_to(PACKAGE_DIR.parent)}:{line}"
            found.setdefault(_key(message, context), (message, place))
    return found


@dataclass
class CatalogGaps:
    language: str
    missing_catalog: bool = False
    untranslated: list[tuple] = field(default_factory=list)  # (key, message, place)
    fuzzy: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing_catalog or self.untranslated or self.fuzzy)


def catalog_gaps(language: str, files: list[Path] | None = None) -> CatalogGaps:
    """What ``language``'s catalog lacks: marked words with no translation (or only a
    fuzzy guess), and entries no code uses any more (with no ``files`` given)."""
    from babel.messages.pofile import read_po

    gaps = CatalogGaps(language)
    if language == SOURCE_LANGUAGE:
        return gaps
    path = catalog_path(language)
    if not path.is_file():
        gaps.missing_catalog = True
        return gaps
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    translated: dict[tuple, object] = {}
    for entry in catalog:
        if not entry.id:
            continue
        key = _key(entry.id, entry.context)
        strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
        if entry.fuzzy:
            gaps.fuzzy.append(key[1])
        elif all(s and s.strip() for s in strings):
            translated[key] = entry
    marked = marked_messages(files)
    for key, (message, place) in marked.items():
        if key not in translated and key[1] not in gaps.fuzzy:
            gaps.untranslated.append((key, message, place))
    if files is None:
        gaps.unused = sorted(key[1] for key in translated if key not in marked)
    return gaps


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def stubs(gaps: CatalogGaps) -> str:
    """The missing entries as ``.po`` text to fill in and append to the catalog."""
    out = []
    for (context, _singular), message, place in gaps.untranslated:
        out.append(f"#: {place}")
        if context:
            out.append(f"msgctxt {_po_string(context)}")
        if isinstance(message, tuple):
            out.append(f"msgid {_po_string(message[0])}")
            out.append(f"msgid_plural {_po_string(message[1])}")
            out += [f'msgstr[{n}] ""' for n in range(3)]
        else:
            out.append(f"msgid {_po_string(message)}")
            out.append('msgstr ""')
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "stubs":
        print("usage: python -m workshop_kit.catalogs stubs LANGUAGE [FILE...]", file=sys.stderr)
        return 2
    files = [Path(name).resolve() for name in argv[2:]] or None
    print(stubs(catalog_gaps(argv[1], files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

__all__ = ["DOMAIN", "LOCALE_DIR", "CatalogGaps", "catalog_gaps", "marked_messages", "stubs"]
