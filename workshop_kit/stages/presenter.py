"""The presenter view: the page for the projector, one full-screen panel at a time.

It opens from the dashboard's "Open presenter view" link, whose fragment carries the
workshop's presenter pass (the store makes it from the instructor key; a fragment never
reaches the server, and the page takes it off the address bar at once). It shows no
control and never a student's name or own answer: only counts, and no split of fewer
than three answers. The instructor moves it from the dashboard or with the arrow keys
here (Right/Left: panel, Down/Up: item, R: reveal); it follows the store every second.

No pandas here: the group's figures come from :mod:`workshop_kit.models.presenter`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from workshop_kit import i18n
from workshop_kit.content import Content, ContentErrors, current_content
from workshop_kit.i18n import _, ngettext, pgettext
from workshop_kit.identity import (
    Arrival,
    client_address,
    offered_languages,
    page_language,
    query_params,
)
from workshop_kit.links import qr_svg
from workshop_kit.models import presenter as model
from workshop_kit.models.interview import QUIZ_PREFIX, SCENARIO_PREFIX
from workshop_kit.models.presenter import (
    MIN_ANSWERS,
    WAITING,
    LatestAnswers,
    Split,
    View,
    next_view,
)
from workshop_kit.pages import STAGE_PAGES
from workshop_kit.stages.address import PageAddress
from workshop_kit.stages.display import show_page
from workshop_kit.store import Store, StoreError, Workshop
from workshop_kit.store.records import DatabaseUnavailable
from workshop_kit.widgets.periodic import Periodic
from workshop_kit.widgets.presenter_screen import PresenterScreen

log = logging.getLogger(__name__)
FOLLOW_SECONDS = 1.0  # how often the page reads where the presenter is, and the answers
TOP_IDEAS = 5
SKILLS_SHOWN = 4  # strongest, and as many the group is least sure of
INTERESTS_SHOWN = 6
LETTERS = "ABCDEFGHIJ"


def _text(text: str) -> str:
    """Words for an HTML text node: ``<`` and ``&`` escaped, apostrophes kept."""
    return escape(text, quote=False)


def _panel(panel_id: str, title: str, body: str) -> str:
    return (
        f'<main class="wk-present wk-present-{panel_id}" data-panel="{panel_id}">'
        f"<h1>{escape(title)}</h1>{body}</main>"
    )


def _waiting(answered: int) -> str:
    if answered:
        text = _("{waiting} ({n} so far).").format(
            waiting=_(WAITING), n=i18n.format_number(answered)
        )
    else:
        text = _("{waiting}.").format(waiting=_(WAITING))
    return f'<p class="wk-present-waiting">{_text(text)}</p>'


def _percent(percent: int) -> str:
    """A whole percentage as the language writes it: "45%", "45 %"."""
    return i18n.format_percent(percent / 100)


def _decimal(number: float) -> str:
    """A figure with one decimal as the language writes it: "3.5", "3,5"."""
    return i18n.format_number(number, 1)


def _signed(number: float) -> str:
    """A change with its sign and one decimal, as ``f"{number:+.1f}"`` writes it:
    "+0.5", "-1.0" ("+0,5" in French)."""
    return ("-" if f"{number:+.1f}".startswith("-") else "+") + _decimal(abs(number))


def _bar(label: str, share: float, figure: str, right: bool = False) -> str:
    width = max(0.0, min(100.0, share * 100))
    mark = ' <span class="wk-right-mark">' + _text(_("✓ right answer")) + "</span>" if right else ""
    return (
        f'<div class="wk-bar-row{" wk-right" if right else ""}">'
        f'<span class="wk-bar-label">{label}{mark}</span>'
        f'<span class="wk-bar" aria-hidden="true"><span style="width: {width:.0f}%"></span></span>'
        f'<span class="wk-bar-figure">{escape(figure)}</span></div>'
    )


def _scalable_qr(url: str) -> str:
    """segno's SVG has a size but no viewBox: add one so CSS can size it."""
    svg = qr_svg(url, scale=1)
    label = escape(_("QR code"), quote=True)
    return re.sub(
        r'<svg width="(\d+)" height="(\d+)"',
        lambda size: (
            f'<svg width="{size[1]}" height="{size[2]}" viewBox="0 0 {size[1]} {size[2]}" '
            f'role="img" aria-label="{label}"'
        ),
        svg,
        count=1,
    )


