"""Stage 4: the action plan, drawn from the earlier stages, and the personal report
to download (HTML and Markdown)."""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.models.action_plan import MAX_APPLY, STAGE, Plan, build_plan
from workshop_kit.report import render
from workshop_kit.stages.confidence import ConfidenceCheck
from workshop_kit.stages.display import show_page
from workshop_kit.stages.page import StagePage, student_page
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.autosave import DEFAULT_DELAY, SaveStatus
from workshop_kit.widgets.choice_cards import CheckCards
from workshop_kit.widgets.focus import keep_focus
from workshop_kit.widgets.lean import lean, lean_html, shared
from workshop_kit.widgets.text_answer import TextAnswer


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="wk-help">{escape(empty)}</p>'
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _download_link(data: str, mime: str, filename: str, label: str) -> str:
    encoded = base64.b64encode(data.encode("utf-8")).decode("ascii")
    return (
        f'<a class="wk-download" download="{escape(filename)}" '
        f'href="data:{mime};charset=utf-8;base64,{encoded}">{escape(label)}</a>'
    )


class ActionPlan(widgets.VBox):
    """Stage 4 for one participant. No layout or style here ever changes: they are shared
    (:mod:`workshop_kit.widgets.lean`)."""

    def __init__(
        self, content: Content, store: Store, participant: Participant, delay: float = DEFAULT_DELAY
    ):
        super().__init__(**shared(widgets.VBox))
        self.content = content
        self.settings = content.action_plan
        self.store = store
        self.participant = participant
        saved = store.answers(participant, STAGE)
        self.summary = lean_html()
        self.status = SaveStatus()

        picked = set(saved.get("steps") or [])
        self.steps = CheckCards(
            label="Tick the steps you will take",
            options=[(step.label, step.id) for step in self.settings.steps],
            value=[step.id for step in self.settings.steps if step.id in picked],
        )
        self.steps.observe(lambda _c: self._save_steps(), "value")
        count = saved.get("apply_count")
        self.apply_count = lean(
            widgets.BoundedIntText,
            value=count if isinstance(count, int) and 0 <= count <= MAX_APPLY else 3,
            min=0,
            max=MAX_APPLY,
            description=self.settings.apply_question,
            style={"description_width": "initial"},
        )
        self.apply_count.add_class("wk-line")
        self.apply_count.observe(lambda c: self._save("apply_count", c["new"]), "value")
        star = content.by_kind["star_questions"]
        category = saved.get("practise_category")
        options = [("Choose a kind", ""), *[(c.name, c.id) for c in star.categories]]
        self.practise = lean(
            widgets.Dropdown,
            options=options,
            value=category if category in {o[1] for o in options} else "",
            description=self.settings.practise_question,
            style={"description_width": "initial"},
        )
        self.practise.add_class("wk-wide-dropdown")
        self.practise.observe(lambda c: self._save("practise_category", c["new"]), "value")
        self.own = TextAnswer(
            label=self.settings.own_steps_label,
            help='Make each step small and concrete, with a day: "By Friday I will..."',
            save=self._text_saver,
            limit=3000,
            value=saved.get("own_steps", "") or "",
            delay=delay,
            draft_key=f"{STAGE}/own_steps",
        )
        # remade after every save, perhaps while focused: keep the focus on the link
        self.downloads = keep_focus(lean_html(), "plan-downloads")
        self.children = [
            lean_html(f"<p>{escape(self.settings.intro)}</p>"),
            self.summary,
            lean_html("<h2>Your next steps</h2>"),
            self.steps,
            self.apply_count,
            self.practise,
            self.status,
            self.own,
            ConfidenceCheck(content, store, participant, "after"),
            lean_html(
                "<h2>Take your plan with you</h2><p>Download it as a web page (opens in any "
                "browser, prints well) or as Markdown.</p>"
            ),
            self.downloads,
        ]
        self.refresh()

    def plan(self) -> Plan:
        answers = self.store.all_answers(self.participant)
        return build_plan(self.content, answers, self.participant.display_name or "")

    def report(self) -> tuple[str, str]:
        return render(self.plan(), self.settings.report_title)

    def refresh(self) -> None:
        plan = self.plan()
        missed = [f"{text} — {why}" for text, why in plan.missed_statements]
        gaps = [
            *(f"Do or don't: {m}" for m in missed),
            *(f"Tricky moment: {s}" for s in plan.scenarios_missed),
            *(f"STAR: {g}" for g in plan.star_gaps),
            *(f"Mock interview, rated low: {r}" for r in plan.low_ratings),
        ]
        self.summary.value = (
            "<h2>Your strengths</h2>"
            + _list(plan.strengths, "Rate your skills in stage 1 to see them here.")
            + "<h2>What to grow</h2>"
            + _list(plan.growth_areas, "No skill rated low, or stage 1 not done yet.")
            + "<h2>Roles to explore</h2>"
            + _list(plan.roles, "Mark roles in stage 2 to see them here.")
            + "<h2>Interview gaps to work on</h2>"
            + _list(gaps, "None found yet. Try the quiz, the STAR builder and the drill.")
        )
        html, markdown = render(plan, self.settings.report_title)
        self.downloads.value = (
            _download_link(html, "text/html", "action-plan.html", "Download my plan (HTML)")
            + " "
            + _download_link(markdown, "text/markdown", "action-plan.md", "Download (Markdown)")
        )

    def _save_steps(self) -> None:
        steps = list(self.steps.value)  # in the content's order, as before
        self._save("steps", steps)

    def _save(self, key: str, value) -> None:
        if key == "apply_count" and not (isinstance(value, int) and 0 <= value <= MAX_APPLY):
            return
        if self.status.attempt(lambda: self.store.save_answer(self.participant, STAGE, key, value)):
            self.refresh()

    def _text_saver(self, text: str) -> None:
        self.store.save_answer(self.participant, STAGE, "own_steps", text)
        self.refresh()

    def flush(self) -> None:
        self.own.flush()


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(ActionPlan, STAGE, lambda c: c.action_plan.title, content, store)


def show() -> None:
    """Display stage 4 (the whole of ``notebooks/04_action_plan.ipynb``)."""
    show_page(build_page)
