"""Light charts as SVG strings: a student kernel draws its profile without numpy,
pandas or matplotlib (each costs a kernel about 50 MB; see TESTING.md).

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
    label_w, bar_w, right = 250, 330, 60
    width = label_w + bar_w + right
    row_h, head_h = 26, 30
    y = 8
    parts: list[str] = []

    legend_y = y + 12
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 9}" width="14" height="10" fill="{BAR}"/>'
        f'<text x="{label_w + 20}" y="{legend_y}" fill="{INK}" font-size="13">You</text>'
    )
    if group:
        gx = label_w + 80
        parts.append(
            f'<rect x="{gx + 5}" y="{legend_y - 11}" width="3" height="14" fill="{GROUP}"/>'
            f'<text x="{gx + 16}" y="{legend_y}" fill="{INK}" font-size="13">Group average</text>'
        )
    y += 24

    by_category = {cat.id: [] for cat in skills.categories}
    for skill in skills.skills:
        by_category[skill.category].append(skill)

    for category in skills.categories:
        members = by_category[category.id]
        if not members:
            continue
        y += head_h
        parts.append(
            f'<text x="0" y="{y - 8}" fill="{INK}" font-size="15" font-weight="600">'
            f"{escape(category.name)}</text>"
        )
        for skill in members:
            value = ratings.get(skill.id, 0)
            cy = y + row_h / 2
            parts.append(
                f'<text x="{label_w - 10}" y="{cy + 5}" text-anchor="end" fill="{INK}" '
                f'font-size="13">{escape(skill.name)}</text>'
                f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="{row_h - 10}" '
                f'rx="3" fill="{TRACK}"/>'
            )
            if value:
                length = bar_w * value / scale_max
                parts.append(
                    f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" '
                    f'height="{row_h - 10}" rx="3" fill="{BAR}"/>'
                    f'<text x="{label_w + bar_w + 8}" y="{cy + 5}" fill="{INK}" '
                    f'font-size="13">{value}/{scale_max}</text>'
                )
            else:
                parts.append(
                    f'<text x="{label_w + bar_w + 8}" y="{cy + 5}" fill="{MUTED}" '
                    f'font-size="12">not rated</text>'
                )
            if skill.id in group:
                gx = label_w + bar_w * group[skill.id] / scale_max
                parts.append(
                    f'<rect x="{gx - 1.5:.1f}" y="{y + 1}" width="3" height="{row_h - 2}" '
                    f'fill="{GROUP}"/>'
                )
            y += row_h

    height = y + 8
    title = "Your skills profile"
    desc = profile_description(skills, ratings, scale_max, group)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="system-ui, sans-serif" '
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
