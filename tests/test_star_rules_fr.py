"""The STAR feedback rules in French: "je" against "nous" (and "on"), measures and
lessons as French speakers say them, filler words from exercises/fr/star_questions.yaml,
and every message in French. Each rule has answers that must pass and answers that must
fail; the English rules are tested, unchanged, in test_star_rules.py."""

from __future__ import annotations

import pytest
import yaml
from helpers import ROOT

from workshop_kit import i18n
from workshop_kit.content import load_content
from workshop_kit.content.schema import PitchFile, StarQuestionsFile
from workshop_kit.models import interview as model
from workshop_kit.models import pitch as pitch_model
from workshop_kit.models.star_language import ENGLISH, FRENCH, star_language

# The thresholds (words, seconds) are the same in both languages.
RULES = load_content(ROOT / "exercises" / "en").by_kind["star_questions"].rules
FRENCH_RULES_FILE = ROOT / "exercises" / "fr" / "star_questions.yaml"
NB = "\u00a0"  # French puts a no-break space inside « » and before ":"


@pytest.fixture(autouse=True)
def _in_french(french):
    """Every test here runs in French (the ``french`` fixture of conftest.py)."""


STRONG_FR = {
    "situation": "L'été dernier, je travaillais à temps partiel à la caisse d'une épicerie "
    "de quartier à Moncton, pendant la période la plus occupée de l'année.",
    "task": "Le samedi, les clients attendaient souvent plus de vingt minutes, et le gérant "
    "m'a demandé de trouver une façon de réduire l'attente.",
    "action": "D'abord, j'ai noté pendant deux semaines les heures où les files étaient les "
    "plus longues. J'ai vu que la moitié des clients arrivaient entre onze heures et une "
    "heure. J'ai proposé au gérant de déplacer les pauses en dehors de ces heures, et j'ai "
    "préparé le nouvel horaire. Ensuite, j'ai formé deux nouveaux caissiers à la caisse "
    "rapide et je leur ai écrit une fiche simple pour les cas difficiles. Chaque samedi, je "
    "vérifiais l'attente avec un chronomètre et j'ajustais l'horaire au besoin.",
    "result": "En un mois, l'attente moyenne est passée de vingt minutes à huit minutes, et "
    "le gérant a gardé mon horaire pour tout l'automne.",
}


def finding(parts, rule, result_kind="measure", rules=RULES):
    found = {f.rule: f for f in model.star_feedback(parts, rules, result_kind)}
    return found.get(rule)


def test_a_strong_french_answer_passes_every_check():
    assert model.problems(model.star_feedback(STRONG_FR, RULES)) == []


# --- complete answers: must pass, must fail ---------------------------------------------

# Eight answers a student could give, each passing every check: the base story with
# another Action or Result.
MUST_PASS = [
    {},
    {
        "result": "Les plaintes au service à la clientèle ont baissé de 30 % en deux mois, "
        "et la gérante m'a demandé de former l'équipe du soir."
    },
    {
        "result": "Nous avons recueilli 1 500 $ pour la banque alimentaire, soit le double "
        "de l'année précédente."
    },
    {
        "result": "Avant, les clients attendaient au téléphone; après, ils recevaient un "
        "rappel le jour même et le gérant a gardé la méthode."
    },
    {
        "result": "Le délai de réponse est passé d'une semaine à une journée, et la "
        "coordonnatrice utilise encore mon tableau."
    },
    {
        "result": "J'ai fait économiser une heure par jour à l'équipe du soir, et le gérant "
        "a présenté la méthode aux autres succursales."
    },
    {
        "result": "Une douzaine de nouveaux bénévoles se sont inscrits au club, et la "
        "directrice m'a confié l'accueil l'année suivante."
    },
    {
        # "on" counted as "nous", but "je" still wins
        "action": "D'abord, j'ai noté pendant deux semaines les heures où les files étaient "
        "les plus longues, et on en a parlé en réunion d'équipe. J'ai vu que la moitié des "
        "clients arrivaient entre onze heures et une heure. J'ai proposé au gérant de "
        "déplacer les pauses, et j'ai préparé le nouvel horaire. Ensuite, j'ai formé deux "
        "caissiers à la caisse rapide et je leur ai écrit une fiche simple. Chaque samedi, "
        "je vérifiais l'attente et j'ajustais l'horaire au besoin."
    },
]


