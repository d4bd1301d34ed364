"""Issue 20 in a real Chromium on a served Voila: a tricky question written in stage 1
comes back in the stage 3 drill, and the downloaded plan holds the STAR story, the
pitch and the dated steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from samples import STRONG_STAR

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
XSS = "<img src=x onerror=\"document.title='pwned'\">"
QUESTION = "Why did you leave your last job?"
PITCH = {
    "Present - who you are now": "I am in the second year of a business program at my "
    "college, and I am good at writing and at stories and social media.",
    "Past - what you did before": "Last summer I ran the social media of a small bakery. I "
    "wrote three posts a week and answered every message the same day. In three months "
    "the page went from 300 to 1,100 followers, and more young people came in on weekends.",
    "Future - what you want next": "Now I am looking for an internship as a social media "
    "intern, because I want to learn how a bigger team plans its posts and measures what "
    "works. I can start in May, and I would love to grow with your team this summer.",
}


def saved_under(page, label: str):
    return (
        page.locator(".wk-text-answer")
        .filter(has=page.get_by_label(label, exact=True))
        .locator(".wk-status-saved")
    )


@pytest.mark.browser
def test_a_tricky_question_comes_back_and_the_plan_keeps_the_work(voila_server, context, tmp_path):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Journey cohort")
    page = context.new_page()
    page.goto(voila_server.page("00_welcome.ipynb", f"session={workshop.code}"))
    page.get_by_label("Your first name").fill("Ana", timeout=TIMEOUT)
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_role("link", name="1. Your skills").click()

    # stage 1: the tricky question, and why the student may have missed out
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    page.get_by_label("Which questions felt tricky?").fill(f"{QUESTION}\n{XSS}")
    saved_under(page, "Which questions felt tricky?").wait_for()
    page.locator(".wk-missed-out").get_by_role("checkbox", name="Language").check()
    page.locator(".wk-missed-advice", has_text="What to do about it").wait_for()

    # stage 3: the question is beside the bank, labelled as the student's own
    page.get_by_role("link", name="3. Interview do's and don'ts").click()
    page.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
    own = page.locator(".wk-own-questions").first
    own.get_by_text(QUESTION).wait_for()
    assert XSS in own.inner_text() and page.title() != "pwned"
    page.get_by_label("Category:").select_option(label="Your own questions (stage 1)")
    page.get_by_role("button", name="New question").click()
    drill = page.locator(".wk-drill-question")
    drill.get_by_text("Your own question, from stage 1").wait_for()
    assert QUESTION in drill.inner_text() or "<img" in drill.inner_text()

    # the STAR builder opens on the student's own question; write a strong answer
    picker = page.get_by_label("Question:")
    shown = picker.evaluate("el => el.options[el.selectedIndex].text").replace("\xa0", " ")
    assert shown == f"Your question (stage 1): {QUESTION}"
    for part, text in STRONG_STAR.items():
        page.get_by_label(part.capitalize(), exact=True).fill(text)
    saved_under(page, "Result").wait_for()
    page.get_by_text("every check passed").first.wait_for()

    # the pitch
    for label, text in PITCH.items():
        page.get_by_label(label, exact=True).fill(text)
    saved_under(page, "Future - what you want next").wait_for()

    # stage 4: a suggested step, with a date and a check-in
    page.get_by_role("link", name="4. Action plan").click()
    page.wait_for_selector(".wk-download", timeout=TIMEOUT)
    page.get_by_text("The steps that help with that come first").wait_for()
    page.get_by_role("checkbox", name="Speak English at work").check()
    row = page.locator(".wk-step-when", has_text="Speak English at work")
    day = date.today() + timedelta(days=10)
    row.locator("input[type=date]").fill(day.isoformat())
    page.get_by_text("Date saved").wait_for()
    row.get_by_role("checkbox", name="Check in with my placement coordinator").check()
    page.get_by_text("Check-in saved").wait_for()
    # the link is remade after the save: wait until it carries the check-in
    page.wait_for_function(
        """() => {
             const a = [...document.querySelectorAll('a.wk-download')][0];
             const data = a && a.href.split('base64,')[1];
             return data && new TextDecoder().decode(
               Uint8Array.from(atob(data), c => c.charCodeAt(0))
             ).includes('check in with my placement coordinator');
           }""",
        timeout=TIMEOUT,
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my plan (HTML)").click()
    path = tmp_path / "plan.html"
    download.value.save_as(path)
    report = path.read_text()
    assert "Journey cohort" in report and "Ana" in report
    assert "My best STAR story" in report and STRONG_STAR["action"] in report
    assert "Tell me about yourself" in report and "small bakery" in report
    assert f"by {day:%A} {day.day} {day:%B %Y}" in report
    assert "check in with my placement coordinator" in report
