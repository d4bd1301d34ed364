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
from functools import lru_cache
from typing import TypeVar

from workshop_kit.content.schema import (
    Filler,
    InterviewScenariosFile,
    InterviewStatementsFile,
    Scenario,
    StarQuestion,
    StarRules,
    Statement,
)
from workshop_kit.models import matching, self_assessment

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

    Each choice is sorted by a SHA-256 hash of the student's seed (:func:`order_seed`),
    the scenario and the choice, so the order is the same on every reload for that
    student, differs from student to student and scenario to scenario, and never
    touches Python's global random state. Only the order shown changes: answers are
    still saved and counted by the choice's own id (its place in the content file).
    """

    def key(choice_id: ChoiceId) -> bytes:
        text = "\x1f".join((participant_seed, scenario_id, str(choice_id)))
        return hashlib.sha256(text.encode("utf-8")).digest()

    return sorted(choice_ids, key=key)


def order_seed(participant) -> str:
    """A student's seed for :func:`choice_order`: their participant id, which every
    participant has (solo ones too) and which never changes. Not the page token: the
    store keeps only its hash, and a record read without it carries none."""
    return f"participant-{participant.id}"


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
# Number words that state an amount. "one" is left out ("one of my teammates", "one
# day"), and a small number followed by "of" is a share of a group, not a result.
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred hundreds thousand thousands million millions dozen dozens"
)
_SMALL = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_AMOUNT = r"(?:\d[\d,.]*|one|a|an|" + "|".join(_NUMBER_WORDS.split()) + ")"
_UNIT = r"(?:second|minute|hour|day|week|month|year|shift|dollar|cent)s?"
_MEASURES = [
    re.compile(pattern, re.I)
    for pattern in (
        r"\d",  # 20 sign-ups, 3 days, 2024
        r"[$€£¥%]|\b(?:percent|per cent|dollars?|cents?)\b",
        r"\b(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b",
        r"\b(?:half|quarter|a third|twice|double[ds]?|doubling|triple[ds]?|tripling|"
        r"halved|halving|quadrupled)\b",
        # from three days to one day (but not "from Monday to Friday")
        r"\bfrom\s+(?:about\s+|around\s+|over\s+|under\s+|almost\s+|nearly\s+)?"
        + _AMOUNT
        + r"\b.{0,60}?\bto\s+(?:about\s+|around\s+|under\s+|just\s+|only\s+)?"
        + _AMOUNT
        + r"\b",
        r"\b(?:up|down|fell|rose|grew|dropped|cut|increased|decreased|reduced)\s+by\b",
        r"\bbefore\s*[,:].{1,200}\bafter\s*[,:]",  # "Before, ...; after, ..."
        r"\b(?:an?|one)\s+" + _UNIT + r"\s+(?:faster|earlier|sooner|quicker|less|shorter)\b",
        r"\bsav(?:ed|es|ing)\b.{0,40}\b" + _AMOUNT + r"\s+" + _UNIT + r"\b",
    )
]
# "two of us" (a share of a group) and "in 2023" (a date) are not results.
_NOT_AMOUNTS = re.compile(
    r"\b(?:" + _SMALL + r")\s+of\b|\b(?:in|since|during|until|by|of|from|to)\s+(?:19|20)\d\d\b",
    re.I,
)

# What a result says when it tells what changed in how the student works.
_LESSONS = [
    re.compile(pattern, re.I)
    for pattern in (
        r"\bI(?:\s+have|['’]ve)?\s+(?:learned|learnt|realized|realised|discovered)\b",
        r"\b(?:taught|showed|reminded)\s+me\b",
        r"\b(?:the|my|a|one|big|key|main|biggest|real|important|hard|valuable|best)\s+"
        r"lessons?\b",
        r"\b(?:now|since then|from then on|ever since|these days|nowadays|since that day|"
        r"next time|in the future|from now on)\s*,?\s+I\b",
        r"\bI(?:['’]m|\s+am)?\s+(?:now|no longer|never again)\b(?!\s+(?:have|own|live)\b)",
        r"\bI\s+(?:now\s+|always\s+)?make sure\b",
        r"\b(?:changed|change|improved)\s+(?:how|the way)\s+I\b",
        r"\bI\s+(?:do|handle|approach|plan|prepare|work)\b.{0,40}\bdifferently\b",
    )
]


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


@dataclass(frozen=True)
class Finding:
    """One rule's verdict. ``message`` says what to change (empty when it passed)."""

    rule: str
    passed: bool
    message: str = ""