@pytest.mark.parametrize("change", MUST_PASS)
def test_a_french_answer_that_must_pass(change):
    parts = {**STRONG_FR, **change}
    assert model.problems(model.star_feedback(parts, RULES)) == []


# Answers that fail one check, the check they fail, and French words its message says.
MUST_FAIL = [
    (
        {
            "action": "On a noté pendant deux semaines les heures où les files étaient les "
            "plus longues. Ensuite, nous avons proposé au gérant de déplacer les pauses, et "
            "on a préparé le nouvel horaire ensemble. Nous avons formé deux nouveaux "
            "caissiers à la caisse rapide et on leur a écrit une fiche simple pour les cas "
            "difficiles. Chaque samedi, notre équipe vérifiait l'attente avec un chronomètre "
            "et on ajustait l'horaire."
        },
        "i_not_we",
        f"«{NB}nous{NB}»",
    ),
    (
        {
            "result": "Le gérant était très content de mon travail et les clients avaient "
            "l'air plus satisfaits."
        },
        "measurable_result",
        "Ajoutez un nombre",
    ),
    (
        {
            "result": "Deux d'entre nous ont été félicités par la gérante à la fin de "
            "l'été, devant toute l'équipe."
        },
        "measurable_result",
        "Ajoutez un nombre",
    ),
    (
        {
            "result": "En 2023, j'ai obtenu un poste permanent dans la même épicerie, au "
            "service à la clientèle."
        },
        "measurable_result",
        "Ajoutez un nombre",
    ),
    (
        {
            "result": "J'ai travaillé du lundi au vendredi tout l'été et le gérant était "
            "content de l'équipe."
        },
        "measurable_result",
        "Ajoutez un nombre",
    ),
    ({"task": ""}, "task_present", "est vide"),
    ({"result": "Tout a bien marché."}, "result_present", "au moins"),
    (
        {"action": "J'ai parlé au gérant et j'ai changé l'horaire des pauses."},
        "action_largest",
        "de votre réponse",
    ),
    (
        {
            "situation": STRONG_FR["situation"] * 3,
            "action": STRONG_FR["action"] * 2,
        },
        "length",
        "trop long",
    ),
]


@pytest.mark.parametrize(("change", "rule", "said"), MUST_FAIL)
def test_a_french_answer_that_must_fail(change, rule, said):
    check = finding({**STRONG_FR, **change}, rule)
    assert check is not None and not check.passed
    assert said in check.message


# --- "je" against "nous" -----------------------------------------------------------------


def test_elided_je_counts_as_je_and_on_counts_as_nous():
    assert FRENCH.pronouns(FRENCH.words("J’ai appelé, puis j'ai écrit; qu'on m'aide.")) == [
        "j'",
        "ai",
        "appelé",
        "puis",
        "j'",
        "ai",
        "écrit",
        "qu'",
        "on",
        "m'",
        "aide",
    ]
    action = (
        "On a appelé les clients, nous avons fait un tableau, on a partagé nos notes, j'ai écrit."
    )
    check = finding({**STRONG_FR, "action": action}, "i_not_we")
    assert check.message.startswith(
        f"Dans votre Action, «{NB}nous{NB}» ou «{NB}on{NB}» revient 4 fois, et «{NB}je{NB}» 1 fois"
    )


