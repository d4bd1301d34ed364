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
from workshop_kit.models.interview import Finding, filler_counts, words

PARTS = ("present", "past", "future")
PREFIX = "pitch."
# Words that say what the student wants next, when no marked role is named.
_AIM = re.compile(
    r"\b(?:intern(?:ship)?s?|co-?op|placement|role|job|position|work as|career|field)\b", re.I
)
_SMALL_WORDS = {"and", "the", "for", "with", "from", "your", "other", "using", "people"}


def key(part: str) -> str:
    return PREFIX + part


def word_range(settings: PitchFile, rules: StarRules) -> tuple[int, int]:
    """The words that fit ``min_seconds`` to ``max_seconds`` at the STAR rules' pace."""
    pace = rules.words_per_minute
    return settings.min_seconds * pace // 60, settings.max_seconds * pace // 60


def _key_words(name: str) -> set[str]:
    return {w.lower() for w in words(name) if len(w) >= 4 and w.lower() not in _SMALL_WORDS}


def pitch_feedback(
    parts: Mapping[str, str],
    settings: PitchFile,
    rules: StarRules,
    strengths: Sequence[str] = (),
    roles: Sequence[str] = (),
) -> list[Finding]:
    """Check a pitch: each part there and long enough; a length for 60-90 seconds;
    a strength from stage 1 named in the present or past (when the student has any);
    the future names a marked role, or at least the kind of work wanted; no filler."""
    counts = {p.id: len(words(parts.get(p.id, ""))) for p in settings.parts}
    total = sum(counts.values())
    low, high = word_range(settings, rules)
    findings: list[Finding] = []
    for part in settings.parts:
        name = part.label.split(" - ")[0]
        if counts[part.id] == 0:
            findings.append(Finding(f"{part.id}_present", False, f"{name} is empty. {part.help}"))
        elif counts[part.id] < part.min_words:
            findings.append(
                Finding(
                    f"{part.id}_present",
                    False,
                    f"{name} has {counts[part.id]} words; give it at least {part.min_words}. "
                    f"{part.help}",
                )
            )
        else:
            findings.append(Finding(f"{part.id}_present", True))

    seconds = round(total * 60 / rules.words_per_minute)
    aim = (
        f"Aim for {settings.min_seconds} to {settings.max_seconds} seconds: about {low} to "
        f"{high} words."
    )
    if total and total < low:
        findings.append(
            Finding("length", False, f"About {total} words, or {seconds} seconds spoken. {aim}")
        )
    elif total > high:
        findings.append(
            Finding(
                "length",
                False,
                f"About {total} words, or {seconds} seconds spoken: too long for a first "
                f"answer. {aim} Keep the future part, shorten the past.",
            )
        )
    elif total:
        findings.append(Finding("length", True))

    if strengths and total:
        said = {w.lower() for w in words(f"{parts.get('present', '')} {parts.get('past', '')}")}
        if any(_key_words(name) & said for name in strengths):
            findings.append(Finding("names_strength", True))
        else:
            listed = ", ".join(f'"{s}"' for s in strengths[:3])
            findings.append(
                Finding(
                    "names_strength",
                    False,
                    f"Name one of your strengths from stage 1, such as {listed}, and give "
                    "an example of it in the past part.",
                )
            )

    future = parts.get("future", "") or ""
    if future.strip():
        future_words = {w.lower() for w in words(future)}
        names_role = any(_key_words(title) & future_words for title in roles)
        if names_role or (not roles and _AIM.search(future)):
            findings.append(Finding("names_aim", True))
        else:
            example = f' such as "{roles[0]}"' if roles else ""
            findings.append(
                Finding(
                    "names_aim",
                    False,
                    f"End with the job you want: name the role{example}, and say why it fits you.",
                )
            )

    fillers = filler_counts(" ".join(parts.get(p, "") or "" for p in PARTS), rules.filler_words)
    if fillers:
        listed = ", ".join(f'"{w}"' for w in fillers)
        findings.append(
            Finding("no_filler", False, f"Filler or hedging words: {listed}. Say it firmly.")
        )
    elif total:
        findings.append(Finding("no_filler", True))
    return findings


def starters(strengths: Sequence[str], roles: Sequence[str]) -> dict[str, str]:
    """A first sentence for each part, built from the student's strengths (stage 1)
    and marked roles (stage 2); a part with nothing to draw on gets none."""
    out: dict[str, str] = {}
    if strengths:
        named = " and ".join(s.lower() for s in strengths[:2])
        out["present"] = f"I am a student in ..., and I am good at {named}."
        out["past"] = f"For example, I used {strengths[0].lower()} when I ..."
    if roles:
        out["future"] = f"Now I am looking for an internship as a {roles[0].lower()}, because ..."
    return out
