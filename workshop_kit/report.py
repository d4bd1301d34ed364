"""The personal report: one self-contained HTML file (readable offline, printable)
and the same in Markdown. Every piece of student text is escaped."""

from __future__ import annotations

from datetime import date
from html import escape

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


def render(plan: Plan, title: str, today: date | None = None) -> tuple[str, str]:
    """Return ``(html, markdown)`` for the plan."""
    today = today or date.today()
    sections = [
        _section("My strengths", plan.strengths),
        _section("What I will grow", plan.growth_areas),
        _section("Roles I will explore", plan.roles),
        _section(
            "Interview do's and don'ts to remember",
            [f"{text} ({why})" for text, why in plan.missed_statements],
        ),
        _section("Tricky moments to practise", plan.scenarios_missed),
        _section("How to make my STAR answers stronger", plan.star_gaps),
        _section("Where my mock interview needs work", plan.low_ratings),
        _section("Questions I will ask the interviewer", plan.questions_to_ask),
        _section("My next steps", plan.steps),
    ]
    html_parts = [s[0] for s in sections]
    md_parts = [s[1] for s in sections]
    for heading, text in (
        ("One step outside my comfort zone", plan.comfort_stretch),
        ("What I will change next time", plan.change_next_time),
        ("My own next steps", plan.own_steps),
    ):
        if text.strip():
            html_parts.append(f"<h2>{escape(heading)}</h2><p class='own'>{escape(text)}</p>")
            quoted = "\n".join(f"> {_md(line)}" for line in text.splitlines() if line.strip())
            md_parts.append(f"## {heading}\n\n{quoted}\n")
    who = plan.name or "anonymous"
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
