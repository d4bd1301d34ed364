"""The group idea board: post, vote and sort.

All rules are the store's (:mod:`workshop_kit.store.board`); this view only shows
what the store says and reports what it refuses. Idea text is escaped everywhere.
Moderation (hide, and bring back) is the instructor's, on the dashboard: students never
see it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workshop_kit.content.schema import IdeaBoardSettings
from workshop_kit.i18n import _, ngettext, pgettext
from workshop_kit.store import BoardIdea, Participant, Store, StoreError
from workshop_kit.store.board import FIELD_LIMIT, IDEA_LIMIT
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.focus import keep_focus
from workshop_kit.widgets.lean import lean, lean_html, shared
from workshop_kit.widgets.periodic import Periodic


class IdeaBoard(widgets.VBox):
    """One participant's view of the board (the workshop's, or their own list in solo).

    Layouts and styles are shared (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(self, settings: IdeaBoardSettings, store: Store, participant: Participant):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-board")
        self.settings = settings
        self.store = store
        self.participant = participant
        self._shown: tuple = ()
        self.ideas: list[BoardIdea] = []

        form = self._build_form(settings)
        controls = self._build_list_controls()
        self.children = [
            lean_html(f"<h2>{escape(settings.title)}</h2><p>{self._intro()}</p>"),
            form,
            controls,
            self.vote_status,
            self.list,
        ]
        self.refresh(force=True)
        self.ticker = Periodic(settings.refresh_seconds, self.refresh)
        self.ticker.start()

    def _build_form(self, settings: IdeaBoardSettings) -> widgets.VBox:
        """The form to post an idea: the idea, its role, industry and first step."""
        # The form's boxes send their text when the student leaves them, not per
        # keystroke: ipywidgets holds back a box's fast keystrokes but not a button's
        # click, so a quick Tab and Enter would post half of what was typed.
        self.idea_box = lean(
            widgets.Textarea,
            description=settings.idea_label,
            placeholder=settings.idea_placeholder,
            rows=2,
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.idea_box.add_class("wk-textarea")
        self.role_box = self._line(settings.role_label)
        self.industry_box = self._line(settings.industry_label)
        self.step_box = self._line(settings.first_step_label)
        self.post_button = lean(widgets.Button, description=_("Post idea"), button_style="primary")
        self.post_button.on_click(lambda _b: self.post_from_form())
        self.post_status = SaveStatus()
        form = lean(
            widgets.VBox,
            [
                self.idea_box,
                lean_html(
                    '<p class="wk-help">'
                    + _("Up to {limit} characters. Others see your idea but not your name.").format(
                        limit=IDEA_LIMIT
                    )
                    + "</p>"
                ),
                self.role_box,
                self.industry_box,
                self.step_box,
                self.post_button,
                self.post_status,
            ],
        )
        form.add_class("wk-text-answer")
        return form

    def _build_list_controls(self) -> widgets.HBox:
        """The sort buttons and the votes left, above the list of ideas (made here too)."""
        self.sort = lean(
            widgets.ToggleButtons,
            options=[(_("Most votes"), "votes"), (_("Newest"), "newest")],
            value="votes",
            description=_("Sort:"),
            style={"button_width": "auto"},
        )
        self.sort.observe(lambda _c: self.refresh(force=True), "value")
        self.votes_left = lean_html()
        self.vote_status = SaveStatus()
        self.list = lean(widgets.VBox)
        self.list.add_class("wk-board-list")
        return lean(widgets.HBox, [self.sort, self.votes_left])

    def _intro(self) -> str:
        """The board's introduction, as HTML: a solo student's board is their own list."""
        if self.participant.workshop_id is None:
            return _("You are working on your own, so this board is your own list of ideas.")
        return escape(self.settings.intro)

    @staticmethod
    def _line(label: str) -> widgets.Text:
        box = lean(
            widgets.Text,
            description=label,
            style={"description_width": "initial"},
            continuous_update=False,
        )
        box.add_class("wk-line")
        return box

    # --- actions (the buttons call these; so can tests) ------------------------

    def post(self, text: str, role: str = "", industry: str = "", first_step: str = "") -> bool:
        try:
            self.store.post_idea(self.participant, text, role, industry, first_step)
        except StoreError as exc:
            self.post_status.show("error", str(exc))
            return False
        self.post_status.show("saved", _("Posted. Thank you!"))
        self.refresh(force=True)
        return True

    def post_from_form(self) -> None:
        if self.post(
            self.idea_box.value, self.role_box.value, self.industry_box.value, self.step_box.value
        ):
            for box in (self.idea_box, self.role_box, self.industry_box, self.step_box):
                box.value = ""

    def vote(self, idea_id: int) -> None:
        self._act(
            lambda: self.store.vote(self.participant, idea_id, self.budget), _("Vote counted.")
        )

    def unvote(self, idea_id: int) -> None:
        self._act(lambda: self.store.unvote(self.participant, idea_id), _("Vote taken back."))

    @property
    def budget(self) -> int:
        return self.settings.votes_per_student

    def _act(self, action, done: str) -> None:
        try:
            action()
        except StoreError as exc:
            self.vote_status.show("error", str(exc))
        else:
            self.vote_status.show("saved", done)
        self.refresh(force=True)

    # --- showing the board ----------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Re-read the board; rebuild the list only when something changed."""
        self.ideas = self.store.board(self.participant, self.sort.value)
        shown = tuple((i.id, i.votes, i.voted) for i in self.ideas)
        if shown == self._shown and not force:
            return
        self._shown = shown
        solo = self.participant.workshop_id is None
        if not solo:
            left = self.store.votes_left(self.participant, self.budget)
            words = ngettext(
                "{left} of {budget} votes left", "{left} of {budget} votes left", left
            ).format(left=left, budget=self.budget)
            self.votes_left.value = f'<span class="wk-votes-left">{words}</span>'
        old = self.list.children
        if not self.ideas:
            self.list.children = [
                lean_html(
                    '<p class="wk-help">' + _("No ideas yet. Be the first to post one!") + "</p>"
                )
            ]
        else:
            self.list.children = [self._row(idea, solo) for idea in self.ideas]
        for row in old:  # each refresh builds new rows; free the old ones in the kernel
            _close_tree(row)

    def _row(self, idea: BoardIdea, solo: bool) -> widgets.Widget:
        details = [
            (label, value)
            for label, value in (
                (pgettext("an idea's detail", "Role"), idea.role),
                (pgettext("an idea's detail", "Industry"), idea.industry),
                (pgettext("an idea's detail", "First step"), idea.first_step),
            )
            if value
        ]
        meta = "".join(
            '<span class="wk-idea-meta">'
            + _("{label}: {value}").format(label=escape(label), value=escape(value))
            + "</span>"
            for label, value in details
        )
        mine = ' <span class="wk-idea-mine">' + _("(your idea)") + "</span>" if idea.mine else ""
        votes = "" if solo else f'<span class="wk-idea-votes">▲ {idea.votes}</span>'
        text = lean(
            widgets.HTML,
            f'<div class="wk-idea">{votes}<p class="wk-idea-text">{escape(idea.text)}{mine}</p>'
            f"{meta}</div>",
            layout={"flex": "1 1 auto"},
        )
        buttons: list[widgets.Widget] = []
        if not solo:
            if idea.voted:
                button = lean(
                    widgets.Button,
                    description=_("Take vote back"),
                    tooltip=_("Take your vote back"),
                )
                button.on_click(lambda _b, i=idea.id: self.unvote(i))
            else:
                button = lean(
                    widgets.Button,
                    description=pgettext("a button", "Vote"),
                    tooltip=_("Vote for this idea"),
                    disabled=idea.mine,
                    button_style="" if idea.mine else "info",
                )
                button.on_click(lambda _b, i=idea.id: self.vote(i))
            buttons.append(button)
        row = lean(widgets.HBox, [text, *buttons])
        row.add_class("wk-idea-row")
        keep_focus(row, f"idea-{idea.id}")  # rebuilt on every change: keep the focus
        return row

    def close(self) -> None:
        self.ticker.stop()
        super().close()


def _close_tree(widget: widgets.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


__all__ = ["FIELD_LIMIT", "IdeaBoard"]
