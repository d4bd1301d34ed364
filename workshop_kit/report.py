"""The personal report: one self-contained HTML file (readable offline, printable)
and the same in Markdown. Every piece of student text is escaped.

The report speaks the current language (:func:`workshop_kit.i18n.use`), or the
``language`` given to :func:`render`: its headings, sentences and dates. The words
that come from the content (steps, questions, roles) are those of the content the plan
was built from, so a French report is built from the French content."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html import escape

from workshop_kit import i18n
from workshop_kit.i18n import N_, _, ngettext, pgettext
from workshop_kit.models.action_plan import Plan

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
  max-width: 760px; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
h1 { font-size: 1.8em; margin-bottom: 0.1em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #d0d7de; padding-bottom: 0.2em;
  margin-top: 1.6em; }
.meta { color: #57606a; }
.why { color: #57606a; font-size: 0.93em; }
.own { white-space: pre-wrap; background: #f6f8fa; padding: 0.6em 0.9em; border-radius: 6px; }
.star dt { font-weight: 600; margin-top: 0.5em; }
.star dd { margin: 0.1em 0 0 0; white-space: pre-wrap; }
.due { font-weight: 600; }
@media print { body { margin: 0; } h2 { break-after: avoid; } li { break-inside: avoid; } }
"""

EMPTY = N_("Nothing here yet.")
# A step's "by when" day in full: "Friday 4 December 2026", "vendredi 4 décembre 2026".
DUE_PATTERN = "EEEE d MMMM y"


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Speak ``language`` inside the block (None: the current language), then go back
    to the language spoken before. For the instructor's exports, which are in the
    workshop's language whatever the page or shell around them speaks."""
    before = i18n.current()
    used = i18n.use(language) if language else before
    try:
        yield used
    finally:
        i18n.use(before)


def _part_name(part: str) -> str:
    """A STAR part's name as a heading."""
    return {
        "situation": pgettext("STAR part", "Situation"),
        "task": pgettext("STAR part", "Task"),
        "action": pgettext("STAR part", "Action"),
        "result": pgettext("STAR part", "Result"),
    }.get(part, part)


def _section(title: str, items: list[str]) -> tuple[str, str]:
    if items:
        html_items = "".join(f"<li>{escape(item)}</li>" for item in items)
        md_items = "\n".join(f"- {_md(item)}" for item in items)
        return f"<h2>{escape(title)}</h2><ul>{html_items}</ul>", f"## {title}\n\n{md_items}\n"
    empty = _(EMPTY)
    return (
        f"<h2>{escape(title)}</h2><p class='why'>{escape(empty)}</p>",
        f"## {title}\n\n_{empty}_\n",
    )


