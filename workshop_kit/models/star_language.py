"""The words the STAR and pitch rules look for, one set per language.

The rules themselves (:mod:`workshop_kit.models.interview`, :mod:`workshop_kit.models.pitch`)
are the same in every language: count "I" against "we" in the Action, find a measure or
a lesson in the Result, count words for the spoken length. Only the words change, so each
language gives them here as one :class:`StarLanguage`. :func:`star_language` picks the
page's language (:func:`workshop_kit.i18n.current`) or the one asked for; a language
without a set of its own uses English's.

Filler words are not here: they come from each language's ``star_questions.yaml``, so an
instructor can edit them.

To add a language, write a ``StarLanguage`` for it below and add it to ``LANGUAGES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workshop_kit import i18n


@dataclass(frozen=True)
class StarLanguage:
    """The patterns of one language for the STAR and pitch rules."""

    code: str
    word: re.Pattern[str]  # one word, for counting and for "I" and "we"
    i_words: frozenset[str]  # the student alone ("I", "me", "my"), lower case
    we_words: frozenset[str]  # the group ("we", "us", "our"), lower case
    measures: tuple[re.Pattern[str], ...]  # any one of them makes a Result measurable
    not_amounts: re.Pattern[str]  # removed first: "two of us", "in 2023"
    lessons: tuple[re.Pattern[str], ...]  # what a Result says when it tells a lesson
    lesson_question: re.Pattern[str]  # a question about a failure or a conflict
    pitch_aim: re.Pattern[str]  # the kind of work wanted, when no role is named
    small_words: frozenset[str] = field(default_factory=frozenset)  # not a role's key word
    # Elided words ("j'ai", "qu'on") count as their two halves for "I" and "we".
    elision: bool = False

    def words(self, text: str) -> list[str]:
        return self.word.findall(text or "")

    def pronouns(self, words: Iterable[str]) -> list[str]:
        """The words to check against ``i_words`` and ``we_words``, lower case; with
        elision, "j'ai" gives "j'" and "ai", "qu'on" gives "qu'" and "on"."""
        lowered = [w.lower() for w in words]
        if not self.elision:
            return lowered
        out = []
        for word in lowered:
            head, mark, rest = word.replace("’", "'").replace("ʼ", "'").partition("'")
            out.extend([head + mark, rest] if mark else [word])
        return out


# --- English (the rules as first written; keep them exactly as they are) ---------------

_EN_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred hundreds thousand thousands million millions dozen dozens"
)
_EN_SMALL = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# "one" is left out of the number words ("one of my teammates", "one day"), but "from one
# day to ..." is a change.
_EN_AMOUNT = r"(?:\d[\d,.]*|one|a|an|" + "|".join(_EN_NUMBER_WORDS.split()) + ")"
_EN_UNIT = r"(?:second|minute|hour|day|week|month|year|shift|dollar|cent)s?"

ENGLISH = StarLanguage(
    code="en",
    word=re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE),
    i_words=frozenset(
        {"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "myself"}
    ),
    we_words=frozenset(
        {
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
    ),
    measures=tuple(
        re.compile(pattern, re.I)
        for pattern in (
            r"\d",  # 20 sign-ups, 3 days, 2024
            r"[$€£¥%]|\b(?:percent|per cent|dollars?|cents?)\b",
            r"\b(?:" + "|".join(_EN_NUMBER_WORDS.split()) + r")\b",
            r"\b(?:half|quarter|a third|twice|double[ds]?|doubling|triple[ds]?|tripling|"
            r"halved|halving|quadrupled)\b",
            # from three days to one day (but not "from Monday to Friday")
            r"\bfrom\s+(?:about\s+|around\s+|over\s+|under\s+|almost\s+|nearly\s+)?"
            + _EN_AMOUNT
            + r"\b.{0,60}?\bto\s+(?:about\s+|around\s+|under\s+|just\s+|only\s+)?"
            + _EN_AMOUNT
            + r"\b",
            r"\b(?:up|down|fell|rose|grew|dropped|cut|increased|decreased|reduced)\s+by\b",
            r"\bbefore\s*[,:].{1,200}\bafter\s*[,:]",  # "Before, ...; after, ..."
            r"\b(?:an?|one)\s+" + _EN_UNIT + r"\s+(?:faster|earlier|sooner|quicker|less|shorter)\b",
            r"\bsav(?:ed|es|ing)\b.{0,40}\b" + _EN_AMOUNT + r"\s+" + _EN_UNIT + r"\b",
        )
    ),
    # "two of us" (a share of a group) and "in 2023" (a date) are not results.
    not_amounts=re.compile(
        r"\b(?:"
        + _EN_SMALL
        + r")\s+of\b|\b(?:in|since|during|until|by|of|from|to)\s+(?:19|20)\d\d\b",
        re.I,
    ),
    lessons=tuple(
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
    ),
    lesson_question=re.compile(
        r"\b(?:fail\w*|mistake\w*|conflict\w*|disagree\w*|wrong|weakness\w*|critici\w*|"
        r"reject\w*|difficult (?:person|people|colleague|customer)|regret\w*)\b",
        re.I,
    ),
    pitch_aim=re.compile(
        r"\b(?:intern(?:ship)?s?|co-?op|placement|role|job|position|work as|career|field)\b",
        re.I,
    ),
    small_words=frozenset(
        {"and", "the", "for", "with", "from", "your", "other", "using", "people"}
    ),
)


# --- French (Canadian usage) -------------------------------------------------------------

_APOS = "['’ʼ]"  # typed apostrophes: straight, typographic, and the modifier letter
_FR_NUMBER_WORDS = (
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "vingt vingtaine vingtaines trente quarante cinquante soixante cent cents centaine "
    "centaines mille milliers million millions milliard milliards douzaine douzaines dizaine "
    "dizaines quinzaine"
)
_FR_SMALL = "deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze"
# "un" and "une" are left out of the number words ("un de mes collègues", "un jour"), but
# "d'une semaine à une journée" is a change.
_FR_AMOUNT = r"(?:\d[\d\s.,]*|une?|" + "|".join(_FR_NUMBER_WORDS.split()) + ")"
_FR_UNIT = (
    r"(?:secondes?|minutes?|heures?|jours?|journées?|semaines?|mois|ans|années?|quarts?|"
    r"dollars?|sous)"
)
_FR_AROUND = r"(?:environ\s+|presque\s+|près\s+de\s+|plus\s+de\s+|moins\s+de\s+)?"
_FR_MONTHS = (
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"l['’ʼ]été|l['’ʼ]hiver|l['’ʼ]automne|printemps"
)

FRENCH = StarLanguage(
    code="fr",
    word=re.compile(r"[^\W_]+(?:" + _APOS + r"[^\W_]+)*", re.UNICODE),
    # "je", "j'ai" (through elision: "j'"), "moi", "me", "m'", "mon", "ma", "mes"
    i_words=frozenset({"je", "j'", "moi", "me", "m'", "mon", "ma", "mes", "mien", "mienne"}),
    # In spoken Canadian French "on" nearly always means "nous".
    we_words=frozenset({"nous", "notre", "nos", "nôtre", "nôtres", "on"}),
    measures=tuple(
        re.compile(pattern, re.I)
        for pattern in (
            r"\d",  # 20 inscriptions, 3 jours, 2024
            r"[$€£¥%]|\b(?:pour\s*cent|pourcentage|dollars?|cents?|sous)\b",
            r"\b(?:" + "|".join(_FR_NUMBER_WORDS.split()) + r")\b",
            r"\b(?:moitié|demie?|quart|tiers|doublé|doublée|doublés|doublées|doubler|"
            r"triplé|triplée|tripler|le\s+double|le\s+triple|fois\s+plus|fois\s+moins)\b",
            # de trois jours à un jour, d'une semaine à une journée (pas « du lundi au
            # vendredi » ni « de la maison à l'école »)
            r"(?:\bde\s+|\bd" + _APOS + r")" + _FR_AROUND + _FR_AMOUNT + r"\b.{0,60}?\bà\s+"
            r"(?:environ\s+|peine\s+|seulement\s+|moins\s+de\s+|juste\s+)?" + _FR_AMOUNT + r"\b",
            # réduit de, augmenté de, en baisse de...
            r"\b(?:réduite?s?|diminuée?s?|augmentée?s?|baissée?s?|montée?s?|grimpée?s?|"
            r"chutée?s?|coupée?s?|accrue?s?|en\s+hausse|en\s+baisse)\s+(?:de\b|d" + _APOS + r")",
            r"\bavant\s*[,:].{1,200}\baprès\s*[,:]",  # « Avant : ... Après : ... »
            # une heure plus tôt, une journée de moins
            r"\b(?:une?|d" + _APOS + r"une?)\s+" + _FR_UNIT + r"\s+(?:plus\s+tôt|plus\s+vite|"
            r"plus\s+rapidement|de\s+moins|en\s+moins|d" + _APOS + r"avance|plus\s+court)",
            # économisé deux heures, gagné une journée
            r"\b(?:économis|épargn|sauv|gagn)\w*\b.{0,40}\b"
            + _FR_AMOUNT
            + r"\s+"
            + _FR_UNIT
            + r"\b",
        )
    ),
    # "deux d'entre nous", "trois de mes collègues", "tous les deux" (a share of a group),
    # "tout neuf" (new) and "en 2023", "à l'automne 2022" (a date) are not results.
    not_amounts=re.compile(
        r"\b(?:"
        + _FR_SMALL
        + r")\s+(?:d"
        + _APOS
        + r"entre|de\s+(?:mes|nos|ses|leurs|vos|tes)|des\s+membres|parmi)\b"
        r"|\b(?:tous|toutes)\s+les\s+(?:" + _FR_SMALL + r")\b"
        # "neuf" also means "new": "un ordinateur tout neuf", "remis à neuf"
        r"|\b(?:tout|flambant|remis\s+à|quoi\s+de|comme)\s+neuf\b"
        r"|\b(?:nous|à)\s+(?:deux|trois|quatre|cinq)\b(?!\s+(?:fois|heures?|jours?|semaines?))"
        r"|(?:\b(?:en|depuis|pendant|de|à|au|dès|vers|avant|après|jusqu"
        + _APOS
        + r"en|"
        + _FR_MONTHS
        + r")\s+|\bd"
        + _APOS
        + r")(?:19|20)\d\d\b",
        re.I,
    ),
    lessons=tuple(
        re.compile(pattern, re.I)
        for pattern in (
            r"\bj" + _APOS + r"ai\s+(?:\w+\s+)?(?:appris|compris|réalisé|découvert|retenu|"
            r"saisi|pris\s+l" + _APOS + r"habitude)\b",
            r"\bm" + _APOS + r"(?:a|ont)\s+(?:\w+\s+)?(?:appris|montré|enseigné|rappelé|"
            r"fait\s+comprendre|fait\s+réaliser)\b",
            r"\b(?:la|une|ma|grande|vraie|principale|bonne|meilleure|belle|dure)\s+leçons?\b",
            r"\b(?:depuis(?:\s+ce\s+(?:jour|temps|moment))?(?:-là)?|maintenant|aujourd"
            + _APOS
            + r"hui|à\s+l"
            + _APOS
            + r"avenir|la\s+prochaine\s+fois|à\s+partir\s+de\s+là|depuis\s+lors)\s*,?\s+"
            r"(?:je\b|j" + _APOS + r")",
            r"\b(?:désormais|dorénavant)\b",
            r"\b(?:je|j" + _APOS + r")\s*(?!ai\b|suis\b|habite\b|vis\b|possède\b|travaille\b)"
            r"\w+\s+(?:maintenant|toujours)\b",
            r"\bje\s+(?:m" + _APOS + r"assure|ne\s+\w+\s+plus\s+jamais)\b",
            r"\bplus\s+jamais\b",
            r"\bje\s+(?:fais|travaille|m" + _APOS + r"organise|planifie|prépare|gère|agis|"
            r"réagis|procède|m" + _APOS + r"y\s+prends)\b.{0,40}\b(?:autrement|différemment)\b",
            r"\b(?:changé|changer|amélioré)\s+(?:ma|mes)\s+(?:façon|manière|habitudes)\b",
        )
    ),
    lesson_question=re.compile(
        r"\b(?:échec\w*|échou\w*|erreur\w*|faute\w*|conflit\w*|désaccord\w*|"
        r"pas\s+d" + _APOS + r"accord|critiqu\w*|rejet\w*|refus\w*|regrett?\w*|faiblesse\w*|"
        r"tort|raté\w*|difficile\w*)\b",
        re.I,
    ),
    pitch_aim=re.compile(
        r"\b(?:stages?|coop|coopératif|alternance|emplois?|postes?|travail|travailler\s+comme|"
        r"carrière|domaine|métier|profession)\b",
        re.I,
    ),
    small_words=frozenset(
        {
            "avec",
            "dans",
            "pour",
            "sous",
            "vers",
            "chez",
            "entre",
            "autre",
            "autres",
            "leur",
            "leurs",
            "votre",
            "notre",
            "personnes",
            "gens",
        }
    ),
    elision=True,
)

LANGUAGES = {ENGLISH.code: ENGLISH, FRENCH.code: FRENCH}


def star_language(language: str | None = None) -> StarLanguage:
    """The patterns for ``language`` (the page's language when None); English when the
    language has no set of its own."""
    code = i18n.normalize(language) if language else i18n.current()
    return LANGUAGES.get(code or "", ENGLISH)
