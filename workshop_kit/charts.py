"""Light charts as SVG strings: a student kernel draws its profile without numpy,
pandas or matplotlib (each would add tens of megabytes to every kernel).

Every label is escaped; every chart carries a title and a text description for
screen readers.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from html import escape

from workshop_kit.content.schema import InterestsFile, SkillsFile
from workshop_kit.i18n import _, format_number, ngettext
from workshop_kit.models.interests import holland_name

BAR = "#1f6fb2"
GROUP = "#c2410c"
TRACK = "#e6edf3"
INK = "#1b1f24"
MUTED = "#57606a"
PAD = 4  # room round the drawing: a glyph may reach a pixel past its x


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
    you, group_average, not_rated = _("You"), _("Group average"), _("not rated")
    parts: list[str] = [
        f'<rect x="0" y="{y + 3}" width="16" height="12" fill="{BAR}"/>'
        f'<text x="22" y="{y + 14}" fill="{INK}" font-size="15">{escape(you)}</text>'
    ]
    if group:
        parts.append(
            f'<rect x="76" y="{y + 1}" width="4" height="16" fill="{GROUP}"/>'
            f'<text x="88" y="{y + 14}" fill="{INK}" font-size="15">'
            f"{escape(group_average)}</text>"
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
                    f'font-size="13">{escape(not_rated)}</text>'
                )
            if skill.id in group:
                gx = bar_w * group[skill.id] / scale_max
                parts.append(
                    f'<rect x="{gx - 2:.1f}" y="{bar_y - 4}" width="4" height="{bar_h + 8}" '
                    f'fill="{GROUP}"/>'
                )
            y += row_h

    height = y + 8
    title = _("Your skills profile")
    desc = profile_description(skills, ratings, scale_max, group)
    return _svg(uid, width, height, title, desc, parts)


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
        text = (
            _("{name}: {value} of {top}").format(name=skill.name, value=value, top=scale_max)
            if value
            else _("{name}: not rated").format(name=skill.name)
        )
        if skill.id in group:
            text += _(" (group {mean})").format(mean=format_number(group[skill.id], 1))
        pieces.append(text)
    return "; ".join(pieces) + "."


LEVEL_COLOURS = ["#cf222e", "#e16f24", "#d4a72c", "#2da44e", "#116329"]


# Text widths are estimated, not measured (a kernel has no fonts): about this many pixels
# per character at a given font size, generous so that labels stay inside their chart.
_CHAR_EM = 0.62


def _text_width(text: str, size: float) -> float:
    return len(text) * size * _CHAR_EM


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines that fit ``width`` (a word longer than a line is cut)."""
    most = max(4, int(width / (size * _CHAR_EM)))
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > most:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: most - 1] + "-")
            word = word[most - 1 :]
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line or not lines:
        lines.append(line)
    return lines


