"""Issue 22: the action plan, its downloadable report and the instructor's exports in
French. A French student's plan page and plan are French, with French dates; an
export of a class that mixed English and French adds up by id, each row saying its
language."""

from __future__ import annotations

import base64
import csv
import html as html_text
import re
from datetime import date

import ipywidgets as widgets
import pytest
from helpers import ROOT

from workshop_kit import i18n
from workshop_kit.content import ContentErrors, load_content
from workshop_kit.export import reports, tables, write
from workshop_kit.models.action_plan import build_plan, valid_due
from workshop_kit.report import render
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.confidence import ConfidenceCheck

XSS = "<img src=x onerror=\"document.title='pwned'\">"
FRIDAY = date(2026, 12, 4)  # the day after the workshop of 3 December 2026

# The kit's own English words on the plan page and in the plan: none may show in French.
KIT_ENGLISH = [
    "Your strengths",
    "What to grow",
    "Roles to explore",
    "Interview gaps",
    "Your next steps",
    "Tick the steps",
    "Choose a kind",
    "Make each step",
    "By when",
    "Check in with",
    "Take your plan",
    "Download",
    "Rate your skills",
    "None found yet",
    "Do or don't",
    "Mock interview",
    "Tip:",
    "My strengths",
    "What I will grow",
    "My next steps",
    "Roles I will explore",
    "My best STAR story",
    "It passed",
    "Nothing here yet",
    "Apply to",
    "Practise",
    "no date yet",
    "placement coordinator",
    "One step outside",
    "What I will change",
    "My own next steps",
    "NOC ",
    "December",
    "Friday",
]
# Common English words that no French sentence has: with French content, none is left.
ENGLISH_WORDS = re.compile(r"\b(the|and|your|you|my|with|of|to|by|what|will|it)\b", re.I)


@pytest.fixture(scope="session")
def fr_content():
    """The French content, once every file of it is written (else None)."""
    try:
        content = load_content(ROOT / "exercises", "fr")
    except ContentErrors:
        return None
    return content if content.language == "fr" else None


def content_for(fr_content, content):
    """The French content when it is there; the English otherwise (the kit's own words
    are checked either way)."""
    return fr_content if fr_content is not None else content


def kit_english(content) -> list[str]:
    """The kit's English phrases to look for: with English content (French content not
    written yet), only those the content's own words do not contain."""
    if content.language == "fr":
        return KIT_ENGLISH
    words = " ".join(model.model_dump_json() for model in content.by_kind.values())
    return [phrase for phrase in KIT_ENGLISH if phrase not in words]


def needs_french_content(fr_content):
    if fr_content is None:
        pytest.skip("exercises/fr/ is not complete yet: content words are checked once it is")


def fill(store, content, participant):
    """A student who did every stage a little, with a step dated and checked in."""
    skills = content.skills.skills
    store.save_answer(participant, "self_assessment", f"rating.{skills[0].id}", 5)
    store.save_answer(participant, "self_assessment", f"rating.{skills[1].id}", 1)
    store.save_answer(participant, "self_assessment", "postmortem.change_next_time", XSS)
    if content.roles is not None:
        role = content.roles.roles[0].id
        store.save_answer(participant, "alternative_careers", "explore", [role])
    statement = content.by_kind["interview_statements"].statements[0]
    wrong = "dont" if statement.answer == "do" else "do"
    store.save_answer(participant, "interview", f"quiz.{statement.id}", wrong)
    question = content.by_kind["star_questions"].questions[0].id
    store.save_answer(participant, "interview", f"star.{question}.task", "Organiser un atelier.")
    store.save_answer(participant, "interview", f"star.{question}.result", "Ça a marché.")
    store.save_answer(participant, "interview", f"drill.rubric.{question}.evidence", 1)
    store.save_answer(participant, "action_plan", "steps", ["apply_wider", "ask_feedback"])
    store.save_answer(participant, "action_plan", "apply_count", 1)
    store.save_answer(participant, "action_plan", "step_due", {"ask_feedback": "2026-12-04"})
    store.save_answer(participant, "action_plan", "step_checkin", ["ask_feedback"])
    store.save_answer(participant, "action_plan", "own_steps", XSS)
    return statement