@pytest.mark.parametrize(
    "action",
    [
        "J'ai appelé chaque client, puis j'ai noté leurs réponses; mon gérant m'a aidé, "
        "et on a relu.",
        "Je suis allée voir la gérante, je lui ai montré mes chiffres et nous avons décidé.",
        "Moi, j'ai pris la liste, et ma collègue et moi avons vérifié nos commandes.",
    ],
)
def test_an_action_told_with_je_passes(action):
    assert finding({**STRONG_FR, "action": action}, "i_not_we").passed


# --- measures ---------------------------------------------------------------------------

MEASURES_FR = [
    "Les inscriptions ont augmenté de 20 % en un mois.",
    "Le taux d'erreurs a baissé de cinq pour cent.",
    "L'attente est passée de vingt minutes à huit minutes.",
    "Le délai est passé d'une semaine à une journée.",
    "On a recueilli 1 500 $ pour la banque alimentaire.",
    "J'ai réduit de moitié le nombre de factures en retard.",
    "Le tri prend maintenant deux fois moins de temps.",
    "Les ventes ont doublé pendant les soldes.",
    "Avant : les clients rappelaient sans cesse. Après : plus personne ne rappelait.",
    "Nous avons terminé une semaine plus tôt que prévu.",
    "Une douzaine de bénévoles se sont inscrits.",
    "Le coût a été réduit de trois mille dollars.",
    "J'ai fini l'inventaire en neuf jours au lieu de deux semaines.",
]

NOT_MEASURES_FR = [
    "Deux d'entre nous ont été félicités par la gérante.",
    "Trois de mes collègues sont venus me remercier.",
    "Un de mes coéquipiers m'a dit merci.",
    "J'ai travaillé du lundi au vendredi tout l'été.",
    "De la maison à l'école, tout le monde en parlait.",
    "En 2023, j'ai obtenu un poste dans le même magasin.",
    "Depuis 2022, je travaille au même endroit.",
    "Nous sommes restés tous les deux jusqu'à la fin.",
    "Un jour, mon patron m'a dit que c'était du bon travail.",
    "Avant la réunion j'étais stressé, et après, j'étais soulagé.",
    "La cliente était très contente et elle est revenue.",
    "Le bureau a reçu un ordinateur tout neuf, et la gérante l'a remis à neuf.",
]


@pytest.mark.parametrize("result", MEASURES_FR)
def test_a_french_measurable_result_passes(result):
    assert model.has_measure(result)
    assert finding(
        {**STRONG_FR, "result": result + " Le gérant a gardé la méthode."}, "measurable_result"
    ).passed


@pytest.mark.parametrize("result", NOT_MEASURES_FR)
def test_a_french_result_without_a_measure_fails(result):
    assert not model.has_measure(result)
    parts = {**STRONG_FR, "result": result + " Mon gérant était content du travail fait."}
    check = finding(parts, "measurable_result")
    assert not check.passed and check.message.startswith("Ajoutez un nombre à votre Résultat")


# --- lessons (failure and conflict questions) -------------------------------------------

LESSONS_FR = [
    "J'ai appris à vérifier chaque commande deux fois avant de l'envoyer.",
    "Ça m'a appris qu'un petit plan évite beaucoup de stress.",
    "J'ai compris qu'il fallait écouter avant de répondre.",
    "Depuis, je note toujours la date limite dans mon agenda.",
    "Maintenant, je demande de l'aide dès le premier jour.",
    "Désormais, je relis mes courriels avant de les envoyer.",
    "La leçon que j'en retiens : parler tôt quand quelque chose bloque.",
    "Je m'assure que toute l'équipe voit le plan dès la première réunion.",
    "Je fais autrement maintenant : j'écris mes questions avant chaque rencontre.",
    "Cette expérience m'a fait comprendre l'importance de poser des questions.",
    "Je ne remets plus jamais un travail à la dernière minute.",
]

