"""Stage 3 model: quiz and scenario scoring, STAR feedback rules and the drill deck.

Plain Python, no widgets: every rule is a function a test can call with a string.

Answers are stored under these keys in the ``interview`` stage: ``quiz.<statement
id>`` ("do" or "dont"), ``scenario.<scenario id>`` (the choice's index in the file),
``star.<question id>.<part>`` (text) and ``star.current`` (question id),
``drill.asked`` (question ids), ``drill.current``, ``drill.notes`` (text),
``drill.rubric.<question id>.<item id>`` (1 to 5), ``ask.picked`` (question ids) and
``ask.own`` (text). The builders and parsers below are the only places that spell them.
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

from workshop_kit import i18n
from workshop_kit.content.schema import (
    Filler,
    InterviewScenariosFile,
    InterviewStatementsFile,
    Scenario,
    StarQuestion,
    StarRules,
    Statement,
)
from workshop_kit.i18n import N_, _, ngettext
from workshop_kit.models import matching, self_assessment
from workshop_kit.models.alternative_careers import EXPLORE
from workshop_kit.models.star_language import ENGLISH, StarLanguage, star_language
from workshop_kit.stage_ids import INTERVIEW

T = TypeVar("T")

STAGE = INTERVIEW
PARTS = ("situation", "task", "action", "result")
# Marked for translation; show them with part_name() (or _()).
PART_NAMES = {
    "situation": N_("Situation"),
    "task": N_("Task"),
    "action": N_("Action"),
    "result": N_("Result"),
}

# --- answer keys --------------------------------------------------------------------

QUIZ_PREFIX = "quiz."
SCENARIO_PREFIX = "scenario."
STAR_PREFIX = "star."  # a STAR part, or the question picked (STAR_CURRENT)
STAR_CURRENT = "star.current"
DRILL_ASKED = "drill.asked"
DRILL_CURRENT = "drill.current"
DRILL_NOTES = "drill.notes"
DRILL_RUBRIC_PREFIX = "drill.rubric."
ASK_PICKED = "ask.picked"
ASK_OWN = "ask.own"


def quiz_key(statement_id: str) -> str:
    return QUIZ_PREFIX + statement_id


def scenario_key(scenario_id: str) -> str:
    return SCENARIO_PREFIX + scenario_id


def star_key(question_id: str, part: str) -> str:
    return f"{STAR_PREFIX}{question_id}.{part}"


def drill_rubric_key(question_id: str, item_id: str) -> str:
    return f"{DRILL_RUBRIC_PREFIX}{question_id}.{item_id}"


def answers_under(prefix: str, answers: Mapping[str, T]) -> dict[str, T]:
    """``{what the key names after prefix: value}`` for the answers whose key starts
    with ``prefix`` (:data:`QUIZ_PREFIX` -> ``{statement id: answer}``)."""
    return {key[len(prefix) :]: value for key, value in answers.items() if key.startswith(prefix)}


def drill_rubric_of(key: str) -> tuple[str, str] | None:
    """``(question id, rubric item id)`` a drill rating's key names, None otherwise."""
    if not key.startswith(DRILL_RUBRIC_PREFIX):
        return None
    question, _, item = key[len(DRILL_RUBRIC_PREFIX) :].rpartition(".")
    return (question, item) if question else None


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
    source = f" {statement.source.label}" if statement.source else ""
    if is_right(statement, answer):
        if statement.answer == "do":
            message = _("Right, this is a do. {why}{source}")
        else:
            message = _("Right, this is a don't. {why}{source}")
    elif statement.answer == "do":
        message = _("Not quite: this is a do. {why}{source}")
    else:
        message = _("Not quite: this is a don't. {why}{source}")
    return message.format(why=statement.why, source=source)


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


@dataclass(frozen=True)
class ChoiceNote:
    """Why one response works or not, as the student reads it after choosing."""

    feedback: str
    best: bool
    chosen: bool


@dataclass(frozen=True)
class ScenarioFeedback:
    """What a student reads after choosing a response to a tricky moment."""

    chose_best: bool
    notes: list[ChoiceNote]  # every choice's feedback, in the order the student sees them
    source: str = ""  # where the advice comes from, when the content names it