def visible_strings(root: widgets.Widget, skip=()) -> list[str]:
    """Every string a person can read in the widget tree: descriptions, HTML, labels,
    placeholders, tooltips, choices and cards (``skip``: subtrees another part owns)."""
    out: list[str] = []
    stack = [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, skip):
            continue
        for name in widget.keys:
            if name.startswith("_") and name != "_options_labels":
                continue
            value = getattr(widget, name, None)
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, str):
                        out.append(item)
                    elif isinstance(item, dict):
                        out += [v for v in item.values() if isinstance(v, str)]
        stack += [c for c in getattr(widget, "children", ()) if isinstance(c, widgets.Widget)]
    # the download links carry the files as base64: their visible words are the labels
    return [re.sub(r'href="data:[^"]*"', "", text) for text in out]


def downloads(page: ActionPlan) -> dict[str, str]:
    found = re.findall(
        r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
        page.downloads.value,
    )
    return {name: base64.b64decode(data).decode() for name, data in found}


def test_the_plan_page_speaks_french(french, store, content, fr_content):
    content = content_for(fr_content, content)
    me = store.create_participant(display_name="Mei")
    fill(store, content, me)
    page = ActionPlan(content, store, me, delay=0)
    text = html_text.unescape("\n".join(visible_strings(page, skip=(ConfidenceCheck,))))
    for english in kit_english(content):
        assert english not in text, english
    for french_words in (
        "Vos points forts",
        "Vos prochaines étapes",
        "Cochez les étapes que vous allez suivre",
        "Pour quand",
        "En parler avec la personne responsable des stages",
        "Emportez votre plan",
        "Télécharger mon plan (HTML)",
        "Choisissez un type",
    ):
        assert french_words in text, french_words
    # the files to download are named in French too
    assert set(downloads(page)) == {"plan-d-action.html", "plan-d-action.md"}
    # a date refused says why in French
    with pytest.raises(ValueError, match="Choisissez une date à partir d'aujourd'hui"):
        valid_due(date(2026, 1, 1), date(2026, 12, 3))
    # student text still shows escaped, never as markup
    assert "<img" not in page.summary.value


def test_the_plan_page_has_no_english_left_with_french_content(french, store, content, fr_content):
    needs_french_content(fr_content)
    me = store.create_participant(display_name="Mei")
    fill(store, fr_content, me)
    page = ActionPlan(fr_content, store, me, delay=0)
    steps = [text for card in page.steps.cards for text in card.values() if isinstance(text, str)]
    mine = [page.summary.value, page.steps.label, *steps, *page.practise._options_labels]
    for text in mine:
        assert not ENGLISH_WORDS.search(re.sub(r"<[^>]+>", " ", text)), text


def test_a_french_report_is_french_with_babel_dates(french, store, content, fr_content):
    content = content_for(fr_content, content)
    me = store.create_participant(display_name="Mei")
    fill(store, content, me)
    plan = build_plan(content, store.all_answers(me), "Mei", "Atelier de décembre")
    html, markdown = render(plan, "Mon plan d'action", today=date(2026, 12, 3))
    assert "<html lang='fr'>" in html
    for document in (html_text.unescape(html), markdown):
        assert "Mei · Atelier de décembre · 3 décembre 2026" in document
        assert "d'ici le vendredi 4 décembre 2026" in document
        assert "en parler avec la personne responsable des stages" in document
        for heading in ("Mes points forts", "Ce que je vais développer", "Mes prochaines étapes"):
            assert heading in document
        # the apply step says one role in the singular, in French
        assert "Postuler à 1 poste hors de mon premier plan ce mois-ci." in document
        for english in kit_english(content):
            assert english not in document, english
    # French typography: a non-breaking space before a colon
    assert "Vérifications réussies\u00a0: " in html
    assert "Tâche" in html and "Résultat" in html
    # student text is escaped in both files
    assert "<img" not in html and "&lt;img" in html
    assert "<img" not in markdown.replace("\\<", "")


def test_a_report_asked_for_in_french_leaves_the_page_in_english(store, content):
    me = store.create_participant(display_name="Mei")
    fill(store, content, me)
    plan = build_plan(content, store.all_answers(me), "Mei")
    html, _md = render(plan, "Plan", today=date(2026, 12, 3), language="fr")
    assert "3 décembre 2026" in html and "Mes points forts" in html
    assert i18n.current() == "en"
    english, _md = render(plan, "Plan", today=date(2026, 12, 3))
    assert "<html lang='en'>" in english and "2026-12-03" in english
    assert "by Friday 4 December 2026" in english and "My strengths" in english


