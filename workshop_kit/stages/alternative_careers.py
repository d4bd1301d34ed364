"""Stage 2: roles your skills and interests transfer to (close to home and a stretch),
filtered by the kind of employer, and the group idea board. Reads the student's stage 1
ratings, interests and "how wide are you ready to look" from the store."""

from __future__ import annotations

import unicodedata
from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.content.schema import EMPLOYER_TYPES
from workshop_kit.i18n import N_, _, format_percent, ngettext
from workshop_kit.models import self_assessment as stage1
from workshop_kit.models.alternative_careers import EMPLOYER, EXPLORE, HOME_INDUSTRY, PICKED, STAGE
from workshop_kit.models.interests import area_scores, interest_ratings_from_answers
from workshop_kit.models.matching import (
    PICKS,
    EmployerSuggestion,
    Match,
    Ranking,
    also_fits,
    employer_name,
    explain,
    filter_by_employer,
    filter_by_industry,
    flat_message,
    rank_roles,
    split_home_and_stretch,
    stretch_reach,
)
from workshop_kit.models.occupations import noc_url, requirement_text, teer_note
from workshop_kit.models.wording import listed
from workshop_kit.stages.display import show_page
from workshop_kit.stages.idea_board import IdeaBoard
from workshop_kit.stages.page import StagePage, student_page
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.lean import lean, lean_html, shared

# the filter's words for each employer type (the suggestion says "start-ups"), marked
# for the catalog and translated where shown
EMPLOYER_LABELS = {
    "startup": N_("Start-up"),
    "small_business": N_("Small business"),
    "large_company": N_("Large company"),
    "nonprofit": N_("Non-profit"),
    "public_sector": N_("Public sector"),
}
# a role's level (a code in roles.yaml), as the card shows it
LEVEL_NAMES = {"internship": N_("internship"), "entry": N_("entry")}
# "No roles in this field at start-ups here.", whole, per employer type
NO_ROLES_AT = {
    "startup": N_("No roles in this field at start-ups here."),
    "small_business": N_("No roles in this field at small businesses here."),
    "large_company": N_("No roles in this field at large companies here."),
    "nonprofit": N_("No roles in this field at non-profits here."),
    "public_sector": N_("No roles in this field at the public sector here."),
}