def scenario_feedback(
    scenario: Scenario, chosen: int, order: Iterable[int] | None = None
) -> ScenarioFeedback:
    """Whether ``chosen`` (a choice's index in the file) was the best response, and why
    each response works or not, in ``order`` (:func:`choice_order`; the file's order
    when not given)."""
    if not 0 <= chosen < len(scenario.choices):
        raise ValueError(_("That is not one of the choices."))
    best = best_choice(scenario)
    shown = range(len(scenario.choices)) if order is None else order
    notes = [ChoiceNote(scenario.choices[i].feedback, i == best, i == chosen) for i in shown]
    source = scenario.source.label if scenario.source else ""
    return ScenarioFeedback(chosen == best, notes, source)


def scenarios_score(
    scenarios: InterviewScenariosFile, chosen: Mapping[str, int]
) -> tuple[int, int]:
    """(best choices made, scenarios answered)."""
    answered = [s for s in scenarios.scenarios if isinstance(chosen.get(s.id), int)]
    best = sum(chosen[s.id] == best_choice(s) for s in answered)
    return best, len(answered)


# --- STAR answer rules ---------------------------------------------------------------

# The words each rule looks for, per language (models/star_language.py). These names
# are English's, kept for code that read them here.
_WORD = ENGLISH.word
_I_WORDS = set(ENGLISH.i_words)
_WE_WORDS = set(ENGLISH.we_words)
_MEASURES = list(ENGLISH.measures)
_NOT_AMOUNTS = ENGLISH.not_amounts
_LESSONS = list(ENGLISH.lessons)


def words(text: str, language: str | None = None) -> list[str]:
    """The words of ``text`` in ``language`` (the page's language when None)."""
    return star_language(language).words(text)


@dataclass(frozen=True)
class Finding:
    """One rule's verdict. ``message`` says what to change (empty when it passed)."""

    rule: str
    passed: bool
    message: str = ""


def star_feedback(
    parts: Mapping[str, str],
    rules: StarRules,
    result_kind: str = "measure",
    language: str | None = None,
) -> list[Finding]:
    """Check a STAR answer; every finding that did not pass says what to change.

    Rules: every part present and substantial; the action the largest part; "I" rather
    than "we" in the action; a result with a measure (``result_kind`` "measure") or,
    for failure and conflict questions, a lesson (``result_kind`` "lesson": what
    changed in how the student works; no number needed); a length that suits a spoken
    answer of ``rules.min_seconds`` to ``rules.max_seconds``; no filler or hedging.
    The words looked for are ``language``'s (the page's language when None:
    :mod:`workshop_kit.models.star_language`); the messages are in the page's language.
    """
    lang = star_language(language)
    counts = {part: len(lang.words(parts.get(part, ""))) for part in PARTS}
    total = sum(counts.values())
    return [
        *_parts_present(counts, rules, result_kind),
        *_action_largest(counts, total, rules),
        *_i_not_we(parts.get("action", ""), lang),
        *_result_says_enough(parts.get("result", "") or "", result_kind, lang),
        *_spoken_length(total, rules),
        *_no_filler(parts, total, rules),
    ]


def part_name(part: str) -> str:
    """A STAR part's name in the page's language ("Situation", "Tâche"...)."""
    return _(PART_NAMES[part])


def _parts_present(counts: Mapping[str, int], rules: StarRules, result_kind: str) -> list[Finding]:
    """Every part written, with at least its ``rules.min_words``."""
    findings = []
    for part in PARTS:
        need, name, hint = rules.min_words[part], part_name(part), part_hint(part, result_kind)
        if counts[part] == 0:
            findings.append(
                Finding(
                    f"{part}_present",
                    False,
                    _("{part} is empty. {hint}").format(part=name, hint=hint),
                )
            )
        elif counts[part] < need:
            findings.append(
                Finding(
                    f"{part}_present",
                    False,
                    # The English says "words" even for 1; a translation may use its forms.
                    ngettext(
                        "{part} has {count} words; give it at least {need}. {hint}",
                        "{part} has {count} words; give it at least {need}. {hint}",
                        counts[part],
                    ).format(part=name, count=counts[part], need=need, hint=hint),
                )
            )
        else:
            findings.append(Finding(f"{part}_present", True))
    return findings


def _percent(share: float) -> str:
    """``0.42`` -> "42%" ("42 %" in French)."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return f"{share:.0%}"  # as the English has always said it
    return i18n.format_percent(round(share, 2))


def _number(value: float) -> str:
    """``1.5`` -> "1.5" ("1,5" in French); ``2.0`` -> "2"."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return f"{value:g}"
    return i18n.format_number(value)


