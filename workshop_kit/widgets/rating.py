"""An accessible rating scale: a real radio group, so screen readers announce the
skill and the level, and the arrow keys move between levels. Whether the rating was
saved, or why not, is said inside the group, under its levels."""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

from workshop_kit.i18n import _
from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.autosave import failure_message, refused_by_lock
from workshop_kit.widgets.lean import Lean


class RatingScale(Lean, anywidget.AnyWidget):
    """Rate one skill on the content's scale (``value`` 0 means not rated yet).

    Examples
    --------
    >>> scale = RatingScale(label="Presenting", levels=["New", "Basic", "Good"])
    >>> scale.value = 2
    """

    _esm = asset("rating.js")
    value = traitlets.Int(0, help="the chosen level, 1..len(levels); 0 = not rated").tag(sync=True)
    label = traitlets.Unicode("", help="the skill's name, the group's accessible name").tag(
        sync=True
    )
    description = traitlets.Unicode("", help="one line that explains the skill").tag(sync=True)
    levels = traitlets.List(traitlets.Unicode(), help="the words for each level").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("", help="shown under the levels: saved, or why not").tag(sync=True)
    status_kind = traitlets.Unicode("", help='"saved", "error" or ""').tag(sync=True)

    _reverting = False
    paused = False  # whether a pause refused the last rating (cleared when it opens)

    def save_change(self, change: dict, save: Callable[[], object]) -> bool:
        """From an observer of ``value``: run ``save`` and say "Rating saved" under the
        levels; when it fails, put the saved level back on screen and say why there.
        Returns whether it was saved (False too for the change that puts it back)."""
        if self._reverting:
            return False
        try:
            save()
        except Exception as exc:  # refused (a pause) or failed: the page keeps working
            self._reverting = True
            try:
                self.value = change["old"]
            finally:
                self._reverting = False
            self.show(
                "error",
                _("{problem} The level shown is the saved one.").format(
                    problem=failure_message(exc)
                ),
            )
            self.paused = refused_by_lock(exc)
            return False
        self.show("saved", _("Rating saved"))
        return True

    def show(self, kind: str, message: str = "") -> None:
        """Say under the levels whether the rating was saved (``kind`` "saved", "error"
        or "" to say nothing)."""
        self.paused = False
        with self.hold_sync():
            self.status_kind = kind if message else ""
            self.status = message

    def _allowed(self, value: int) -> bool:
        return 0 <= value <= len(self.levels)

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        # A forged message can carry any number: keep the last good value instead.
        return proposal["value"] if self._allowed(proposal["value"]) else self.value

    @traitlets.observe("value")
    def _undo_forged(self, change):
        # Messages from the browser are applied under hold_trait_notifications, where
        # traitlets lets an invalid value through before validating; undo it here.
        if not self._allowed(change["new"]):
            self.value = change["old"] if self._allowed(change["old"]) else 0
