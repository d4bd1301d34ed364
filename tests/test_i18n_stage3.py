"""Stage 3 and the missed-out check in French: what a French-speaking student sees.

Every visible string of the page's widgets (descriptions, values, placeholders,
tooltips, options, labels) is walked after a student has used each part: none of the
kit's English words are left, the French ones are there, and what the student wrote
still shows escaped."""

from __future__ import annotations

import html
import random

import pytest
from helpers import ROOT

from workshop_kit import i18n
from workshop_kit.content import load_content
from workshop_kit.models import self_assessment
from workshop_kit.stages.interview import InterviewStage
from workshop_kit.stages.missed_out import MissedOutCheck

XSS = "<img src=x onerror=\"document.title='pwned'\">"
NB = "\u00a0"

# The kit's own English words on these pages, which a French page must not show.
ENGLISH = [
    "Do or don't",
    "Topic:",
    "done)",
    "Your score appears here",
    "Score:",
    "Review the ones you missed",
    "Tricky moments",
    "Moment:",
    "Your response",
    "Check my answer",
    "Best choice",
    "Not the best choice",
    "best choices",
    "STAR answer builder",
    "Question:",
    "Tip:",
    "Feedback appears as you write",
    "checks passed",
    "What to change",
    "Add a number",
    "is empty",
    "Mock-interview drill",
    "Any category",
    "Category:",
    "New question",
    "Start the timer",
    "Start answering now",
    "I have finished",
    "Notes while you prepare",
    "Rate your answer",
    "Not yet",
    "Getting there",
    "Questions to ask the interviewer",
    "Make them yours",
    "Tick the reasons",
    "What to do about it",
    "suggests these steps first",
    "Ideas from stages",
    "words a minute",
    "Situation is",
    "Task is",
    "Result is",
]


def french_content():
    folder = ROOT / "exercises" / "fr"
    if (folder / "star_questions.yaml").exists() and (folder / "welcome.yaml").exists():
        try:
            return load_content(folder, "fr")
        except Exception:
            pass
    return load_content(ROOT / "exercises" / "en")


@pytest.fixture(autouse=True)
def _in_french(french):
    """Every test here runs in French (the ``french`` fixture of conftest.py)."""


@pytest.fixture
def me(store):
    return store.create_participant()


