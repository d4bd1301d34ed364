"""The frame every student page shares: title, who you are, start fresh, the stage.

The stage itself is built once the page knows its participant: at once when the
address carries a personal token, otherwise as soon as the browser reports the
token it remembered (widget messages arrive after the notebook has run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape
from urllib.parse import quote

import ipywidgets as widgets

from workshop_kit import i18n
from workshop_kit.content import Content, current_content
from workshop_kit.i18n import _
from workshop_kit.identity import (
    Arrival,
    Resolution,
    known_participant,
    offered_languages,
    page_language,
    query_params,
    resolve_participant,
)
from workshop_kit.pages import PAGE_OF_STAGE, PAGES, require_content
from workshop_kit.stages.workshop_end import ended_banner
from workshop_kit.store import Participant, Store
from workshop_kit.store.records import now
from workshop_kit.widgets.activity_timer import ActivityTimer
from workshop_kit.widgets.autosave import DraftKeeper, draft_scope_class
from workshop_kit.widgets.focus import FocusKeeper
from workshop_kit.widgets.identity import BrowserIdentity
from workshop_kit.widgets.language_switch import LanguageSwitch
from workshop_kit.widgets.lean import lean, lean_html, shared, shared_style
from workshop_kit.widgets.periodic import Periodic
from workshop_kit.widgets.style import stylesheet
from workshop_kit.widgets.text_answer import TextAnswer

StageBuilder = Callable[[Participant], widgets.Widget]


class StagePage(widgets.VBox):
    """A student page.

    Parameters
    ----------
    title
        The stage's title (called once the page speaks its language).
    store
        Where answers live.
    arrival
        What the page address said (token, join code).
    build
        Makes the stage's widgets for a participant, in the language
        :func:`workshop_kit.i18n.current` says.
    offered
        The languages the student may switch between (see
        :func:`workshop_kit.identity.page_language` for which one a page starts in).
    """

    def __init__(
        self,
        title: str | Callable[[], str],
        store: Store,
        arrival: Arrival,
        build: StageBuilder,
        stage: str | None = None,
        refresh_seconds: float = 3,
        offered: tuple[str, ...] = ("en",),
    ):
        super().__init__(**shared(widgets.VBox))
        self.stage_id = stage
        self.add_class("wk-page")
        self.store = store
        self.arrival = arrival
        self._build = build
        self._title = title if callable(title) else (lambda: title)
        self.offered = offered
        self.participant: Participant | None = None
        self.stage: widgets.Widget | None = None
        # Until the page knows its student: the address's language, or the browser's.
        self.language = i18n.use(page_language(offered, arrival))

        # Layouts and styles are shared (see workshop_kit.widgets.lean) except the
        # "Start fresh" button's, which is hidden and shown.
        self.heading = lean_html()
        self.who = lean_html()
        self.fresh_button = widgets.Button(icon="", style=shared_style(widgets.Button))
        self.fresh_button.on_click(lambda _button: self.start_fresh())
        self.fresh_button.layout.display = "none"
        self.languages = LanguageSwitch(offered, self.switch_language)
        bar = lean(widgets.HBox, [self.who, self.fresh_button, self.languages])
        bar.add_class("wk-identity-bar")
        self.nav = lean_html()
        self.notice = lean_html()
        self.lock_banner = lean_html(css_class="wk-lock-banner")
        self.locked = False  # whether the instructor has paused this stage
        self._frozen: list[widgets.Widget] = []  # controls disabled for the pause
        self.activity = ActivityTimer()
        self.ticker = Periodic(refresh_seconds, self.refresh_workshop_state)
        self.body = lean(widgets.VBox)
        self.browser = BrowserIdentity()
        self._speak(self.language)
        self.browser.observe(self._on_browser_report, "reported")
        self.browser.observe(lambda _change: self._flush_stage(), "leaving")
        self.children = [
            stylesheet(),
            DraftKeeper(),  # before the stage, to see its text boxes arrive
            self.nav,
            self.heading,
            bar,
            self.notice,
            self.activity,
            self.lock_banner,
            self.body,
            self.browser,
            FocusKeeper(),
        ]

        participant = known_participant(store, arrival)
        if participant is not None:
            self._use(Resolution(participant))
        elif arrival.browser_known and (
            remembered := resolve_participant(store, arrival, arrival.cookie_token or "", False)
        ):
            # The request's cookie names a student: build the stage in this first
            # render rather than after a round trip to the browser.
            self._use(remembered)
        # Anyone else is created only when the page's script reports from a browser: a
        # request that never runs the page (a script, a link preview) adds no one.
        if self.stage is None:  # built once the browser reports (no model otherwise)
            loading = escape(_("Loading your answers…"))
            self.body.children = [lean_html(f"<p>{loading}</p>")]

    def _on_browser_report(self, change) -> None:
        if change["new"] and self.participant is None:
            self._use(resolve_participant(self.store, self.arrival, self.browser.stored_token))

    def _speak(self, language: str) -> None:
        """Show the page's own words in ``language`` (the stage is built after)."""
        self.language = i18n.use(language)
        self.browser.language = self.language
        self.heading.value = f"<h1>{escape(self._title())}</h1>"
        self.fresh_button.description = _("Start fresh")
        self.fresh_button.tooltip = _(
            "Forget this browser's answers link and begin as a new student"
        )
        self.languages.show_for(self.language)

    def switch_language(self, language: str) -> None:
        """The student pressed a language button: save what is waiting, remember the
        choice with their identity, and build the page again in that language (the
        text boxes come back with what was typed: it is saved first)."""
        if self.participant is None or language not in self.offered:
            return
        self._flush_stage()
        self.arrival = replace(self.arrival, language=None)  # the address no longer decides
        chosen = self.store.set_participant_language(self.participant, language)
        self._use(Resolution(chosen))

    def _language_for(self, participant: Participant) -> str:
        if self.arrival.language in self.offered and participant.language != self.arrival.language:
            # ?lang= in the address is a choice like the switch: remembered.
            participant = self.store.set_participant_language(participant, self.arrival.language)
        workshop = None if participant.solo else self.store.workshop_by_id(participant.workshop_id)
        return page_language(
            self.offered, self.arrival, participant, workshop, tuple(self.browser.browser_languages)
        )

    def _use(self, resolution: Resolution) -> None:
        self._flush_stage()
        language = self._language_for(resolution.participant)
        # The participant's answers record the language their page speaks.
        self.participant = replace(resolution.participant, language=language)
        self._speak(language)
        self.browser.token = self.participant.token
        self.notice.value = (
            f'<p class="wk-notice" role="alert">{escape(resolution.message)}</p>'
            if resolution.message
            else ""
        )
        self.who.value = f"<span>{escape(self._who_text())}</span>"
        token = quote(self.participant.token)
        links = " ".join(
            f'<a class="wk-nav-link" href="{page}?p={token}">{escape(_(name))}</a>'
            for page, name, _stage in PAGES
        )
        label = escape(_("Workshop stages"))
        self.nav.value = f'<nav class="wk-nav" aria-label="{label}">{links}</nav>'
        self.fresh_button.layout.display = ""
        for name in [c for c in self.body._dom_classes if c.startswith("wk-drafts-")]:
            self.body.remove_class(name)
        self.body.add_class(draft_scope_class(self.participant.token))
        self.locked, self._frozen = False, []
        old = self.stage
        self.stage = self._build(self.participant)
        self.body.children = [self.stage]
        if old is not None:  # a language switch or a fresh start: free the old stage
            for widget in list(_tree(old)):
                widget.close()
        self.refresh_workshop_state()
        if not self.participant.solo and not self.ticker.running:
            self.ticker.start()

    def refresh_workshop_state(self) -> None:
        """Show whether the instructor has paused this stage, and the activity timer."""
        p = self.participant
        if p is None or p.solo:
            self.lock_banner.value = ""
            self.activity.ends_at_ms = 0
            return
        ended = ended_banner(self.store, p, self.stage_id == "action_plan")  # "" while open
        locked = bool(ended) or self.stage_id in self.store.locked_stages(p.workshop_id)
        banner = '<p class="wk-notice" role="status">{}</p>'.format(
            _(
                "<strong>Your instructor paused this part.</strong> You can read everything; "
                "what you typed is kept and saved when it opens."
            )
        )
        self.lock_banner.value = ended or (banner if locked else "")
        if locked:
            self._freeze()  # every tick: the stage may have made new controls
        else:
            self._thaw()
        self.locked = locked
        timer = self.store.timer(p.workshop_id)
        self.activity.label = timer.label if timer else ""
        self.activity.server_now_ms = now().timestamp() * 1000
        self.activity.ends_at_ms = _epoch_ms(timer.ends_at) if timer else 0

    def _freeze(self) -> None:
        """Disable every enabled control of the stage (the store refuses them anyway)."""
        for widget in _tree(self.stage):
            if widget.has_trait("disabled") and not widget.disabled:
                widget.disabled = True
                self._frozen.append(widget)

    def _thaw(self) -> None:
        """The stage is open: enable what a pause disabled, drop the "paused" messages
        and save the text a pause refused (also when the pause began and ended between
        two ticks)."""
        for widget in self._frozen:
            if widget.comm is not None:  # still on the page
                widget.disabled = False
        self._frozen = []
        tree = list(_tree(self.stage))
        waiting = [w for w in tree if isinstance(w, TextAnswer) and w.status.paused]
        for widget in tree:
            if getattr(widget, "paused", False):  # a SaveStatus, a rating scale
                widget.show("idle")
        for answer in waiting:
            answer.save_now()

    def _who_text(self) -> str:
        p = self.participant
        assert p is not None
        name = p.display_name or _("anonymous")
        if p.solo:
            text = _(
                "Working on your own as {name}. Answers save as you go; this page's address "
                "brings them back on any device."
            )
        else:
            text = _(
                "Working in a workshop as {name}. Answers save as you go; this page's "
                "address brings them back on any device."
            )
        return text.format(name=name)

    def start_fresh(self) -> None:
        """Begin as a new participant (a shared computer): the old answers stay saved
        under the old link but this browser forgets them."""
        fresh = Arrival(url_token=None, join_code=self._join_code())
        resolution = resolve_participant(self.store, fresh, stored_token="")
        self._use(
            Resolution(
                resolution.participant, _("You started fresh: the page is empty again."), True
            )
        )

    def _join_code(self) -> str | None:
        if self.participant is None or self.participant.workshop_id is None:
            return self.arrival.join_code
        workshop = self.store.workshop_by_id(self.participant.workshop_id)
        return workshop.code if workshop and workshop.is_open else None

    def _flush_stage(self) -> None:
        flush = getattr(self.stage, "flush", None)
        if flush is not None:
            flush()


