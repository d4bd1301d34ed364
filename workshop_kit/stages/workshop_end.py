"""Ending a workshop, as people see it: the banner on students' pages once it has
ended, and the dashboard's "End the workshop" control (with a confirmation, and an
Undo that opens it again) and class-size field. The store enforces the rules
(:mod:`workshop_kit.store.sessions`); these only show them."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import ipywidgets as widgets

from workshop_kit.i18n import _
from workshop_kit.pages import STAGE_PAGES
from workshop_kit.store import Participant, Store
from workshop_kit.store.sessions import MAX_CLASS_SIZE
from workshop_kit.widgets.autosave import SaveStatus

# a link that looks like one on the notice's yellow (contrast 6.6:1)
LINK_STYLE = "color: #0550ae; text-decoration: underline; font-weight: 600"
PLAN_PAGE = next(page for page, _name, stage in STAGE_PAGES if stage == "action_plan")


def ended_banner(store: Store, participant: Participant | None, on_plan_page: bool = False) -> str:
    """The message a student's page shows once the instructor has ended the workshop,
    with a link to the student's plan; "" while it is open (or for a solo student)."""
    if participant is None or participant.solo or not store.workshop_ended(participant.workshop_id):
        return ""
    if on_plan_page:
        plan = escape(_("Your plan is below: download it to keep it."))
    else:
        href = f"{PLAN_PAGE}?p={quote(participant.token)}"
        plan = _("<a {link}>Here is your plan</a>: you can still download it.").format(
            link=f'href="{escape(href)}" style="{LINK_STYLE}"'
        )
    ended = escape(_("This workshop has ended."))
    saved = escape(_("Your answers are saved; changes are no longer saved."))
    return (
        f'<p class="wk-notice wk-ended" role="status"><strong>{ended}</strong> {saved} {plan}</p>'
    )


class EndWorkshop(widgets.VBox):
    """The dashboard's "End the workshop" section: asks first, then ends it for everyone
    (the store checks the key); Undo opens it again.

    ``dashboard`` is the :class:`~workshop_kit.stages.dashboard.Dashboard`: its
    ``store``, ``workshop`` and instructor key are read when a button is pressed."""

    def __init__(self, dashboard):
        self.dashboard = dashboard
        self._confirming = False
        self.ended = False
        self.state = widgets.HTML()
        self.end_button = widgets.Button(
            description=_("End the workshop"),
            button_style="danger",
            tooltip=_("Stop joins and changes for every student"),
        )
        self.end_button.on_click(lambda _b: self.ask())
        self.question = widgets.HTML(
            '<p class="wk-confirm" role="alert">'
            + escape(_("End the workshop for everyone?"))
            + "</p>"
        )
        self.yes = widgets.Button(
            description=_("Yes, end it"),
            button_style="danger",
            tooltip=_("Students' answers become read-only; no one can join"),
        )
        self.yes.on_click(lambda _b: self.end())
        self.no = widgets.Button(description=_("Cancel"), tooltip=_("Keep the workshop running"))
        self.no.on_click(lambda _b: self.cancel())
        self.undo = widgets.Button(
            description=_("Undo: open it again"), tooltip=_("Let students join and save again")
        )
        self.undo.on_click(lambda _b: self.reopen())
        self.status = SaveStatus()
        self.buttons = widgets.HBox([])
        self.buttons.add_class("wk-end-buttons")
        super().__init__(
            [
                widgets.HTML(
                    "<h2>"
                    + escape(_("End the workshop"))
                    + "</h2><p class='wk-help'>"
                    + escape(
                        _(
                            "When the session is over. Students' pages then say it has ended: "
                            "their answers stay saved and become read-only, and they can still "
                            "download their plan. No one can join any more. Run the final "
                            "confidence check before you end it."
                        ),
                        quote=False,
                    )
                    + "</p>"
                ),
                self.state,
                self.buttons,
                self.status,
            ]
        )
        self.add_class("wk-end-workshop")
        self._show()

    def _store_and_key(self):
        board = self.dashboard
        return board.store, board.workshop, board._key

    def refresh(self, _snapshot=None) -> None:
        """Read whether the workshop has ended (it may have ended from the command line)."""
        store, workshop, _key = self._store_and_key()
        if workshop is None:
            return
        ended = store.workshop_ended(workshop.id)
        if ended != self.ended:
            self.ended = ended
            self._confirming = False
            self._show()

    def ask(self) -> None:
        self._confirming = True
        self.status.show("idle")
        self._show()

    def cancel(self) -> None:
        self._confirming = False
        self._show()

    def end(self) -> bool:
        store, workshop, key = self._store_and_key()
        self._confirming = False
        ended = workshop is not None and self.status.attempt(
            lambda: store.end_workshop(workshop, key),
            _("The workshop has ended. Students' pages say so within a few seconds."),
        )
        self.ended = self.ended or ended
        self._show()
        return ended

    def reopen(self) -> bool:
        store, workshop, key = self._store_and_key()
        opened = workshop is not None and self.status.attempt(
            lambda: store.reopen_workshop(workshop, key),
            _("The workshop is open again: students can join and save."),
        )
        if opened:
            self.ended = False
        self._show()
        return opened

    def _show(self) -> None:
        if self.ended:
            ended = escape(_("This workshop has ended."))
            rest = escape(_("Answers are read-only and no one can join."))
            self.state.value = f'<p class="wk-ended-state"><strong>{ended}</strong> {rest}</p>'
            self.buttons.children = [self.undo]
        elif self._confirming:
            self.state.value = ""
            self.buttons.children = [self.question, self.yes, self.no]
        else:
            self.state.value = ""
            self.buttons.children = [self.end_button]


class ClassSizeField(widgets.BoundedIntText):
    """The create form's "Students expected" box: the server keeps that many pages ready
    to start while the workshop is open (0: not given)."""

    def __init__(self):
        super().__init__(
            value=0,
            min=0,
            max=MAX_CLASS_SIZE,
            description=_("Students expected"),
            tooltip=_("The server keeps this many pages ready to start while it is open"),
            style={"description_width": "initial"},
        )

    def apply(self, store: Store, workshop, key: str) -> None:
        """Note the size for a workshop just created (nothing when 0), then clear it."""
        if self.value:
            store.set_class_size(workshop, key, int(self.value))
        self.value = 0
