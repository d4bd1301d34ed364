"""Stage 4: the action plan, drawn from the earlier stages, and the personal report
to download (HTML and Markdown)."""

from __future__ import annotations

import base64
from datetime import date
from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.i18n import _
from workshop_kit.models import self_assessment
from workshop_kit.models.action_plan import (
    APPLY_COUNT,
    MAX_APPLY,
    OWN_STEPS,
    PRACTISE_CATEGORY,
    STAGE,
    STEP_CHECKIN,
    STEP_DUE,
    STEPS,
    Plan,
    build_plan,
    parse_date,
    valid_due,
)
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


def _heading(text: str, level: int = 2) -> str:
    """A heading in the kit's own (translated) words."""
    return f"<h{level}>{text}</h{level}>"


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

        picked = set(saved.get(STEPS) or [])
        self.due: dict[str, str] = dict(saved.get(STEP_DUE) or {})
        self.checkin: list[str] = list(saved.get(STEP_CHECKIN) or [])
        plan = self.plan()
        self.suggested = plan.suggested_steps
        because = {}
        for reason in self._reasons():
            for step_id in reason.steps:
                because.setdefault(step_id, []).append(reason.label)
        steps = sorted(
            self.settings.steps,
            key=lambda step: (step.id not in self.suggested, self._order(step.id)),
        )
        self.steps = CheckCards(
            label=_("Tick the steps you will take"),
            options=[
                (
                    step.label,
                    step.id,
                    _("Suggested: {reasons}").format(reasons=", ".join(because[step.id])),
                )
                if step.id in because
                else (step.label, step.id)
                for step in steps
            ],
            value=[step.id for step in steps if step.id in picked],
        )
        self.steps.observe(lambda _c: self._save_steps(), "value")
        # a "by when" date and a coordinator check-in for each ticked step
        self.when_box = lean(widgets.VBox)
        self.when_rows: dict[str, tuple[widgets.DatePicker, widgets.Checkbox]] = {}
        self.when_status = SaveStatus()
        count = saved.get(APPLY_COUNT)
        self.apply_count = lean(
            widgets.BoundedIntText,
            value=count if isinstance(count, int) and 0 <= count <= MAX_APPLY else 3,
            min=0,
            max=MAX_APPLY,
            description=self.settings.apply_question,
            style={"description_width": "initial"},
        )
        self.apply_count.add_class("wk-line")
        self.apply_count.observe(lambda c: self._save(APPLY_COUNT, c["new"]), "value")
        star = content.by_kind["star_questions"]
        category = saved.get(PRACTISE_CATEGORY)
        options = [(_("Choose a kind"), ""), *[(c.name, c.id) for c in star.categories]]
        self.practise = lean(
            widgets.Dropdown,
            options=options,
            value=category if category in {o[1] for o in options} else "",
            description=self.settings.practise_question,
            style={"description_width": "initial"},
        )
        self.practise.add_class("wk-wide-dropdown")
        self.practise.observe(lambda c: self._save(PRACTISE_CATEGORY, c["new"]), "value")
        self.own = TextAnswer(
            label=self.settings.own_steps_label,
            help=_('Make each step small and concrete, with a day: "By Friday I will..."'),
            save=self._text_saver,
            limit=3000,
            value=saved.get(OWN_STEPS, "") or "",
            delay=delay,
            draft_key=f"{STAGE}/own_steps",
        )
        # remade after every save, perhaps while focused: keep the focus on the link
        self.downloads = keep_focus(lean_html(), "plan-downloads")
        self.children = [
            lean_html(f"<p>{escape(self.settings.intro)}</p>"),
            self.summary,
            lean_html(_heading(_("Your next steps"))),
            self.suggestion_note(plan),
            self.steps,
            self.when_box,
            self.when_status,
            self.apply_count,
            self.practise,
            self.status,
            self.own,
            ConfidenceCheck(content, store, participant, "after"),
            lean_html(
                _heading(_("Take your plan with you"))
                + "<p>"
                + _("Download it as a web page (opens in any browser, prints well) or as Markdown.")
                + "</p>"
            ),
            self.downloads,
        ]
        self._show_when()
        self.refresh()

    def plan(self) -> Plan:
        answers = self.store.all_answers(self.participant)
        workshop = (
            self.store.workshop_by_id(self.participant.workshop_id)
            if self.participant.workshop_id is not None
            else None
        )
        return build_plan(
            self.content,
            answers,
            self.participant.display_name or "",
            workshop.name if workshop else "",
        )

    def _reasons(self):
        missed = self.content.by_kind.get("missed_out")
        if missed is None:
            return []
        ticked = self.plan_missed_ids()
        return [r for r in missed.reasons if r.id in ticked]

    def plan_missed_ids(self) -> list[str]:
        missed = self.content.by_kind.get("missed_out")
        stage1 = self.store.answers(self.participant, self_assessment.STAGE)
        return self_assessment.missed_out_reasons(stage1, [r.id for r in missed.reasons])

    def _order(self, step_id: str) -> int:
        return [s.id for s in self.settings.steps].index(step_id)

    def suggestion_note(self, plan: Plan) -> widgets.Widget:
        if not plan.missed_out:
            return lean_html(
                '<p class="wk-help">'
                + _(
                    'Tip: the "Why did I miss out?" check at the end of stage 1 suggests the '
                    "steps that fit you best."
                )
                + "</p>"
            )
        reasons = ", ".join(escape(label) for label, _what in plan.missed_out)
        return lean_html(
            '<p class="wk-help">'
            + _(
                "You said in stage 1 you may have missed out because of: {reasons}. The "
                "steps that help with that come first."
            ).format(reasons=reasons)
            + "</p>"
        )

    def _show_when(self) -> None:
        """A "by when" date and a check-in box for each ticked step."""
        labels = {step.id: step.label for step in self.settings.steps}
        rows: list[widgets.Widget] = []
        kept = {}
        ticked = list(self.steps.value)
        if ticked:
            rows.append(
                lean_html(
                    _heading(_("By when?"), 3)
                    + "<p class='wk-help'>"
                    + _(
                        "Give each step a day. Tick the box to talk it over with your "
                        "placement coordinator."
                    )
                    + "</p>"
                )
            )
        for step_id in ticked:
            if step_id in self.when_rows:
                picker, check = self.when_rows[step_id]
            else:
                picker = lean(
                    widgets.DatePicker,
                    value=parse_date(self.due.get(step_id)),
                    description=_("By when"),
                    style={"description_width": "initial"},
                )
                picker.observe(lambda c, i=step_id: self._save_due(i, c), "value")
                check = lean(
                    widgets.Checkbox,
                    value=step_id in self.checkin,
                    description=_("Check in with my placement coordinator"),
                    indent=False,
                )
                check.observe(lambda c, i=step_id: self._save_checkin(i, c["new"]), "value")
            kept[step_id] = (picker, check)
            row = lean(
                widgets.VBox,
                [
                    lean_html(
                        f"<p class='wk-step-name'><strong>{escape(labels[step_id])}</strong></p>"
                    ),
                    picker,
                    check,
                ],
            )
            row.add_class("wk-step-when")
            rows.append(row)
        self.when_rows = kept
        self.when_box.children = rows

    def set_due(self, step_id: str, day: date | None) -> None:
        """Pick a "by when" date as the date box would."""
        self.when_rows[step_id][0].value = day

    def set_checkin(self, step_id: str, on: bool = True) -> None:
        self.when_rows[step_id][1].value = on

    def _save_due(self, step_id: str, change) -> None:
        if getattr(self, "_reverting", False):
            return
        try:
            value = valid_due(change["new"], date.today())
        except ValueError as error:
            # the box goes back to the saved day, so it never shows a date not kept
            self._reverting = True
            try:
                self.when_rows[step_id][0].value = parse_date(self.due.get(step_id))
            finally:
                self._reverting = False
            self.when_status.show("error", str(error))
            return
        due = {k: v for k, v in self.due.items() if k != step_id}
        if value is not None:
            due[step_id] = value
        if self.when_status.attempt(
            lambda: self.store.save_answer(self.participant, STAGE, STEP_DUE, due),
            _("Date saved"),
        ):
            self.due = due
            self.refresh()

    def _save_checkin(self, step_id: str, on: bool) -> None:
        checkin = [s for s in self.checkin if s != step_id] + ([step_id] if on else [])
        if self.when_status.attempt(
            lambda: self.store.save_answer(self.participant, STAGE, STEP_CHECKIN, checkin),
            _("Check-in saved") if on else _("Check-in removed"),
        ):
            self.checkin = checkin
            self.refresh()

    def report(self) -> tuple[str, str]:
        return render(self.plan(), self.settings.report_title)

    def refresh(self) -> None:
        plan = self.plan()
        missed = [
            _("{statement} — {why}").format(statement=text, why=why)
            for text, why in plan.missed_statements
        ]
        gaps = [
            *(_("Do or don't: {statement}").format(statement=m) for m in missed),
            *(_("Tricky moment: {scenario}").format(scenario=s) for s in plan.scenarios_missed),
            *(_("STAR: {gap}").format(gap=g) for g in plan.star_gaps),
            *(_("Mock interview, rated low: {item}").format(item=r) for r in plan.low_ratings),
        ]
        interests = (
            _heading(_("Your interests")) + f"<p>{escape(plan.interests_summary)}</p>"
            if plan.interests_summary
            else ""
        )
        story = plan.best_star
        best = (
            _heading(_("Your best STAR story"))
            + "<p>"
            + _(
                "<strong>{question}</strong> ({passed} of {total} checks passed). It goes "
                "into your plan in full."
            ).format(question=escape(story.question), passed=story.passed, total=story.total)
            + "</p>"
            if story is not None
            else ""
        )
        pitch = (
            '<p class="wk-help">'
            + _('Your "Tell me about yourself" answer goes into your plan too.')
            + "</p>"
            if plan.pitch
            else ""
        )
        self.summary.value = (
            _heading(_("Your strengths"))
            + _list(plan.strengths, _("Rate your skills in stage 1 to see them here."))
            + _heading(_("What to grow"))
            + _list(plan.growth_areas, _("No skill rated low, or stage 1 not done yet."))
            + interests
            + _heading(_("Roles to explore"))
            + _list(plan.roles, _("Mark roles in stage 2 to see them here."))
            + best
            + pitch
            + _heading(_("Interview gaps to work on"))
            + _list(gaps, _("None found yet. Try the quiz, the STAR builder and the drill."))
        )
        html, markdown = render(plan, self.settings.report_title)
        # the file names are read by people too: "plan-d-action.html" in French
        stem = _("action-plan")
        self.downloads.value = (
            _download_link(html, "text/html", f"{stem}.html", _("Download my plan (HTML)"))
            + " "
            + _download_link(markdown, "text/markdown", f"{stem}.md", _("Download (Markdown)"))
        )

    def _save_steps(self) -> None:
        steps = list(self.steps.value)  # in the order shown (suggested steps first)
        self._save(STEPS, steps)
        self._show_when()

    def _save(self, key: str, value) -> None:
        if key == APPLY_COUNT and not (isinstance(value, int) and 0 <= value <= MAX_APPLY):
            return
        if self.status.attempt(lambda: self.store.save_answer(self.participant, STAGE, key, value)):
            self.refresh()

    def _text_saver(self, text: str) -> None:
        self.store.save_answer(self.participant, STAGE, OWN_STEPS, text)
        self.refresh()

    def flush(self) -> None:
        self.own.flush()


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(ActionPlan, STAGE, lambda c: c.action_plan.title, content, store)


def show() -> None:
    """Display stage 4 (the whole of ``notebooks/04_action_plan.ipynb``)."""
    show_page(build_page)
