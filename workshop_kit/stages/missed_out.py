"""The "why did I miss out?" check at the end of stage 1's post-mortem.

The student ticks the reasons that may fit (``missed_out.yaml``); each ticked reason
shows what to do about it, and the action plan suggests its steps first. Saved in the
``self_assessment`` stage as ``missed_out.reasons`` (a list of reason ids), so the
stage's lock covers it. Stage 1 shows it with one line: ``MissedOutCheck.section(...)``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.i18n import _
from workshop_kit.models import self_assessment as model
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.choice_cards import CheckCards
from workshop_kit.widgets.lean import lean_html, shared


class MissedOutCheck(widgets.VBox):
    """The reasons as cards, and what to do about each one ticked."""

    def __init__(self, content: Content, store: Store, participant: Participant):
        super().__init__(**shared(widgets.VBox))
        self.settings = content.by_kind["missed_out"]
        self.store = store
        self.participant = participant
        known = [reason.id for reason in self.settings.reasons]
        saved = store.answers(participant, model.STAGE)
        self.cards = CheckCards(
            label=_("Tick the reasons that may fit"),
            options=[(reason.label, reason.id) for reason in self.settings.reasons],
            value=model.missed_out_reasons(saved, known),
        )
        self.cards.add_class("wk-missed-out")
        self.cards.observe(self._on_cards, "value")
        self.status = SaveStatus()
        self.advice = lean_html(css_class="wk-missed-advice")
        self.children = [
            lean_html(
                f"<h3>{escape(self.settings.title)}</h3><p>{escape(self.settings.intro)}</p>"
            ),
            self.cards,
            self.status,
            self.advice,
        ]
        self._show_advice()

    @classmethod
    def section(cls, content: Content, store: Store, participant: Participant) -> widgets.Widget:
        """The check, or an empty box when the content has no ``missed_out`` file."""
        if "missed_out" not in content.by_kind:
            return widgets.VBox(**shared(widgets.VBox))
        return cls(content, store, participant)

    def tick(self, reason_id: str, on: bool = True) -> bool:
        """Tick (or untick) a reason as a click would."""
        return self.cards.toggle(reason_id, on)

    def _on_cards(self, change) -> None:
        ticked = list(change["new"])
        if self.status.attempt(
            lambda: self.store.save_answer(self.participant, model.STAGE, model.MISSED_OUT, ticked)
        ):
            self._show_advice()

    def _show_advice(self) -> None:
        chosen = [r for r in self.settings.reasons if r.id in self.cards.value]
        if not chosen:
            self.advice.value = ""
            return
        items = "".join(
            "<li>"
            + _("<strong>{reason}:</strong> {what_to_do}").format(
                reason=escape(r.label), what_to_do=escape(r.what_to_do)
            )
            + (
                f'<br><span class="wk-help wk-source">{escape(r.source.label)}</span>'
                if r.source
                else ""
            )
            + "</li>"
            for r in chosen
        )
        self.advice.value = (
            "<h4>"
            + _("What to do about it")
            + f"</h4><ul>{items}</ul>"
            + '<p class="wk-help">'
            + _("Your action plan (stage 4) suggests these steps first.")
            + "</p>"
        )
