"""Light charts as SVG strings: a student kernel draws its profile without numpy,
pandas or matplotlib (each costs a kernel about 50 MB of memory).

Every label is escaped; every chart carries a title and a text description for
screen readers.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from html import escape

from workshop_kit.content.schema import SkillsFile

BAR = "#1f6fb2"
GROUP = "#c2410c"
TRACK = "#e6edf3"
INK = "#1b1f24"
MUTED = "#57606a"


def profile_svg(
    skills: SkillsFile,
    ratings: Mapping[str, int],
    scale_max: int,
    group: Mapping[str, float] | None = None,
) -> str:
    """A horizontal bar per skill, grouped by category, with the group mean as a marker.

    Parameters
    ----------
    skills
        The skills content (categories give the grouping and order).
    ratings
        ``{skill id: rating}``; a missing skill is drawn as "not rated".
    scale_max
        The top of the rating scale.
    group
        ``{skill id: mean}`` for the anonymous group, or ``None`` outside a session.
    """
    group = group or {}
    uid = uuid.uuid4().hex[:8]
    # One column (name above its bar) so the chart stays legible on a 360 px phone.
    bar_w, right = 330, 70
    width = bar_w + right
    row_h, head_h, bar_h = 44, 34, 14
    y = 4
    parts: list[str] = [
        f'<rect x="0" y="{y + 3}" width="16" height="12" fill="{BAR}"/>'
        f'<text x="22" y="{y + 14}" fill="{INK}" font-size="15">You</text>'
    ]
    if group:
        parts.append(
            f'<rect x="76" y="{y + 1}" width="4" height="16" fill="{GROUP}"/>'
            f'<text x="88" y="{y + 14}" fill="{INK}" font-size="15">Group average</text>'
        )
    y += 22

    by_category = {cat.id: [] for cat in skills.categories}
    for skill in skills.skills:
        by_category[skill.category].append(skill)

    for category in skills.categories:
        members = by_category[category.id]
        if not members:
            continue
        y += head_h
        parts.append(
            f'<text x="0" y="{y - 8}" fill="{INK}" font-size="17" font-weight="700">'
            f"{escape(category.name)}</text>"
        )
        for skill in members:
            value = ratings.get(skill.id, 0)
            bar_y = y + 22
            parts.append(
                f'<text x="0" y="{y + 16}" fill="{INK}" font-size="15">{escape(skill.name)}</text>'
                f'<rect x="0" y="{bar_y}" width="{bar_w}" height="{bar_h}" rx="3" fill="{TRACK}"/>'
            )
            if value:
                parts.append(
                    f'<rect x="0" y="{bar_y}" width="{bar_w * value / scale_max:.1f}" '
                    f'height="{bar_h}" rx="3" fill="{BAR}"/>'
                    f'<text x="{bar_w + 8}" y="{bar_y + 12}" fill="{INK}" font-size="15" '
                    f'font-weight="600">{value}/{scale_max}</text>'
                )
            else:
                parts.append(
                    f'<text x="{bar_w + 8}" y="{bar_y + 12}" fill="{MUTED}" '
                    f'font-size="13">not rated</text>'
                )
            if skill.id in group:
                gx = bar_w * group[skill.id] / scale_max
                parts.append(
                    f'<rect x="{gx - 2:.1f}" y="{bar_y - 4}" width="4" height="{bar_h + 8}" '
                    f'fill="{GROUP}"/>'
                )
            y += row_h

    height = y + 8
    title = "Your skills profile"
    desc = profile_description(skills, ratings, scale_max, group)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:480px" font-family="system-ui, sans-serif" '
        f'aria-labelledby="t{uid} d{uid}">'
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def profile_description(
    skills: SkillsFile,
    ratings: Mapping[str, int],
    scale_max: int,
    group: Mapping[str, float] | None = None,
) -> str:
    """The chart in words, for screen readers and for anyone who prefers text."""
    group = group or {}
    pieces = []
    for skill in skills.skills:
        value = ratings.get(skill.id)
        text = f"{skill.name}: {value} of {scale_max}" if value else f"{skill.name}: not rated"
        if skill.id in group:
            text += f" (group {group[skill.id]:.1f})"
        pieces.append(text)
    return "; ".join(pieces) + "."


LEVEL_COLOURS = ["#cf222e", "#e16f24", "#d4a72c", "#2da44e", "#116329"]


def distribution_svg(title: str, rows: list[tuple[str, list[int]]], level_names: list[str]) -> str:
    """Stacked bars: for each skill, how many people chose each level (dashboard)."""
    uid = uuid.uuid4().hex[:8]
    width, label_w, bar_w = 620, 230, 360
    row_h = 28
    y = 30
    parts = []
    x = 0
    for index, name in enumerate(level_names):
        colour = LEVEL_COLOURS[index % len(LEVEL_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="18" font-size="12" fill="{INK}">{index + 1} '
            f"{escape(name)}</text>"
        )
        x += 24 + 7 * len(name) + 14
    for name, counts in rows:
        total = sum(counts)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(name)}</text>'
        )
        if total == 0:
            parts.append(
                f'<text x="{label_w}" y="{y + 17}" font-size="12" fill="{MUTED}">no ratings yet'
                "</text>"
            )
        offset = label_w
        for index, count in enumerate(counts):
            if not count:
                continue
            length = bar_w * count / total
            parts.append(
                f'<rect x="{offset:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
                f'fill="{LEVEL_COLOURS[index % len(LEVEL_COLOURS)]}"/>'
            )
            if length > 16:
                parts.append(
                    f'<text x="{offset + length / 2:.1f}" y="{y + 18}" text-anchor="middle" '
                    f'font-size="11" fill="#fff">{count}</text>'
                )
            offset += length
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="12" fill="{MUTED}">'
            f"n={total}</text>"
        )
        y += row_h
    desc = "; ".join(
        f"{name}: " + ", ".join(f"{count} chose {i + 1}" for i, count in enumerate(counts))
        for name, counts in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {y + 6}" '
        f'width="100%" style="max-width:{width}px" font-family="system-ui, sans-serif" '
        f'aria-labelledby="t{uid} d{uid}"><title id="t{uid}">{escape(title)}</title>'
        f'<desc id="d{uid}">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
