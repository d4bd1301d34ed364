"""The instructor's activity countdown as students see it, ticking in the browser."""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.i18n import _
from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean


class ActivityTimer(Lean, anywidget.AnyWidget):
    """The workshop's activity countdown at the top of a student page: it stays in view
    while the page scrolls, and "time is up" looks unlike "running"."""

    _esm = asset("activity_timer.js")
    _css = asset("activity_timer.css")
    label = traitlets.Unicode("").tag(sync=True)
    ends_at_ms = traitlets.Float(0, help="epoch ms when the activity ends; 0 = no timer").tag(
        sync=True
    )
    server_now_ms = traitlets.Float(0, help="the server's clock, to correct the browser's").tag(
        sync=True
    )
    # The words, in the page's language ("{label}" and "{clock}" are filled in here).
    words_left = traitlets.Unicode(help="while it runs: {label} and {clock}").tag(sync=True)
    words_up = traitlets.Unicode(help="once the time is up: {label}").tag(sync=True)

    @traitlets.default("words_left")
    def _words_left(self):
        return _("{label}: {clock} left")

    @traitlets.default("words_up")
    def _words_up(self):
        return _("{label}: time is up")