def _action_largest(counts: Mapping[str, int], total: int, rules: StarRules) -> list[Finding]:
    """The Action at least ``rules.action_share`` of the answer (nothing to say of none)."""
    if not total:
        return []
    share = counts["action"] / total
    if share >= rules.action_share:
        return [Finding("action_largest", True)]
    return [
        Finding(
            "action_largest",
            False,
            _(
                "The Action is {share} of your answer; aim for about 60%. Say more about "
                "the steps you took, and keep the Situation and Task short."
            ).format(share=_percent(share)),
        )
    ]


def _i_not_we(action: str, lang: StarLanguage) -> list[Finding]:
    """The Action says "I" at least as often as "we"."""
    action_words = lang.pronouns(lang.words(action))
    if not action_words:
        return []
    i_count = sum(w in lang.i_words for w in action_words)
    we_count = sum(w in lang.we_words for w in action_words)
    if we_count <= i_count:
        return [Finding("i_not_we", True)]
    return [
        Finding(
            "i_not_we",
            False,
            _(
                'Your Action says "we" {we_count} times and "I" {i_count} times. The '
                "interviewer wants to hire you: say what you did yourself "
                '("I called...", "I wrote...").'
            ).format(we_count=we_count, i_count=i_count),
        )
    ]


def _result_says_enough(result: str, result_kind: str, lang: StarLanguage) -> list[Finding]:
    """A Result with a measure, or with a lesson where the question asks for one."""
    if not result.strip():
        return []
    if result_kind == "lesson":
        if _has_lesson(result, lang):
            return [Finding("lesson_learned", True)]
        return [
            Finding(
                "lesson_learned",
                False,
                _(
                    "Say what you learned: what do you do differently now? For example "
                    '"Since then I check every order twice" or "I learned to ask for help '
                    'early". A number is not needed here.'
                ),
            )
        ]
    if _has_measure(result, lang):
        return [Finding("measurable_result", True)]
    return [
        Finding(
            "measurable_result",
            False,
            _(
                "Add a number to your Result: how many, how much, how fast, or a before and "
                'after (for example "from 3 days to 1 day" or "20% more sign-ups").'
            ),
        )
    ]


def _spoken_length(total: int, rules: StarRules) -> list[Finding]:
    """An answer that takes ``rules.min_seconds`` to ``rules.max_seconds`` to say."""
    seconds = total * 60 / rules.words_per_minute
    aim = _("A good answer takes {span} to say: about {low} to {high} words.").format(
        span=spoken_span(rules.min_seconds, rules.max_seconds),
        low=rules.min_words_total,
        high=rules.max_words,
    )
    if total and seconds < rules.min_seconds:
        return [
            Finding(
                "length",
                False,
                ngettext(
                    "About {count} words, or {seconds} seconds spoken. {aim}",
                    "About {count} words, or {seconds} seconds spoken. {aim}",
                    total,
                ).format(count=total, seconds=f"{seconds:.0f}", aim=aim),
            )
        ]
    if seconds > rules.max_seconds:
        return [
            Finding(
                "length",
                False,
                _(
                    "About {count} words, or {spoken} spoken: too long to hold attention. "
                    "{aim} Keep the Action, shorten the rest."
                ).format(count=total, spoken=spoken(round(seconds)), aim=aim),
            )
        ]
    return [Finding("length", True)] if total else []


def quoted(text: str) -> str:
    """``text`` in the page's quotation marks ("...", « ... »)."""
    # Translators: quotation marks around a word the student wrote.
    return _('"{text}"').format(text=text)


def filler_list(fillers: Mapping[str, int], counts: bool = True) -> str:
    """``"um", "like" (2×)``: the filler words found, quoted, with their counts."""
    return ", ".join(
        quoted(w) + (f" ({n}×)" if counts and n > 1 else "") for w, n in fillers.items()
    )


def _no_filler(parts: Mapping[str, str], total: int, rules: StarRules) -> list[Finding]:
    """No filler or hedging words anywhere in the answer."""
    fillers = filler_counts(" ".join(parts.get(p, "") or "" for p in PARTS), rules.filler_words)
    if not fillers:
        return [Finding("no_filler", True)] if total else []
    return [
        Finding(
            "no_filler",
            False,
            _(
                "Filler or hedging words: {listed}. Cut them or say it firmly; they make you "
                "sound unsure."
            ).format(listed=filler_list(fillers)),
        )
    ]


