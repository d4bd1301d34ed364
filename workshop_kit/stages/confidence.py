"""The confidence check as people see it: three statements a student rates on the
welcome page after joining (before) and again on the action plan page (after), and
the dashboard's view of the group's change (from three students up).

Each rating saves as soon as it is chosen, through the rating scale's own save (it
says "Rating saved" under the levels, or why not, and puts the saved level back when
the store refuses). Where the answers belong, and why, is in
:mod:`workshop_kit.models.confidence`.
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets

from workshop_kit.content import Content
from workshop_kit.content.schema import ConfidenceFile
from workshop_kit.i18n import _, format_number, ngettext, pgettext
from workshop_kit.models import confidence as model
from workshop_kit.stages.workshop_end import ended_banner
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.lean import lean_html, shared
from workshop_kit.widgets.periodic import Periodic
from workshop_kit.widgets.rating import RatingScale

ENDED_CHECK_SECONDS = 3  # as often as a stage page reads its workshop's state


def confidence_content(content: Content) -> ConfidenceFile | None:
    """The content's confidence check, if its folder has one (older folders do not)."""
    return content.by_kind.get("confidence")  # type: ignore[return-value]


class ConfidenceCheck(widgets.VBox):
    """The check for one student, ``when`` "before" or "after". Empty when the content
    has no confidence file."""

    def __init__(
        self, content: Content, store: Store, participant: Participant, when: str = model.BEFORE
    ):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-confidence")
        self.store, self.participant, self.when = store, participant, when
        self.stage = model.STAGES[when]
        self.settings = confidence_content(content)
        self.scales: dict[str, RatingScale] = {}
        if self.settings is None:
            return
        settings = self.settings
        levels = list(settings.scale)
        ids = [s.id for s in settings.statements]
        saved = model.ratings(store.answers(participant, self.stage), ids, len(levels))
        earlier = {}
        if when == model.AFTER:
            before_answers = store.answers(participant, model.STAGES[model.BEFORE])
            earlier = model.ratings(before_answers, ids, len(levels))
        title, intro = (
            (settings.before_title, settings.before_intro)
            if when == model.BEFORE
            else (settings.after_title, settings.after_intro)
        )
        # The welcome page has no banner of its own: it says so here. On the action plan
        # page the page's banner says it (and disables these).
        note = ended_banner(store, participant) if when == model.BEFORE else ""
        ended = bool(note) or store.workshop_ended(participant.workshop_id)
        self._heading = f"<h2>{escape(title)}</h2><p>{escape(intro)}</p>"
        self.header = lean_html(self._heading + note)
        children: list[widgets.Widget] = [self.header]
        for statement in settings.statements:
            start = earlier.get(statement.id)
            scale = RatingScale(
                label=statement.text,
                description=(
                    _("At the start you chose: {level}.").format(level=levels[start - 1])
                    if start is not None
                    else ""
                ),
                levels=levels,
                value=saved.get(statement.id, 0),
                disabled=ended,
            )
            scale.observe(
                lambda change, sid=statement.id, s=scale: self._save(sid, s, change), "value"
            )
            self.scales[statement.id] = scale
            children.append(scale)
        self.children = children
        # The welcome page does not poll the workshop's state as stage pages do: the
        # first check learns of the end by itself (one small query every 3 s).
        self.ticker = Periodic(ENDED_CHECK_SECONDS, self.refresh_ended)
        if when == model.BEFORE and not participant.solo:
            self.ticker.start()

    def refresh_ended(self) -> None:
        """Say so, and disable the scales, once the workshop has ended (and undo that
        when the instructor opens it again)."""
        note = ended_banner(self.store, self.participant)
        self.header.value = self._heading + note
        for scale in self.scales.values():
            scale.disabled = bool(note)

    def close(self) -> None:
        self.ticker.stop()
        super().close()

    def _save(self, statement_id: str, scale: RatingScale, change: dict) -> None:
        value = change["new"]
        if not value:
            return
        scale.save_change(
            change,
            lambda: self.store.save_answer(
                self.participant, self.stage, model.answer_key(statement_id), value
            ),
        )