def star_feedback(
    parts: Mapping[str, str], rules: StarRules, result_kind: str = "measure"
) -> list[Finding]:
    """Check a STAR answer; every finding that did not pass says what to change.

    Rules: every part present and substantial; the action the largest part; "I" rather
    than "we" in the action; a result with a measure (``result_kind`` "measure") or,
    for failure and conflict questions, a lesson (``result_kind`` "lesson": what
    changed in how the student works; no number needed); a length that suits a spoken
    answer of ``rules.min_seconds`` to ``rules.max_seconds``; no filler or hedging.
    """
    counts = {part: len(words(parts.get(part, ""))) for part in PARTS}
    total = sum(counts.values())
    findings: list[Finding] = []

    for part in PARTS:
        need = rules.min_words[part]
        if counts[part] == 0:
            findings.append(
                Finding(
                    f"{part}_present",
                    False,
                    f"{PART_NAMES[part]} is empty. {part_hint(part, result_kind)}",
                )
            )
        elif counts[part] < need:
            findings.append(
                Finding(
                    f"{part}_present",
                    False,
                    f"{PART_NAMES[part]} has {counts[part]} words; give it at least {need}. "
                    f"{part_hint(part, result_kind)}",
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
    if result.strip() and result_kind == "lesson":
        if has_lesson(result):
            findings.append(Finding("lesson_learned", True))
        else:
            findings.append(
                Finding(
                    "lesson_learned",
                    False,
                    "Say what you learned: what do you do differently now? For example "
                    '"Since then I check every order twice" or "I learned to ask for help '
                    'early". A number is not needed here.',
                )
            )
    elif result.strip():
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
    aim = (
        f"A good answer takes {spoken_span(rules.min_seconds, rules.max_seconds)} to say: "
        f"about {rules.min_words_total} to {rules.max_words} words."
    )
    if total and seconds < rules.min_seconds:
        findings.append(
            Finding(
                "length",
                False,
                f"About {total} words, or {seconds:.0f} seconds spoken. {aim}",
            )
        )
    elif seconds > rules.max_seconds:
        findings.append(
            Finding(
                "length",
                False,
                f"About {total} words, or {spoken(round(seconds))} spoken: too long to hold "
                f"attention. {aim} Keep the Action, shorten the rest.",
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
_LESSON_HINT = "What happened in the end, and what do you do differently now?"


def part_hint(part: str, result_kind: str = "measure") -> str:
    """The help under a STAR box: a failure or conflict question's Result asks for the
    lesson, every other Result for a number."""
    return _LESSON_HINT if part == "result" and result_kind == "lesson" else _PART_HINTS[part]


def spoken(seconds: int) -> str:
    """``90`` -> "1.5 minutes", ``120`` -> "2 minutes", ``45`` -> "45 seconds"."""
    if seconds < 60 or seconds % 30:
        return f"{seconds} seconds"
    minutes = seconds / 60
    return f"{minutes:g} minute{'s' if minutes != 1 else ''}"


def spoken_span(low: int, high: int) -> str:
    """``(60, 120)`` -> "1 to 2 minutes"; ``(45, 120)`` -> "45 seconds to 2 minutes"."""
    first, last = spoken(low), spoken(high)
    if first.endswith(("minute", "minutes")) and last.endswith("minutes"):
        return f"{first.split()[0]} to {last}"
    return f"{first} to {last}"


def has_measure(text: str) -> bool:
    """A number, a percentage, money, time saved or a before/after change. A number
    word that names part of a group ("one of my teammates", "two of us"), a span of
    days ("from Monday to Friday") or a year ("in 2023") is not a measure."""
    text = text or ""
    plain = _NOT_AMOUNTS.sub(" ", text)
    return any(pattern.search(plain) for pattern in _MEASURES)


def has_lesson(text: str) -> bool:
    """Says what the student learned or now does differently ("Since then I...",
    "I learned to...", "It taught me...")."""
    return any(pattern.search(text or "") for pattern in _LESSONS)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[,;:.!?]")


def _tokens(text: str) -> list[str]:
    """Lowercase words and the punctuation between them: commas matter for filler."""
    return _TOKEN.findall((text or "").lower().translate(_APOSTROPHES))


def filler_counts(text: str, fillers: Iterable[Filler | str]) -> dict[str, int]:
    """How often each filler phrase occurs, as whole words (and commas where the phrase
    has them), not where a word before or after makes it a plain word (``not_after``,
    ``not_before``). A longer phrase wins over a shorter one inside it ("like, um" is
    one filler, not "like," and "um")."""
    by_first = _filler_index(
        tuple(
            (f.phrase, tuple(f.not_after), tuple(f.not_before))
            if isinstance(f, Filler)
            else (f, (), ())
            for f in fillers
        )
    )
    tokens = _tokens(text)
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        for shape, name, not_after, not_before in by_first.get(tokens[i], ()):
            end = i + len(shape)
            if tuple(tokens[i:end]) != shape:
                continue
            if _word_before(tokens, i) in not_after or _word_after(tokens, end) in not_before:
                continue
            found[name] += 1
            i = end - 1
            break
        i += 1
    return dict(found)


@lru_cache(maxsize=32)
def _filler_index(
    fillers: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...],
) -> dict[str, list[tuple[tuple[str, ...], str, frozenset[str], frozenset[str]]]]:
    """The phrases by their first token, longest first, with their exceptions lowered."""
    index: dict[str, list] = {}
    for phrase, not_after, not_before in fillers:
        shape = tuple(_tokens(phrase))
        if shape:
            index.setdefault(shape[0], []).append(
                (shape, phrase.strip(" ,;:"), _lowered(not_after), _lowered(not_before))
            )
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _word_before(tokens: list[str], i: int) -> str:
    while i > 0:
        i -= 1
        if tokens[i] not in ",;:":
            return "" if tokens[i] in ".!?" else tokens[i]
    return ""


def _word_after(tokens: list[str], i: int) -> str:
    return tokens[i] if i < len(tokens) and tokens[i] not in ",;:.!?" else ""


def _lowered(words_: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower().translate(_APOSTROPHES) for w in words_)


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


# --- questions from the earlier stages (issue 20) -------------------------------------

# Stage 2 saves the three strongest skills a student with a flat profile picks here.
PICKED_SKILLS = "strongest_skills"
OWN_CATEGORY = "mine"
FIELD_CATEGORY = "field"
OWN_PREFIX = "mine_"
OWN_HINT = (
    "You met this question in a real interview. Answer it with a true story, and keep "
    "the Action the largest part."
)
# Words that make a question a failure or conflict one: its Result needs a lesson.
_LESSON_QUESTION = re.compile(
    r"\b(?:fail\w*|mistake\w*|conflict\w*|disagree\w*|wrong|weakness\w*|critici\w*|"
    r"reject\w*|difficult (?:person|people|colleague|customer)|regret\w*)\b",
    re.I,
)


def own_question_id(text: str) -> str:
    """A stable id for a question the student wrote: the same words give the same id,
    so a STAR answer stays with its question when other lines change."""
    digest = hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()
    return OWN_PREFIX + digest[:12]


def own_questions(texts: Iterable[str]) -> list[StarQuestion]:
    """The student's own tricky questions (stage 1) as STAR questions. A question about
    a failure, a mistake or a conflict asks for a lesson in the Result, as the bank's do."""
    out = []
    for text in texts:
        kind = "lesson" if _LESSON_QUESTION.search(text) else "measure"
        out.append(
            StarQuestion(
                id=own_question_id(text),
                category=OWN_CATEGORY,
                text=text,
                hint=OWN_HINT,
                result_kind=kind,
            )
        )
    return out


def field_questions(fields, industries: Iterable[str]) -> list[StarQuestion]:
    """The questions of ``field_questions.yaml`` for ``industries`` (the student's field
    first, then each marked role's), without repeats; none when the file is absent."""
    if fields is None:
        return []
    by_industry = {f.industry: f.questions for f in fields.fields}
    out: list[StarQuestion] = []
    for industry in dict.fromkeys(industries):
        out.extend(by_industry.get(industry, []))
    return out


def relevance_text(description: str, role_title: str | None) -> str:
    """The rubric's relevance line, naming the role the student is aiming at."""
    if not role_title:
        return description
    return f"{description} Here, the job is: {role_title}."


@dataclass(frozen=True)
class EarlierStages:
    """What stages 1 and 2 tell stage 3: the student's own tricky questions, their
    strengths, the roles they marked and the field they applied in."""

    tricky: list[str]
    strengths: list[str]
    roles: list  # Role, in the order marked
    home_industry: str = ""

    @property
    def industries(self) -> list[str]:
        """The student's field first, then each marked role's industry."""
        first = [self.home_industry] if self.home_industry else []
        return list(dict.fromkeys([*first, *(role.industry for role in self.roles)]))

    def role_for(self, industry: str | None) -> str | None:
        """The title of the marked role a question is about: one in ``industry`` if
        any, else the first marked role."""
        for role in self.roles:
            if role.industry == industry:
                return role.title
        return self.roles[0].title if self.roles else None


def earlier_stages(
    content, stage1: Mapping[str, object], stage2: Mapping[str, object]
) -> EarlierStages:
    """Read stages 1 and 2's saved answers (``{key: value}`` each) for stage 3."""
    ratings = self_assessment.ratings_from_answers(stage1, content.skills)
    profile = self_assessment.build_profile(ratings, content.skills, content.self_assessment)
    strengths = [skill.name for skill in profile.strengths]
    scale_max = content.self_assessment.rating_scale[-1].value
    if len(ratings) >= 3 and matching.is_flat(ratings, scale_max):
        # "everything 5" makes every skill a strength: only the three picked in stage 2
        # (when the student picked them) say which are strongest
        names = {skill.id: skill.name for skill in content.skills.skills}
        picks = stage2.get(PICKED_SKILLS)
        strengths = [names[s] for s in picks if s in names] if isinstance(picks, list) else []
    roles = []
    home = ""
    if content.roles is not None:
        by_id = {role.id: role for role in content.roles.roles}
        marked = stage2.get("explore")
        roles = [by_id[r] for r in marked if r in by_id] if isinstance(marked, list) else []
        industries = {i.id for i in content.roles.industries}
        home = stage2.get("home_industry") if stage2.get("home_industry") in industries else ""
    return EarlierStages(
        tricky=self_assessment.tricky_questions(stage1),
        strengths=strengths,
        roles=roles,
        home_industry=home or "",
    )