def _md(text: str) -> str:
    """Markdown-safe: student text cannot inject HTML or links into a Markdown viewer."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _quoted(text: str) -> str:
    return "\n".join(f"> {_md(line)}" for line in text.splitlines() if line.strip())


def _own(heading: str, text: str) -> tuple[str, str]:
    return (
        f"<h2>{escape(heading)}</h2><p class='own'>{escape(text)}</p>",
        f"## {heading}\n\n{_quoted(text)}\n",
    )


def _roles(plan: Plan) -> tuple[str, str]:
    """The marked roles, each with a link to its NOC 2021 page when it has a code."""
    heading = _("Roles I will explore")
    if not plan.role_links:
        return _section(heading, plan.roles)
    html_items, md_items = [], []
    for role in plan.role_links:
        if role.url:
            # "NOC 2231" / "CNP 2231": the classification's name in the report's language
            noc = _("NOC {code}").format(code=role.noc)
            html_items.append(
                f"<li>{escape(role.title)} (<a href='{escape(role.url)}'>{escape(noc)}</a>)</li>"
            )
            md_items.append(f"- {_md(role.title)} ([{noc}]({role.url}))")
        else:
            html_items.append(f"<li>{escape(role.title)}</li>")
            md_items.append(f"- {_md(role.title)}")
    return (
        f"<h2>{escape(heading)}</h2><ul>{''.join(html_items)}</ul>",
        f"## {heading}\n\n" + "\n".join(md_items) + "\n",
    )


def _interests(plan: Plan) -> tuple[str, str] | None:
    if not plan.interests_summary:
        return None
    heading = _("My interests")
    return (
        f"<h2>{escape(heading)}</h2><p>{escape(plan.interests_summary)}</p>",
        f"## {heading}\n\n{_md(plan.interests_summary)}\n",
    )


def _star(plan: Plan) -> tuple[str, str] | None:
    story = plan.best_star
    if story is None:
        return None
    note = (
        _("It passed every check.")
        if story.all_passed
        else ngettext(
            "It passed {passed} of {total} check.",
            "It passed {passed} of {total} checks.",
            story.total,
        ).format(passed=story.passed, total=story.total)
    )
    heading = _("My best STAR story")
    rows_html = "".join(
        f"<dt>{escape(_part_name(part))}</dt><dd>{escape(text)}</dd>"
        for part, text in story.parts.items()
        if text
    )
    rows_md = "\n\n".join(
        f"**{_part_name(part)}**\n\n{_quoted(text)}" for part, text in story.parts.items() if text
    )
    return (
        f"<h2>{escape(heading)}</h2><p><strong>{escape(story.question)}</strong></p>"
        f"<dl class='star'>{rows_html}</dl><p class='why'>{escape(note)}</p>",
        f"## {heading}\n\n**{_md(story.question)}**\n\n{rows_md}\n\n_{note}_\n",
    )


def _pitch(plan: Plan) -> tuple[str, str] | None:
    if not plan.pitch:
        return None
    html_rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in plan.pitch
    )
    md_rows = "\n\n".join(f"**{_md(label)}**\n\n{_quoted(text)}" for label, text in plan.pitch)
    heading = _("Tell me about yourself")
    return (
        f"<h2>{escape(heading)}</h2><dl class='star'>{html_rows}</dl>",
        f"## {heading}\n\n{md_rows}\n",
    )


def _drill(plan: Plan) -> tuple[str, str] | None:
    if not plan.drill_ratings and not plan.drill_notes:
        return None
    html_items, md_items = [], []
    for question, rated in plan.drill_ratings:
        scores = ", ".join(f"{name} {value}/5" for name, value in rated)
        html_items.append(
            f"<li>{escape(question)}<br><span class='why'>{escape(scores)}</span></li>"
        )
        md_items.append(
            "- " + _("{question}: {ratings}").format(question=_md(question), ratings=_md(scores))
        )
    heading = _("My mock interview practice")
    html = f"<h2>{escape(heading)}</h2>"
    md = f"## {heading}\n\n"
    if html_items:
        ratings = _("My self-ratings:")
        html += f"<p>{escape(ratings)}</p><ul>{''.join(html_items)}</ul>"
        md += f"{ratings}\n\n" + "\n".join(md_items) + "\n\n"
    if plan.drill_notes:
        notes = _("My notes:")
        html += f"<p>{escape(notes)}</p><p class='own'>{escape(plan.drill_notes)}</p>"
        md += f"{notes}\n\n{_quoted(plan.drill_notes)}\n"
    return html, md


def _missed_out(plan: Plan) -> tuple[str, str] | None:
    if not plan.missed_out:
        return None
    return _section(
        _("Why I may have missed out, and what I will do"),
        [
            _("{reason}: {what_to_do}").format(reason=label, what_to_do=what)
            for label, what in plan.missed_out
        ],
    )


def _steps(plan: Plan) -> tuple[str, str]:
    """The next steps, each with its "by when" date and any check-in."""
    heading = _("My next steps")
    if not plan.dated_steps:
        return _section(heading, plan.steps)
    dated = {step.text for step in plan.dated_steps}
    html_items, md_items = [], []
    for step in plan.dated_steps:
        when = (
            _("by {day}").format(day=i18n.format_date(step.due, DUE_PATTERN))
            if step.due
            else _("no date yet")
        )
        extra = " · " + _("check in with my placement coordinator") if step.checkin else ""
        html_items.append(
            f"<li>{escape(step.text)}<br><span class='due'>{escape(when)}</span>"
            f"<span class='why'>{escape(extra)}</span></li>"
        )
        md_items.append(f"- {_md(step.text)} **{when}**{extra}")
    for text in plan.steps:  # the practise step, which has no id to date
        if text not in dated:
            html_items.append(f"<li>{escape(text)}</li>")
            md_items.append(f"- {_md(text)}")
    return (
        f"<h2>{escape(heading)}</h2><ul>{''.join(html_items)}</ul>",
        f"## {heading}\n\n" + "\n".join(md_items) + "\n",
    )


def _script(plan: Plan) -> tuple[str, str] | None:
    script = plan.info_interview
    if script is None:
        return None
    questions = "".join(f"<li>{escape(q)}</li>" for q in script.questions)
    tips = "".join(f"<li>{escape(t)}</li>" for t in script.tips)
    first, ask, hints = _("A first message:"), _("Questions to ask:"), _("Tips:")
    html = (
        f"<h2>{escape(script.title)}</h2><p>{escape(first)}</p>"
        f"<p class='own'>{escape(script.message)}</p><p>{escape(ask)}</p><ol>{questions}</ol>"
        + (f"<p>{escape(hints)}</p><ul>{tips}</ul>" if tips else "")
    )
    md = (
        f"## {_md(script.title)}\n\n{first}\n\n> {_md(script.message)}\n\n"
        f"{ask}\n\n"
        + "\n".join(f"{n}. {_md(q)}" for n, q in enumerate(script.questions, 1))
        + (
            f"\n\n{hints}\n\n" + "\n".join(f"- {_md(t)}" for t in script.tips)
            if script.tips
            else ""
        )
        + "\n"
    )
    return html, md


def render(
    plan: Plan, title: str, today: date | None = None, language: str | None = None
) -> tuple[str, str]:
    """Return ``(html, markdown)`` for the plan, in ``language`` (default: the
    current language, :func:`workshop_kit.i18n.current`)."""
    with speaking(language):
        return _render(plan, title, today or date.today())


def _dated(today: date) -> str:
    """The report's date: "2026-12-03" in English as always, Babel's long date in
    another language ("3 décembre 2026")."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return today.isoformat()
    return i18n.format_date(today)