def test_the_whole_french_plan_has_no_english_with_french_content(
    french, store, content, fr_content
):
    needs_french_content(fr_content)
    me = store.create_participant(display_name="Mei")
    fill(store, fr_content, me)
    page = ActionPlan(fr_content, store, me, delay=0)
    files = downloads(page)
    for name, document in files.items():
        words = re.sub(r"<style>.*?</style>|<[^>]+>|\([^)]*https?://[^)]*\)", " ", document)
        words = words.replace(XSS, "").replace("&lt;img src=x onerror=&quot;", "")
        left = ENGLISH_WORDS.findall(words)
        assert not left, (name, left)


@pytest.fixture
def mixed_class(store, content):
    """A workshop where Mei works in English and Léa in French (same content ids)."""
    workshop, _key = store.create_workshop("Classe mixte", language="fr")
    mei = store.create_participant(join_code=workshop.code, display_name="Mei")
    lea = store.set_participant_language(store.create_participant(join_code=workshop.code), "fr")
    statement = content.by_kind["interview_statements"].statements[0]
    question = content.by_kind["star_questions"].questions[0].id
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    confident = content.by_kind["confidence"].statements[0]
    for person in (mei, lea):
        store.save_answer(person, "self_assessment", "rating.presenting", 4)
        store.save_answer(person, "self_assessment", "postmortem.went_well", "ok")
        store.save_answer(person, "interview", f"quiz.{statement.id}", statement.answer)
        store.save_answer(person, "interview", f"star.{question}.action", "J'ai appelé.")
        store.save_answer(person, "interview", f"drill.rubric.{question}.evidence", 3)
        store.save_answer(person, "interview", f"scenario.{scenario.id}", 0)
        store.save_answer(person, "action_plan", "steps", ["ask_feedback"])
        store.save_answer(person, "action_plan", f"confidence.{confident.id}", 4)
        store.post_idea(person, f"Idée de {person.display_name or 'Léa'}")
    return workshop, store.workshop_snapshot(workshop.id)


def test_a_mixed_class_adds_up_by_id_and_each_row_says_its_language(mixed_class, content):
    _w, snapshot = mixed_class
    frames = tables(snapshot, content)
    for name in (
        "ratings",
        "reflections",
        "quiz_answers",
        "star_answers",
        "drill_ratings",
        "scenario_answers",
        "action_plans",
        "ideas",
        "confidence",
    ):
        frame = frames[name]
        assert list(frame["language"]) == ["en", "fr"], name
    # both students count together under the same ids
    assert frames["ratings"].groupby("skill")["rating"].count().to_dict() == {"presenting": 2}
    statement_id = content.by_kind["interview_statements"].statements[0].id
    quiz = frames["quiz_answers"].groupby("statement_id")["correct"].sum().to_dict()
    assert quiz == {statement_id: 2}
    assert frames["action_plans"]["steps"].tolist() == ["ask_feedback", "ask_feedback"]
    # the column names are the same in every language
    english_columns = {name: list(frame.columns) for name, frame in frames.items()}
    i18n.use("fr")
    try:
        french = tables(snapshot, content, with_names=True)
    finally:
        i18n.use("en")
    assert {n: list(f.columns) for n, f in french.items() if n != "participants"} == {
        n: c for n, c in english_columns.items() if n != "participants"
    }
    assert list(french["participants"]["name"]) == ["Mei", "anonyme"]


def test_the_csv_files_carry_the_language_and_the_reports_follow_the_workshop(
    mixed_class, content, tmp_path
):
    workshop, snapshot = mixed_class
    write(snapshot, content, tmp_path, "csv", workshop.code, language="fr")
    path = tmp_path / f"workshop-{workshop.code}-ratings.csv"
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert [(r["participant"], r["skill"], r["language"]) for r in rows] == [
        ("P001", "presenting", "en"),
        ("P002", "presenting", "fr"),
    ]
    # the instructor's reports are in the workshop's language, whatever the shell speaks
    made = reports(snapshot, content, language="fr")
    assert list(made) == ["report-P001", "report-P002"]
    for html, markdown in made.values():
        assert "<html lang='fr'>" in html and "Mes points forts" in html
        assert "## Mes prochaines étapes" in markdown
    assert i18n.current() == "en"
    assert "My strengths" in reports(snapshot, content)["report-P001"][0]
