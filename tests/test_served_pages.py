"""Stage 1 served by a real Voila process (``workshop-kit serve``, as ``make serve``),
fetched over HTTP and driven in a real Chromium like a student would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.voila

ROOT = Path(__file__).resolve().parents[1]
XSS = "<img src=x onerror=\"document.title='pwned'\"> I arrived early"
TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine


def test_the_page_is_served_with_its_widgets(voila_server):
    with urllib.request.urlopen(voila_server.page(), timeout=120) as response:
        html = response.read().decode()
    assert response.status == 200
    assert "application/vnd.jupyter.widget-view+json" in html
    assert "Traceback" not in html and "Error" not in html.split("<body", 1)[-1][:2000]


def test_serve_refuses_broken_content_and_names_the_place(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "en", folder)
    path = folder / "skills.yaml"
    path.write_text(path.read_text().replace("category: writing", "category: penmanship", 1))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop_kit.cli",
            "serve",
            "--content",
            str(folder),
            "--port",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "skills.yaml" in result.stderr and ".category: 'penmanship'" in result.stderr
    assert "did not start" in result.stderr and "Traceback" not in result.stderr


def new_url_token(url: str) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query)["p"][0]


def open_stage(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    return page


def rating(page, skill: str, level: str):
    return page.get_by_role("group", name=skill).get_by_role("radio", name=level)


@pytest.mark.browser
def test_a_student_rates_writes_reloads_and_finds_everything(voila_server, context):
    page = open_stage(context, voila_server.page())
    rating(page, "Presenting to a group", "4 Strong").check()
    page.get_by_text("Rating saved").wait_for()
    rating(page, "Programming", "1 New to me").check()
    page.get_by_label("What went well?").fill(XSS)
    page.get_by_label("What will you change next time?").fill("Préparer 3 histoires 📝 准备")
    page.locator(".wk-status-saved", has_text="Saved").nth(1).wait_for()
    # typing saves once the student pauses, not once per keystroke
    page.get_by_label("What feedback did you get?").press_sequentially(
        "Give examples with numbers", delay=30
    )
    page.locator(".wk-status-saved", has_text="Saved").nth(2).wait_for()
    # the profile reacts to the ratings
    page.locator(".wk-summary", has_text="Room to grow").wait_for()
    assert "Presenting to a group" in page.locator(".wk-summary").inner_text()
    # the personal link is now in the address
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    link = page.url

    page.reload()
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    assert rating(page, "Presenting to a group", "4 Strong").is_checked()
    assert rating(page, "Programming", "1 New to me").is_checked()
    assert page.get_by_label("What went well?").input_value() == XSS
    assert page.get_by_label("What will you change next time?").input_value() == (
        "Préparer 3 histoires 📝 准备"
    )
    assert page.title() != "pwned"
    with voila_server.store() as store:
        me = store.participant_by_token(new_url_token(link))
        versions = store.answer_history(me, "self_assessment", "postmortem.feedback_received")
    assert versions[-1] == "Give examples with numbers"
    assert len(versions) <= 3  # 26 keystrokes, debounced

    # another device: the personal link alone brings the answers back
    other = context.browser.new_context()
    try:
        elsewhere = open_stage(other, link)
        assert rating(elsewhere, "Presenting to a group", "4 Strong").is_checked()
    finally:
        other.close()


@pytest.mark.browser
def test_the_plain_link_again_finds_the_student_on_the_same_browser(voila_server, context):
    page = open_stage(context, voila_server.page())
    rating(page, "Editing and proofreading", "3 Comfortable").check()
    page.get_by_text("Rating saved").wait_for()
    again = open_stage(context, voila_server.page())  # no ?p= in the address
    again.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    assert rating(again, "Editing and proofreading", "3 Comfortable").is_checked()


@pytest.mark.browser
def test_start_fresh_on_a_shared_computer(voila_server, context):
    page = open_stage(context, voila_server.page())
    rating(page, "Research", "5 One of my best").check()
    page.get_by_text("Rating saved").wait_for()
    page.get_by_role("button", name="Start fresh").click()
    page.get_by_text("You started fresh").wait_for()
    expect(rating(page, "Research", "5 One of my best")).not_to_be_checked()
    page.wait_for_function("new URL(location.href).searchParams.get('p')")
    page.reload()
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    expect(page.get_by_text("Rating saved")).to_have_count(0)
    expect(rating(page, "Research", "5 One of my best")).not_to_be_checked()


@pytest.mark.browser
def test_keyboard_alone_can_rate_a_skill(voila_server, context):
    page = open_stage(context, voila_server.page())
    first = rating(page, "Active listening", "1 New to me")
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.get_by_text("Rating saved").wait_for()
    expect(rating(page, "Active listening", "2 Getting started")).to_be_checked()


BOARD_WAIT = 15_000  # ms: the board refreshes every few seconds


@pytest.mark.browser
def test_two_students_see_each_others_ideas_and_votes_live(voila_server, browser):
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Live board")
    url = voila_server.page("02_alternative_careers.ipynb", f"session={workshop.code}")
    ana_context, ben_context = browser.new_context(), browser.new_context()
    try:
        ana, ben = open_board(ana_context, url), open_board(ben_context, url)
        ana.get_by_label("What else could your skills do?").fill(XSS)
        ana.get_by_role("button", name="Post idea").click()
        # Ben sees Ana's idea, literally, without reloading
        ben.locator(".wk-idea-text", has_text="onerror").wait_for(timeout=BOARD_WAIT)
        assert ben.locator(".wk-idea-text").first.inner_text().startswith("<img src=x")
        ben.get_by_role("button", name="Vote", exact=True).click()
        expect(ana.locator(".wk-idea-votes").first).to_have_text("▲ 1", timeout=BOARD_WAIT)
        assert ana.title() != "pwned" and ben.title() != "pwned"

        # students get no moderation; the instructor hides it (from the dashboard) and it
        # disappears from both boards
        assert ben.get_by_text("moderate", exact=False).count() == 0
        assert ben.get_by_role("button", name="Hide").count() == 0
        with voila_server.store() as store:
            (idea,) = [i["id"] for i in store.workshop_snapshot(workshop.id)["ideas"]]
            store.hide_idea(workshop, key, idea)
        expect(ana.locator(".wk-idea-text")).to_have_count(0, timeout=BOARD_WAIT)
        expect(ben.locator(".wk-idea-text")).to_have_count(0, timeout=BOARD_WAIT)
    finally:
        ana_context.close()
        ben_context.close()


def open_board(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".wk-board", timeout=TIMEOUT)
    return page


@pytest.mark.browser
def test_stage_2_suggests_roles_from_stage_1_ratings(voila_server, context):
    page = open_stage(context, voila_server.page())
    rating(page, "Stories and social media", "5 One of my best").check()
    page.get_by_text("Rating saved").wait_for()
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    page.get_by_role("link", name="2. Other careers").click()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    assert "Based on the 1 skill you rated" in page.content()
    first = page.locator(".wk-role").first
    first.get_by_role("button", name="Mark to explore").click()
    expect(first.get_by_role("button", name="Marked to explore")).to_be_visible()
    title = first.locator(".wk-role-title").inner_text()
    page.reload()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    expect(
        page.locator(".wk-role").first.get_by_role("button", name="Marked to explore")
    ).to_be_visible()
    assert title in page.locator("li", has_text=title).first.inner_text()


@pytest.mark.browser
def test_stage_3_quiz_star_and_a_drill_whose_timer_runs_while_typing(voila_server, context):
    page = context.new_page()
    page.goto(voila_server.page("03_interview_dos_donts.ipynb"))
    page.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
    row = page.locator(".wk-quiz-row").first
    row.get_by_role("button", name="Do", exact=True).click()
    row.locator(".wk-feedback").wait_for()
    expect(page.locator(".wk-score").first).to_contain_text("of 1 right")

    page.get_by_label("Action").fill("We met and we fixed the bug together.")
    expect(page.locator(".wk-star-feedback")).to_contain_text('Your Action says "we" 2 times')

    page.get_by_role("button", name="New question").click()
    page.locator(".wk-drill-q").wait_for()
    page.get_by_role("button", name="Start the timer").click()
    expect(page.locator(".wk-countdown-label")).to_have_text("Get ready")
    notes = page.get_by_label("Notes while you prepare (optional)")
    notes.press_sequentially("S: library job. T: long queue.", delay=80)
    # the clock kept moving while the student typed, and the kernel kept saving
    page.wait_for_function(
        "document.querySelector('.wk-countdown-clock').textContent < '0:29'", timeout=10_000
    )
    page.locator(".wk-text-answer").filter(has=notes).locator(".wk-status-saved").wait_for()
    page.get_by_role("button", name="I have finished").click()
    rating(page, "Structure", "4 Good").check()
    page.get_by_text("Rating saved").last.wait_for()

    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    page.reload()
    page.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
    expect(page.locator(".wk-quiz-row").first.locator(".wk-feedback")).to_be_visible()
    assert page.get_by_label("Action").input_value() == "We met and we fixed the bug together."
    assert notes.input_value() == "S: library job. T: long queue."
    expect(rating(page, "Structure", "4 Good")).to_be_checked()


@pytest.mark.browser
def test_a_workshop_with_three_students_and_the_dashboard(voila_server, browser, tmp_path):
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Three students")
    welcome = voila_server.page("00_welcome.ipynb", f"session={workshop.code}")
    contexts = [browser.new_context() for _ in range(4)]
    try:
        students = []
        for n, context in enumerate(contexts[:3]):
            page = context.new_page()
            page.goto(welcome)
            page.get_by_label("Your first name").fill(f"Student {n}", timeout=TIMEOUT)
            page.get_by_role("button", name="Join the workshop").click()
            page.get_by_text("Your resume code").wait_for()
            page.get_by_role("link", name="1. Your skills").click()
            page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
            rating(page, "Presenting to a group", "4 Strong").check()
            page.get_by_text("Rating saved").wait_for()
            students.append(page)

        dashboard = contexts[3].new_page()
        dashboard.goto(voila_server.page("instructor_dashboard.ipynb"))
        dashboard.get_by_label("Join code").fill(workshop.code, timeout=TIMEOUT)
        dashboard.get_by_label("Instructor key").fill("not the key")
        dashboard.get_by_role("button", name="Open dashboard").click()
        dashboard.get_by_text("That code and key do not match").wait_for()
        expect(dashboard.get_by_text("3 joined")).to_have_count(0)
        dashboard.get_by_label("Instructor key").fill(key)
        dashboard.get_by_role("button", name="Open dashboard").click()
        dashboard.get_by_text("3 joined").wait_for(timeout=TIMEOUT)
        assert "3 chose 4" in dashboard.locator(".wk-dashboard svg desc").first.text_content()

        # the instructor locks stage 3; its controls are locked for a student there
        dashboard.get_by_role("button", name="3. Interview do's and don'ts: open").click()
        dashboard.get_by_text("is now locked").wait_for()
        student = students[0]
        student.get_by_role("link", name="3. Interview do's and don'ts").click()
        student.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
        student.get_by_text("Your instructor paused this part").first.wait_for()
        do = student.locator(".wk-quiz-row").first.get_by_role("button", name="Do", exact=True)
        expect(do).to_be_disabled()

        # a student's answers arrive on the dashboard without a reload
        students[1].get_by_role("link", name="2. Other careers").click()
        students[1].get_by_label("What else could your skills do?").fill("Try a start-up")
        students[1].get_by_role("button", name="Post idea").click()
        dashboard.locator(".wk-idea-text", has_text="Try a start-up").wait_for(timeout=15_000)

        dashboard.get_by_role("button", name="Prepare exports").click()
        with dashboard.expect_download() as download:
            dashboard.get_by_role("link", name="Excel workbook").click()
        path = tmp_path / "export.xlsx"
        download.value.save_as(path)
        import pandas as pd

        sheets = pd.read_excel(path, sheet_name=None)
        assert "name" not in sheets["participants"]  # no names unless the box is ticked
        assert sorted(sheets["participants"]["participant"]) == ["P001", "P002", "P003"]
        assert len(sheets["ratings"]) == 3 and len(sheets["ideas"]) == 1

        dashboard.get_by_label("Include students' first names").check()
        dashboard.get_by_role("button", name="Prepare exports").click()
        with dashboard.expect_download() as download:
            dashboard.get_by_role("link", name="Excel workbook").click()
        download.value.save_as(path)
        named = pd.read_excel(path, sheet_name="participants")
        assert sorted(named["name"]) == ["Student 0", "Student 1", "Student 2"]
    finally:
        for context in contexts:
            context.close()


@pytest.mark.browser
def test_the_action_plan_downloads_a_report(voila_server, context, tmp_path):
    page = open_stage(context, voila_server.page())
    rating(page, "Stories and social media", "5 One of my best").check()
    page.get_by_text("Rating saved").wait_for()
    page.get_by_role("link", name="4. Action plan").click()
    page.get_by_text("Stories and social media").first.wait_for(timeout=TIMEOUT)
    page.get_by_role("checkbox", name="Ask my placement coordinator").check()
    page.get_by_text("Saved").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my plan (HTML)").click()
    path = tmp_path / "plan.html"
    download.value.save_as(path)
    html = path.read_text()
    assert "Stories and social media" in html and "Ask my placement coordinator" in html


@pytest.mark.browser
def test_one_student_through_every_stage_with_a_reload_midway(voila_server, context, tmp_path):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Whole journey")
        classmate = store.create_participant(join_code=workshop.code)
        store.post_idea(classmate, "Hospitals need translators")
    page = context.new_page()
    page.goto(voila_server.page("00_welcome.ipynb", f"session={workshop.code}"))
    page.get_by_label("Your first name").fill("Ana", timeout=TIMEOUT)
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_role("link", name="1. Your skills").click()

    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    rating(page, "Stories and social media", "5 One of my best").check()
    page.get_by_text("Rating saved").wait_for()
    page.get_by_label("What went well?").fill("I knew the company well.")
    page.locator(".wk-text-answer .wk-status-saved").first.wait_for()
    page.reload()  # mid-way: nothing is lost
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    expect(rating(page, "Stories and social media", "5 One of my best")).to_be_checked()
    assert page.get_by_label("What went well?").input_value() == "I knew the company well."

    page.get_by_role("link", name="2. Other careers").click()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    page.locator(".wk-role").first.get_by_role("button", name="Mark to explore").click()
    page.get_by_label("What else could your skills do?").fill("Write for a charity")
    page.get_by_role("button", name="Post idea").click()
    page.locator(".wk-idea-text", has_text="Write for a charity").wait_for()
    page.locator(".wk-idea-row", has_text="Hospitals need translators").get_by_role(
        "button", name="Vote", exact=True
    ).click()
    page.get_by_text("Vote counted").wait_for()

    page.get_by_role("link", name="3. Interview do's and don'ts").click()
    page.wait_for_selector(".wk-quiz-row", timeout=TIMEOUT)
    page.locator(".wk-quiz-row").first.get_by_role("button", name="Do", exact=True).click()
    page.locator(".wk-quiz-row .wk-feedback").first.wait_for()
    page.get_by_label("Result").fill("Sign-ups grew by 20% in one month.")
    page.locator(".wk-text-answer").filter(has=page.get_by_label("Result")).locator(
        ".wk-status-saved"
    ).wait_for()
    page.get_by_role("button", name="New question").click()
    page.get_by_role("button", name="Start the timer").click()
    page.get_by_role("button", name="I have finished").click()
    rating(page, "Evidence", "2 Getting there").check()
    page.get_by_text("Rating saved").last.wait_for()

    page.get_by_role("link", name="4. Action plan").click()
    page.wait_for_selector(".wk-download", timeout=TIMEOUT)
    page.get_by_role("checkbox", name="Write three STAR stories").check()
    page.get_by_text("Saved").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my plan (HTML)").click()
    path = tmp_path / "plan.html"
    download.value.save_as(path)
    report = path.read_text()
    assert "Ana" in report and "Stories and social media" in report
    assert "Write three STAR stories" in report and "Evidence" in report

    page.get_by_role("link", name="Start").click()
    page.locator(".wk-progress-done").first.wait_for(timeout=TIMEOUT)
    assert page.locator(".wk-progress-done").count() >= 2


@pytest.mark.browser
def test_a_returning_students_stage_is_in_the_first_render(voila_server, context):
    """The browser's token cookie reaches the kernel with the page request, so the
    first render already holds the student's stage: no "Loading your answers" while
    the page asks the browser whom it remembers."""
    with voila_server.store() as store:
        me = store.create_participant()
        store.save_answer(me, "self_assessment", "postmortem.went_well", "Arrived early 🚀")
    host = urllib.parse.urlparse(voila_server.base).hostname
    context.add_cookies([{"name": "wk_p", "value": me.token, "domain": host, "path": "/"}])
    context.add_init_script(
        """new MutationObserver(() => {
             if (document.body && document.body.innerText.includes("Loading your answers"))
               window.__waited = true;
           }).observe(document, {subtree: true, childList: true, characterData: true});"""
    )
    page = open_stage(context, voila_server.page())  # the plain link, no ?p=
    assert page.get_by_label("What went well?").input_value() == "Arrived early 🚀"
    assert page.evaluate("window.__waited === undefined")
