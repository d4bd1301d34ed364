"""Stage 3's "tell me about yourself" pitch: present, past and future, checked for a
spoken length of ``min_seconds`` to ``max_seconds`` (60 to 90). No widgets here.

The pace is the STAR rules' ``words_per_minute`` (130 in ``star_questions.yaml``):
the calm end of normal speech (about 130 to 150 words a minute), right for a
nervous first answer, and the same pace the STAR length check and the drill's timer
use, so every length check in stage 3 agrees. At 130, 60 to 90 seconds is 130 to
195 words.

Answers are stored in the ``interview`` stage as ``pitch.present``, ``pitch.past``
and ``pitch.future``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from workshop_kit.content.schema import PitchFile, StarRules
from workshop_kit.i18n import _, ngettext
from workshop_kit.models.interview import Finding, filler_counts, filler_list, quoted
from workshop_kit.models.star_language import ENGLISH, StarLanguage, star_language

PARTS = ("present", "past", "future")
_DASH = re.compile(r" [-–—] ")
PREFIX = "pitch."
# Words that say what the student wants next, when no marked role is named, and short
# words that do not make a role's title recognisable: each language's are in
# models/star_language.py (English's here, as they were).
_AIM = ENGLISH.pitch_aim
_SMALL_WORDS = set(ENGLISH.small_words)


def key(part: str) -> str:
    return PREFIX + part


def part_name(label: str) -> str:
    """A part's short name: its label before a dash ("Present - who you are now" ->
    "Present"; French labels use an en dash: "Présent – qui vous êtes")."""
    return _DASH.split(label, maxsplit=1)[0]


def word_range(settings: PitchFile, rules: StarRules) -> tuple[int, int]:
    """The words that fit ``min_seconds`` to ``max_seconds`` at the STAR rules' pace."""
    pace = rules.words_per_minute
    return settings.min_seconds * pace // 60, settings.max_seconds * pace // 60


def _key_words(name: str, lang: StarLanguage) -> set[str]:
    return {
        w.lower() for w in lang.words(name) if len(w) >= 4 and w.lower() not in lang.small_words
    }


def pitch_feedback(
    parts: Mapping[str, str],
    settings: PitchFile,
    rules: StarRules,
    strengths: Sequence[str] = (),
    roles: Sequence[str] = (),
    language: str | None = None,
) -> list[Finding]:
    """Check a pitch: each part there and long enough; a length for 60-90 seconds;
    a strength from stage 1 named in the present or past (when the student has any);
    the future names a marked role, or at least the kind of work wanted; no filler.
    Words are counted and looked for in ``language`` (the page's when None)."""
    lang = star_language(language)
    counts = {p.id: len(lang.words(parts.get(p.id, ""))) for p in settings.parts}
    total = sum(counts.values())
    low, high = word_range(settings, rules)
    findings: list[Finding] = []
    for part in settings.parts:
        name = part_name(part.label)
        if counts[part.id] == 0:
            findings.append(
                Finding(
                    f"{part.id}_present",
                    False,
                    _("{part} is empty. {hint}").format(part=name, hint=part.help),
                )
            )
        elif counts[part.id] < part.min_words:
            findings.append(
                Finding(
                    f"{part.id}_present",
                    False,
                    ngettext(
                        "{part} has {count} words; give it at least {need}. {hint}",
                        "{part} has {count} words; give it at least {need}. {hint}",
                        counts[part.id],
                    ).format(part=name, count=counts[part.id], need=part.min_words, hint=part.help),
                )
            )
        else:
            findings.append(Finding(f"{part.id}_present", True))

    seconds = round(total * 60 / rules.words_per_minute)
    aim = _("Aim for {low_seconds} to {high_seconds} seconds: about {low} to {high} words.").format(
        low_seconds=settings.min_seconds, high_seconds=settings.max_seconds, low=low, high=high
    )
    if total and total < low:
        findings.append(
            Finding(
                "length",
                False,
                ngettext(
                    "About {count} words, or {seconds} seconds spoken. {aim}",
                    "About {count} words, or {seconds} seconds spoken. {aim}",
                    total,
                ).format(count=total, seconds=seconds, aim=aim),
            )
        )
    elif total > high:
        findings.append(
            Finding(
                "length",
                False,
                _(
                    "About {count} words, or {seconds} seconds spoken: too long for a first "
                    "answer. {aim} Keep the future part, shorten the past."
                ).format(count=total, seconds=seconds, aim=aim),
            )
        )
    elif total:
        findings.append(Finding("length", True))

    if strengths and total:
        said = {
            w.lower() for w in lang.words(f"{parts.get('present', '')} {parts.get('past', '')}")
        }
        if any(_key_words(name, lang) & said for name in strengths):
            findings.append(Finding("names_strength", True))
        else:
            listed = ", ".join(quoted(s) for s in strengths[:3])
            findings.append(
                Finding(
                    "names_strength",
                    False,
                    _(
                        "Name one of your strengths from stage 1, such as {listed}, and give "
                        "an example of it in the past part."
                    ).format(listed=listed),
                )
            )

    future = parts.get("future", "") or ""
    if future.strip():
        future_words = {w.lower() for w in lang.words(future)}
        names_role = any(_key_words(title, lang) & future_words for title in roles)
        if names_role or (not roles and lang.pitch_aim.search(future)):
            findings.append(Finding("names_aim", True))
        elif roles:
            findings.append(
                Finding(
                    "names_aim",
                    False,
                    _(
                        "End with the job you want: name the role such as {role}, and say "
                        "why it fits you."
                    ).format(role=quoted(roles[0])),
                )
            )
        else:
            findings.append(
                Finding(
                    "names_aim",
                    False,
                    _("End with the job you want: name the role, and say why it fits you."),
                )
            )

    fillers = filler_counts(" ".join(parts.get(p, "") or "" for p in PARTS), rules.filler_words)
    if fillers:
        findings.append(
            Finding(
                "no_filler",
                False,
                _("Filler or hedging words: {listed}. Say it firmly.").format(
                    listed=filler_list(fillers, counts=False)
                ),
            )
        )
    elif total:
        findings.append(Finding("no_filler", True))
    return findings


def starters(strengths: Sequence[str], roles: Sequence[str]) -> dict[str, str]:
    """A first sentence for each part, built from the student's strengths (stage 1)
    and marked roles (stage 2); a part with nothing to draw on gets none."""
    out: dict[str, str] = {}
    if strengths:
        if len(strengths) >= 2:
            present = _("I am a student in ..., and I am good at {first} and {second}.")
        else:
            present = _("I am a student in ..., and I am good at {first}.")
        out["present"] = present.format(
            first=strengths[0].lower(), second=strengths[1].lower() if len(strengths) > 1 else ""
        )
        out["past"] = _("For example, I used {strength} when I ...").format(
            strength=strengths[0].lower()
        )
    if roles:
        out["future"] = _("Now I am looking for an internship as a {role}, because ...").format(
            role=roles[0].lower()
        )
    return out
