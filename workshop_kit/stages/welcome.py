"""The welcome page: join a workshop (code and name, or anonymously), work solo, or
resume on another device; then links to every stage and the progress through them."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import ipywidgets as widgets

from workshop_kit import i18n
from workshop_kit.content import Content, current_content
from workshop_kit.i18n import N_, _
from workshop_kit.identity import (
    Arrival,
    arrival_language,
    known_participant,
    offered_languages,
    page_language,
    query_params,
    resolve_participant,
)
from workshop_kit.models.progress import DONE, IN_PROGRESS, stage_progress
from workshop_kit.pages import STAGE_PAGES, WELCOME, require_content
from workshop_kit.stages.confidence import show_confidence
from workshop_kit.stages.display import show_page
from workshop_kit.store import Participant, Store, StoreError
from workshop_kit.text import clean_code, clean_name
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.choice_cards import CheckCard
from workshop_kit.widgets.enter_key import EnterKey
from workshop_kit.widgets.identity import BrowserIdentity
from workshop_kit.widgets.language_switch import LanguageSwitch
from workshop_kit.widgets.lean import lean, lean_html, shared, shared_style
from workshop_kit.widgets.style import stylesheet

BADGES = {DONE: N_("✓ done"), IN_PROGRESS: N_("… in progress")}
NOT_STARTED = N_("not started")


def _box(description: str, placeholder: str, value: str = "") -> widgets.Text:
    """A one-line box that sends its text when the student leaves it."""
    return lean(
        widgets.Text,
        value=value,
        description=description,
        placeholder=placeholder,
        style={"description_width": "initial"},
        continuous_update=False,
    )


class Welcome(widgets.VBox):
    """The welcome page. Layouts and styles are shared (:mod:`workshop_kit.widgets.lean`)
    except those of the parts shown and hidden: the form, the joined panel and the
    "Loading" line."""

    def __init__(
        self, content: Content, store: Store, arrival: Arrival, offered: tuple[str, ...] = ("en",)
    ):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-page")
        self.language = i18n.current()  # build_page chose it (arrival_language)
        self.offered = offered
        self.content = content
        self.store = store
        self.arrival = arrival
        self.participant: Participant | None = None
        text = content.welcome

        lessons = "".join(f"<li>{escape(lesson)}</li>" for lesson in text.lessons)
        lessons_heading = escape(_("Three lessons"))
        header = lean_html(
            f"<h1>{escape(text.title)}</h1><p>{escape(text.intro)}</p>"
            f"<h2>{lessons_heading}</h2><ol>{lessons}</ol>"
            f'<p class="wk-help">{escape(text.privacy)}</p>'
        )

        # --- joining -----------------------------------------------------------
        # The boxes send their text when the student leaves them, not per keystroke:
        # ipywidgets holds back a box's fast keystrokes but not a button's click, so a
        # quick Tab and Enter would join with half a name.
        self.code_box = _box(_("Join code"), "ABC-123", arrival.join_code or "")
        self.name_box = _box(_("Your first name"), _("As you like to be called"))
        self.anonymous = CheckCard(_("Join anonymously (no name)"))
        self.anonymous.observe(self._on_anonymous, "value")
        self.join_button = lean(
            widgets.Button, description=_("Join the workshop"), button_style="primary"
        )
        self.join_button.on_click(lambda _b: self.join())
        self.solo_button = lean(widgets.Button, description=_("Work on my own (no workshop)"))
        self.solo_button.on_click(lambda _b: self.solo())
        self.resume_box = _box(_("Resume code"), "ABCD-EFGH")
        self.resume_button = lean(widgets.Button, description=_("Resume"))
        self.resume_button.on_click(lambda _b: self.resume(self.resume_box.value))
        # Enter in a box does what its button does, with the text as typed.
        self.enter_key = EnterKey()
        for box, action in (
            (self.code_box, "join-code"),
            (self.name_box, "join-name"),
            (self.resume_box, "resume"),
        ):
            box.add_class(f"wk-enter-{action}")
        self.enter_key.on_enter("join-code", lambda text: self._enter_pressed(self.code_box, text))
        self.enter_key.on_enter("join-name", lambda text: self._enter_pressed(self.name_box, text))
        self.enter_key.on_enter("resume", lambda text: self._enter_pressed(self.resume_box, text))
        self.status = SaveStatus()  # under the join button: what went wrong joining
        self.resume_status = SaveStatus()  # under the resume code
        self.form = widgets.VBox(  # its own layout: shown and hidden
            [
                lean_html("<h2>" + escape(_("Join your workshop")) + "</h2>"),
                self.code_box,
                self.name_box,
                self.anonymous,
                self.join_button,
                self.status,
                lean_html(
                    "<h2>"
                    + escape(_("No workshop?"))
                    + "</h2><p>"
                    + escape(_("Use every stage on your own."))
                    + "</p>"
                ),
                self.solo_button,
                lean_html(
                    "<h2>"
                    + escape(_("Coming back on another device?"))
                    + "</h2><p>"
                    + escape(_("Type the resume code you got when you joined."))
                    + "</p>"
                ),
                lean(widgets.HBox, [self.resume_box, self.resume_button]),
                self.resume_status,
                self.enter_key,
            ]
        )
        self.form.add_class("wk-join")
        self.form.layout.display = "none"  # shown once the browser has reported

        # --- after joining ------------------------------------------------------
        self.panel = lean_html()
        self.fresh_button = lean(widgets.Button, description=_("Not you? Start fresh"))
        self.fresh_button.on_click(lambda _b: self.start_fresh())
        self.joined = widgets.VBox([self.panel, self.fresh_button])  # shown and hidden
        self.joined.layout.display = "none"

        self.waiting = widgets.HTML(
            "<p>" + escape(_("Loading…")) + "</p>", style=shared_style(widgets.HTML)
        )
        self.browser = BrowserIdentity(language=self.language)
        self.browser.observe(self._on_report, "reported")
        self.languages = LanguageSwitch(offered, self.switch_language)
        self.languages.show_for(self.language)
        self.children = [
            stylesheet(),
            self.languages,
            header,
            self.waiting,
            self.form,
            self.joined,
            self.browser,
        ]
        known = known_participant(store, arrival)
        if known is not None:
            self._enter(known)
        elif arrival.browser_known:  # the cookie already says whom the browser remembers
            self._decide(arrival.cookie_token or "")

    # --- actions ----------------------------------------------------------------

    def join(self) -> bool:
        typed = clean_code(self.code_box.value)
        if not typed.ok:
            self.status.show(
                "error",
                _("{problem} Check the code with your instructor.").format(problem=typed.message),
            )
            return False
        code = typed.text
        if not code:
            self.status.show("error", _("Type the join code your instructor gave you."))
            return False
        name = None
        if not self.anonymous.value:
            check = clean_name(self.name_box.value)
            if not check.ok:
                self.status.show("error", check.message)
                return False
            name = check.text or None
        try:
            participant = self.store.create_participant(join_code=code, display_name=name)
        except StoreError as exc:
            self.status.show(
                "error", _("{problem} Check the code with your instructor.").format(problem=exc)
            )
            return False
        self._enter(participant)
        return True

    def _enter_pressed(self, box: widgets.Text, text: str) -> None:
        if self.participant is not None or self.form.layout.display == "none":
            return  # already in, or the form is not on screen
        box.value = text
        if box is self.resume_box:
            self.resume(text)
        else:
            self.join()

    def solo(self) -> None:
        self._enter(self.store.create_participant())

    def resume(self, code: str) -> bool:
        typed = clean_code(code)
        if not typed.ok:
            self.resume_status.show(
                "error",
                _("{problem} A resume code looks like ABCD-EFGH.").format(problem=typed.message),
            )
            return False
        if not typed.text:
            self.resume_status.show("error", _("Type the resume code you got when you joined."))
            return False
        participant = self.store.participant_by_resume_code(typed.text)
        if participant is None:
            self.resume_status.show(
                "error", _("That resume code was not found. It looks like ABCD-EFGH; check it.")
            )
            return False
        self._enter(participant)
        return True

    def start_fresh(self) -> None:
        self.participant = None
        self.browser.token = ""
        self.status.show("idle")
        self.resume_status.show("idle")
        self.joined.layout.display = "none"
        self.form.layout.display = ""

    # --- showing ------------------------------------------------------------------

    def _on_anonymous(self, change) -> None:
        self.name_box.disabled = change["new"]

    def _on_report(self, change) -> None:
        if not change["new"] or self.participant is not None:
            return
        self._decide(self.browser.stored_token)

    def _decide(self, stored_token: str) -> None:
        """Welcome back whom the browser remembers, or show the joining form."""
        found = resolve_participant(
            self.store, self.arrival, stored_token, create=False, code_must_match=True
        )
        if found is not None:
            self._enter(found.participant)
        else:
            self.waiting.layout.display = "none"
            self.form.layout.display = ""

    def switch_language(self, language: str) -> None:
        """Load the page again in ``language``: remembered with the student's identity
        once they have one, else asked for in the address (``?lang=``)."""
        if language not in self.offered:
            return
        if self.participant is None:
            self.browser.load_again(language)
            return
        self.participant = self.store.set_participant_language(self.participant, language)
        self.browser.load_again()

    def _enter(self, participant: Participant) -> None:
        if self.arrival.language in self.offered and participant.language != self.arrival.language:
            # ?lang= in the address is a choice like the switch's: remembered.
            participant = self.store.set_participant_language(participant, self.arrival.language)
        self.participant = participant
        self.browser.token = participant.token
        workshop = None if participant.solo else self.store.workshop_by_id(participant.workshop_id)
        # What build_page would choose now (the same inputs: no navigator.languages,
        # which build_page cannot know, or the page would load again and again).
        speaks = page_language(self.offered, self.arrival, participant, workshop)
        if speaks != self.language:  # joined a workshop in another language: show it in that
            self.browser.load_again()
            return
        self.waiting.layout.display = "none"
        self.form.layout.display = "none"
        self.status.show("idle")
        self.resume_status.show("idle")
        self.refresh()
        show_confidence(self.joined, self.content, self.store, participant)  # after the panel
        self.joined.layout.display = ""

    def refresh(self) -> None:
        p = self.participant
        if p is None:
            return
        progress = stage_progress(self.store.all_answers(p), self.content.skills)
        blurbs = self.content.welcome.stage_blurbs
        token = quote(p.token)
        rows = "".join(
            f'<li class="wk-stage-link"><a href="{page}?p={token}">{escape(_(name))}</a> '
            f'<span class="wk-progress wk-progress-{progress[stage].replace(" ", "-")}">'
            f"{escape(_(BADGES.get(progress[stage], NOT_STARTED)))}</span>"
            f'<br><span class="wk-help">{escape(blurbs.get(stage, ""))}</span></li>'
            for page, name, stage in STAGE_PAGES
        )
        if p.solo:
            who = _("You are working on your own.")
        else:
            workshop = self.store.workshop_by_id(p.workshop_id)
            if p.display_name:
                who = _("You joined “{workshop}” as {name}.").format(
                    workshop=workshop.name, name=p.display_name
                )
            else:
                who = _("You joined “{workshop}” as anonymous.").format(workshop=workshop.name)
        code = _("Your resume code: {code}").format(
            code=f"<strong>{escape(p.resume_code or '')}</strong>"
        )
        keep = escape(
            _(
                "Write it down: type it on this page on another device to carry on "
                "where you left off."
            )
        )
        yours, stages = escape(_("Your workshop")), escape(_("The stages"))
        self.panel.value = (
            f"<h2>{yours}</h2><p>{escape(who)}</p>"
            f'<p class="wk-resume">{code}'
            f"<br><span class='wk-help'>{keep}</span></p>"
            # The stage names carry their numbers: a list that numbers them again
            # would read "1. 1. Your skills".
            f"<h2>{stages}</h2><ul class='wk-stages' style='list-style: none; "
            f"padding-left: 0'>{rows}</ul>"
        )


def build_page(content: Content | None = None, store: Store | None = None) -> Welcome:
    store = store or Store.from_env()
    arrival = Arrival.from_query(query_params())
    offered = offered_languages(content.folder.parent if content else None)
    language = i18n.use(arrival_language(store, arrival, offered))
    content = content or current_content(language=language)
    require_content(content, WELCOME)
    return Welcome(content, store, arrival, offered)


def show() -> None:
    """Display the welcome page (the whole of ``notebooks/00_welcome.ipynb``)."""
    show_page(build_page)