def _tree(root: widgets.Widget | None):
    """``root`` and every widget inside it."""
    if root is None:
        return
    yield root
    children = getattr(root, "children", ())
    for child in children if isinstance(children, (list, tuple)) else ():
        if isinstance(child, widgets.Widget):
            yield from _tree(child)


def _epoch_ms(moment) -> float:
    from datetime import timezone

    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() * 1000


def student_page(
    stage_class: Callable[[Content, Store, Participant], widgets.Widget],
    stage: str,
    title: Callable[[Content], str],
    content: Content | None = None,
    store: Store | None = None,
) -> StagePage:
    """A stage's page for whoever opened it (see :mod:`workshop_kit.identity`)."""
    given = content

    def content_now() -> Content:
        """The content in the page's language (what the test gave, if it gave one)."""
        found = given or current_content(language=i18n.current())
        if stage in PAGE_OF_STAGE:  # a page the content lacks a file for says so
            require_content(found, PAGE_OF_STAGE[stage])
        return found

    content_now()  # a folder that lacks a file fails now, before anyone arrives
    store = store or Store.from_env()
    return StagePage(
        title=lambda: title(content_now()),
        store=store,
        arrival=Arrival.from_query(query_params()),
        build=lambda participant: stage_class(content_now(), store, participant),
        stage=stage,
        offered=offered_languages(given.folder.parent if given else None),
    )
