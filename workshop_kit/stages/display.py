"""What every notebook's one call does: build the page and display it, or, when the
answers database cannot be used or the content lacks what the page needs, say so in
the kit's words instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.content import ContentErrors
from workshop_kit.store.records import DatabaseUnavailable

_NOTICE = (
    '<div role="alert" style="border:2px solid #b42318;background:#fef3f2;'
    'color:#1b1f24;padding:12px 16px;border-radius:6px;font-size:16px">{}</div>'
)


def unavailable_notice(error: DatabaseUnavailable) -> widgets.HTML:
    return widgets.HTML(
        _NOTICE.format(f"<strong>This page cannot open right now.</strong> {escape(str(error))}")
    )


def content_notice(errors: ContentErrors) -> widgets.HTML:
    """What the page needs and the content folder lacks, for whoever runs the workshop."""
    items = "".join(f"<li>{escape(str(error))}</li>" for error in errors.errors)
    return widgets.HTML(
        _NOTICE.format(
            "<strong>This page cannot open: the workshop's content lacks what it needs."
            f'</strong><ul style="margin:8px 0 0;padding-left:20px">{items}</ul>'
        )
    )


def show_page(build: Callable[[], widgets.Widget]) -> widgets.Widget:
    """Display ``build()``; if the database is unavailable or the content lacks what the
    page needs, a notice in its place. Returns what was displayed."""
    try:
        page = build()
    except DatabaseUnavailable as error:
        page = unavailable_notice(error)
    except ContentErrors as errors:
        page = content_notice(errors)
    display(page)
    return page