class Presenter(widgets.VBox):
    """The whole presenter page; :meth:`enter` (with the presenter pass) is the way in."""

    def __init__(
        self,
        content: Content,
        store: Store,
        address: PageAddress | None = None,
        code: str = "",
        content_for: Callable[[str], Content] | None = None,
    ):
        """``content_for(language)``: the content in the workshop's language, which the
        page speaks once the workshop is known (None: keep ``content``)."""
        super().__init__()
        self.add_class("wk-presenter")
        self.content = content
        self._content_for = content_for
        self.store = store
        self.address = address or PageAddress()
        self.code = code
        self.workshop: Workshop | None = None
        self._pass = ""
        self.view = View()
        self.answers = LatestAnswers()
        self.joined = 0
        self.ideas: list[dict[str, Any]] = []
        self.screen = PresenterScreen(language=i18n.current())
        self.screen.observe(lambda change: self.enter(self.code, change["new"]), "ticket")
        self.screen.on_move(self.move)
        self.ticker = Periodic(FOLLOW_SECONDS, self.follow)
        self.screen.value = _panel(
            "closed",
            _("Presenter view"),
            "<p>"
            + _text(
                _(
                    "Open this page from the instructor dashboard: its “Open presenter view” "
                    "link brings the workshop here."
                ),
            )
            + "</p>",
        )
        self.children = [self.screen]

    # --- getting in ----------------------------------------------------------------

    def enter(self, code: str, presenter_pass: str) -> bool:
        """Show the workshop ``code`` if ``presenter_pass`` is its presenter pass."""
        try:
            self.workshop = self.store.open_as_presenter(code, presenter_pass, client_address())
        except StoreError as refused:
            self.screen.value = _panel(
                "closed",
                _("Presenter view"),
                f"<p>{escape(str(refused))} "
                + _text(_("Open this page again from the dashboard."))
                + "</p>",
            )
            return False
        self.speak(self.workshop.language)
        self._pass = presenter_pass
        self.answers = LatestAnswers()
        self.follow()
        self.ticker.start()
        return True

    def speak(self, language: str) -> None:
        """Speak ``language`` and show the content in it (the next redraw shows it)."""
        self.screen.language = i18n.use(language)
        if self._content_for is not None:
            try:
                self.content = self._content_for(i18n.current())
            except ContentErrors:  # that language's folder is unfinished: keep what shows
                log.warning("no usable content in %s; showing the last loaded", i18n.current())

    # --- the arrow keys --------------------------------------------------------------

    def move(self, move: str) -> None:
        """An arrow key on this page: the store checks the pass and keeps the new view."""
        if self.workshop is None:
            return
        view = self.store.presenter_view(self.workshop.id)
        moved = next_view(view, move, self.content)
        if moved != view:
            try:
                self.store.set_presenter_view(self.workshop, self._pass, moved)
            except StoreError:
                return
        self.follow()

    # --- following the store --------------------------------------------------------

    def follow(self) -> None:
        """Read where the presenter is and what changed; redraw only when it shows
        something new."""
        if self.workshop is None:
            return
        try:
            self.view = self.store.presenter_view(self.workshop.id)
            snapshot = self.store.workshop_snapshot(
                self.workshop.id, answers_after=self.answers.upto
            )
        except DatabaseUnavailable:
            return  # the dashboard says so; the projector keeps its last panel
        self.answers.apply(snapshot)
        self.joined = len(snapshot["participants"])
        self._follow_language()
        self.ideas = snapshot["ideas"]
        html = self.render()
        if html != self.screen.value:
            self.screen.value = html

    def _follow_language(self) -> None:
        """The instructor changed the workshop's language on the dashboard: speak it."""
        workshop = self.store.workshop_by_id(self.workshop.id)
        if workshop is not None and workshop.language != self.workshop.language:
            self.workshop = workshop
            self.speak(workshop.language)

    def render(self) -> str:
        panel = model.panel(self.view.panel)
        draw = getattr(self, f"_draw_{panel.id}")
        return draw(panel)

    def _draw_joining(self, panel: model.Panel) -> str:
        url = self.address.student_url(self.workshop.code)
        joined = ngettext("{n} person has joined", "{n} people have joined", self.joined).format(
            n=i18n.format_number(self.joined)
        )
        return _panel(
            panel.id,
            _(panel.title),
            '<div class="wk-present-columns">'
            f'<div class="wk-present-qr">{_scalable_qr(url)}</div>'
            "<div><p>" + _text(_("Scan the code, or open")) + "</p>"
            f'<p class="wk-present-url">{escape(url)}</p>'
            "<p>" + _text(_("and type the join code")) + "</p>"
            f'<p class="wk-present-code">{escape(self.workshop.code)}</p>'
            f'<p class="wk-present-count" role="status">{escape(joined)}</p>'
            "</div></div>",
        )

    def _means(self, title: str, means: list[model.GroupMean], top: int, more=False) -> str:
        css = "wk-means wk-present-more" if more else "wk-means"
        if not means:
            return f'<div class="{css}"><h2>{escape(title)}</h2>{_waiting(0)}</div>'
        rows = []
        for mean in means:
            rows.append(_bar(escape(mean.name), mean.mean / top, _decimal(mean.mean)))
        return f'<div class="{css}"><h2>{escape(title)}</h2>{"".join(rows)}</div>'

    def _draw_skills(self, panel: model.Panel) -> str:
        top = self.content.self_assessment.rating_scale[-1].value
        # the content's group minimum for group averages (the model never goes below 3)
        minimum = self.content.self_assessment.group_minimum
        skills = model.skill_means(self.content.skills.skills, self.answers, minimum)
        strongest = skills[:SKILLS_SHOWN]
        unsure = [m for m in skills[::-1][:SKILLS_SHOWN] if m not in strongest]
        columns = [
            "<div>"
            + self._means(_("Strongest skills"), strongest, top)
            + (self._means(_("Least sure of"), unsure, top, more=True) if unsure else "")
            + "</div>"
        ]
        title = _("The group's skills")
        interests = self.content.by_kind.get("interests")
        if interests is not None:
            title = _(panel.title)
            enjoy = model.interest_means(interests, self.answers, minimum)[:INTERESTS_SHOWN]
            columns.append(self._means(_("Work they would enjoy"), enjoy, top))
        least = max(minimum, MIN_ANSWERS)
        scale = _("Average rating, 1 to {top}. Only what at least {least} people rated.").format(
            top=top, least=least
        )
        return _panel(
            panel.id,
            title,
            f'<div class="wk-present-columns">{"".join(columns)}</div>'
            f'<p class="wk-present-foot">{escape(scale)}</p>',
        )

    def _step(self, step: str) -> str:
        return f'<p class="wk-present-step">{escape(step)}</p>'

    def _draw_statement(self, panel: model.Panel) -> str:
        statements = model.items_of(self.content, panel.id)
        if not statements:
            none = _text(_("This workshop has no statements."))
            return _panel(panel.id, _(panel.title), f"<p>{none}</p>")
        statement = statements[min(self.view.item, len(statements) - 1)]
        key = QUIZ_PREFIX + statement.id
        split = model.statement_split(statement, self.answers.values(key))
        body = [
            self._step(
                _("Statement {n} of {count}").format(n=self.view.item + 1, count=len(statements))
            ),
            f'<p class="wk-present-quote">{escape(statement.text)}</p>',
            self._split(split),
        ]
        if self.view.revealed:
            right = _(model.DO_DONT[split.right])
            body.append(
                f'<p class="wk-present-answer"><strong>{_text(right)}.</strong> '
                f"{escape(statement.why)}</p>"
            )
        return _panel(panel.id, _(panel.title), "".join(body))

    def _split(self, split: Split) -> str:
        if not split.enough:
            return _waiting(split.answered)
        rows = [
            _bar(
                escape(_(option) if option in model.DO_DONT else option),
                percent / 100,
                _percent(percent),
                right=self.view.revealed and n == split.right,
            )
            for n, (option, percent) in enumerate(zip(split.options, split.percents(), strict=True))
        ]
        answered = _("{n} answered").format(n=i18n.format_number(split.answered))
        return f"<div>{''.join(rows)}<p>{escape(answered)}</p></div>"

    def _draw_scenario(self, panel: model.Panel) -> str:
        scenarios = model.items_of(self.content, panel.id)
        if not scenarios:
            none = _text(_("This workshop has no tricky moments."))
            return _panel(panel.id, _(panel.title), f"<p>{none}</p>")
        scenario = scenarios[min(self.view.item, len(scenarios) - 1)]
        split = model.scenario_split(scenario, self.answers.values(SCENARIO_PREFIX + scenario.id))
        percents = split.percents()
        choices = []
        for n, option in enumerate(split.options):
            right = self.view.revealed and n == split.right
            figure = _percent(percents[n]) if split.enough else ""
            choices.append(
                f'<li class="wk-choice{" wk-right" if right else ""}">'
                f'<span class="wk-choice-letter">{LETTERS[n]}</span>'
                f"<span>{escape(option)}</span>"
                f'<span class="wk-choice-figure">{"✓ " if right else ""}{figure}</span></li>'
            )
        foot = [_("Moment {n} of {count}").format(n=self.view.item + 1, count=len(scenarios))]
        foot.append(
            _("{n} answered").format(n=i18n.format_number(split.answered))
            if split.enough
            else _(WAITING).lower()
        )
        if self.view.revealed:
            foot.append(_("best answer: {letter}").format(letter=LETTERS[split.right]))
        return _panel(
            panel.id,
            _("{panel}: {moment}").format(panel=_(panel.title), moment=scenario.title),
            f'<p class="wk-present-situation">{escape(scenario.situation)}</p>'
            f"<ol>{''.join(choices)}</ol>"
            f'<p class="wk-present-foot"><strong>{escape(" · ".join(foot))}</strong></p>',
        )

    def _draw_ideas(self, panel: model.Panel) -> str:
        ideas = model.top_ideas(self.ideas, TOP_IDEAS)
        if not ideas:
            none = _text(_("No ideas on the board yet."))
            return _panel(panel.id, _(panel.title), f"<p>{none}</p>")
        rows = "".join(
            f'<li class="wk-idea wk-drop"><span class="wk-idea-count">▲ {idea.votes}</span>'
            f"<span>{escape(idea.text)}</span></li>"
            for idea in ideas
        )
        return _panel(panel.id, _(panel.title), f"<ol>{rows}</ol>")

    def _draw_timer(self, panel: model.Panel) -> str:
        timer = self.store.timer(self.workshop.id)
        left = timer.seconds_left() if timer is not None else 0
        if left <= 0:
            body = "<p>" + _text(_("No activity timer is running.")) + "</p>"
            return _panel(panel.id, _(panel.title), f'<div class="wk-present-center">{body}</div>')
        seconds = int(left)
        # The browser ticks it; the kernel redraws only when the timer changes.
        clock = (
            f'<p class="wk-present-clock" role="timer" data-left-ms="{int(left * 1000)}" '
            f'data-ends="{timer.ends_at.isoformat()}">{seconds // 60}:{seconds % 60:02d}</p>'
        )
        return _panel(
            panel.id,
            timer.label,
            f'<div class="wk-present-center">{clock}'
            "<p>" + _text(_("left for this activity")) + "</p></div>",
        )

    def _draw_confidence(self, panel: model.Panel) -> str:
        settings = self.content.by_kind.get("confidence")
        if settings is None:
            none = _text(_("This workshop has no confidence check."))
            return _panel(panel.id, _(panel.title), f"<p>{none}</p>")
        rows = []
        students = 0
        for row in model.confidence_rows(settings, self.answers):
            change = row.change
            students = max(students, change.students)
            if change.shown:
                moved = change.change
                arrow, css = ("=", "")
                if moved > 0.05:
                    arrow, css = ("▲", " wk-up")
                elif moved < -0.05:
                    arrow, css = ("▼", " wk-down")
                cells = (
                    f"<td>{_decimal(change.before)}</td><td>{_decimal(change.after)}</td>"
                    f'<td class="wk-change{css}">{arrow}&nbsp;{_signed(moved)}</td>'
                )
            else:
                cells = f'<td colspan="3">{_waiting(change.students)}</td>'
            rows.append(f'<tr><th scope="row">{escape(row.text)}</th>{cells}</tr>')
        top = len(settings.scale)
        before, after = model.confidence_counts(settings, self.answers)
        foot = _(
            "Average from 1 ({lowest}) to {top} ({highest}) over the students who answered "
            "both times. {before} answered at the start, {after} at the end."
        ).format(
            lowest=settings.scale[0],
            top=top,
            highest=settings.scale[-1],
            before=i18n.format_number(before),
            after=i18n.format_number(after),
        )
        return _panel(
            panel.id,
            _(panel.title),
            '<table class="wk-present-table"><thead><tr><th scope="col">'
            '<span class="wk-sr-only">' + _text(_("Statement")) + "</span></th>"
            '<th scope="col">' + _text(pgettext("confidence table", "Start")) + "</th>"
            '<th scope="col">' + _text(pgettext("confidence table", "End")) + "</th>"
            '<th scope="col">' + _text(_("Change")) + "</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<p class="wk-present-foot">{escape(foot)}</p>',
        )

    def _draw_next(self, panel: model.Panel) -> str:
        locked = self.store.locked_stages(self.workshop.id)
        rows = "".join(
            "<li>"
            + _("{stage}: {state}").format(
                stage=escape(_(name)),
                state=(
                    "<span>" + _text(_("paused")) + "</span>"
                    if stage in locked
                    else '<span class="wk-stage-open">' + _text(_("open now")) + "</span>"
                ),
            )
            + "</li>"
            for _page, name, stage in STAGE_PAGES
        )
        return _panel(
            panel.id,
            _(panel.title),
            f"<ol>{rows}</ol><p class='wk-present-foot'>"
            + escape(
                _("Your answers are saved as you go; your action plan gathers them at the end.")
            )
            + "</p>",
        )


def build_page(content: Content | None = None, store: Store | None = None) -> Presenter:
    """The presenter view: in the address's or the browser's language until the pass
    names the workshop, then in the workshop's, with its content (what the test gave,
    if it gave one)."""
    params = query_params()
    given = content
    offered = offered_languages(given.folder.parent if given else None)
    i18n.use(page_language(offered, Arrival.from_query(params)))

    def content_for(language: str) -> Content:
        return current_content(language=language)

    return Presenter(
        given or content_for(i18n.current()),
        store or Store.from_env(),
        PageAddress.from_request(),
        params.get("session", ""),
        content_for=None if given else content_for,
    )


def show() -> None:
    """Display the presenter view (the whole of ``notebooks/presenter.ipynb``)."""
    show_page(build_page)


__all__ = ["Presenter", "build_page", "show"]
