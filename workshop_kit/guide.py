"""The facilitator guide (``docs/facilitator-guide.md``) as one printable web page.

Voila serves it as a static file of the kit's template, so the dashboard links to it
with no server code of its own. The rendered page is kept in the template's folder
(:data:`PACKAGED_PAGE`, which a test keeps in step with the Markdown), so every way of
serving the template serves it: ``workshop-kit serve``, the nginx and JupyterHub
recipes in ``deploy/``. ``workshop-kit serve`` also renders the Markdown at start into
its data folder, ahead of that copy, so an edited guide shows without a rebuild;
``workshop-kit guide --out FILE`` writes the same page anywhere. The page is
self-contained: its style is inline, it has no script and it asks no other server for
anything, so it works offline and prints on A4 or Letter with each section, and so
each agenda, on a page of its own.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from workshop_kit.i18n import N_, _

PACKAGE_DIR = Path(__file__).resolve().parent
# In a wheel the Markdown is packaged beside this module; in a clone it is in docs/.
_SOURCES = (
    PACKAGE_DIR / "facilitator-guide.md",
    PACKAGE_DIR.parent / "docs" / "facilitator-guide.md",
)
CSS_FILE = PACKAGE_DIR / "guide.css"

FILE_NAME = "facilitator-guide.html"
# Voila serves /voila/templates/<template>/static/<file> from every Jupyter data folder
# that has such a template folder, so a folder added to JUPYTER_PATH serves it too.
STATIC_PARTS = ("voila", "templates", "workshop_kit", "static")
URL_PATH = "voila/templates/workshop_kit/static/" + FILE_NAME
# From a page at .../voila/render/<notebook>, relative, so it works under any base URL
# (a reverse proxy's /workshop/ too).
LINK_FROM_PAGES = "../templates/workshop_kit/static/" + FILE_NAME
LINK_TEXT = N_("Facilitator guide (printable)")
# The rendered page in the kit's own template (re-render it with `workshop-kit guide
# --out` and this path after editing the Markdown; tests/test_guide.py says so).
PACKAGED_PAGE = PACKAGE_DIR.joinpath("share", "jupyter", *STATIC_PARTS, FILE_NAME)

# Headings that start a new printed page.
_NEW_PAGE = re.compile(r"^Agenda\b")


def source_path() -> Path:
    """The guide's Markdown file."""
    for path in _SOURCES:
        if path.is_file():
            return path
    raise FileNotFoundError(f"the facilitator guide is missing: looked for {_SOURCES[-1]}")


def _renderer():
    """A mistune renderer whose headings get ids (for the contents list) and, for the
    agendas, a class that the print style starts on a new page. (mistune is imported
    here: the dashboard imports this module only for :func:`guide_link`.)"""
    import mistune

    class Renderer(mistune.HTMLRenderer):
        def __init__(self) -> None:
            super().__init__(escape=True)
            self.headings: list[tuple[int, str, str]] = []  # level, id, text

        def heading(self, text: str, level: int, **attrs) -> str:
            anchor, plain = _anchor(text, [a for _, a, _ in self.headings])
            self.headings.append((level, anchor, plain))
            css = ' class="wk-agenda"' if level == 2 and _NEW_PAGE.match(plain) else ""
            return f'<h{level} id="{anchor}"{css}>{text}</h{level}>\n'

    return Renderer(), mistune.create_markdown