def show_confidence(
    box: widgets.Box,
    content: Content,
    store: Store,
    participant: Participant,
    when: str = model.BEFORE,
    at: int = 1,
) -> ConfidenceCheck:
    """Put the check for ``participant`` into ``box`` at position ``at`` (in place of
    the check shown there before, for another student say); return it."""
    check = ConfidenceCheck(content, store, participant, when)
    kept = [c for c in box.children if not isinstance(c, ConfidenceCheck)]
    old = [c for c in box.children if isinstance(c, ConfidenceCheck)]
    box.children = [*kept[:at], check, *kept[at:]]
    for widget in old:
        _close(widget)
    return check


def _close(widget: widgets.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


class ConfidenceSection(widgets.VBox):
    """The dashboard's "Confidence: before and after" section: for each statement the
    group's average at the start and at the end, and the change, over the students who
    answered both; "waiting for more answers" below three such students. Redrawn only
    when the answers change."""

    def __init__(self, dashboard):
        self.dashboard = dashboard
        self.html = widgets.HTML()
        self._shows = None
        super().__init__([self.html])
        self.add_class("wk-confidence-group")

    def refresh(self, snapshot) -> None:
        settings = confidence_content(self.dashboard.content)
        if settings is None:
            return
        shows = getattr(getattr(snapshot, "index", None), "changes", None)
        if shows is not None and shows == self._shows:
            return
        self._shows = shows
        self.html.value = group_change_html(settings, snapshot["answers"])


def group_change_html(settings: ConfidenceFile, answers_by_student) -> str:
    """The dashboard's table of the group's change (no student's own answers)."""
    levels = len(settings.scale)
    ids = [s.id for s in settings.statements]
    before_count, after_count = model.answered_counts(answers_by_student, ids, levels)
    rows = []
    for statement, group in zip(
        settings.statements,
        model.group_changes(answers_by_student, ids, levels),
        strict=True,
    ):
        if group.shown:
            change = group.change
            arrow = "▲" if change > 0.05 else "▼" if change < -0.05 else "="
            sign = "-" if math.copysign(1, change) < 0 else "+"
            cells = (
                f"<td>{format_number(group.before, 1)}</td><td>{format_number(group.after, 1)}</td>"
                f"<td><strong>{arrow} {sign}{format_number(abs(change), 1)}</strong></td>"
                f"<td>{format_number(group.students)}</td>"
            )
        else:
            waiting = ngettext(
                "Waiting for more answers (shown from {n} student who answered both)",
                "Waiting for more answers (shown from {n} students who answered both)",
                model.MIN_STUDENTS,
            ).format(n=model.MIN_STUDENTS)
            cells = (
                f'<td colspan="3" class="wk-help">{escape(waiting, quote=False)}</td>'
                f"<td>{format_number(group.students)}</td>"
            )
        rows.append(f"<tr><td>{escape(statement.text)}</td>{cells}</tr>")
    heading = escape(_("Confidence: start and end"))
    average = _(
        "Average level from 1 ({lowest}) to {levels} ({highest}), over the students who "
        "answered both times."
    ).format(lowest=escape(settings.scale[0]), levels=levels, highest=escape(settings.scale[-1]))
    counts = _("{before} answered at the start, {after} at the end.").format(
        before=format_number(before_count), after=format_number(after_count)
    )
    private = escape(_("No one's own answers are shown."), quote=False)
    headers = "".join(
        f"<th>{escape(name)}</th>"
        for name in (
            pgettext("confidence table", "Statement"),
            pgettext("confidence table", "Start"),
            pgettext("confidence table", "End"),
            pgettext("confidence table", "Change"),
            pgettext("confidence table", "Students"),
        )
    )
    return (
        f"<h2>{heading}</h2>"
        f"<p class='wk-help'>{average} {counts} {private}</p>"
        f'<table class="wk-table"><thead><tr>{headers}</tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )
