"""The instructor dashboard: open with the join code and the instructor key (typed in a
password box, never in a link), then watch the group live, control the stages, run an
activity timer, moderate ideas and export.

Only this page imports pandas (through :mod:`workshop_kit.analysis`).
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets

from workshop_kit import analysis, i18n
from workshop_kit.charts import distribution_svg, group_interests_html
from workshop_kit.content import Content, ContentErrors, current_content
from workshop_kit.gc_pause import gc_paused
from workshop_kit.guide import guide_link
from workshop_kit.i18n import N_, _
from workshop_kit.identity import (
    Arrival,
    client_address,
    offered_languages,
    page_language,
    query_params,
)
from workshop_kit.links import qr_svg
from workshop_kit.models import presenter as presenter_model
from workshop_kit.models.progress import DONE, IN_PROGRESS, NOT_STARTED
from workshop_kit.pages import PRESENTER, STAGE_PAGES
from workshop_kit.stages.address import PageAddress
from workshop_kit.stages.confidence import ConfidenceSection
from workshop_kit.stages.display import show_page
from workshop_kit.stages.workshop_end import ClassSizeField, EndWorkshop
from workshop_kit.store import Store, StoreError, Workshop
from workshop_kit.store.key_attempts import ORGANISER_HASH
from workshop_kit.store.records import DatabaseUnavailable
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.identity import BrowserIdentity
from workshop_kit.widgets.periodic import Periodic
from workshop_kit.widgets.style import stylesheet

log = logging.getLogger(__name__)
REFRESH_SECONDS = 5
_WRAP = "overflow-wrap: anywhere"  # long keys and links wrap on a phone, not clip
STAGE_NAMES = {stage: name for _page, name, stage in STAGE_PAGES}
PRESENTER_MOVES = (  # (move, button, tooltip): the dashboard's presenter buttons
    ("prev_panel", N_("◀ Panel"), N_("Show the previous panel on the projector")),
    ("next_panel", N_("Panel ▶"), N_("Show the next panel on the projector")),
    ("prev_item", N_("◀ Item"), N_("The previous statement or tricky moment")),
    ("next_item", N_("Item ▶"), N_("The next statement or tricky moment")),
    ("reveal", N_("Reveal the answer"), N_("Show or hide the right answer on the projector")),
)
RULE_NAMES = {
    "situation_present": N_("Situation missing or thin"),
    "task_present": N_("Task missing or thin"),
    "action_present": N_("Action missing or thin"),
    "result_present": N_("Result missing or thin"),
    "action_largest": N_("Action not the largest part"),
    "i_not_we": N_('"We" instead of "I"'),
    "measurable_result": N_("No number in the result"),
    "lesson_learned": N_("No lesson in the result (failure, conflict)"),
    "length": N_("Too short or too long to say"),
    "no_filler": N_("Filler or hedging words"),
}
# The progress table's columns, by the analysis's status ids.
STATUS_NAMES = {DONE: N_("Done"), IN_PROGRESS: N_("In progress"), NOT_STARTED: N_("Not started")}
ANSWER_NAMES = {"do": N_("Do"), "don't": N_("Don't")}


def _text(text: str) -> str:
    """Words for an HTML text node: ``<`` and ``&`` escaped, apostrophes kept."""
    return escape(text, quote=False)


def _table(frame, empty: str | None = None) -> str:
    if frame is None or len(frame) == 0:
        return '<p class="wk-help">' + _text(empty or _("No answers yet.")) + "</p>"
    return frame.to_html(index=False, escape=True, na_rep="–", classes="wk-table", border=0)


# --- the tables in people's words (the analysis keeps its column ids for the exports) ---


def _share(value, words: str, none: str) -> str:
    """0.33 with ``_("{percent} right")`` -> "33% right"; no answers -> ``none``."""
    if value is None or value != value:  # None or NaN
        return none
    return words.format(percent=i18n.format_percent(round(value * 100) / 100))


def progress_for_people(progress):
    table = progress.rename(
        columns={s: _(STATUS_NAMES[s]) if s in STATUS_NAMES else s for s in progress.columns}
    )
    table.insert(0, _("Stage"), [_(STAGE_NAMES.get(s, s)) for s in progress.index])
    table.columns.name = None
    return table.reset_index(drop=True)


def quiz_for_people(quiz):
    return quiz.assign(
        answer=[_(ANSWER_NAMES.get(a, a)) for a in quiz["answer"]],
        share_correct=[
            _share(v, _("{percent} right"), _("no answers yet")) for v in quiz["share_correct"]
        ],
    )[["statement", "answer", "answered", "share_correct"]].rename(
        columns={
            "statement": _("Statement"),
            "answer": _("Right answer"),
            "answered": _("Answered"),
            "share_correct": _("Got it right"),
        }
    )


def scenarios_for_people(scenarios):
    return scenarios.assign(
        share_best=[
            _share(v, _("{percent} chose the best"), _("no answers yet"))
            for v in scenarios["share_best"]
        ],
        most_common_wrong=[w or _("none yet") for w in scenarios["most_common_wrong"]],
    )[["moment", "answered", "share_best", "most_common_wrong"]].rename(
        columns={
            "moment": _("Moment"),
            "answered": _("Answered"),
            "share_best": _("Best answer"),
            "most_common_wrong": _("Most common wrong answer"),
        }
    )


def star_for_people(star):
    return star.assign(
        rule=[_(RULE_NAMES[r]) if r in RULE_NAMES else r for r in star["rule"]],
        share=[_share(v, _("{percent} of those who wrote"), "–") for v in star["share"]],
    ).rename(columns={"rule": _("What is missing"), "students": _("Students"), "share": _("Share")})


def drill_for_people(drill):
    return drill.assign(
        mean=[
            _("no ratings yet")
            if v is None or v != v
            else _("{mean} of 5").format(mean=i18n.format_number(v, 1))
            for v in drill["mean"]
        ],
    ).rename(columns={"item": _("Rubric item"), "ratings": _("Ratings"), "mean": _("Average")})


@dataclass
class Part:
    """One named section of the dashboard's live view.

    ``on_open`` runs when a workshop is opened, ``on_refresh`` with the group's live
    snapshot at every refresh. A section module adds itself with one line in
    :meth:`Dashboard.parts`: a function that takes the dashboard and returns a Part
    (the dashboard gives it ``store``, ``content``, ``workshop`` and ``instructor_key``).
    """

    name: str
    widget: widgets.Widget
    on_open: Callable[[], None] | None = None
    on_refresh: Callable[[Any], None] | None = None


class Dashboard(widgets.VBox):
    """The whole dashboard page; :meth:`unlock` is the only way in."""

    def __init__(
        self,
        content: Content,
        store: Store,
        address: PageAddress | None = None,
        content_for: Callable[[str], Content] | None = None,
        languages: tuple[str, ...] | None = None,
    ):
        """``content_for(language)``: the content in a workshop's language (None: keep
        ``content`` whatever the language); ``languages``: those a workshop may speak.
        The page speaks :func:`i18n.current` until a workshop is opened, then the
        workshop's language."""
        super().__init__()
        self.add_class("wk-page")
        self.add_class("wk-dashboard")
        self.content = content
        self._content_for = content_for
        self.languages = languages or offered_languages(
            content.folder.parent if content_for is None else None
        )
        self.language = i18n.current()
        self._parts_language = self.language  # the language the parts were built in
        self.store = store
        self.address = address or PageAddress()
        self.workshop: Workshop | None = None
        self._key: str | None = None
        # The group as of the last refresh; each refresh reads only what changed since.
        self.live = analysis.LiveSnapshot()
        self._board_shows: tuple | None = None  # the ideas the board rows show
        self._snapshot = None  # the last refresh's, for redrawing the board rows
        self._sections_show: tuple | None = None  # what the figures were drawn from
        self.login = self._build_login()
        self.parts = self.build_parts()
        self.main = widgets.VBox([part.widget for part in self.parts])
        self.main.layout.display = "none"
        self.ticker = Periodic(REFRESH_SECONDS, self.refresh)
        self.title = widgets.HTML(self._title_html())
        self.guide = guide_link()
        # sets the page's lang attribute (it keeps no token here: no student)
        self.page_language = BrowserIdentity(language=self.language)
        self.children = [
            stylesheet(),
            self.page_language,
            self.title,
            self.guide,
            self.login,
            self.main,
        ]

    def _title_html(self) -> str:
        return "<h1>" + _text(_("Instructor dashboard")) + "</h1>"

    @property
    def instructor_key(self) -> str | None:
        """The key the dashboard was opened with (kept only in this kernel)."""
        return self._key

    def build_parts(self) -> list[Part]:
        """The live view's sections, top to bottom: one line each."""
        return [
            self._created_part(),
            self._database_part(),
            self._header_part(),
            self._language_part(),
            self._qr_part(),
            self._controls_part(),
            self._presenter_part(),
            self._export_part(),
            self._board_part(),
            self._figures_part(),
            self._section_part("confidence", ConfidenceSection),
            self._section_part("end", EndWorkshop),
        ]

    def _section_part(self, name: str, section: Callable[[Dashboard], Any]) -> Part:
        """A section module's widget, built with the dashboard, redrawn at each refresh."""
        widget = section(self)
        return Part(name, widget, on_refresh=widget.refresh)

    def part(self, name: str) -> Part:
        """The section called ``name`` ("controls", "presenter", "board"...)."""
        return next(part for part in self.parts if part.name == name)

    # --- the sections ------------------------------------------------------------

    def _build_login(self) -> widgets.VBox:
        self.code_box = widgets.Text(
            description=_("Join code"), style={"description_width": "initial"}
        )
        self.key_box = widgets.Password(
            description=_("Instructor key"), style={"description_width": "initial"}
        )
        self.open_button = widgets.Button(description=_("Open dashboard"), button_style="primary")
        self.open_button.on_click(lambda _b: self.unlock(self.code_box.value, self.key_box.value))
        self.name_box = widgets.Text(
            description=_("Workshop name"),
            placeholder=_("Vancouver cohort, Nov"),
            style={"description_width": "initial"},
        )
        self.organiser_box = widgets.Password(
            description=_("Organiser secret"), style={"description_width": "initial"}
        )
        # the secret is asked for only where the server set one (`workshop-kit serve`)
        self.organiser_box.layout.display = "" if os.environ.get(ORGANISER_HASH) else "none"
        self.class_size_box = ClassSizeField()  # the server keeps that many pages ready
        # the new workshop's language: the page's own to begin with
        self.new_language = self._language_dropdown(self.language)
        self.new_language.layout.display = "" if len(self.languages) > 1 else "none"
        self.create_button = widgets.Button(description=_("Create a workshop"))
        self.create_button.on_click(
            lambda _b: self.create(
                self.name_box.value, self.organiser_box.value, self.new_language.value
            )
        )
        self.create_status = SaveStatus()
        self.login_status = SaveStatus()
        login = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<h2>Open your workshop</h2><p>Type the join code and the instructor "
                        "key you got when you created it. The key stays on this page and is "
                        "never put in a link.</p>"
                    )
                ),
                self.code_box,
                self.key_box,
                self.open_button,
                self.login_status,
                widgets.HTML(_("<h2>Or create a new workshop</h2>")),
                self.name_box,
                self.organiser_box,
                self.class_size_box,
                self.new_language,
                self.create_button,
                self.create_status,
            ]
        )
        login.add_class("wk-join")
        return login

    def _created_part(self) -> Part:
        """The new workshop's key, shown once, until the instructor has noted it."""
        self.created = widgets.HTML()
        self.noted_button = widgets.Button(
            description=_("I have written the key down"), tooltip=_("Hide the key from this page")
        )
        self.noted_button.on_click(lambda _b: self.forget_key_notice())
        self.created_box = widgets.VBox([self.created, self.noted_button])
        self.created_box.add_class("wk-created")
        self.created_box.layout.display = "none"
        return Part("created", self.created_box)

    def _database_part(self) -> Part:
        self.db_alert = widgets.HTML()  # says when the answers database is unavailable
        return Part("database", self.db_alert)

    def _header_part(self) -> Part:
        self.header = widgets.HTML()
        return Part("header", self.header, on_refresh=self._show_header)

    def _language_dropdown(self, value: str) -> widgets.Dropdown:
        """The languages a workshop may speak, each named in its own language."""
        return widgets.Dropdown(
            options=[(i18n.language_name(code), code) for code in self.languages],
            value=value if value in self.languages else self.languages[0],
            description=_("Workshop language"),
            style={"description_width": "initial"},
        )

    def _language_part(self) -> Part:
        """The language the workshop's pages speak (this page's too)."""
        self.language_box = self._language_dropdown(self.language)
        self.language_box.observe(lambda change: self.set_language(change["new"]), "value")
        self.language_status = SaveStatus()
        box = widgets.VBox(
            [
                widgets.HBox([self.language_box, self.language_status]),
                widgets.HTML(
                    "<p class='wk-help'>"
                    + _text(
                        _(
                            "Students' pages open in this language; each student can "
                            "switch on their own page."
                        ),
                    )
                    + "</p>"
                ),
            ]
        )
        box.add_class("wk-workshop-language")
        if len(self.languages) < 2:
            box.layout.display = "none"
        return Part("language", box)

    def _qr_part(self) -> Part:
        self.qr = widgets.HTML()
        self.qr.add_class("wk-qr")
        return Part("qr", self.qr, on_open=lambda: setattr(self.qr, "value", self._qr_html()))

    def _controls_part(self) -> Part:
        """Stage locks and the activity timer."""
        self.control_status = SaveStatus()
        self.stage_toggles: dict[str, widgets.ToggleButton] = {}
        for stage, name in STAGE_NAMES.items():
            toggle = widgets.ToggleButton(
                value=False,
                description=_("{stage}: open").format(stage=_(name)),
                tooltip=_("Lock or open {stage}").format(stage=_(name)),
            )
            toggle.observe(lambda c, s=stage: self.set_locked(s, c["new"]), "value")
            self.stage_toggles[stage] = toggle
        self.timer_label = widgets.Text(
            value=_("Activity"),
            description=_("Timer label"),
            style={"description_width": "initial"},
        )
        self.timer_minutes = widgets.BoundedIntText(
            value=10,
            min=1,
            max=240,
            description=_("Minutes"),
            style={"description_width": "initial"},
        )
        self.timer_start = widgets.Button(description=_("Start timer"), button_style="primary")
        self.timer_start.on_click(
            lambda _b: self.start_timer(self.timer_label.value, self.timer_minutes.value * 60)
        )
        self.timer_stop = widgets.Button(description=_("Stop timer"))
        self.timer_stop.on_click(lambda _b: self.stop_timer())
        self.timer_state = widgets.HTML()
        self.controls = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<h2>Stage control</h2><p class='wk-help'>A locked stage refuses "
                        "changes from every student until you open it again.</p>"
                    )
                ),
                widgets.HBox(list(self.stage_toggles.values())),
                widgets.HTML(
                    _(
                        "<h3>Activity timer</h3><p class='wk-help'>Students see it count "
                        "down at the top of their pages.</p>"
                    )
                ),
                widgets.HBox([self.timer_label, self.timer_minutes]),
                widgets.HBox([self.timer_start, self.timer_stop]),
                self.timer_state,
                self.control_status,
            ]
        )
        return Part(
            "controls",
            self.controls,
            on_open=self._show_locks,
            on_refresh=lambda _snapshot: self._show_timer(),
        )

    def _presenter_part(self) -> Part:
        """Open the projector's page and move it: panel, item, reveal."""
        self.presenter_link = widgets.HTML()
        self.presenter_state = widgets.HTML()
        self.presenter_status = SaveStatus()
        self.presenter_buttons: dict[str, widgets.Button] = {}
        for move, label, tip in PRESENTER_MOVES:
            button = widgets.Button(description=_(label), tooltip=_(tip))
            button.on_click(lambda _b, m=move: self.present(m))
            self.presenter_buttons[move] = button
        box = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<h2>Presenter</h2><p class='wk-help'>The page for the projector: one "
                        "large panel at a time, no controls, no names, and no split of fewer "
                        "than three answers. Move it here, or with the arrow keys on that page "
                        "(Right and Left: panel, Down and Up: item, R: reveal).</p>"
                    )
                ),
                self.presenter_link,
                self.presenter_state,
                widgets.HBox(list(self.presenter_buttons.values())),
                self.presenter_status,
            ]
        )
        box.add_class("wk-presenter-controls")
        return Part(
            "presenter",
            box,
            on_open=self._open_presenter,
            on_refresh=lambda _snapshot: self._show_presenter(),
        )

    def _export_part(self) -> Part:
        self.export_button = widgets.Button(description=_("Prepare exports"))
        self.export_button.on_click(lambda _b: self.prepare_exports())
        self.include_names = widgets.Checkbox(
            value=False, description=_("Include students' first names"), indent=False
        )
        self.include_names.observe(lambda _c: setattr(self.export_links, "value", ""), "value")
        self.export_links = widgets.HTML()
        box = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<h2>Export</h2><p class='wk-help'>Excel, CSV tables and every "
                        "student's report. Students appear as P001, P002... without their "
                        "names, as their pages promise, unless you tick the box.</p>"
                    )
                ),
                self.include_names,
                self.export_button,
                self.export_links,
            ]
        )
        return Part("export", box)

    def _board_part(self) -> Part:
        """The top ideas with Hide (confirmed, undoable), and the hidden ones."""
        self._confirming: int | None = None  # the idea whose Hide waits for a yes
        self._last_hidden: int | None = None  # what Undo brings back
        self.idea_rows = widgets.VBox()
        self.board_status = SaveStatus()
        self.undo_button = widgets.Button(
            description=_("Undo"), tooltip=_("Show the idea you just hid again")
        )
        self.undo_button.on_click(lambda _b: self.undo_hide())
        self.undo_button.layout.display = "none"
        self.hidden_rows = widgets.VBox()
        self.board = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<h2>Top ideas</h2><p class='wk-help'>Hide an idea to take it off every "
                        "student's board; you can bring it back below.</p>"
                    )
                ),
                self.idea_rows,
                widgets.HBox([self.board_status, self.undo_button]),
                self.hidden_rows,
            ]
        )
        return Part("board", self.board, on_refresh=self._show_board)

    def _figures_part(self) -> Part:
        """Progress, skills, the quiz, tricky moments, STAR and the drill."""
        self.sections = widgets.VBox()
        return Part("figures", self.sections, on_refresh=self._show_figures)

    # --- getting in --------------------------------------------------------------

    def unlock(self, code: str, key: str) -> bool:
        """Open the dashboard for the workshop ``code`` if ``key`` is its instructor key.
        Wrong tries are counted by the store, so a reload does not reset them."""
        try:
            workshop = self.store.open_as_instructor(code or "", key or "", client_address())
        except StoreError as refused:
            self.login_status.show("error", str(refused))
            return False
        self.login_status.show("idle")
        self._open(workshop, key)
        return True

    def _open(self, workshop: Workshop, key: str) -> None:
        self.workshop, self._key = workshop, key
        self.speak(workshop.language)
        self.live = analysis.LiveSnapshot()
        self._board_shows = self._sections_show = None
        self.key_box.value = ""
        self.login.layout.display = "none"
        self.main.layout.display = ""
        for part in self.parts:
            if part.on_open is not None:
                part.on_open()
        self.refresh()
        self.ticker.start()

    def speak(self, language: str) -> None:
        """Speak ``language`` on this page and show its content in it: the live view's
        parts are built again when they were built in another language."""
        self.language = i18n.use(language)
        if self._content_for is not None:
            try:
                self.content = self._content_for(self.language)
            except ContentErrors:  # that language's folder is unfinished: keep what shows
                log.warning("no usable content in %s; showing the last loaded", self.language)
        self.page_language.language = self.language
        if self.language == self._parts_language:
            return
        old = self.parts
        self.parts = self.build_parts()
        self._parts_language = self.language
        self.main.children = [part.widget for part in self.parts]
        self.title.value = self._title_html()
        guide, self.guide = self.guide, guide_link()
        self.children = [self.guide if child is guide else child for child in self.children]
        for part in old:
            _close_tree(part.widget)
        _close_tree(guide)

    def set_language(self, language: str) -> None:
        """The workshop language menu: the store checks the key and keeps the language;
        this page then speaks it."""
        if self.workshop is None or language == self.workshop.language:
            return
        status = self.language_status
        workshop = self.workshop
        if not status.attempt(
            lambda: setattr(
                self, "workshop", self.store.set_workshop_language(workshop, self._key, language)
            ),
            "",
        ):
            self.language_box.value = workshop.language  # refused: the menu says so
            return
        self.speak(self.workshop.language)
        self.language_status.show(
            "saved",
            _("Students' pages open in {language} from now on.").format(
                language=i18n.language_name(self.workshop.language)
            ),
        )
        self._board_shows = self._sections_show = None
        for part in self.parts:
            if part.on_open is not None:
                part.on_open()
        self.refresh()

    def _show_locks(self) -> None:
        locked = self.store.locked_stages(self.workshop.id)
        for stage, toggle in self.stage_toggles.items():
            toggle.value = stage in locked

    def _qr_html(self) -> str:
        """The student link with the join code, as text and as a QR code to project."""
        url = self.address.student_url(self.workshop.code)
        return (
            f"<div class='wk-qr-box'>{qr_svg(url)}<p>"
            + _("Students scan this or open<br>{link}").format(
                link=f"<code style='{_WRAP}'>{escape(url)}</code>"
            )
            + "</p></div>"
        )

    def create(self, name: str, organiser_secret: str = "", language: str | None = None) -> bool:
        """Create a workshop and open its dashboard at once; its key is shown this once.
        Under ``serve`` the organiser's secret is needed (the store checks it).
        ``language``: what its pages speak (this page's by default)."""
        try:
            workshop, key = self.store.create_workshop(
                name or _("Workshop"),
                organiser_secret,
                client_address(),
                language=language or self.language,
            )
        except StoreError as refused:
            self.create_status.show("error", str(refused))
            return False
        self.create_status.show("idle")
        self.organiser_box.value = ""
        self.speak(workshop.language)  # the key's notice in the workshop's language
        url = self.address.student_url(workshop.code)
        self.created.value = (
            f'<div class="wk-notice" role="alert" style="{_WRAP}"><p>'
            + _(
                "<strong>Workshop created.</strong> Write the instructor key down now: it is "
                "shown only once, and you need it with the join code to open this dashboard "
                "again."
            )
            + "</p><p>"
            + _("Join code: {code}<br>Instructor key: {key}").format(
                code=f"<strong class='wk-code'>{escape(workshop.code)}</strong>",
                key=f"<code class='wk-key'>{escape(key)}</code>",
            )
            + "</p><p>"
            + _("Students open {link}").format(
                link=f"<a href='{escape(url)}' target='_blank' "
                f"style='color: #0969da; text-decoration: underline'>{escape(url)}</a>"
            )
            + "</p></div>"
        )
        self.created_box.layout.display = ""
        self.name_box.value = ""
        self.create_status.attempt(lambda: self.class_size_box.apply(self.store, workshop, key), "")
        self._open(workshop, key)
        return True

    def forget_key_notice(self) -> None:
        self.created.value = ""
        self.created_box.layout.display = "none"

    # --- instructor actions (each checked by the store with the key) ---------------

    def set_locked(self, stage: str, locked: bool) -> None:
        if self.workshop is None:
            return
        name = _(STAGE_NAMES.get(stage, stage))
        self.stage_toggles[stage].description = (
            _("{stage}: locked") if locked else _("{stage}: open")
        ).format(stage=name)
        self.stage_toggles[stage].button_style = "danger" if locked else ""
        self.control_status.attempt(
            lambda: self.store.set_stage_locked(self.workshop, self._key, stage, locked),
            (_("{stage} is now locked.") if locked else _("{stage} is now open.")).format(
                stage=name
            ),
        )

    def start_timer(self, label: str, seconds: int) -> None:
        if self.workshop is not None and self.control_status.attempt(
            lambda: self.store.start_timer(self.workshop, self._key, label, seconds),
            _("Timer started."),
        ):
            self._show_timer()

    def stop_timer(self) -> None:
        if self.workshop is not None and self.control_status.attempt(
            lambda: self.store.stop_timer(self.workshop, self._key), _("Timer stopped.")
        ):
            self._show_timer()

    def ask_hide(self, idea_id: int) -> None:
        """The Hide button: ask "Hide this idea?" on the idea's own row first."""
        self._confirming = idea_id
        self.board_status.show("idle")
        self._show_board(force=True)

    def cancel_hide(self) -> None:
        self._confirming = None
        self._show_board(force=True)

    def hide(self, idea_id: int) -> None:
        """Hide an idea for everyone (the confirmed Hide); Undo brings it back."""
        self._confirming = None
        if self.workshop is not None and self.board_status.attempt(
            lambda: self.store.hide_idea(self.workshop, self._key, idea_id),
            _("Idea hidden for everyone."),
        ):
            self._last_hidden = idea_id
            self.undo_button.layout.display = ""
        self.refresh()

    def unhide(self, idea_id: int) -> None:
        """Show a hidden idea on every student's board again."""
        back = self.workshop is not None and self.board_status.attempt(
            lambda: self.store.unhide_idea(self.workshop, self._key, idea_id),
            _("The idea is back on the board."),
        )
        if back and self._last_hidden == idea_id:
            self._last_hidden = None
            self.undo_button.layout.display = "none"
        self.refresh()

    def undo_hide(self) -> None:
        if self._last_hidden is not None:
            self.unhide(self._last_hidden)

    def prepare_exports(self) -> None:
        from workshop_kit.export import reports_zip, tables, xlsx_bytes

        with gc_paused():  # a large class's snapshot: see gc_pause.py
            snapshot = self.store.workshop_snapshot(self.workshop.id)
        with_names = self.include_names.value
        frames = tables(snapshot, self.content, with_names)
        stem = f"workshop-{self.workshop.code}" + ("-with-names" if with_names else "")
        links = [
            (
                xlsx_bytes(frames),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"{stem}.xlsx",
                _("Excel workbook"),
            ),
            (_csv_zip(frames), "application/zip", f"{stem}-csv.zip", _("CSV tables (zip)")),
            (
                reports_zip(snapshot, self.content, with_names),
                "application/zip",
                f"{stem}-reports.zip",
                _("Student reports (zip)"),
            ),
        ]
        self.export_links.value = "".join(
            f'<a class="wk-download" download="{escape(name)}" '
            f'href="data:{mime};base64,{base64.b64encode(data).decode()}">{escape(label)}</a>'
            for data, mime, name, label in links
        )

    # --- the presenter view ---------------------------------------------------------

    def _open_presenter(self) -> None:
        """The link to the projector's page. The presenter pass rides in the link's
        fragment, which the browser never sends to the server (so no server log holds
        it) and which the presenter page takes off its address bar at once."""
        ticket = self.store.presenter_pass(self.workshop, self._key)
        href = f"{PRESENTER}?{urlencode({'session': self.workshop.code})}#pass={ticket}"
        self.presenter_link.value = (
            f'<a class="wk-present-link wk-download" href="{escape(href)}" target="_blank" '
            'rel="noopener">' + _text(_("Open presenter view")) + "</a>"
        )
        self._show_presenter()

    def present(self, move: str) -> None:
        """Move the projector's page (the store checks the key)."""
        if self.workshop is None:
            return
        view = self.store.presenter_view(self.workshop.id)
        moved = presenter_model.next_view(view, move, self.content)
        if moved != view:
            self.presenter_status.attempt(
                lambda: self.store.set_presenter_view(self.workshop, self._key, moved),
                _("The presenter view follows in a second."),
            )
        self._show_presenter()

    def _show_presenter(self) -> None:
        view = self.store.presenter_view(self.workshop.id)
        panel = presenter_model.panel(view.panel)
        items = presenter_model.items_of(self.content, panel.id)
        at = presenter_model.PANEL_IDS.index(panel.id)
        where = _("{at} of {count}: {panel}").format(
            at=at + 1, count=len(presenter_model.PANELS), panel=_(panel.title)
        )
        if panel.items is not None and items:
            where = _("{place}, item {item} of {count}").format(
                place=where, item=view.item + 1, count=len(items)
            )
        if panel.revealable:
            shown = _("{place}, answer shown") if view.revealed else _("{place}, answer hidden")
            where = shown.format(place=where)
        self.presenter_state.value = (
            "<p>"
            + _("On the projector: {place}").format(place=f"<strong>{escape(where)}</strong>")
            + "</p>"
        )
        buttons = self.presenter_buttons
        buttons["prev_panel"].disabled = at == 0
        buttons["next_panel"].disabled = at == len(presenter_model.PANELS) - 1
        buttons["prev_item"].disabled = not items or view.item <= 0
        buttons["next_item"].disabled = not items or view.item >= len(items) - 1
        buttons["reveal"].disabled = not panel.revealable
        buttons["reveal"].description = (
            _("Hide the answer") if panel.revealable and view.revealed else _("Reveal the answer")
        )

    # --- the live view ---------------------------------------------------------------

    def refresh(self) -> None:
        if self.workshop is None:
            return
        try:
            with gc_paused():  # a large class's snapshot: see gc_pause.py
                changes = self.store.workshop_snapshot(
                    self.workshop.id, answers_after=self.live.answers_upto
                )
            snapshot = self.live.update(changes)
        except DatabaseUnavailable as error:
            # what students' pages say too; the server log says what to do
            self.db_alert.value = (
                f'<p class="wk-notice" role="alert"><strong>{escape(str(error))}</strong> '
                + _("Students' answers are not being saved. The server's log says what to do.")
                + "</p>"
            )
            return
        self.db_alert.value = ""
        for part in self.parts:
            if part.on_refresh is not None:
                part.on_refresh(snapshot)

    def _show_header(self, snapshot) -> None:
        people = analysis.participation(snapshot)
        self.header.value = (
            f"<h2>{escape(self.workshop.name)}</h2><p class='wk-code-line'>"
            + _(
                "Join code {code} · {joined} joined · {active} active in the last 5 minutes"
            ).format(
                code=f"<strong class='wk-code'>{escape(self.workshop.code)}</strong>",
                joined=i18n.format_number(people["joined"]),
                active=i18n.format_number(people["active"]),
            )
            + "</p>"
        )

    def _show_figures(self, snapshot) -> None:
        # The figures change only with the answers, who joined and who posted.
        shows = (
            snapshot.index.changes,
            [p["participant_id"] for p in snapshot["participants"]],
            [i["participant_id"] for i in snapshot["ideas"]],
        )
        if shows != self._sections_show:
            self._show_sections(snapshot)
            self._sections_show = shows

    def _show_sections(self, snapshot) -> None:
        progress = analysis.progress_table(snapshot, self.content)
        skills = analysis.skill_distribution(snapshot, self.content)
        levels = [level.label for level in self.content.self_assessment.rating_scale]
        charts = []
        rated = [f"rated_{n}" for n in range(1, len(levels) + 1)]
        for category in self.content.skills.categories:
            rows = skills[skills["category"] == category.id]
            counts = rows[rated].to_numpy().tolist()
            charts.append(
                distribution_svg(
                    category.name, list(zip(rows["name"].tolist(), counts, strict=True)), levels
                )
            )
        quiz = analysis.quiz_results(snapshot, self.content)
        quiz = quiz[quiz["answered"] > 0].head(10)
        scenarios = analysis.scenario_results(snapshot, self.content)
        scenarios = scenarios[scenarios["answered"] > 0]
        star = analysis.star_failures(snapshot, self.content)
        drill = analysis.drill_ratings(snapshot, self.content)
        html = (
            _("<h2>Progress</h2>")
            + _table(progress_for_people(progress), _("No one has joined yet."))
            + _(
                "<h2>The group's skills</h2><p class='wk-help'>How many students chose each "
                "level. No one's own ratings are shown.</p>"
            )
            + "".join(charts)
            + group_interests_html(
                self.content.interests,
                analysis.interest_spread(snapshot, self.content),
                len(levels),
                self.content.self_assessment.group_minimum,
            )
            + _("<h2>Do or don't: the hardest statements</h2>")
            + _table(quiz_for_people(quiz))
            + _("<h2>Tricky moments</h2>")
            + _table(scenarios_for_people(scenarios))
            + _("<h2>STAR answers: what the group still misses</h2>")
            + _table(star_for_people(star), _("No STAR answers yet."))
            + _("<h2>Mock interview: self-ratings (1 to 5)</h2>")
            + _table(drill_for_people(drill))
        )
        # One widget, updated in place: a new one every 5 seconds would pile up in the
        # kernel.
        if self.sections.children:
            self.sections.children[0].value = html
        else:
            self.sections.children = [widgets.HTML(html)]

    def _show_timer(self) -> None:
        timer = self.store.timer(self.workshop.id) if self.workshop else None
        if timer is None or timer.seconds_left() <= 0:
            self.timer_state.value = '<p class="wk-help">' + _text(_("No timer running.")) + "</p>"
        else:
            left = int(timer.seconds_left())
            self.timer_state.value = (
                "<p>"
                + _("{label}: {clock} left (students see it live)").format(
                    label=f"<strong>{escape(timer.label)}</strong>",
                    clock=f"{left // 60}:{left % 60:02d}",
                )
                + "</p>"
            )

    def _show_board(self, snapshot=None, force: bool = False) -> None:
        """The top ideas, each with Hide, and the hidden ones, each with Show again."""
        if snapshot is None:
            snapshot = self._snapshot
            if snapshot is None:
                return
        self._snapshot = snapshot
        ideas = analysis.top_ideas(snapshot, 10)
        hidden = [(i["id"], i["text"]) for i in snapshot["ideas"] if i["hidden"]]
        shown = (
            list(ideas[["id", "text", "votes"]].itertuples(index=False, name=None)),
            hidden,
            self._confirming,
        )
        if shown == self._board_shows and not force:
            return  # the same ideas with the same votes: keep the rows (and their buttons)
        self._board_shows = shown
        rows: list[widgets.Widget] = []
        if len(ideas) == 0:
            rows.append(
                widgets.HTML('<p class="wk-help">' + _text(_("No ideas posted yet.")) + "</p>")
            )
        for _index, idea in ideas.iterrows():
            rows.append(self._idea_row(int(idea["id"]), idea["text"], int(idea["votes"])))
        hidden_rows: list[widgets.Widget] = []
        if hidden:
            hidden_rows.append(
                widgets.HTML(
                    _(
                        "<h3>Hidden ideas ({n})</h3><p class='wk-help'>Students do not "
                        "see these. Show one again if it was hidden by mistake.</p>"
                    ).format(n=len(hidden))
                )
            )
        for idea_id, text in hidden:
            label = widgets.HTML(f'<p class="wk-idea-text wk-idea-hidden">{escape(text)}</p>')
            label.layout.flex = "1 1 auto"
            again = widgets.Button(
                description=_("Show again"),
                tooltip=_("Put this idea back on every student's board"),
            )
            again.on_click(lambda _b, i=idea_id: self.unhide(i))
            row = widgets.HBox([label, again])
            row.add_class("wk-idea-row")
            hidden_rows.append(row)
        for box, new in ((self.idea_rows, rows), (self.hidden_rows, hidden_rows)):
            old = box.children
            box.children = new
            for widget in old:
                _close_tree(widget)

    def _idea_row(self, idea_id: int, text: str, votes: int) -> widgets.Widget:
        label = widgets.HTML(
            f'<p class="wk-idea-text"><span class="wk-idea-votes">▲ {votes}'
            f"</span> {escape(text)}</p>"
        )
        label.layout.flex = "1 1 auto"
        if self._confirming == idea_id:
            question = widgets.HTML(
                '<p class="wk-confirm" role="alert">' + _text(_("Hide this idea?")) + "</p>"
            )
            yes = widgets.Button(
                description=_("Yes, hide it"),
                button_style="danger",
                tooltip=_("Take this idea off every student's board"),
            )
            yes.on_click(lambda _b: self.hide(idea_id))
            no = widgets.Button(description=_("Cancel"), tooltip=_("Keep the idea on the board"))
            no.on_click(lambda _b: self.cancel_hide())
            buttons = [question, yes, no]
        else:
            hide = widgets.Button(
                description=_("Hide"),
                button_style="danger",
                tooltip=_("Hide this idea for everyone"),
            )
            hide.on_click(lambda _b: self.ask_hide(idea_id))
            buttons = [hide]
        row = widgets.HBox([label, *buttons])
        row.add_class("wk-idea-row")
        return row