def _anchor(text: str, taken: list[str]) -> tuple[str, str]:
    """A heading's id (unique among ``taken``) and its plain text."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"
    anchor, n = slug, 2
    while anchor in taken:
        anchor, n = f"{slug}-{n}", n + 1
    return anchor, plain


def render_html(markdown: str | None = None) -> str:
    """The whole page for ``markdown`` (default: the guide)."""
    if markdown is None:
        markdown = source_path().read_text(encoding="utf-8")
    renderer, create_markdown = _renderer()
    body = create_markdown(renderer=renderer, plugins=["table"])(markdown)
    body = _label_table_cells(body)
    titles = [text for level, _, text in renderer.headings if level == 1]
    title = titles[0] if titles else "Facilitator guide"
    contents = "".join(
        f'<li><a href="#{anchor}">{html.escape(text)}</a></li>'
        for level, anchor, text in renderer.headings
        if level == 2
    )
    # The contents list goes right after the title and the introduction.
    first_section = body.find("<h2 ")
    if contents and first_section != -1:
        nav = (
            '<nav class="wk-guide-contents" aria-labelledby="contents">'
            f'<h2 id="contents">Contents</h2><ol>{contents}</ol></nav>'
            '<p class="wk-guide-print">To print this guide, use your browser\'s Print '
            "command (Ctrl+P, or ⌘P on a Mac). Each agenda starts on a new page.</p>"
        )
        body = body[:first_section] + nav + body[first_section:]
    css = CSS_FILE.read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · Career Workshop Kit</title>\n"
        f"<style>\n{css}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _label_table_cells(body: str) -> str:
    """Give each table cell its column's heading as ``data-label``: on a phone the
    style shows every row as a card of "label: value" lines."""

    def one_table(match: re.Match) -> str:
        table = match.group(0)
        labels = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        ]

        def one_row(row: re.Match) -> str:
            cells = iter(labels)
            return re.sub(
                r"<td",
                lambda _m: f'<td data-label="{html.escape(next(cells, ""))}"',
                row.group(0),
            )

        return re.sub(r"<tr>.*?</tr>", one_row, table, flags=re.S)

    return re.sub(r"<table>.*?</table>", one_table, body, flags=re.S)


def write(path: Path) -> Path:
    """Write the page to ``path`` (its folder is created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_html()
    if not path.is_file() or path.read_text(encoding="utf-8") != page:
        path.write_text(page, encoding="utf-8")
    return path


def publish(jupyter_root: Path) -> Path:
    """Write the page where Voila serves it at :data:`URL_PATH` once ``jupyter_root``
    is on ``JUPYTER_PATH``; return the file's path."""
    return write(Path(jupyter_root).joinpath(*STATIC_PARTS, FILE_NAME))


def guide_link():
    """The dashboard's link to the printable guide (opens in a new tab)."""
    import ipywidgets as widgets

    # The guide itself is written in English (docs/facilitator-guide.md).
    opening = (
        f'<a href="{LINK_FROM_PAGES}" target="_blank" rel="noopener" '
        'style="color: #0550ae; text-decoration: underline; font-weight: 600">'
        f"{html.escape(_(LINK_TEXT))}</a>"
    )
    # The sentence is text, escaped; only the link put into it is markup (of ours).
    sentence = html.escape(
        _("{link}: agendas, what to say, debrief questions, and what to do when the network fails.")
    ).format(link=opening)
    link = widgets.HTML(f'<p class="wk-help">{sentence}</p>')
    link.add_class("wk-guide-link")
    return link


# --- reading grade ------------------------------------------------------------------


class _Prose(HTMLParser):
    """Text of each block (paragraph, list item, table cell, heading), code blocks left
    out, gathered per ``h2`` section."""

    BLOCKS = frozenset({"p", "li", "td", "th", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {"": []}
        self._section = ""
        self._stack: list[str] = []
        self._text: list[str] = []
        self._in_pre = 0
        self._in_nav = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._in_pre += 1
        elif tag == "nav":
            self._in_nav += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre -= 1
        elif tag == "nav":
            self._in_nav -= 1
        elif tag in self.BLOCKS:
            if tag == "h2" and not self._in_nav:
                # a new section, which its heading belongs to
                self._section = " ".join("".join(self._text).split())
                self.sections.setdefault(self._section, [])
            self._flush()
            if self._stack:
                self._stack.pop()

    def handle_data(self, data):
        if self._stack and not self._in_pre and not self._in_nav:
            self._text.append(data)

    def _flush(self) -> str:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            self.sections[self._section].append(text if text[-1] in ".!?" else text + ".")
        return text


def prose_by_section(page: str | None = None) -> dict[str, str]:
    """The guide's readable text per ``h2`` section ("" is the introduction)."""
    parser = _Prose()
    parser.feed(page if page is not None else render_html())
    main = parser.sections
    main.pop("Contents", None)
    return {name: " ".join(blocks) for name, blocks in main.items() if blocks}


def reading_grades(page: str | None = None) -> dict[str, float]:
    """Flesch-Kincaid grade of the whole guide (key ``"all"``) and of each section, as
    ``workshop-kit check`` grades the content files."""
    from workshop_kit.content.readability import flesch_kincaid_grade

    sections = prose_by_section(page)
    grades = {"all": flesch_kincaid_grade(" ".join(sections.values()))}
    grades.update((name, flesch_kincaid_grade(text)) for name, text in sections.items())
    return grades
