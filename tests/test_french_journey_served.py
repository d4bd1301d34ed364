"""English and French in a real Chromium on a served Voila.

An instructor creates a French workshop; a student joins and goes through every stage in
French and downloads a French plan. A second student switches to English halfway through
typing an answer and loses nothing."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workshop_kit.content import load_content
from workshop_kit.i18n import translations

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
ACT = 15_000  # ms: one round trip to a warm kernel
ROOT = Path(__file__).resolve().parents[1]
FR = load_content(ROOT / "exercises", "fr")
EN = load_content(ROOT / "exercises", "en")
fr = translations("fr").gettext

STAR_FR = {
    "situation": "Pendant ma deuxième année, je travaillais à temps partiel au comptoir "
    "d'accueil de mon collège, où les nouveaux étudiants posaient beaucoup de questions.",
    "task": "Les gens attendaient plus de quarante minutes. Ma gestionnaire m'a demandé de "
    "trouver une façon de réduire l'attente.",
    "action": "D'abord, j'ai compté les questions pendant deux semaines et j'ai vu que la "
    "moitié portait sur les trois mêmes sujets. J'ai écrit un guide d'une page en français "
    "simple sur ces sujets. J'ai demandé à deux camarades de le traduire en espagnol et en "
    "mandarin, puis j'ai vérifié les traductions avec notre conseillère. Ensuite, j'ai "
    "installé une petite table à l'entrée pour remettre le guide et répondre aux questions "
    "rapides. J'ai aussi formé les deux autres étudiants qui travaillaient avec moi.",
    "result": "En un mois, l'attente moyenne est passée de 40 minutes à 15 minutes. "
    "J'ai appris à mesurer un problème avant de le régler.",
}
# Words that would betray an English string left on a French page.
ENGLISH = re.compile(r"\b(the|your|you|with|what|saved|skills|rating)\b", re.I)


def _prompt(content, prompt_id: str) -> str:
    return next(p.label for p in content.self_assessment.postmortem.prompts if p.id == prompt_id)


def _visible_english(page) -> list[str]:
    """Lines of the page's own widgets that read as English (student text aside)."""
    text = page.locator(".wk-page").first.inner_text()
    return [line for line in text.splitlines() if ENGLISH.search(line)]


def _saved_under(page, label: str):
    return (
        page.locator(".wk-text-answer")
        .filter(has=page.get_by_label(label, exact=True))
        .locator(".wk-status-saved")
    )


@pytest.mark.browser
def test_a_french_workshop_from_joining_to_the_plan(voila_server, context, tmp_path):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Cohorte francophone", language="fr")
    page = context.new_page()  # an English browser: the workshop's language wins
    page.goto(voila_server.page("00_welcome.ipynb", f"session={workshop.code}"))
    page.get_by_label(fr("Your first name")).fill("Amélie", timeout=TIMEOUT)
    page.get_by_role("button", name=fr("Join the workshop")).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text(FR.welcome.title).first).to_be_visible()

    # stage 1, in French: a skill rated, a tricky question written
    page.get_by_role("link", name=fr("1. Your skills")).click()
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    skill = FR.skills.skills[0].name
    group = page.get_by_role("group", name=skill, exact=True)
    group.locator("input[type=radio]").nth(4).check()
    expect(group.locator(".wk-rating-status")).not_to_be_empty(timeout=ACT)
    tricky = _prompt(FR, "tricky_questions")
    page.get_by_label(tricky).fill("Pourquoi voulez-vous travailler ici?")
    _saved_under(page, tricky).wait_for(timeout=ACT)
    assert _visible_english(page) == []

    # stage 2: roles with their French titles
    page.get_by_role("link", name=fr("2. Other careers")).click()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    titles = {role.title for role in FR.roles.roles}
    first_title = page.locator(".wk-role-title").first.inner_text()
    assert first_title in titles
    assert "CNP" in page.locator(".wk-role").first.inner_text()

    # stage 3: a do-or-don't answered, and a STAR answer in French that passes its checks
    page.get_by_role("link", name=fr("3. Interview do's and don'ts")).click()
    page.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
    page.locator(".wk-quiz-row").first.locator("button").first.click()
    page.locator(".wk-quiz-row").first.locator(".wk-feedback").wait_for(timeout=ACT)
    star = page.locator(".wk-star").first
    for part, text in STAR_FR.items():
        star.locator(f".wk-star-{part} textarea").fill(text)
    star.locator(".wk-star-result .wk-status-saved").wait_for(timeout=ACT)
    feedback = page.locator(".wk-star-feedback").first
    expect(feedback).not_to_contain_text("Situation is empty", timeout=ACT)
    assert not ENGLISH.search(feedback.inner_text())

    # stage 4: the plan, downloaded in French
    page.get_by_role("link", name=fr("4. Action plan")).click()
    page.wait_for_selector(".wk-download", timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    step = FR.action_plan.steps[0].label
    page.get_by_role("checkbox", name=step).first.check()
    page.wait_for_function(
        """() => {
             const a = document.querySelector('a.wk-download');
             const data = a && a.href.split('base64,')[1];
             return data && new TextDecoder().decode(
               Uint8Array.from(atob(data), c => c.charCodeAt(0))).includes('Amélie');
           }""",
        timeout=TIMEOUT,
    )
    with page.expect_download() as download:
        page.locator("a.wk-download").first.click()
    path = tmp_path / "plan.html"
    download.value.save_as(path)
    plan = path.read_text(encoding="utf-8")
    assert re.search(r"<html lang=['\"]fr['\"]", plan)
    shown = unescape(plan)
    assert "Cohorte francophone" in shown and "Amélie" in shown
    assert STAR_FR["action"] in shown and STAR_FR["result"] in shown
    assert step in shown
    body = unescape(re.sub(r"<[^>]+>", " ", plan.split("<body", 1)[1]))
    assert not re.search(r"\b(the|your|what|with)\b", body, re.I), body[:400]


@pytest.mark.browser
def test_switching_to_english_mid_answer_keeps_what_was_typed(voila_server, context):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Atelier bilingue", language="fr")
        student = store.create_participant(join_code=workshop.code, display_name="Jonas")
    page = context.new_page()
    page.goto(voila_server.page("01_self_assessment.ipynb", f"p={student.token}"))
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    box = page.get_by_label(_prompt(FR, "went_well"))
    typed = "J'ai bien présenté mon projet d'équipe, et j'ai posé deux bonnes questions."
    box.fill(typed)
    # no wait for "saved": the switch itself must keep what is in the box
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=ACT)
    english_box = page.get_by_label(_prompt(EN, "went_well"))
    expect(english_box).to_have_value(typed, timeout=ACT)
    expect(page.locator("h1").first).to_have_text(EN.self_assessment.title)
    # remembered with the student: a reload, and another page, stay English
    page.reload()
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(_prompt(EN, "went_well"))).to_have_value(typed)
    with voila_server.store() as store:
        me = store.participant_by_token(student.token)
        assert me.language == "en"
        assert store.answers(me, "self_assessment")["postmortem.went_well"] == typed
