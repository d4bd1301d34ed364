"""Enter in a text box does what the box's button does (join, resume...).

ipywidgets' ``Text`` tells the kernel about Enter before it sends the box's new value
(the browser fires ``keypress`` before ``change``), so a kernel acting on that
"submit" message would use the text as it was before the last edit. This widget
listens in the browser instead and sends the box's text with the key press. A box
takes part by carrying the class ``wk-enter-<action>``; the page registers what each
action does with :meth:`EnterKey.on_enter`.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget

from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean


class EnterKey(Lean, anywidget.AnyWidget):
    """Runs the registered action when Enter is pressed in a box of class
    ``wk-enter-<action>``, with the box's text as the browser has it."""

    _esm = asset("enter_key.js")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._actions: dict[str, Callable[[str], object]] = {}
        self.on_msg(self._on_message)

    def on_enter(self, action: str, callback: Callable[[str], object]) -> None:
        """Call ``callback(text)`` when Enter is pressed in a ``wk-enter-<action>`` box."""
        self._actions[action] = callback

    def press(self, action: str, text: str) -> None:
        """What the browser does on Enter (tests call it too); unknown actions are ignored."""
        callback = self._actions.get(action)
        if callback is not None:
            callback(text)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("enter"), str):
            text = content.get("value")
            self.press(content["enter"], text if isinstance(text, str) else "")
