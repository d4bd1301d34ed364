"""The presenter page's screen (``presenter_screen.js`` and ``.css``): the panel the
kernel draws (``value``, HTML: escape anything a student typed) over the whole window,
the pass from the link's fragment, the arrow keys, the ticking clock and text fitted to
the screen. It has no control of its own."""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean

SMALLEST_PX = 28  # the fitted text never gets smaller than this


class PresenterScreen(Lean, anywidget.AnyWidget):
    """``ticket`` is the pass the page was opened with (set once by the browser);
    :meth:`on_move` registers what an arrow key does."""

    _esm = asset("presenter_screen.js")
    _css = asset("presenter_screen.css")
    value = traitlets.Unicode("", help="the panel, as HTML").tag(sync=True)
    ticket = traitlets.Unicode("", help="the pass the page was opened with").tag(sync=True)
    smallest_px = traitlets.Int(SMALLEST_PX).tag(sync=True)
    language = traitlets.Unicode(
        "", help="the page's language: set as the lang attribute of the whole page"
    ).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._on_move: Callable[[str], object] | None = None
        self.on_msg(self._message)

    def on_move(self, callback: Callable[[str], object]) -> None:
        self._on_move = callback

    def press(self, move: str) -> None:
        """What the browser sends for an arrow key (tests call it too); the page ignores
        a move it does not know."""
        if len(move) <= 20 and self._on_move is not None:
            self._on_move(move)

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("move"), str):
            self.press(content["move"])