def _render(plan: Plan, title: str, today: date) -> tuple[str, str]:
    sections = [
        _section(_("My strengths"), plan.strengths),
        _section(_("What I will grow"), plan.growth_areas),
        _interests(plan),
        _roles(plan),
        _star(plan),
        _pitch(plan),
        _section(
            _("Interview do's and don'ts to remember"),
            [
                _("{statement} ({why})").format(statement=text, why=why)
                for text, why in plan.missed_statements
            ],
        ),
        _section(_("Tricky moments to practise"), plan.scenarios_missed),
        _section(_("How to make my STAR answers stronger"), plan.star_gaps),
        _section(_("Where my mock interview needs work"), plan.low_ratings),
        _section(_("Questions I will ask the interviewer"), plan.questions_to_ask),
        _own(_("My own questions for the interviewer"), plan.own_questions_to_ask)
        if plan.own_questions_to_ask
        else None,
        _drill(plan),
        _missed_out(plan),
        _steps(plan),
        _script(plan),
    ]
    sections = [s for s in sections if s is not None]
    html_parts = [s[0] for s in sections]
    md_parts = [s[1] for s in sections]
    for heading, text in (
        (_("One step outside my comfort zone"), plan.comfort_stretch),
        (_("What I will change next time"), plan.change_next_time),
        (_("My own next steps"), plan.own_steps),
    ):
        if text.strip():
            html_part, md_part = _own(heading, text)
            html_parts.append(html_part)
            md_parts.append(md_part)
    who = plan.name or _("anonymous")
    if plan.workshop_name:
        who = f"{who} · {plan.workshop_name}"
    when = _dated(today)
    html = (
        f"<!DOCTYPE html><html lang='{escape(i18n.current())}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class='meta'>{escape(who)} · {escape(when)}</p>"
        + "".join(html_parts)
        + "</body></html>"
    )
    markdown = f"# {_md(title)}\n\n{_md(who)} · {_md(when)}\n\n" + "\n".join(md_parts)
    return html, markdown
