"""Stage 2: roles your skills transfer to (close to home and a stretch), and the
group idea board. Reads the student's stage 1 ratings from the store."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.models import self_assessment as stage1
from workshop_kit.models.alternative_careers import EXPLORE, HOME_INDUSTRY, STAGE
from workshop_kit.models.matching import (
    Match,
    explain,
    filter_by_industry,
    match_roles,
    split_home_and_stretch,
)
from workshop_kit.stages.display import show_page
from workshop_kit.stages.idea_board import IdeaBoard
from workshop_kit.stages.page import StagePage, student_page
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.lean import lean, lean_html, shared


class RoleCard(widgets.VBox):
    """One suggested role: what it is, how well it fits and why, and a "mark" toggle.

    No layout or style on this page ever changes: they are shared
    (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(self, match: Match, text: str, industry: str, marked: bool, on_mark):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-role")
        role = match.role
        noc = f" · NOC {escape(role.noc)}" if role.noc else ""
        self.role_id = role.id
        self.info = lean_html(
            f'<h4 class="wk-role-title">{escape(role.title)}</h4>'
            f'<p class="wk-role-meta">{escape(industry)} · {escape(role.level)}{noc} · '
            f"fit {match.score:.0f}%</p>"
            f'<p class="wk-role-fit"><span class="wk-fit-bar" style="width:{match.score:.0f}%">'
            "</span></p>"
            f"<p>{escape(role.description)}</p>"
            f'<p class="wk-role-why"><strong>Why:</strong> {escape(text)}</p>'
        )
        self.mark = lean(
            widgets.ToggleButton,
            value=marked,
            description="Marked to explore" if marked else "Mark to explore",
            tooltip=f"Mark {role.title} to explore",
            icon="check" if marked else "",
        )
        self.mark.observe(lambda change: on_mark(role.id, change["new"]), "value")
        self.mark.observe(self._relabel, "value")
        self.children = [self.info, self.mark]

    def _relabel(self, change) -> None:
        self.mark.description = "Marked to explore" if change["new"] else "Mark to explore"
        self.mark.icon = "check" if change["new"] else ""


class AlternativeCareers(widgets.VBox):
    def __init__(self, content: Content, store: Store, participant: Participant):
        super().__init__(**shared(widgets.VBox))
        settings = content.alternative_careers
        if settings is None or content.roles is None:
            raise ValueError("stage 2 needs alternative_careers.yaml and roles.yaml")
        self.settings = settings
        self.content = content
        self.store = store
        self.participant = participant
        self.industries = {i.id: i.name for i in content.roles.industries}
        saved = store.answers(participant, STAGE)
        self.explore: list[str] = [
            r for r in saved.get(EXPLORE, []) if r in {x.id for x in content.roles.roles}
        ]
        answers = store.answers(participant, stage1.STAGE)
        self.ratings = stage1.ratings_from_answers(answers, content.skills)
        sa = content.self_assessment
        self.matches = match_roles(
            self.ratings, content.roles, sa.rating_scale[-1].value, sa.strength_min, sa.growth_max
        )
        self.status = SaveStatus()

        self.field = lean(
            widgets.Dropdown,
            options=[
                ("Not sure / no field yet", ""),
                *sorted(((name, ident) for ident, name in self.industries.items())),
            ],
            value=saved.get(HOME_INDUSTRY) if saved.get(HOME_INDUSTRY) in self.industries else "",
            description=settings.field_question,
            style={"description_width": "initial"},
        )
        self.field.add_class("wk-field")
        self.field.observe(self._on_field, "value")
        self.close_box = lean(widgets.VBox)
        self.stretch_box = lean(widgets.VBox)
        self.browse = lean(
            widgets.Dropdown,
            options=[
                ("Choose an industry", ""),
                *sorted(((name, ident) for ident, name in self.industries.items())),
            ],
            value="",
            description="Browse every role in:",
            style={"description_width": "initial"},
        )
        self.browse.observe(lambda _c: self._show_browse(), "value")
        self.browse_box = lean(widgets.VBox)
        self.marked = lean_html()

        rated_note = (
            f"<p>Based on the {len(self.ratings)} skill{'s' if len(self.ratings) != 1 else ''} "
            "you rated in stage 1.</p>"
            if self.ratings
            else '<p class="wk-notice">You have not rated your skills yet, so every role '
            'looks the same. <a href="01_self_assessment.ipynb?p='
            f'{escape(participant.token)}">Rate them in stage 1</a>, then come back.</p>'
        )
        self.board = IdeaBoard(settings.board, store, participant)
        self.children = [
            lean_html(f"<p>{escape(settings.intro)}</p>{rated_note}"),
            self.field,
            lean_html(
                f"<h2>{escape(settings.close_title)}</h2><p>{escape(settings.close_intro)}</p>"
            ),
            self.close_box,
            lean_html(
                f"<h2>{escape(settings.stretch_title)}</h2><p>{escape(settings.stretch_intro)}</p>"
            ),
            self.stretch_box,
            lean_html("<h2>Browse by industry</h2>"),
            self.browse,
            self.browse_box,
            lean_html("<h2>Roles you marked</h2>"),
            self.marked,
            self.status,
            self.board,
            lean_html(f'<p class="wk-credit">{escape(content.roles.attribution)}</p>'),
        ]
        self._show_suggestions()
        self._show_marked()

    # --- what tests and the page call ----------------------------------------

    def set_field(self, industry_id: str) -> None:
        self.field.value = industry_id

    def mark(self, role_id: str, on: bool = True) -> None:
        self._on_mark(role_id, on)
        for card in self._cards():
            if card.role_id == role_id and card.mark.value != on:
                card.mark.value = on

    @property
    def close_roles(self) -> list[str]:
        return [card.role_id for card in self.close_box.children if isinstance(card, RoleCard)]

    @property
    def stretch_roles(self) -> list[str]:
        return [card.role_id for card in self.stretch_box.children if isinstance(card, RoleCard)]

    # --- internals ----------------------------------------------------------------

    def _card(self, match: Match) -> RoleCard:
        return RoleCard(
            match,
            explain(match, self.content.skills),
            self.industries[match.industry],
            match.role.id in self.explore,
            self._on_mark,
        )

    def _cards(self):
        for box in (self.close_box, self.stretch_box, self.browse_box):
            yield from (c for c in box.children if isinstance(c, RoleCard))

    def _show_suggestions(self) -> None:
        home = [self.field.value] if self.field.value else []
        close, stretch = split_home_and_stretch(self.matches, home, self.settings.suggestions)
        self.close_box.children = [self._card(m) for m in close]
        self.stretch_box.children = [self._card(m) for m in stretch]

    def _show_browse(self) -> None:
        chosen = self.browse.value
        matches = filter_by_industry(self.matches, [chosen]) if chosen else []
        self.browse_box.children = [self._card(m) for m in matches]

    def _on_field(self, change) -> None:
        value = change["new"] if change["new"] in self.industries else ""
        self._save(HOME_INDUSTRY, value)
        self._show_suggestions()

    def _on_mark(self, role_id: str, on: bool) -> None:
        if on and role_id not in self.explore:
            self.explore.append(role_id)
        elif not on and role_id in self.explore:
            self.explore.remove(role_id)
        else:
            return
        self._save(EXPLORE, list(self.explore))
        self._show_marked()

    def _show_marked(self) -> None:
        titles = {r.id: r.title for r in self.content.roles.roles}
        if not self.explore:
            self.marked.value = (
                '<p class="wk-help">None yet. Mark the roles you want to look into; '
                "they go into your action plan.</p>"
            )
        else:
            items = "".join(f"<li>{escape(titles[r])}</li>" for r in self.explore)
            self.marked.value = f"<ul>{items}</ul>"

    def _save(self, key: str, value) -> None:
        self.status.attempt(lambda: self.store.save_answer(self.participant, STAGE, key, value))

    def flush(self) -> None:
        """Nothing waits to be saved here; stop refreshing the board."""
        self.board.ticker.stop()


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(
        AlternativeCareers, STAGE, lambda c: c.alternative_careers.title, content, store
    )


def show() -> None:
    """Display stage 2 (the whole of ``notebooks/02_alternative_careers.ipynb``)."""
    show_page(build_page)
