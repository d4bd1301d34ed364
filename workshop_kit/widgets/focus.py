"""Keeping keyboard focus where it was when a view is rebuilt.

Some views are rebuilt rather than changed: the idea board makes new rows whenever a vote
or an idea arrives (every few seconds in a busy workshop) and the action plan remakes its
download links after every save. When the control that has focus is removed, the browser
drops focus onto the page itself: the next Enter does nothing and a screen reader no longer
says where the student is. A container marked with :func:`keep_focus` avoids that: focus
moves to the control at the same place in the container that replaced it (same key). The
page needs one :class:`FocusKeeper` (every student page has one).
"""

from __future__ import annotations

import re

import anywidget
import ipywidgets as widgets
import traitlets

from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean

PREFIX = "wk-key-"


class FocusKeeper(Lean, anywidget.AnyWidget):
    """Invisible; puts focus back into containers marked with :func:`keep_focus`."""

    _esm = asset("focus.js")
    prefix = traitlets.Unicode(PREFIX, help="the class prefix of keyed containers").tag(sync=True)


def keep_focus(widget: widgets.DOMWidget, key: str) -> widgets.DOMWidget:
    """Mark ``widget`` as the container that ``key`` names, and return it.

    The key must name the same thing across rebuilds (an idea's id, say), and be unique
    on the page.
    """
    widget.add_class(PREFIX + re.sub(r"[^A-Za-z0-9_-]", "-", key))
    return widget