_PART_HINTS = {
    "situation": N_("Where were you, and what was going on? Two or three sentences."),
    "task": N_("What did you have to do, or what was the problem to solve?"),
    "action": N_("What did you do, step by step? This is the most important part."),
    "result": N_("What happened in the end? Use a number if you can, and what you learned."),
}
_LESSON_HINT = N_("What happened in the end, and what do you do differently now?")


def part_hint(part: str, result_kind: str = "measure") -> str:
    """The help under a STAR box: a failure or conflict question's Result asks for the
    lesson, every other Result for a number."""
    hint = _LESSON_HINT if part == "result" and result_kind == "lesson" else _PART_HINTS[part]
    return _(hint)


def spoken(seconds: int) -> str:
    """``90`` -> "1.5 minutes", ``120`` -> "2 minutes", ``45`` -> "45 seconds"."""
    if seconds < 60 or seconds % 30:
        return ngettext("{count} seconds", "{count} seconds", seconds).format(count=seconds)
    minutes = seconds / 60
    # English has always said "1.5 minutes"; elsewhere the catalog's plural rule decides
    # from the whole minutes ("1,5 minute" in French).
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    count = (1 if minutes == 1 else 2) if english else int(minutes)
    return ngettext("{count} minute", "{count} minutes", count).format(count=_number(minutes))


def _in_minutes(seconds: int) -> bool:
    return seconds >= 60 and not seconds % 30


def spoken_span(low: int, high: int) -> str:
    """``(60, 120)`` -> "1 to 2 minutes"; ``(45, 120)`` -> "45 seconds to 2 minutes"."""
    if _in_minutes(low) and _in_minutes(high) and high != 60:
        # Translators: a span of minutes, e.g. "1 to 2 minutes" ({high} says "minutes").
        return _("{low} to {high}").format(low=_number(low / 60), high=spoken(high))
    return _("{low} to {high}").format(low=spoken(low), high=spoken(high))


def has_measure(text: str, language: str | None = None) -> bool:
    """A number, a percentage, money, time saved or a before/after change. A number
    word that names part of a group ("one of my teammates", "two of us"), a span of
    days ("from Monday to Friday") or a year ("in 2023") is not a measure."""
    return _has_measure(text, star_language(language))


def _has_measure(text: str, lang: StarLanguage) -> bool:
    plain = lang.not_amounts.sub(" ", text or "")
    return any(pattern.search(plain) for pattern in lang.measures)


def has_lesson(text: str, language: str | None = None) -> bool:
    """Says what the student learned or now does differently ("Since then I...",
    "I learned to...", "It taught me...")."""
    return _has_lesson(text, star_language(language))


def _has_lesson(text: str, lang: StarLanguage) -> bool:
    return any(pattern.search(text or "") for pattern in lang.lessons)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
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
        raise ValueError(_("There are no questions in that category."))
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
OWN_HINT = N_(
    "You met this question in a real interview. Answer it with a true story, and keep "
    "the Action the largest part."
)
# Words that make a question a failure or conflict one: its Result needs a lesson
# (each language's are in models/star_language.py).
_LESSON_QUESTION = ENGLISH.lesson_question


def own_question_id(text: str) -> str:
    """A stable id for a question the student wrote: the same words give the same id,
    so a STAR answer stays with its question when other lines change."""
    digest = hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()
    return OWN_PREFIX + digest[:12]


def own_questions(texts: Iterable[str], language: str | None = None) -> list[StarQuestion]:
    """The student's own tricky questions (stage 1) as STAR questions. A question about
    a failure, a mistake or a conflict asks for a lesson in the Result, as the bank's do.
    The words are looked for in ``language`` (the page's when None) and in English (a
    question may come from an interview held in English)."""
    patterns = {ENGLISH.lesson_question, star_language(language).lesson_question}
    out = []
    for text in texts:
        kind = "lesson" if any(p.search(text) for p in patterns) else "measure"
        out.append(
            StarQuestion(
                id=own_question_id(text),
                category=OWN_CATEGORY,
                text=text,
                hint=_(OWN_HINT),
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
    return _("{description} Here, the job is: {role}.").format(
        description=description, role=role_title
    )


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
        marked = stage2.get(EXPLORE)
        roles = [by_id[r] for r in marked if r in by_id] if isinstance(marked, list) else []
        industries = {i.id for i in content.roles.industries}
        home = stage2.get("home_industry") if stage2.get("home_industry") in industries else ""
    return EarlierStages(
        tricky=self_assessment.tricky_questions(stage1),
        strengths=strengths,
        roles=roles,
        home_industry=home or "",
    )
