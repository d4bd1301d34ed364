"""Stage 3 model: quiz and scenario scoring, STAR feedback rules and the drill deck.

Plain Python, no widgets: every rule is a function a test can call with a string.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from workshop_kit.content.schema import (
    InterviewScenariosFile,
    InterviewStatementsFile,
    Scenario,
    StarQuestion,
    StarRules,
    Statement,
)

STAGE = "interview"
QUIZ_PREFIX = "quiz."
SCENARIO_PREFIX = "scenario."
PARTS = ("situation", "task", "action", "result")
PART_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


# --- do or don't ----------------------------------------------------------------


@dataclass(frozen=True)
class QuizScore:
    correct: int
    answered: int
    total: int
    missed: list[Statement]

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def is_right(statement: Statement, answer: str) -> bool:
    return answer == statement.answer


def quiz_score(quiz: InterviewStatementsFile, answers: Mapping[str, str]) -> QuizScore:
    """Score the statements answered so far; ``answers`` maps statement id to do/dont."""
    answered = [s for s in quiz.statements if answers.get(s.id) in ("do", "dont")]
    missed = [s for s in answered if not is_right(s, answers[s.id])]
    return QuizScore(len(answered) - len(missed), len(answered), len(quiz.statements), missed)


def quiz_feedback(statement: Statement, answer: str) -> str:
    verdict = "do" if statement.answer == "do" else "don't"
    source = f" {statement.source.label}" if statement.source else ""
    if is_right(statement, answer):
        return f"Right, this is a {verdict}. {statement.why}{source}"
    return f"Not quite: this is a {verdict}. {statement.why}{source}"


# --- tricky moments ---------------------------------------------------------------


def best_choice(scenario: Scenario) -> int:
    return next(i for i, choice in enumerate(scenario.choices) if choice.best)


ChoiceId = TypeVar("ChoiceId", int, str)


def choice_order(
    scenario_id: str, choice_ids: Iterable[ChoiceId], participant_seed: str
) -> list[ChoiceId]:
    """The order one student sees a scenario's choices in.

    Each choice is sorted by a SHA-256 hash of the student's seed (their participant
    token), the scenario and the choice, so the order is the same on every reload for
    that student, differs from student to student and scenario to scenario, and never
    touches Python's global random state. Only the order shown changes: answers are
    still saved and counted by the choice's own id (its place in the content file).
    """

    def key(choice_id: ChoiceId) -> bytes:
        text = "\x1f".join((participant_seed, scenario_id, str(choice_id)))
        return hashlib.sha256(text.encode("utf-8")).digest()

    return sorted(choice_ids, key=key)


def scenario_feedback(scenario: Scenario, chosen: int) -> str:
    """What the chosen response does, and, if it was not the best, what the best does."""
    if not 0 <= chosen < len(scenario.choices):
        raise ValueError("That is not one of the choices.")
    choice = scenario.choices[chosen]
    source = f" {scenario.source.label}" if scenario.source else ""
    if choice.best:
        return f"Best choice. {choice.feedback}{source}"
    best = scenario.choices[best_choice(scenario)]
    return f"{choice.feedback} The best response was: {best.text.strip()}{source}"


def scenarios_score(
    scenarios: InterviewScenariosFile, chosen: Mapping[str, int]
) -> tuple[int, int]:
    """(best choices made, scenarios answered)."""
    answered = [s for s in scenarios.scenarios if isinstance(chosen.get(s.id), int)]
    best = sum(chosen[s.id] == best_choice(s) for s in answered)
    return best, len(answered)


# --- STAR answer rules ---------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_I_WORDS = {"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "myself"}
_WE_WORDS = {
    "we",
    "we're",
    "we’re",
    "we've",
    "we’ve",
    "we'd",
    "we’d",
    "we'll",
    "we’ll",
    "us",
    "our",
    "ours",
    "ourselves",
}
_NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "dozen",
    "half",
    "twice",
    "double",
    "doubled",
    "tripled",
    "percent",
}
_CHANGE = re.compile(r"\bfrom\b.+\bto\b|\bbefore\b.+\bafter\b|\b(?:up|down) by\b", re.I | re.S)


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


@dataclass(frozen=True)
class Finding:
    """One rule's verdict. ``message`` says what to change (empty when it passed)."""

    rule: str
    passed: bool
    message: str = ""


