"""A countdown that runs in the browser: preparation time, then answer time.

The ticking is the browser's (``setInterval``), so the kernel is never busy and the
student can type while it runs. The kernel only sets and hears the phase.
"""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.i18n import N_, _
from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean

PHASES = ("idle", "prep", "answer", "done", "finished")
# "done": the time ran out; "finished": the student stopped before it did (the clock
# stops where it was, and the words say so, not "Time is up 0:00").
WORDS = {
    "idle": N_("Ready when you are"),
    "prep": N_("Get ready"),
    "answer": N_("Answer now"),
    "done": N_("Time is up"),
    "finished": N_("Finished"),
}


class Countdown(Lean, anywidget.AnyWidget):
    """Set ``phase`` to "prep" to start; the browser moves it to "answer" and "done".
    :meth:`finish` is the student stopping early ("finished")."""

    _esm = asset("countdown.js")
    _css = asset("countdown.css")
    phase = traitlets.Unicode("idle", help="idle, prep, answer or done").tag(sync=True)
    prep_seconds = traitlets.Int(30).tag(sync=True)
    answer_seconds = traitlets.Int(120).tag(sync=True)
    # The words, in the page's language: one per phase, and the time left over
    # ("{time}") when the student finished early.
    words = traitlets.Dict(traitlets.Unicode(), help="what each phase says").tag(sync=True)
    spare_words = traitlets.Unicode(help="the time left over: {time}").tag(sync=True)

    @traitlets.default("words")
    def _words(self):
        return {phase: _(text) for phase, text in WORDS.items()}

    @traitlets.default("spare_words")
    def _spare_words(self):
        return _("{time} to spare")

    def finish(self) -> None:
        """The student has finished: stop the clock without saying the time is up."""
        if self.phase != "done":
            self.phase = "finished"

    @traitlets.validate("phase")
    def _known_phase(self, proposal):
        return proposal["value"] if proposal["value"] in PHASES else self.phase

    @traitlets.observe("phase")
    def _undo_unknown(self, change):
        # Browser messages are applied under hold_trait_notifications, which lets an
        # invalid value through before validating (see RatingScale); undo it here.
        if change["new"] not in PHASES:
            self.phase = change["old"] if change["old"] in PHASES else "idle"