def visible(widget, seen=None) -> list[str]:
    """Every string the browser gets from ``widget`` and the widgets inside it."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    out: list[str] = []

    def collect(value):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif hasattr(value, "keys") and hasattr(value, "comm"):  # a widget
            out.extend(visible(value, seen))

    for name in getattr(widget, "keys", []):
        if (name.startswith("_") and name != "_options_labels") or name in ("layout", "style"):
            continue
        collect(getattr(widget, name, None))
    return out


def used_stage(content, store, me) -> InterviewStage:
    """Stage 3 after a student has tried each part, with a tricky question of their own."""
    store.save_answer(
        me,
        self_assessment.STAGE,
        self_assessment.TRICKY_QUESTIONS,
        f"Parlez-moi d'une erreur que vous avez faite {XSS}?",
    )
    stage = InterviewStage(content, store, me, delay=0, rng=random.Random(3))
    statement = stage.quiz.quiz.statements[0]
    stage.quiz.answer(statement.id, "dont" if statement.answer == "do" else "do")
    scenario = stage.scenarios.scenarios[0]
    stage.scenarios.choose(scenario.id, None)  # "pick one first"
    stage.scenarios.choose(scenario.id, 0)
    stage.star.write("situation", "")
    stage.star.write("task", "Aider.")
    stage.star.write("action", f"On a tout fait ensemble, nous. {XSS}")
    stage.star.write("result", "Tout a bien marché.")
    stage.drill.new_question()
    stage.drill.finish()
    first_group = next(iter(stage.ask.groups.values()))
    first_group.toggle(first_group.options[0][1])
    if hasattr(stage.pitch, "parts"):
        for part in stage.pitch.parts:
            stage.pitch.write(part, "Je suis étudiante.")
    return stage


def test_every_part_of_stage_3_speaks_french(content, store, me):
    fr = french_content()
    stage = used_stage(fr, store, me)
    text = "\n".join(html.unescape(s) for s in visible(stage))
    left = [word for word in ENGLISH if word in text]
    assert left == []
    for french in (
        "À faire ou à éviter?",
        "Vérifier ma réponse",
        "Bâtir une réponse STAR",
        "Ce qu'il faut changer",
        "Ajoutez un nombre" if "Ajoutez un nombre" in text else "La partie",
        "Nouvelle question",
        "Lancer la minuterie",
        "Évaluez votre réponse",
        "Pas encore",
        "Des questions à poser en entrevue",
        f"Votre question (étape 1){NB}:",
        f"«{NB}nous{NB}» ou «{NB}on{NB}» revient",
    ):
        assert french in text, french
    assert f"Thème{NB}:" == stage.quiz.topic.description
    assert stage.drill.start_button.description == "Lancer la minuterie"
    assert "Tâche" in text and "Résultat" in text  # the STAR boxes' labels
    # each response's letter and tags, then French spacing before the colon
    assert f"(votre choix){NB}:</strong>" in stage.scenarios.feedback.value


def test_student_text_stays_escaped_in_french(content, store, me):
    stage = used_stage(french_content(), store, me)
    for widget_html in (
        stage.star.feedback.value,
        stage.star.children[1].value,  # their own questions, from stage 1
        stage.drill.children[1].value,
    ):
        assert "<img" not in widget_html
    assert html.escape(XSS) in stage.star.children[1].value


def test_a_french_score_uses_french_numbers(content, store, me):
    stage = InterviewStage(content, store, me, delay=0, rng=random.Random(1))
    for statement in stage.quiz.quiz.statements[:2]:
        stage.quiz.answer(statement.id, statement.answer)
    assert f"Bonnes réponses{NB}: 2 sur 2 (100{NB}%)" in stage.quiz.score.value


def test_the_missed_out_check_speaks_french(content, store, me):
    check = MissedOutCheck(french_content(), store, me)
    reason = check.settings.reasons[0]
    assert check.tick(reason.id)
    text = "\n".join(visible(check))
    assert "Cochez les raisons qui pourraient s'appliquer" in text
    assert "Ce que vous pouvez faire" in check.advice.value
    assert "propose d'abord ces étapes" in check.advice.value
    assert "What to do about it" not in text and "Tick the reasons that may fit" not in text


def test_english_pages_are_unchanged_after_a_french_one(content, store, me):
    i18n.use("en")
    stage = InterviewStage(content, store, me, delay=0, rng=random.Random(1))
    assert stage.quiz.topic.description == "Topic:"
    assert stage.drill.start_button.description == "Start the timer"
    assert "Feedback appears as you write." in stage.star.feedback.value


# Last in this module: once Playwright runs, later Python-only saves would wait on its loop.
@pytest.mark.voila
@pytest.mark.browser
def test_served_stage_3_in_french(voila_server, context):
    """A student opens stage 3 with ?lang=fr: the page is marked French, the quiz, the
    STAR feedback ("on" counted as "nous") and the drill speak French."""
    from playwright.sync_api import expect

    timeout = 90_000
    page = context.new_page()
    page.goto(voila_server.page("03_interview_dos_donts.ipynb", "lang=fr"))
    page.wait_for_selector(".wk-quiz-row", timeout=timeout)
    page.wait_for_function("document.documentElement.lang === 'fr'", timeout=timeout)
    row = page.locator(".wk-quiz-row").first
    row.get_by_role("button", name="À faire", exact=True).click()
    row.locator(".wk-feedback").wait_for()
    expect(page.locator(".wk-score").first).to_contain_text("Bonnes réponses")

    expect(page.locator(".wk-star .wk-star-result textarea")).to_have_count(1)
    page.locator(".wk-star .wk-star-action textarea").fill(
        "On a appelé les clients, et on a fait un tableau ensemble."
    )
    expect(page.locator(".wk-star-feedback")).to_contain_text(
        f"Dans votre Action, «{NB}nous{NB}» ou «{NB}on{NB}» revient 2 fois"
    )
    page.get_by_role("button", name="Nouvelle question").click()
    page.locator(".wk-drill-q").wait_for()
    expect(page.get_by_role("button", name="Lancer la minuterie")).to_be_enabled()