def star_feedback(parts: Mapping[str, str], rules: StarRules) -> list[Finding]:
    """Check a STAR answer; every finding that did not pass says what to change.

    Rules: every part present and substantial; the action the largest part; "I" rather
    than "we" in the action; a measurable result; a length that suits a spoken answer
    of about two minutes; no filler or hedging words.
    """
    counts = {part: len(words(parts.get(part, ""))) for part in PARTS}
    total = sum(counts.values())
    findings: list[Finding] = []

    for part in PARTS:
        need = rules.min_words[part]
        if counts[part] == 0:
            findings.append(
                Finding(
                    f"{part}_present", False, f"{PART_NAMES[part]} is empty. {_PART_HINTS[part]}"
                )
            )
        elif counts[part] < need:
            findings.append(
                Finding(
                    f"{part}_present",
                    False,
                    f"{PART_NAMES[part]} has {counts[part]} words; give it at least {need}. "
                    f"{_PART_HINTS[part]}",
                )
            )
        else:
            findings.append(Finding(f"{part}_present", True))

    if total:
        share = counts["action"] / total
        if share < rules.action_share:
            findings.append(
                Finding(
                    "action_largest",
                    False,
                    f"The Action is {share:.0%} of your answer; aim for about 60%. Say more about "
                    "the steps you took, and keep the Situation and Task short.",
                )
            )
        else:
            findings.append(Finding("action_largest", True))

    action_words = [w.lower() for w in words(parts.get("action", ""))]
    i_count = sum(w in _I_WORDS for w in action_words)
    we_count = sum(w in _WE_WORDS for w in action_words)
    if action_words and we_count > i_count:
        findings.append(
            Finding(
                "i_not_we",
                False,
                f'Your Action says "we" {we_count} times and "I" {i_count} times. The interviewer '
                'wants to hire you: say what you did yourself ("I called...", "I wrote...").',
            )
        )
    elif action_words:
        findings.append(Finding("i_not_we", True))

    result = parts.get("result", "") or ""
    if result.strip():
        if has_measure(result):
            findings.append(Finding("measurable_result", True))
        else:
            findings.append(
                Finding(
                    "measurable_result",
                    False,
                    "Add a number to your Result: how many, how much, how fast, or a before and "
                    'after (for example "from 3 days to 1 day" or "20% more sign-ups").',
                )
            )

    seconds = total * 60 / rules.words_per_minute
    if total and seconds < rules.min_seconds:
        findings.append(
            Finding(
                "length",
                False,
                f"About {total} words, or {seconds:.0f} seconds spoken. A good answer takes one to "
                f"two minutes: aim for {rules.min_seconds * rules.words_per_minute // 60} to "
                f"{rules.max_seconds * rules.words_per_minute // 60} words.",
            )
        )
    elif seconds > rules.max_seconds:
        findings.append(
            Finding(
                "length",
                False,
                f"About {total} words, or {seconds / 60:.1f} minutes spoken: too long to hold "
                f"attention. Cut it to about {rules.max_seconds * rules.words_per_minute // 60} "
                "words; keep the Action, shorten the rest.",
            )
        )
    elif total:
        findings.append(Finding("length", True))

    fillers = filler_counts(" ".join(parts.get(p, "") or "" for p in PARTS), rules.filler_words)
    if fillers:
        listed = ", ".join(f'"{w}"' + (f" ({n}×)" if n > 1 else "") for w, n in fillers.items())
        findings.append(
            Finding(
                "no_filler",
                False,
                f"Filler or hedging words: {listed}. Cut them or say it firmly; they make you "
                "sound unsure.",
            )
        )
    elif total:
        findings.append(Finding("no_filler", True))
    return findings


_PART_HINTS = {
    "situation": "Where were you, and what was going on? Two or three sentences.",
    "task": "What did you have to do, or what was the problem to solve?",
    "action": "What did you do, step by step? This is the most important part.",
    "result": "What happened in the end? Use a number if you can, and what you learned.",
}


def has_measure(text: str) -> bool:
    """A number, a percentage, a number word or a before/after change."""
    if re.search(r"\d", text):
        return True
    if any(w.lower() in _NUMBER_WORDS for w in words(text)):
        return True
    return bool(_CHANGE.search(text))


def filler_counts(text: str, fillers: Iterable[str]) -> dict[str, int]:
    lowered = " ".join(w.lower() for w in words(text))
    found = Counter()
    for filler in fillers:
        pattern = r"(?<![\w'’])" + re.escape(filler.lower()) + r"(?![\w'’])"
        hits = len(re.findall(pattern, lowered))
        if hits:
            found[filler] = hits
    return dict(found)


def problems(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if not f.passed]


# --- mock interview drill ---------------------------------------------------------------


def next_question(
    bank: Sequence[StarQuestion],
    asked: Sequence[str],
    category: str | None = None,
    rng: random.Random | None = None,
) -> tuple[StarQuestion, list[str]]:
    """A random question not asked yet (in ``category`` if given); when every question of
    that choice has been asked, start a new round. Returns the question and the new
    ``asked`` list to save."""
    rng = rng or random.Random()
    pool = [q for q in bank if category in (None, "", q.category)]
    if not pool:
        raise ValueError("There are no questions in that category.")
    pool_ids = {q.id for q in pool}
    asked = [a for a in asked if a in {q.id for q in bank}]
    fresh = [q for q in pool if q.id not in asked]
    if not fresh:  # the round is over: forget this pool's questions and start again
        asked = [a for a in asked if a not in pool_ids]
        fresh = pool
    question = rng.choice(fresh)
    return question, [*asked, question.id]
