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

import re
from html import escape
from typing import Any

import ipywidgets as widgets

from workshop_kit.content import Content, load_content
from workshop_kit.identity import client_address, query_params
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

FOLLOW_SECONDS = 1.0  # how often the page reads where the presenter is, and the answers
TOP_IDEAS = 5
SKILLS_SHOWN = 4  # strongest, and as many the group is least sure of
INTERESTS_SHOWN = 6
LETTERS = "ABCDEFGHIJ"


def _panel(panel_id: str, title: str, body: str) -> str:
    return (
        f'<main class="wk-present wk-present-{panel_id}" data-panel="{panel_id}">'
        f"<h1>{escape(title)}</h1>{body}</main>"
    )


def _waiting(answered: int) -> str:
    so_far = f" ({answered} so far)" if answered else ""
    return f'<p class="wk-present-waiting">{WAITING}{so_far}.</p>'


def _bar(label: str, share: float, figure: str, right: bool = False) -> str:
    width = max(0.0, min(100.0, share * 100))
    mark = ' <span class="wk-right-mark">✓ right answer</span>' if right else ""
    return (
        f'<div class="wk-bar-row{" wk-right" if right else ""}">'
        f'<span class="wk-bar-label">{label}{mark}</span>'
        f'<span class="wk-bar" aria-hidden="true"><span style="width: {width:.0f}%"></span></span>'
        f'<span class="wk-bar-figure">{escape(figure)}</span></div>'
    )