def distribution_svg(title: str, rows: list[tuple[str, list[int]]], level_names: list[str]) -> str:
    """Stacked bars: for each skill, how many people chose each level (dashboard).

    The chart's title (the category) is drawn at the top; each skill's name sits on its
    own line above its bar, wrapped if long, and the count ``n=`` at the bar's end, so
    every label stays inside the chart, which stays readable when a phone shrinks it.
    """
    uid = uuid.uuid4().hex[:8]
    width, n_w = 400, 56
    bar_w = width - n_w
    bar_h, name_size, legend_size = 16, 14, 13
    no_ratings = _("no ratings yet")
    parts = [
        f'<text x="0" y="18" font-size="16" font-weight="700" fill="{INK}">{escape(title)}</text>'
    ]
    # the legend, wrapped onto as many lines as it needs
    x, y = 0.0, 40
    for index, name in enumerate(level_names):
        label = f"{index + 1} {name}"
        step = 16 + _text_width(label, legend_size) + 12
        if x and x + step > width:
            x, y = 0.0, y + 18
        colour = LEVEL_COLOURS[index % len(LEVEL_COLOURS)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="{y}" font-size="{legend_size}" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        x += step
    y += 12
    for name, counts in rows:
        total = sum(counts)
        for line in _wrap(name, name_size, width):
            y += name_size + 4
            parts.append(
                f'<text x="0" y="{y}" font-size="{name_size}" fill="{INK}">{escape(line)}</text>'
            )
        top = y + 5
        parts.append(f'<rect x="0" y="{top}" width="{bar_w}" height="{bar_h}" fill="{TRACK}"/>')
        if total == 0:
            parts.append(
                f'<text x="6" y="{top + 12}" font-size="12" fill="{MUTED}">'
                f"{escape(no_ratings)}</text>"
            )
        offset = 0.0
        for index, count in enumerate(counts):
            if not count:
                continue
            length = bar_w * count / total
            parts.append(
                f'<rect x="{offset:.1f}" y="{top}" width="{length:.1f}" height="{bar_h}" '
                f'fill="{LEVEL_COLOURS[index % len(LEVEL_COLOURS)]}"/>'
            )
            if length > _text_width(str(count), 11) + 6:
                parts.append(
                    f'<text x="{offset + length / 2:.1f}" y="{top + 12}" text-anchor="middle" '
                    f'font-size="11" fill="#fff">{count}</text>'
                )
            offset += length
        parts.append(
            f'<text x="{width}" y="{top + 12}" text-anchor="end" font-size="13" '
            f'fill="{MUTED}">n={total}</text>'
        )
        y = top + bar_h + 8
    desc = "; ".join(
        _("{name}: {counts}").format(
            name=name,
            counts=", ".join(
                ngettext("{count} chose {level}", "{count} chose {level}", count).format(
                    count=count, level=i + 1
                )
                for i, count in enumerate(counts)
            ),
        )
        for name, counts in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        # side by side on a laptop (the viewBox keeps a gap on the right), one under the
        # other on a phone
        f'viewBox="-{PAD} 0 {width + PAD + 24} {y + 4}" '
        f'width="100%" style="max-width:500px;display:inline-block;vertical-align:top;'
        f'margin:8px 0 16px" '
        f'font-family="system-ui, sans-serif" aria-labelledby="t{uid} d{uid}">'
        f'<title id="t{uid}">{escape(title)}</title>'
        f'<desc id="d{uid}">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def interests_svg(
    interests: InterestsFile,
    scores: Mapping[str, float],
    scale_max: int,
    title: str | None = None,
    missing: str | None = None,
    colour: str = BAR,
) -> str:
    """A horizontal bar per interest area (the mean of its rated lines), name above its
    bar, in one column so it stays legible on a phone (as :func:`profile_svg`).

    Parameters
    ----------
    interests
        The interests content (areas give the names and order).
    scores
        ``{area id: mean 1..scale_max}``; a missing area is drawn with ``missing``.
    scale_max
        The top of the rating scale.
    title, missing, colour
        The chart's accessible title, the word for an area without a score, the bars'
        colour (the dashboard draws the group's spread with this same function); the
        title and the word default to "Your interests profile" and "not rated", in the
        page's language.
    """
    title = _("Your interests profile") if title is None else title
    missing = _("not rated") if missing is None else missing
    uid = uuid.uuid4().hex[:8]
    bar_w, right = 330, 70
    width = bar_w + right
    row_h, bar_h = 44, 14
    y = 0
    parts: list[str] = []
    pieces = []
    for area in interests.areas:
        value = scores.get(area.id)
        bar_y = y + 22
        parts.append(
            f'<text x="0" y="{y + 16}" fill="{INK}" font-size="15">{escape(area.name)} '
            f'<tspan fill="{MUTED}">({escape(holland_name(area.id))})</tspan></text>'
            f'<rect x="0" y="{bar_y}" width="{bar_w}" height="{bar_h}" rx="3" fill="{TRACK}"/>'
        )
        if value is not None:
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{bar_w * value / scale_max:.1f}" '
                f'height="{bar_h}" rx="3" fill="{colour}"/>'
                f'<text x="{bar_w + 8}" y="{bar_y + 12}" fill="{INK}" font-size="15" '
                f'font-weight="600">{format_number(value, 1)}/{scale_max}</text>'
            )
            pieces.append(
                _("{name}: {value} of {top}").format(
                    name=area.name, value=format_number(value, 1), top=scale_max
                )
            )
        else:
            parts.append(
                f'<text x="{bar_w + 8}" y="{bar_y + 12}" fill="{MUTED}" '
                f'font-size="13">{escape(missing)}</text>'
            )
            pieces.append(_("{name}: {missing}").format(name=area.name, missing=missing))
        y += row_h
    height = y + 8
    desc = "; ".join(pieces) + "."
    return _svg(uid, width, height, title, desc, parts)


def group_interests_html(
    interests: InterestsFile | None, means: Mapping[str, float], scale_max: int, minimum: int
) -> str:
    """The dashboard's "group's interests" section: each area's average over the
    students who rated it, shown only from ``minimum`` people (as the skills)."""
    if interests is None:
        return ""
    return (
        "<h2>"
        + _("The group's interests")
        + "</h2><p class='wk-help'>"
        + ngettext(
            "The average of each area, shown once at least {minimum} students rated it. "
            "No one's own ratings are shown.",
            "The average of each area, shown once at least {minimum} students rated it. "
            "No one's own ratings are shown.",
            minimum,
        ).format(minimum=minimum)
        + "</p>"
        + interests_svg(
            interests,
            means,
            scale_max,
            title=_("The group's interests"),
            missing=_("too few"),
            colour=GROUP,
        )
    )


def _svg(uid: str, width: int, height: int, title: str, desc: str, parts: list[str]) -> str:
    """A profile chart's frame: scalable, titled and described for screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="-{PAD} 0 {width + 2 * PAD} {height}" '
        f'width="100%" style="max-width:480px" font-family="system-ui, sans-serif" '
        f'aria-labelledby="t{uid} d{uid}">'
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
