"""Who is this student? The browser remembers a participant token.

The token lives in the page address (``?p=...``, so a bookmark or a copied link
brings the student back, on any device), in ``localStorage`` (so opening the
plain link again on the same browser finds it) and in a cookie (so the server knows
it before the page renders). On a shared computer the
student presses "Start fresh", which forgets both.
"""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.identity import COOKIE_NAME
from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean

STORAGE_KEY = "workshop-kit-token"


class BrowserIdentity(Lean, anywidget.AnyWidget):
    """Reports the token the browser remembers, and remembers the one the kernel chose.
    Also the page's language: it sets the page's ``lang`` attribute, reports the
    browser's preferred languages, and loads the page again in another one."""

    _esm = asset("identity.js")
    storage_key = traitlets.Unicode(STORAGE_KEY, help="where localStorage keeps the token").tag(
        sync=True
    )
    cookie_name = traitlets.Unicode(COOKIE_NAME, help="the cookie the server reads").tag(sync=True)
    stored_token = traitlets.Unicode("", help="what localStorage held when the page opened").tag(
        sync=True
    )
    reported = traitlets.Bool(False, help="the browser has reported stored_token").tag(sync=True)
    token = traitlets.Unicode("", help="the token the browser should remember").tag(sync=True)
    leaving = traitlets.Int(0, help="counts the page being left (reload, close)").tag(sync=True)
    language = traitlets.Unicode(
        "", help="the page's language: set as the lang attribute of the whole page"
    ).tag(sync=True)
    reload = traitlets.Int(0, help="raised by the kernel: load the page again").tag(sync=True)
    reload_language = traitlets.Unicode(
        "", help="the ?lang= to load the page again with (empty: none)"
    ).tag(sync=True)
    browser_languages = traitlets.List(
        traitlets.Unicode(), help="navigator.languages, reported with stored_token"
    ).tag(sync=True)

    def load_again(self, language: str = "") -> None:
        """Have the browser load this page again (its address carries the token), with
        ``?lang=language`` when given."""
        self.reload_language = language
        self.reload += 1