def _scalable_qr(url: str) -> str:
    """segno's SVG has a size but no viewBox: add one so CSS can size it."""
    svg = qr_svg(url, scale=1)
    return re.sub(
        r'<svg width="(\d+)" height="(\d+)"',
        r'<svg width="\1" height="\2" viewBox="0 0 \1 \2" role="img" aria-label="QR code"',
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
    ):
        super().__init__()
        self.add_class("wk-presenter")
        self.content = content
        self.store = store
        self.address = address or PageAddress()
        self.code = code
        self.workshop: Workshop | None = None
        self._pass = ""
        self.view = View()
        self.answers = LatestAnswers()
        self.joined = 0
        self.ideas: list[dict[str, Any]] = []
        self.screen = PresenterScreen()
        self.screen.observe(lambda change: self.enter(self.code, change["new"]), "ticket")
        self.screen.on_move(self.move)
        self.ticker = Periodic(FOLLOW_SECONDS, self.follow)
        self.screen.value = _panel(
            "closed",
            "Presenter view",
            "<p>Open this page from the instructor dashboard: its “Open presenter view” "
            "link brings the workshop here.</p>",
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
                "Presenter view",
                f"<p>{escape(str(refused))} Open this page again from the dashboard.</p>",
            )
            return False
        self._pass = presenter_pass
        self.answers = LatestAnswers()
        self.follow()
        self.ticker.start()
        return True

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
        self.ideas = snapshot["ideas"]
        html = self.render()
        if html != self.screen.value:
            self.screen.value = html

    def render(self) -> str:
        panel = model.panel(self.view.panel)
        draw = getattr(self, f"_draw_{panel.id}")
        return draw(panel)

    def _draw_joining(self, panel: model.Panel) -> str:
        url = self.address.student_url(self.workshop.code)
        people = "person has" if self.joined == 1 else "people have"
        return _panel(
            panel.id,
            panel.title,
            '<div class="wk-present-columns">'
            f'<div class="wk-present-qr">{_scalable_qr(url)}</div>'
            "<div><p>Scan the code, or open</p>"
            f'<p class="wk-present-url">{escape(url)}</p>'
            "<p>and type the join code</p>"
            f'<p class="wk-present-code">{escape(self.workshop.code)}</p>'
            f'<p class="wk-present-count" role="status">{self.joined} {people} joined</p>'
            "</div></div>",
        )

    def _means(self, title: str, means: list[model.GroupMean], top: int, more=False) -> str:
        css = "wk-means wk-present-more" if more else "wk-means"
        if not means:
            return f'<div class="{css}"><h2>{escape(title)}</h2>{_waiting(0)}</div>'
        rows = []
        for mean in means:
            rows.append(_bar(escape(mean.name), mean.mean / top, f"{mean.mean:.1f}"))
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
            + self._means("Strongest skills", strongest, top)
            + (self._means("Least sure of", unsure, top, more=True) if unsure else "")
            + "</div>"
        ]
        title = "The group's skills"
        interests = self.content.by_kind.get("interests")
        if interests is not None:
            title = panel.title
            enjoy = model.interest_means(interests, self.answers, minimum)[:INTERESTS_SHOWN]
            columns.append(self._means("Work they would enjoy", enjoy, top))
        least = max(minimum, MIN_ANSWERS)
        scale = f"Average rating, 1 to {top}. Only what at least {least} people rated."
        return _panel(
            panel.id,
            title,
            f'<div class="wk-present-columns">{"".join(columns)}</div>'
            f'<p class="wk-present-foot">{escape(scale)}</p>',
        )

    def _step(self, noun: str, count: int) -> str:
        return f'<p class="wk-present-step">{noun} {self.view.item + 1} of {count}</p>'

    def _draw_statement(self, panel: model.Panel) -> str:
        statements = model.items_of(self.content, panel.id)
        if not statements:
            return _panel(panel.id, panel.title, "<p>This workshop has no statements.</p>")
        statement = statements[min(self.view.item, len(statements) - 1)]
        key = QUIZ_PREFIX + statement.id
        split = model.statement_split(statement, self.answers.values(key))
        body = [
            self._step("Statement", len(statements)),
            f'<p class="wk-present-quote">{escape(statement.text)}</p>',
            self._split(split),
        ]
        if self.view.revealed:
            right = model.DO_DONT[split.right]
            body.append(
                f'<p class="wk-present-answer"><strong>{right}.</strong> '
                f"{escape(statement.why)}</p>"
            )
        return _panel(panel.id, panel.title, "".join(body))

    def _split(self, split: Split) -> str:
        if not split.enough:
            return _waiting(split.answered)
        rows = [
            _bar(
                escape(option),
                percent / 100,
                f"{percent}%",
                right=self.view.revealed and n == split.right,
            )
            for n, (option, percent) in enumerate(zip(split.options, split.percents(), strict=True))
        ]
        return f"<div>{''.join(rows)}<p>{split.answered} answered</p></div>"

    def _draw_scenario(self, panel: model.Panel) -> str:
        scenarios = model.items_of(self.content, panel.id)
        if not scenarios:
            return _panel(panel.id, panel.title, "<p>This workshop has no tricky moments.</p>")
        scenario = scenarios[min(self.view.item, len(scenarios) - 1)]
        split = model.scenario_split(scenario, self.answers.values(SCENARIO_PREFIX + scenario.id))
        percents = split.percents()
        choices = []
        for n, option in enumerate(split.options):
            right = self.view.revealed and n == split.right
            figure = f"{percents[n]}%" if split.enough else ""
            choices.append(
                f'<li class="wk-choice{" wk-right" if right else ""}">'
                f'<span class="wk-choice-letter">{LETTERS[n]}</span>'
                f"<span>{escape(option)}</span>"
                f'<span class="wk-choice-figure">{"✓ " if right else ""}{figure}</span></li>'
            )
        foot = [f"Moment {self.view.item + 1} of {len(scenarios)}"]
        foot.append(f"{split.answered} answered" if split.enough else WAITING.lower())
        if self.view.revealed:
            foot.append(f"best answer: {LETTERS[split.right]}")
        return _panel(
            panel.id,
            f"{panel.title}: {scenario.title}",
            f'<p class="wk-present-situation">{escape(scenario.situation)}</p>'
            f"<ol>{''.join(choices)}</ol>"
            f'<p class="wk-present-foot"><strong>{escape(" · ".join(foot))}</strong></p>',
        )

    def _draw_ideas(self, panel: model.Panel) -> str:
        ideas = model.top_ideas(self.ideas, TOP_IDEAS)
        if not ideas:
            return _panel(panel.id, panel.title, "<p>No ideas on the board yet.</p>")
        rows = "".join(
            f'<li class="wk-idea wk-drop"><span class="wk-idea-count">▲ {idea.votes}</span>'
            f"<span>{escape(idea.text)}</span></li>"
            for idea in ideas
        )
        return _panel(panel.id, panel.title, f"<ol>{rows}</ol>")

    def _draw_timer(self, panel: model.Panel) -> str:
        timer = self.store.timer(self.workshop.id)
        left = timer.seconds_left() if timer is not None else 0
        if left <= 0:
            body = "<p>No activity timer is running.</p>"
            return _panel(panel.id, panel.title, f'<div class="wk-present-center">{body}</div>')
        seconds = int(left)
        # The browser ticks it; the kernel redraws only when the timer changes.
        clock = (
            f'<p class="wk-present-clock" role="timer" data-left-ms="{int(left * 1000)}" '
            f'data-ends="{timer.ends_at.isoformat()}">{seconds // 60}:{seconds % 60:02d}</p>'
        )
        return _panel(
            panel.id,
            timer.label,
            f'<div class="wk-present-center">{clock}<p>left for this activity</p></div>',
        )

    def _draw_next(self, panel: model.Panel) -> str:
        locked = self.store.locked_stages(self.workshop.id)
        rows = "".join(
            f"<li>{escape(name)}: "
            + (
                "<span>paused</span>"
                if stage in locked
                else '<span class="wk-stage-open">open now</span>'
            )
            + "</li>"
            for _page, name, stage in STAGE_PAGES
        )
        return _panel(
            panel.id,
            panel.title,
            f"<ol>{rows}</ol>"
            "<p class='wk-present-foot'>Your answers are saved as you go; your action plan "
            "gathers them at the end.</p>",
        )


def build_page(content: Content | None = None, store: Store | None = None) -> Presenter:
    code = query_params().get("session", "")
    return Presenter(
        content or load_content(), store or Store.from_env(), PageAddress.from_request(), code
    )


def show() -> None:
    """Display the presenter view (the whole of ``notebooks/presenter.ipynb``)."""
    show_page(build_page)


__all__ = ["Presenter", "build_page", "show"]