class RoleCard(widgets.VBox):
    """One suggested role: what it is, how well it fits and why, what it takes (TEER,
    credential or registration, a link to its NOC page), and a "mark" toggle.

    No layout or style on this page ever changes: they are shared
    (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(self, match: Match, text: str, industry: str, marked: bool, on_mark):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-role")
        role = match.role
        link_title = _("What this job is, on Statistics Canada's NOC pages (opens a new tab)")
        noc = (
            f' · <a class="wk-noc" href="{escape(noc_url(role.noc))}" target="_blank" '
            'style="color:#0b5cad;text-decoration:underline" '
            f'rel="noopener noreferrer" title="{_attribute(link_title)}">'
            + escape(_("NOC {code}").format(code=role.noc))
            + "</a>"
            if role.noc
            else ""
        )
        needs = _what_it_takes(match)
        self.role_id = role.id
        self.info = lean_html(
            f'<h4 class="wk-role-title">{escape(role.title)}</h4>'
            f'<p class="wk-role-meta">{escape(industry)} · {escape(_level(role.level))}{noc} · '
            + escape(_("fit {percent}").format(percent=format_percent(round(match.score) / 100)))
            + "</p>"
            f'<p class="wk-role-fit"><span class="wk-fit-bar" style="width:{match.score:.0f}%">'
            "</span></p>"
            f"<p>{escape(role.description)}</p>"
            + '<p class="wk-role-why">'
            + _("<strong>Why:</strong> {reasons}").format(reasons=escape(text))
            + "</p>"
            + (
                '<p class="wk-role-employers">'
                + _("<strong>Who hires:</strong> {employers}").format(
                    employers=escape(listed([employer_name(e) for e in role.employers]))
                )
                + "</p>"
                if role.employers
                else ""
            )
            + (
                '<p class="wk-role-needs">'
                + _("<strong>What it takes:</strong> {needs}").format(needs=escape(needs))
                + "</p>"
                if needs
                else ""
            )
        )
        self.mark = lean(
            widgets.ToggleButton,
            value=marked,
            description=_("Marked to explore") if marked else _("Mark to explore"),
            tooltip=_("Mark {role} to explore").format(role=role.title),
            icon="check" if marked else "",
        )
        self.mark.observe(lambda change: on_mark(role.id, change["new"]), "value")
        self.mark.observe(self._relabel, "value")
        self.children = [self.info, self.mark]

    def _relabel(self, change) -> None:
        self.mark.description = _("Marked to explore") if change["new"] else _("Mark to explore")
        self.mark.icon = "check" if change["new"] else ""


def _level(level: str) -> str:
    name = LEVEL_NAMES.get(level)
    return _(name) if name else level


def _attribute(text: str) -> str:
    """``text`` for a double-quoted attribute (an apostrophe stays as it is)."""
    return escape(text, quote=False).replace('"', "&quot;")


def _sort_key(pair: tuple[str, str]) -> tuple[str, str]:
    """A name as a reader sorts it: "Éducation" between "Droit" and "Finance"."""
    name = unicodedata.normalize("NFKD", pair[0])
    return ("".join(c for c in name if not unicodedata.combining(c)), pair[1])


def _what_it_takes(match: Match) -> str:
    """ "TEER 2: usually a college diploma... Needs registration..." in plain words."""
    role = match.role
    level = (
        _("TEER {level}: {note}").format(level=role.teer, note=teer_note(role.teer))
        if role.teer is not None
        else ""
    )
    needs = requirement_text(role) if role.requirements is not None else ""
    return " ".join(part for part in (level, needs) if part)


class AlternativeCareers(widgets.VBox):
    def __init__(self, content: Content, store: Store, participant: Participant):
        super().__init__(**shared(widgets.VBox))
        settings = content.alternative_careers
        if settings is None or content.roles is None:
            raise ValueError(_("stage 2 needs alternative_careers.yaml and roles.yaml"))
        self.settings = settings
        self.content = content
        self.store = store
        self.participant = participant
        self.industries = {i.id: i.name for i in content.roles.industries}
        self.skill_names = {s.id: s.name for s in content.skills.skills}
        saved = store.answers(participant, STAGE)
        self.explore: list[str] = [
            r for r in saved.get(EXPLORE, []) if r in {x.id for x in content.roles.roles}
        ]
        self._read_stage_1(store.answers(participant, stage1.STAGE))
        self.picks: list[str] = _known_list(saved.get(PICKED), self.skill_names)
        self.status = SaveStatus()
        self._build_filters(saved)
        self._build_picks()
        self._build_lists()
        self.board = IdeaBoard(settings.board, store, participant)
        self.children = [
            lean_html(f"<p>{escape(settings.intro)}</p>{self._rated_note()}"),
            self.field,
            self.employer,
            self.pick_box,
            self.close_head,
            self.close_box,
            self.stretch_head,
            self.stretch_box,
            self.suggestion,
            lean_html(
                '<p class="wk-help">'
                + _(
                    "TEER is how Canada sorts jobs by the training they "
                    "usually need, from 0 (management) to 5 (a short demonstration on the "
                    "job). Each NOC link opens the job's public description."
                )
                + "</p>"
            ),
            lean_html("<h2>" + _("Browse by industry") + "</h2>"),
            self.browse,
            self.browse_box,
            lean_html("<h2>" + _("Roles you marked") + "</h2>"),
            self.marked,
            self.status,
            self.board,
            lean_html(f'<p class="wk-credit">{escape(content.roles.attribution)}</p>'),
        ]
        self.rank()
        self._show_marked()

    # --- building, one part at a time ---------------------------------------------

    def _read_stage_1(self, answers: dict) -> None:
        """The student's stage 1 skills, interests and how wide they want to look."""
        sa = self.content.self_assessment
        self.scale_max = sa.rating_scale[-1].value
        self.ratings = stage1.ratings_from_answers(answers, self.content.skills)
        interests = self.content.interests
        self.interest_scores = (
            area_scores(interest_ratings_from_answers(answers, interests), interests)
            if interests is not None
            else {}
        )
        options = {o.id: o.label for o in sa.comfort_zone.options}
        choice = answers.get(stage1.COMFORT_CHOICE)
        self.comfort = choice if choice in options else None
        self.comfort_label = options.get(self.comfort or "", "")

    def _build_filters(self, saved: dict) -> None:
        industries = sorted(
            ((name, ident) for ident, name in self.industries.items()), key=_sort_key
        )
        self.field = lean(
            widgets.Dropdown,
            options=[(_("Not sure / no field yet"), ""), *industries],
            value=saved.get(HOME_INDUSTRY) if saved.get(HOME_INDUSTRY) in self.industries else "",
            description=self.settings.field_question,
            style={"description_width": "initial"},
        )
        self.field.add_class("wk-field")
        self.field.observe(self._on_field, "value")
        self.employer = lean(
            widgets.Dropdown,
            options=[(_("Any kind of employer"), "")]
            + [(_(EMPLOYER_LABELS[e]), e) for e in EMPLOYER_TYPES],
            value=saved.get(EMPLOYER) if saved.get(EMPLOYER) in EMPLOYER_TYPES else "",
            description=_("Who would you like to work for?"),
            style={"description_width": "initial"},
        )
        self.employer.add_class("wk-field")
        self.employer.observe(self._on_employer, "value")
        self.browse = lean(
            widgets.Dropdown,
            options=[(_("Choose an industry"), ""), *industries],
            value="",
            description=_("Browse every role in:"),
            style={"description_width": "initial"},
        )
        self.browse.observe(lambda _c: self._show_browse(), "value")

    def _build_picks(self) -> None:
        """Three "strongest skill" choices, shown only when the ratings are too even."""
        options = [(_("Choose a skill"), "")] + [(s.name, s.id) for s in self.content.skills.skills]
        self.pick_boxes = []
        for n in range(PICKS):
            box = lean(
                widgets.Dropdown,
                options=options,
                value=self.picks[n] if n < len(self.picks) else "",
                description=_("Strongest skill {number}").format(number=n + 1),
                style={"description_width": "initial"},
            )
            box.add_class("wk-field")
            box.observe(self._on_pick, "value")
            self.pick_boxes.append(box)
        self.pick_note = lean_html()
        self.pick_box = lean(widgets.VBox)

    def _build_lists(self) -> None:
        self.close_head = lean_html()
        self.close_box = lean(widgets.VBox)
        self.stretch_head = lean_html()
        self.stretch_box = lean(widgets.VBox)
        self.suggestion = lean_html(css_class="wk-suggestion")
        self.browse_box = lean(widgets.VBox)
        self.marked = lean_html()

    def _rated_note(self) -> str:
        if not self.ratings:
            link = f"01_self_assessment.ipynb?p={escape(self.participant.token)}"
            if self.interest_scores:
                words = _(
                    "You have not rated your skills yet, so these roles follow your "
                    'interests alone. <a href="{link}">Rate them in stage 1</a>, then come back.'
                )
            else:
                words = _(
                    "You have not rated your skills yet, so every role looks the same. "
                    '<a href="{link}">Rate them in stage 1</a>, then come back.'
                )
            return f'<p class="wk-notice">{words.format(link=link)}</p>'
        count = len(self.ratings)
        if self.interest_scores:
            words = ngettext(
                "Based on the {count} skill and the interests you rated in stage 1.",
                "Based on the {count} skills and the interests you rated in stage 1.",
                count,
            )
        else:
            words = ngettext(
                "Based on the {count} skill you rated in stage 1.",
                "Based on the {count} skills you rated in stage 1.",
                count,
            )
        return f"<p>{words.format(count=count)}</p>"

    # --- what tests and the page call ----------------------------------------

    def set_field(self, industry_id: str) -> None:
        self.field.value = industry_id

    def set_employer(self, employer: str) -> None:
        self.employer.value = employer

    def pick(self, *skill_ids: str) -> None:
        """Choose the strongest skills as the student would, one box after another."""
        for box, skill_id in zip(self.pick_boxes, skill_ids, strict=False):
            box.value = skill_id

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

    def rank(self) -> Ranking:
        """Rank the roles from the ratings (or the picks, for a flat profile) and the
        interests, and show the lists."""
        sa = self.content.self_assessment
        args = (self.ratings, self.content.roles, self.scale_max, sa.strength_min, sa.growth_max)
        ranking = rank_roles(*args, interest_scores=self.interest_scores)
        if ranking.needs_picks and self.picks:
            ranking = rank_roles(*args, interest_scores=self.interest_scores, picks=self.picks)
        self.ranking = ranking
        self.matches = ranking.matches
        self._show_picks()
        self._show_suggestions()
        self._show_browse()
        return ranking

    # --- internals ----------------------------------------------------------------

    def _card(self, match: Match, close: bool = False) -> RoleCard:
        return RoleCard(
            match,
            explain(match, self.content.skills, self.content.interests, close=close),
            self.industries[match.industry],
            match.role.id in self.explore,
            self._on_mark,
        )

    def _cards(self):
        for box in (self.close_box, self.stretch_box, self.browse_box):
            yield from (c for c in box.children if isinstance(c, RoleCard))

    def _show_picks(self) -> None:
        state = self.ranking.state
        if state not in ("flat", "picked"):
            self.pick_box.children = []
            return
        picked = (
            f'<p class="wk-help">{escape(self.ranking.message)}</p>' if state == "picked" else ""
        )
        self.pick_note.value = (
            f'<div class="wk-notice" role="status"><p>{escape(flat_message())}</p></div>{picked}'
        )
        self.pick_box.children = [self.pick_note, *self.pick_boxes]

    def _show_suggestions(self) -> None:
        s = self.settings
        if self.ranking.needs_picks:  # every role fits the same: no list to show
            self.close_head.value = self.stretch_head.value = self.suggestion.value = ""
            self.close_box.children = self.stretch_box.children = []
            return
        employer = self.employer.value
        matches = filter_by_employer(self.matches, [employer] if employer else [])
        home = [self.field.value] if self.field.value else []
        count, per_field = stretch_reach(self.comfort, s.suggestions)
        close, stretch = split_home_and_stretch(matches, home, s.suggestions, count, per_field)
        if home or not close or not s.close_intro_no_field:
            close_intro = s.close_intro
        else:
            close_intro = s.close_intro_no_field.replace(
                "{industry}", self.industries[close[0].industry]
            )
        none = _(NO_ROLES_AT[employer]) if employer else _("No roles in this field here.")
        self.close_head.value = f"<h2>{escape(s.close_title)}</h2><p>{escape(close_intro)}</p>" + (
            "" if close else f'<p class="wk-help">{escape(none)}</p>'
        )
        self.stretch_head.value = (
            f"<h2>{escape(s.stretch_title)}</h2><p>{escape(s.stretch_intro)}</p>"
            f'<p class="wk-help">{escape(self._reach_words(count, per_field))}</p>'
        )
        self.close_box.children = [self._card(m, close=True) for m in close]
        self.stretch_box.children = [self._card(m) for m in stretch]
        self.suggestion.value = self._also_fits({m.role.id for m in close + stretch})

    def _reach_words(self, count: int, per_field: int | None) -> str:
        if self.comfort is None:
            return _(
                "In stage 1, say how wide you are ready to look, and this list will "
                "reach as far as you want."
            )
        if per_field == 1:
            words = ngettext(
                'In stage 1 you said: "{choice}". So this list shows up to {count} roles, '
                "each from a different field.",
                'In stage 1 you said: "{choice}". So this list shows up to {count} roles, '
                "each from a different field.",
                count,
            )
        else:
            words = ngettext(
                'In stage 1 you said: "{choice}". So this list shows up to {count} roles.',
                'In stage 1 you said: "{choice}". So this list shows up to {count} roles.',
                count,
            )
        return words.format(choice=self.comfort_label, count=count)

    def _also_fits(self, shown: set[str]) -> str:
        """ "Your skills also fit start-ups: ..." for the employer chosen, or else the
        first employer type with roles that fit (start-ups first: the article's idea)."""
        employer = self.employer.value
        order = [employer] if employer else list(EMPLOYER_TYPES)
        for kind in order:
            suggestion: EmployerSuggestion = also_fits(self.matches, kind, shown)
            if suggestion.text:
                return f"<p><strong>{escape(suggestion.text)}</strong></p>"
        return ""

    def _show_browse(self) -> None:
        chosen = self.browse.value
        employer = self.employer.value
        matches = filter_by_industry(self.matches, [chosen]) if chosen else []
        matches = filter_by_employer(matches, [employer] if employer else [])
        self.browse_box.children = [self._card(m) for m in matches]

    def _on_field(self, change) -> None:
        value = change["new"] if change["new"] in self.industries else ""
        self._save(HOME_INDUSTRY, value)
        self._show_suggestions()

    def _on_employer(self, change) -> None:
        value = change["new"] if change["new"] in EMPLOYER_TYPES else ""
        self._save(EMPLOYER, value)
        self._show_suggestions()
        self._show_browse()

    def _on_pick(self, _change) -> None:
        picks = _known_list([box.value for box in self.pick_boxes], self.skill_names)
        if picks == self.picks:
            return
        self.picks = picks
        self._save(PICKED, list(picks))
        self.rank()

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
                '<p class="wk-help">'
                + _(
                    "None yet. Mark the roles you want to look into; they go into your action plan."
                )
                + "</p>"
            )
        else:
            items = "".join(f"<li>{escape(titles[r])}</li>" for r in self.explore)
            self.marked.value = f"<ul>{items}</ul>"

    def _save(self, key: str, value) -> None:
        self.status.attempt(lambda: self.store.save_answer(self.participant, STAGE, key, value))

    def flush(self) -> None:
        """Nothing waits to be saved here; stop refreshing the board."""
        self.board.ticker.stop()


def _known_list(values, known) -> list[str]:
    """The known ids among ``values``, each once, in order (a forged or stale id is
    dropped)."""
    if not isinstance(values, list):
        return []
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v in known))


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(
        AlternativeCareers, STAGE, lambda c: c.alternative_careers.title, content, store
    )


def show() -> None:
    """Display stage 2 (the whole of ``notebooks/02_alternative_careers.ipynb``)."""
    show_page(build_page)