NOT_LESSONS_FR = [
    "Mon gérant n'était pas content, mais tout s'est arrangé à la fin.",
    "Maintenant, le club compte beaucoup de membres.",
    "Le client est parti et nous avons fermé le magasin.",
    "J'ai maintenant un emploi dans la même entreprise.",
    "J'étais triste pendant une semaine, puis je suis passé à autre chose.",
    "Nous avons perdu le client, ce qui a coûté cher à l'entreprise.",
    "Je suis toujours en contact avec mon ancienne équipe.",
    "La prochaine fois, l'équipe fera mieux.",
]


@pytest.mark.parametrize("result", LESSONS_FR)
def test_a_french_lesson_passes_a_failure_question(result):
    assert model.has_lesson(result)
    assert finding({**STRONG_FR, "result": result}, "lesson_learned", "lesson").passed


@pytest.mark.parametrize("result", NOT_LESSONS_FR)
def test_a_french_failure_story_without_a_lesson_is_asked_for_one(result):
    assert not model.has_lesson(result)
    check = finding({**STRONG_FR, "result": result}, "lesson_learned", "lesson")
    assert not check.passed and "que faites-vous autrement maintenant" in check.message


def test_a_french_question_about_a_mistake_asks_for_a_lesson():
    failed, why = model.own_questions(
        ["Parlez-moi d'une erreur que vous avez faite.", "Pourquoi nous?"]
    )
    assert (failed.result_kind, why.result_kind) == ("lesson", "measure")
    # a question kept from an English interview still asks for a lesson
    assert model.own_questions(["Tell me about a time you failed."])[0].result_kind == "lesson"
    assert failed.hint.startswith("On vous a posé cette question")


# --- the language: explicit, or the page's; English as the fallback -----------------------


def test_the_language_can_be_named_and_falls_back_to_english():
    assert star_language() is FRENCH
    assert star_language("fr-CA") is FRENCH and star_language("en") is ENGLISH
    assert star_language("de") is ENGLISH
    assert model.has_measure("Les ventes ont doublé.", language="fr")
    assert not model.has_measure("Les ventes ont doublé.", language="en")
    i18n.use("en")
    assert model.has_lesson("Depuis, je vérifie tout.", language="fr")
    assert not model.has_lesson("Depuis, je vérifie tout.")
    assert model.has_lesson("Since then, I check everything.")


def test_the_dashboard_reads_each_answer_in_its_language():
    from workshop_kit import analysis

    parts = {
        **STRONG_FR,
        "action": "On a appelé les clients, nous avons fait un tableau et on l'a affiché.",
    }
    # asked first in English, then in French: the remembered verdict is per language
    assert "i_not_we" not in analysis.failed_star_rules(parts, RULES, language="en")
    assert "i_not_we" in analysis.failed_star_rules(parts, RULES, language="fr")
    assert "i_not_we" in analysis.failed_star_rules(parts, RULES)  # the page's: French


# --- filler words, from the French content file ---------------------------------------------


def _french_rules():
    if not FRENCH_RULES_FILE.exists():
        pytest.skip("exercises/fr/star_questions.yaml is not written yet")
    data = yaml.safe_load(FRENCH_RULES_FILE.read_text(encoding="utf-8"))
    return StarQuestionsFile.model_validate(data).rules


FLAGGED = [
    ("Euh, j'ai appelé la cliente.", "euh"),
    ("C'était, genre, une grosse semaine.", "genre"),
    ("En fait, j'ai tout refait le tableau.", "en fait"),
    ("J’veux dire, c’était long.", "j'veux dire"),
    ("T’sais, j'avais jamais fait ça.", "t'sais"),
]
NOT_FLAGGED = [
    "Ce genre de poste m'intéresse.",
    "J'ai travaillé comme caissier.",
    "Tout s'est passé comme prévu.",
    "Je veux dire merci à mon équipe.",
]


