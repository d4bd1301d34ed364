"""Stages 1 and 2 and the idea board in French: what a French-speaking student reads
(headings, buttons, messages, chart labels, reasons for a suggestion) is French, the
NOC link opens Statistics Canada's French page, and student text is still escaped."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest
from helpers import ROOT

from workshop_kit.catalogs import catalog_gaps
from workshop_kit.charts import distribution_svg, group_interests_html, interests_svg
from workshop_kit.content import load_content
from workshop_kit.models.interests import build_interest_profile
from workshop_kit.models.matching import also_fits, explain, rank_roles
from workshop_kit.models.occupations import noc_url
from workshop_kit.stages.alternative_careers import AlternativeCareers
from workshop_kit.stages.idea_board import IdeaBoard
from workshop_kit.stages.self_assessment import SelfAssessment

XSS = "<img src=x onerror=\"document.title='pwned'\">"
WRITER = {"creative_writing": 5, "business_writing": 5, "editing": 4, "programming": 1}
FLAT = {"creative_writing": 3, "business_writing": 3, "editing": 3, "programming": 3}
NBSP = "\u00a0"

# The kit's own English words on these pages (none of them is in the English content,
# so they can only come from the code): none may be left on a French page.
ENGLISH = [
    "Rate your skills",
    "Your skills profile",
    "skills rated",
    "lines rated",
    "Your strengths",
    "Room to grow",
    "Be honest",
    "Your comfort zone",
    "Interview post-mortem",
    "One small, real step",
    "No one else sees",
    "not rated",
    "Your interests profile",
    "You lean towards",
    "spread evenly",
    "Who hires",
    "What it takes",
    "Why:",
    "Mark to explore",
    "Marked to explore",
    "Browse by industry",
    "Browse every role",
    "Roles you marked",
    "Not sure / no field yet",
    "Any kind of employer",
    "Who would you like to work for",
    "Choose an industry",
    "Choose a skill",
    "Strongest skill",
    "Based on the",
    "say how wide",
    "this list shows",
    "also fit",
    "Uses your",
    "real stretch",
    "full picture",
    "Small business",
    "Large company",
    "Public sector",
    "None yet",
    "Post idea",
    "Most votes",
    "Newest",
    "Sort:",
    "votes left",
    "No ideas yet",
    "Vote for this idea",
    "Take vote back",
    "(your idea)",
    "Posted. Thank you",
    "Up to ",
]


@pytest.fixture(scope="module")
def fr_content():
    """The French content once it is complete, else the English set (the kit's own
    words are what these tests check)."""
    folder = ROOT / "exercises" / "fr"
    if folder.is_dir():
        try:
            return load_content(ROOT / "exercises", "fr")
        except Exception:  # the French set is still being written
            pass
    return load_content(ROOT / "exercises" / "en")


@pytest.fixture
def workshop(store):
    return store.create_workshop("Atelier")


def student(store, workshop, ratings=None):
    person = store.create_participant(join_code=workshop[0].code)
    for skill, value in (ratings or {}).items():
        store.save_answer(person, "self_assessment", f"rating.{skill}", value)
    return person


def visible_strings(widget) -> list[str]:
    """Every string a person can read in a widget tree: HTML as its text, button and
    field labels, placeholders, tooltips, and the options of a list."""
    out: list[str] = []
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        html = widget.value
        # attributes a person reads (a link's title, an SVG's title and desc are text)
        out += re.findall(r'(?:title|aria-label|alt|placeholder)="([^"]*)"', html)
        out.append(unescape(re.sub(r"<[^>]+>", " ", html)))
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(value)
    labels = getattr(widget, "_options_labels", None)
    if labels:
        out += list(labels)
    for child in getattr(widget, "children", ()):
        out += visible_strings(child)
    return out


def english_left(widget) -> list[str]:
    text = " | ".join(visible_strings(widget))
    return [phrase for phrase in ENGLISH if phrase in text]


def test_every_word_of_these_pages_has_a_french_translation():
    files = [
        ROOT / "workshop_kit" / path
        for path in (
            "stages/self_assessment.py",
            "stages/alternative_careers.py",
            "stages/idea_board.py",
            "models/self_assessment.py",
            "models/interests.py",
            "models/matching.py",
            "models/occupations.py",
            "models/wording.py",
            "charts.py",
        )
    ]
    gaps = catalog_gaps("fr", [Path(f) for f in files])
    assert not gaps.untranslated, [place for _key, _msg, place in gaps.untranslated]
    assert not gaps.fuzzy


def test_the_self_assessment_page_is_in_french(french, fr_content, store, workshop):
    page = SelfAssessment(fr_content, store, student(store, workshop), delay=0)
    text = " | ".join(visible_strings(page))
    assert "1. Évaluez vos compétences" in text
    assert "Rate a few skills" not in text
    assert "Évaluez quelques compétences ci-dessus" in text
    page.rate("programming", 5)
    page.rate("editing", 1)
    page.rate("creative_writing", 3)
    assert page.progress.value == '<p class="wk-help">3 compétences évaluées sur 30.</p>'
    assert "<h3>Vos points forts</h3>" in page.summary.value
    assert "<h3>À développer</h3>" in page.summary.value
    assert "La personne qui anime" in page.summary.value
    # the chart: its legend, its "not rated" bars and its words for screen readers
    chart = page.chart.value
    assert "<title" in chart and "Votre profil de compétences</title>" in chart
    assert ">Vous</text>" in chart and ">sans note</text>" in chart
    assert "5 sur 5" in chart
    assert english_left(page) == []


def test_the_interest_summary_names_the_areas_in_french(french, fr_content):
    interests = fr_content.interests
    lean = {"social": 5, "enterprising": 5}
    ratings = {item.id: lean.get(area.id, 2) for area in interests.areas for item in area.items}
    profile = build_interest_profile(ratings, interests)
    assert profile.summary.startswith(
        f"Vos intérêts vont vers le travail de type Social et Entreprenant{NBSP}: "
    )
    flat = build_interest_profile({item: 3 for item in ratings}, interests)
    assert flat.summary.startswith("Vos intérêts sont répartis également")
    chart = interests_svg(interests, profile.scores, 5)
    assert "(Entreprenant)" in chart and "(Investigateur)" in chart
    assert "5,0/5" in chart and "2,0/5" in chart  # a decimal comma
    assert "Votre profil d&#x27;intérêts</title>" in chart


def test_the_dashboard_charts_speak_french(french, fr_content):
    group = group_interests_html(fr_content.interests, {"social": 3.5}, 5, 3)
    assert "<h2>Les intérêts du groupe</h2>" in group
    assert "au moins 3 personnes" in group
    assert ">trop peu</text>" in group and "3,5/5" in group
    svg = distribution_svg("Langues", [("Rédaction", [0, 2, 1, 0, 0]), ("Vide", [0] * 5)], ["a"])
    assert "2 personnes ont choisi 2" in svg and "1 personne a choisi 3" in svg
    assert "aucune évaluation pour l&#x27;instant" in svg


def test_stage_2_is_in_french_with_french_noc_links(french, fr_content, store, workshop):
    page = AlternativeCareers(fr_content, store, student(store, workshop, WRITER))
    assert "D'après 4 compétences que vous avez évaluées à l'étape 1." in page.children[0].value
    card = page.close_box.children[0]
    info = card.info.value
    assert "p3VD_f.pl?Function=getVD&amp;TVD=1322554" in info
    assert re.search(r">CNP \d{5}</a>", info)
    assert re.search(r"wk-role-meta\">[^<]* · (stage|premier emploi)", info)
    assert re.search(r"correspondance \d+\s%", info)  # "62 %": a space before the sign
    assert f"<strong>Pourquoi{NBSP}:</strong> Fait appel à vos compétences «{NBSP}" in info
    assert f"<strong>Ce qu'il faut{NBSP}:</strong> FEER " in info
    meta = re.search(r'<p class="wk-role-meta">(.*?)</p>', info).group(1)
    assert "NOC" not in re.sub(r"<[^>]+>", "", meta) and "fit" not in meta
    assert "TEER" not in re.search(r'<p class="wk-role-needs">(.*?)</p>', info).group(1)
    assert f"<strong>Qui embauche{NBSP}:</strong>" in info
    assert card.mark.description == "Retenir pour explorer"
    card.mark.value = True
    assert card.mark.description == "Retenu pour explorer"
    assert page.employer.options[1][0] == "Entreprise en démarrage"
    assert "Vos compétences conviennent aussi aux" in page.suggestion.value
    page.set_employer("public_sector")
    page.browse.value = page.browse.options[1][1]
    assert english_left(page) == []


def test_the_noc_link_keeps_english_in_english():
    assert noc_url("21232").startswith("https://www23.statcan.gc.ca/imdb/p3VD.pl?")
    assert noc_url("21232", "fr").startswith("https://www23.statcan.gc.ca/imdb/p3VD_f.pl?")
    assert "CPV=21232" in noc_url("21232", "fr")
    assert noc_url("21232", "es") == noc_url("21232")  # no Spanish page: the English one


def test_a_flat_profile_is_asked_for_three_picks_in_french(french, fr_content, store, workshop):
    page = AlternativeCareers(fr_content, store, student(store, workshop, FLAT))
    assert page.ranking.needs_picks
    assert "Vous avez donné presque la même note" in page.pick_note.value
    assert "Choisissez vos 3 compétences les plus fortes" in page.pick_note.value
    assert [box.description for box in page.pick_boxes] == [
        f"Point fort n°{NBSP}1",
        f"Point fort n°{NBSP}2",
        f"Point fort n°{NBSP}3",
    ]
    assert page.pick_boxes[0].options[0][0] == "Choisissez une compétence"
    page.pick("programming", "editing", "creative_writing")
    assert "Classement fait à partir des compétences" in page.pick_note.value
    assert english_left(page) == []


def test_reasons_keep_each_name_whole_in_french(french, fr_content):
    sa = fr_content.self_assessment
    ratings = {"business_writing": 5, "creative_writing": 5, "editing": 5, "programming": 1}
    ranking = rank_roles(ratings, fr_content.roles, 5, sa.strength_min, sa.growth_max)
    text = explain(ranking.matches[0], fr_content.skills)
    # a name with "et" in it stays one name, in guillemets, and the list ends with "et"
    names = re.findall(rf"«{NBSP}([^»]+){NBSP}»", text)
    assert len(names) >= 2
    assert f"{NBSP}» et «{NBSP}" in text
    suggestion = also_fits(ranking.matches, "startup")
    assert suggestion.text.startswith(
        f"Vos compétences conviennent aussi aux entreprises en démarrage{NBSP}: "
    )
    if len(suggestion.matches) > 1:
        assert " et " in suggestion.text and " and " not in suggestion.text.split(NBSP + ":")[0]


def test_the_idea_board_is_in_french_and_escapes_student_text(french, fr_content, store, workshop):
    settings = fr_content.alternative_careers.board
    me = student(store, workshop)
    other = student(store, workshop)
    board = IdeaBoard(settings, store, me)
    try:
        assert board.post_button.description == "Publier l'idée"
        assert [label for label, _value in board.sort.options] == ["Plus de votes", "Plus récentes"]
        assert board.sort.description == f"Trier{NBSP}:"
        assert "Aucune idée pour l'instant" in board.list.children[0].value
        assert board.post(XSS, role=XSS, first_step="Appeler Léa")
        assert board.post_status.message == "Idée publiée. Merci!"
        row_html = board.list.children[0].children[0].value
        assert "<img" not in row_html and "&lt;img" in row_html
        assert f"Poste{NBSP}: &lt;img" in row_html
        assert f"Première étape{NBSP}: Appeler Léa" in row_html
        assert "(votre idée)" in row_html
        theirs = IdeaBoard(settings, store, other)
        try:
            vote = theirs.list.children[0].children[1]
            assert vote.description == "Voter" and vote.tooltip == "Voter pour cette idée"
            theirs.vote(theirs.ideas[0].id)
            assert theirs.vote_status.message == "Vote compté."
            assert theirs.list.children[0].children[1].description == "Retirer mon vote"
            left = settings.votes_per_student - 1
            assert (
                f"Il vous reste {left} vote{'s' if left > 1 else ''} sur "
                f"{settings.votes_per_student}" in theirs.votes_left.value
            )
            assert english_left(theirs) == []
        finally:
            theirs.close()
        assert english_left(board) == []
    finally:
        board.close()


def test_a_solo_board_says_so_in_french(french, fr_content, store):
    me = store.create_participant()
    board = IdeaBoard(fr_content.alternative_careers.board, store, me)
    try:
        assert "Vous travaillez en solo" in board.children[0].value
    finally:
        board.close()


def test_english_stays_english(content, store, workshop):
    """No language chosen: the same pages read exactly as before."""
    page = AlternativeCareers(content, store, student(store, workshop, WRITER))
    info = page.close_box.children[0].info.value
    assert "p3VD.pl?" in info and ">NOC " in info and "<strong>Why:</strong> Uses your" in info
    assert "TEER " in info