def _close_tree(widget: widgets.Widget) -> None:
    """Close a widget, its children and their own layouts and styles: ``close()``
    closes only the widget itself, and each board redraw would leave the rest in the
    kernel and the browser. Shared layouts and styles (widgets.lean) stay open."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    for model in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(model, widgets.Widget) and not getattr(model, "_wk_frozen", False):
            model.close()
    widget.close()


def _csv_zip(frames) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", frame.to_csv(index=False).encode("utf-8-sig"))
    return buffer.getvalue()


def build_page(content: Content | None = None, store: Store | None = None) -> Dashboard:
    """The dashboard for whoever opened it: in the language the address asks for
    (``?lang=fr``), else the browser's, until a workshop is opened; then in the
    workshop's, with its content (what the test gave, if it gave one)."""
    given = content
    offered = offered_languages(given.folder.parent if given else None)
    i18n.use(page_language(offered, Arrival.from_query(query_params())))

    def content_for(language: str) -> Content:
        return current_content(language=language)

    return Dashboard(
        given or content_for(i18n.current()),
        store or Store.from_env(),
        PageAddress.from_request(),
        content_for=None if given else content_for,
        languages=offered,
    )


def show() -> None:
    """Display the dashboard (the whole of ``notebooks/instructor_dashboard.ipynb``)."""
    show_page(build_page)


__all__ = ["Dashboard", "PageAddress", "Part", "build_page", "show"]