@pytest.mark.parametrize(("text", "filler"), FLAGGED)
def test_a_french_filler_is_flagged(text, filler):
    rules = _french_rules()
    assert filler in model.filler_counts(text, rules.filler_words)
    parts = {**STRONG_FR, "result": STRONG_FR["result"] + " " + text}
    check = finding(parts, "no_filler", rules=rules)
    assert not check.passed and f"«{NB}{filler}{NB}»" in check.message


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_a_plain_french_word_is_not_a_filler(text):
    assert model.filler_counts(text, _french_rules().filler_words) == {}


# --- messages, in French ------------------------------------------------------------------

ENGLISH_WORDS = {"the", "your", "words", "and", "empty", "add", "about", "seconds", "spoken"}


def test_every_french_message_is_french():
    bad = {"situation": "", "task": "Aider.", "action": "On a tout fait, nous.", "result": "Bien."}
    long = {**STRONG_FR, "action": STRONG_FR["action"] * 4}
    messages = [
        f.message
        for parts, kind in ((bad, "measure"), (bad, "lesson"), (long, "measure"))
        for f in model.problems(model.star_feedback(parts, RULES, kind))
    ]
    assert len(messages) >= 6
    for message in messages:
        said = {w.lower() for w in FRENCH.words(message)}
        assert not said & ENGLISH_WORDS, message
    assert any("secondes à l'oral" in m and "trop long" in m for m in messages)
    assert model.spoken_span(60, 120) == "1 à 2 minutes"
    assert model.spoken(90) == "1,5 minute"
    assert model.part_name("task") == "Tâche"


# --- the pitch -------------------------------------------------------------------------------

_PITCH_FILE = next(
    path
    for path in (ROOT / "exercises" / "fr" / "pitch.yaml", ROOT / "exercises" / "en" / "pitch.yaml")
    if path.exists()
)
PITCH = PitchFile.model_validate(yaml.safe_load(_PITCH_FILE.read_text(encoding="utf-8")))


def test_a_french_pitch_is_counted_and_read_in_french():
    parts = {
        "present": "Je suis étudiante en administration au Collège Boréal, et j'aime "
        "organiser le travail d'une équipe et parler avec les clients au quotidien.",
        "past": "L'été dernier, j'ai travaillé comme caissière dans une épicerie de "
        "Sudbury. J'ai formé deux nouveaux employés et j'ai organisé l'horaire des pauses, "
        "ce qui a réduit l'attente aux caisses. J'ai aussi répondu aux plaintes des clients "
        "en français et en anglais, avec calme et avec le sourire.",
        "future": "Maintenant, je cherche un stage en service à la clientèle dans une "
        "entreprise bilingue, parce que j'aime aider les gens et résoudre des problèmes "
        "concrets avec une équipe.",
    }
    assert len(model.words("J’ai l’habitude d'aujourd'hui")) == 3
    findings = {f.rule: f for f in pitch_model.pitch_feedback(parts, PITCH, RULES)}
    assert findings["names_aim"].passed  # "stage" says the kind of work wanted
    total = sum(len(model.words(t)) for t in parts.values())
    low, high = pitch_model.word_range(PITCH, RULES)
    assert findings["length"].passed == (low <= total <= high)
    vague = {**parts, "future": "Je veux continuer à apprendre et à grandir."}
    aim = {f.rule: f for f in pitch_model.pitch_feedback(vague, PITCH, RULES)}["names_aim"]
    assert not aim.passed and aim.message.startswith("Terminez par l'emploi")
    empty = {f.rule: f for f in pitch_model.pitch_feedback({}, PITCH, RULES)}
    assert " – " not in empty["present_present"].message  # the part's short name only
    assert pitch_model.part_name("Présent – qui vous êtes maintenant") == "Présent"
    assert pitch_model.part_name("Present - who you are now") == "Present"
    starters = pitch_model.starters(["Travail d'équipe"], ["Agent de service"])
    assert starters["future"].startswith("Maintenant, je cherche un stage")
