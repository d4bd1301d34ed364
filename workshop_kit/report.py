"""The personal report: one self-contained HTML file (readable offline, printable)
and the same in Markdown. Every piece of student text is escaped."""

from __future__ import annotations

from datetime import date
from html import escape

from workshop_kit.models.action_plan import Plan
from workshop_kit.models.interview import PART_NAMES

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

EMPTY = "Nothing here yet."


def _section(title: str, items: list[str]) -> tuple[str, str]:
    if items:
        html_items = "".join(f"<li>{escape(item)}</li>" for item in items)
        md_items = "\n".join(f"- {_md(item)}" for item in items)
        return f"<h2>{escape(title)}</h2><ul>{html_items}</ul>", f"## {title}\n\n{md_items}\n"
    return (
        f"<h2>{escape(title)}</h2><p class='why'>{EMPTY}</p>",
        f"## {title}\n\n_{EMPTY}_\n",
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
    if not plan.role_links:
        return _section("Roles I will explore", plan.roles)
    html_items, md_items = [], []
    for role in plan.role_links:
        if role.url:
            html_items.append(
                f"<li>{escape(role.title)} (<a href='{escape(role.url)}'>NOC "
                f"{escape(role.noc)}</a>)</li>"
            )
            md_items.append(f"- {_md(role.title)} ([NOC {role.noc}]({role.url}))")
        else:
            html_items.append(f"<li>{escape(role.title)}</li>")
            md_items.append(f"- {_md(role.title)}")
    return (
        f"<h2>Roles I will explore</h2><ul>{''.join(html_items)}</ul>",
        "## Roles I will explore\n\n" + "\n".join(md_items) + "\n",
    )


def _interests(plan: Plan) -> tuple[str, str] | None:
    if not plan.interests_summary:
        return None
    return (
        f"<h2>My interests</h2><p>{escape(plan.interests_summary)}</p>",
        f"## My interests\n\n{_md(plan.interests_summary)}\n",
    )


def _star(plan: Plan) -> tuple[str, str] | None:
    story = plan.best_star
    if story is None:
        return None
    note = (
        "It passed every check."
        if story.all_passed
        else f"It passed {story.passed} of {story.total} checks."
    )
    rows_html = "".join(
        f"<dt>{escape(PART_NAMES[part])}</dt><dd>{escape(text)}</dd>"
        for part, text in story.parts.items()
        if text
    )
    rows_md = "\n\n".join(
        f"**{PART_NAMES[part]}**\n\n{_quoted(text)}" for part, text in story.parts.items() if text
    )
    return (
        f"<h2>My best STAR story</h2><p><strong>{escape(story.question)}</strong></p>"
        f"<dl class='star'>{rows_html}</dl><p class='why'>{escape(note)}</p>",
        f"## My best STAR story\n\n**{_md(story.question)}**\n\n{rows_md}\n\n_{note}_\n",
    )


def _pitch(plan: Plan) -> tuple[str, str] | None:
    if not plan.pitch:
        return None
    html_rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in plan.pitch
    )
    md_rows = "\n\n".join(f"**{_md(label)}**\n\n{_quoted(text)}" for label, text in plan.pitch)
    return (
        f"<h2>Tell me about yourself</h2><dl class='star'>{html_rows}</dl>",
        f"## Tell me about yourself\n\n{md_rows}\n",
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
        md_items.append(f"- {_md(question)}: {_md(scores)}")
    html = "<h2>My mock interview practice</h2>"
    md = "## My mock interview practice\n\n"
    if html_items:
        html += f"<p>My self-ratings:</p><ul>{''.join(html_items)}</ul>"
        md += "My self-ratings:\n\n" + "\n".join(md_items) + "\n\n"
    if plan.drill_notes:
        html += f"<p>My notes:</p><p class='own'>{escape(plan.drill_notes)}</p>"
        md += f"My notes:\n\n{_quoted(plan.drill_notes)}\n"
    return html, md


def _missed_out(plan: Plan) -> tuple[str, str] | None:
    if not plan.missed_out:
        return None
    return _section(
        "Why I may have missed out, and what I will do",
        [f"{label}: {what}" for label, what in plan.missed_out],
    )


def _steps(plan: Plan) -> tuple[str, str]:
    """The next steps, each with its "by when" date and any check-in."""
    if not plan.dated_steps:
        return _section("My next steps", plan.steps)
    dated = {step.text for step in plan.dated_steps}
    html_items, md_items = [], []
    for step in plan.dated_steps:
        when = f"by {step.due:%A} {step.due.day} {step.due:%B %Y}" if step.due else "no date yet"
        extra = " · check in with my placement coordinator" if step.checkin else ""
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
        f"<h2>My next steps</h2><ul>{''.join(html_items)}</ul>",
        "## My next steps\n\n" + "\n".join(md_items) + "\n",
    )


def _script(plan: Plan) -> tuple[str, str] | None:
    script = plan.info_interview
    if script is None:
        return None
    questions = "".join(f"<li>{escape(q)}</li>" for q in script.questions)
    tips = "".join(f"<li>{escape(t)}</li>" for t in script.tips)
    html = (
        f"<h2>{escape(script.title)}</h2><p>A first message:</p>"
        f"<p class='own'>{escape(script.message)}</p><p>Questions to ask:</p><ol>{questions}</ol>"
        + (f"<p>Tips:</p><ul>{tips}</ul>" if tips else "")
    )
    md = (
        f"## {_md(script.title)}\n\nA first message:\n\n> {_md(script.message)}\n\n"
        "Questions to ask:\n\n"
        + "\n".join(f"{n}. {_md(q)}" for n, q in enumerate(script.questions, 1))
        + ("\n\nTips:\n\n" + "\n".join(f"- {_md(t)}" for t in script.tips) if script.tips else "")
        + "\n"
    )
    return html, md


def render(plan: Plan, title: str, today: date | None = None) -> tuple[str, str]:
    """Return ``(html, markdown)`` for the plan."""
    today = today or date.today()
    sections = [
        _section("My strengths", plan.strengths),
        _section("What I will grow", plan.growth_areas),
        _interests(plan),
        _roles(plan),
        _star(plan),
        _pitch(plan),
        _section(
            "Interview do's and don'ts to remember",
            [f"{text} ({why})" for text, why in plan.missed_statements],
        ),
        _section("Tricky moments to practise", plan.scenarios_missed),
        _section("How to make my STAR answers stronger", plan.star_gaps),
        _section("Where my mock interview needs work", plan.low_ratings),
        _section("Questions I will ask the interviewer", plan.questions_to_ask),
        _own("My own questions for the interviewer", plan.own_questions_to_ask)
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
        ("One step outside my comfort zone", plan.comfort_stretch),
        ("What I will change next time", plan.change_next_time),
        ("My own next steps", plan.own_steps),
    ):
        if text.strip():
            html_part, md_part = _own(heading, text)
            html_parts.append(html_part)
            md_parts.append(md_part)
    who = plan.name or "anonymous"
    if plan.workshop_name:
        who = f"{who} · {plan.workshop_name}"
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class='meta'>{escape(who)} · {today.isoformat()}</p>"
        + "".join(html_parts)
        + "</body></html>"
    )
    markdown = f"# {_md(title)}\n\n{_md(who)} · {today.isoformat()}\n\n" + "\n".join(md_parts)
    return html, markdown
