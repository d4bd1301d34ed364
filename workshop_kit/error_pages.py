"""The server's own pages outside the notebooks: the front door (``/``) and error
pages, in the kit's colours, with no script and no request to another server.

No kernel serves them, so no workshop gives their language: they speak the first of the
browser's languages (its ``Accept-Language`` header) that the kit has a catalog for."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import responses

from workshop_kit import i18n
from workshop_kit.i18n import N_, _
from workshop_kit.pages import WELCOME

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">{head}
<title>{title} - Career Workshop Kit</title>
<style>
  body {{ margin: 0; background: #fff; color: #1b1f24;
    font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
  header {{ background: #12385f; color: #fff; padding: 10px 16px; font-weight: 600;
    font-size: 18px; }}
  main {{ max-width: 36rem; margin: 0 auto; padding: 24px 16px; }}
  h1 {{ font-size: 1.4rem; margin: 0 0 12px; }}
  a.button {{ display: inline-block; margin-top: 8px; padding: 10px 18px; background: #12385f;
    color: #fff; border-radius: 6px; text-decoration: none; font-weight: 600; }}
  a.button:focus {{ outline: 3px solid #d4a72c; outline-offset: 2px; }}
</style>
</head>
<body>
<header>Career Workshop Kit</header>
<main class="wk-error-page">
<h1>{title}</h1>
{body}
<a class="button" href="{link}">{link_text}</a>
</main>
</body>
</html>
"""

START = f"/voila/render/{WELCOME}"

TEXTS = {
    404: (
        N_("Page not found"),
        N_(
            "There is no page at this address. Check the link your instructor gave you, "
            "or start from the workshop's start page."
        ),
    ),
    500: (
        N_("Something went wrong on the server"),
        N_(
            "The server could not show this page. Everything marked \u201cSaved\u201d is "
            "safe. Try again in a moment; if it keeps happening, tell your instructor."
        ),
    ),
}


@contextmanager
def speaking(accept_language: str | None) -> Iterator[str]:
    """Speak the first of the browser's languages the kit knows (else English) while
    one page is written, then the server's language again (the server writes one page
    at a time, so nothing else speaks meanwhile)."""
    before = i18n.current()
    chosen = i18n.preferred(accept_language or "", i18n.catalog_languages())
    try:
        yield i18n.use(chosen or i18n.SOURCE_LANGUAGE)
    finally:
        i18n.use(before)


def kit_page(
    title: str,
    paragraphs: list[str],
    link: str = START,
    link_text: str | None = None,
    head: str = "",
) -> str:
    """A page of the server's own in the kit's style, in the current language (see
    :func:`speaking`). Every text is escaped here; ``head`` is trusted markup for the
    page's head (a refresh)."""
    if link_text is None:
        link_text = _("Go to the start page")
    return PAGE.format(
        lang=html.escape(i18n.current(), quote=True),
        head=head,
        title=html.escape(title),
        body="".join(f"<p>{html.escape(text)}</p>" for text in paragraphs),
        link=html.escape(link, quote=True),
        link_text=html.escape(link_text),
    )


def error_page(status: int, accept_language: str = "") -> str:
    """The page shown for an HTTP error ``status`` (never the error's details, which
    may name files or carry the address with its token), in the first language of
    ``accept_language`` (the request's header) the kit speaks."""
    with speaking(accept_language) as language:
        if status in TEXTS:
            title, text = (_(words) for words in TEXTS[status])
        else:
            # HTTP's own reason phrases are English.
            title = (
                f"{responses.get(status, 'Error')} ({status})"
                if language == i18n.SOURCE_LANGUAGE
                else _("Error {status}").format(status=status)
            )
            text = _(
                "The server could not show this page. Check the link your instructor gave you."
            )
        return kit_page(title, [text])


def front_door(query: str, accept_language: str = "") -> str:
    """The page at the server's bare address: a way to the start page, not a listing
    of the notebooks. The join code in ``?session=`` is passed on."""
    with speaking(accept_language):
        return kit_page(
            _("Welcome to the workshop"),
            [
                _(
                    "Open the link or QR code your instructor shared, or go to the start "
                    "page and type the workshop's code there."
                )
            ],
            link=START + (f"?{query}" if query else ""),
        )
