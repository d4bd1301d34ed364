"""The French STAR rules' filler words (exercises/fr/star_questions.yaml): what a
Canadian French speaker says to fill a pause is flagged; the same words doing real work
in a sentence ("comme agent", "ce genre de poste", "peut être difficile") are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_kit.content import load_file
from workshop_kit.models.interview import filler_counts

RULES = load_file(Path(__file__).resolve().parents[1] / "exercises/fr/star_questions.yaml").rules

MUST_FLAG = {
    "Euh, j'ai comme, pris le dossier.": {"euh", "comme"},
    "C'était genre super long, tsé.": {"genre", "tsé"},
    "Fait que j'ai appelé le client, pis il était content.": {"fait que", "pis"},
    "J'ai peut-être aidé un peu l'équipe.": {"j'ai peut-être", "un peu"},
    "Peut-être que j'aurais dû, je pense, demander.": {"peut-être que", "je pense"},
    "En fait, c'était style impossible, là là.": {"en fait", "style", "là là"},
    "Vous savez, j'ai juste fait mon travail.": {"vous savez", "juste"},
    "Ben, disons que j'ai organisé des affaires pis toute.": {"ben", "disons", "pis toute"},
    "J'veux dire, c'était t'sais difficile, ou quelque chose.": {
        "j'veux dire",
        "t'sais",
        "ou quelque chose",
    },
}
MUST_PASS = [
    "J'ai travaillé comme agent de service à la clientèle.",
    "Tout s'est passé comme prévu, comme je l'avais dit.",
    "Ce genre de poste me plaît; mon style de gestion est calme.",
    "Le travail peut être difficile, mais on peut être efficace.",
    "Il en fait partie. Le fait que le client attendait m'a aidé.",
    "Je pense à mes clients. Je crois en mon équipe.",
    "J'ai trouvé une solution juste, juste à temps, tant pis pour le retard.",
    "Je lui ai demandé s'il savait où aller: tu sais comment faire?",
    "J'ai réduit de 30 % le temps d'attente, soit 4 heures par semaine.",
    "J'ai demandé un peu de temps. Nous mettons en place un plan.",
]


@pytest.mark.parametrize(("text", "expected"), MUST_FLAG.items())
def test_french_fillers_are_flagged(text, expected):
    assert set(filler_counts(text, RULES.filler_words)) == expected


@pytest.mark.parametrize("text", MUST_PASS)
def test_the_same_words_doing_real_work_are_not(text):
    assert filler_counts(text, RULES.filler_words) == {}
