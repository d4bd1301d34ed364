"""Student text is shown as text everywhere: 22 injection payloads, typed into names,
reflections, STAR answers and ideas, run nothing on any page, the dashboard or the
downloaded report, and fetch nothing from anywhere."""

from __future__ import annotations

import pytest
from xss_payloads import PAYLOADS

from workshop_kit.content import load_content
from workshop_kit.models.action_plan import build_plan
from workshop_kit.report import render

pytestmark = [pytest.mark.voila, pytest.mark.browser]
TIMEOUT = 90_000


def _write_payloads(store, author) -> None:
    store.save_answers(
        author,
        "self_assessment",
        {
            "postmortem.went_well": "\n".join(PAYLOADS),
            "postmortem.tricky_questions": "\n".join(PAYLOADS),  # back in stage 3
            "comfort_zone.stretch": PAYLOADS[2],
        },
    )
    store.save_answers(
        author,
        "interview",
        {
            **{
                f"star.team_disagreement.{part}": " ".join(PAYLOADS)
                for part in ("situation", "task", "action", "result")
            },
            **{f"pitch.{part}": " ".join(PAYLOADS) for part in ("present", "past", "future")},
            "ask.own": "\n".join(PAYLOADS),
            "drill.notes": "\n".join(PAYLOADS),
        },
    )
    store.save_answer(author, "action_plan", "own_steps", "\n".join(PAYLOADS))


@pytest.fixture(scope="module")
def hostile_workshop(voila_server):
    with voila_server.store() as store:
        workshop, key = store.create_workshop(PAYLOADS[0])
        author = store.create_participant(join_code=workshop.code, display_name=PAYLOADS[1])
        for n, payload in enumerate(PAYLOADS):
            store.post_idea(author, f"{n} {payload}", role=payload, first_step=payload)
        _write_payloads(store, author)
        reader = store.create_participant(join_code=workshop.code)
    return workshop, key, author, reader


def check(page, base: str) -> None:
    page.wait_for_timeout(1500)  # let any onload/onerror/animation fire if it could
    assert page.evaluate("window.__xss") is None
    foreign = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin) && !n.startsWith('data:'))"
    )
    assert foreign == []
    assert page.locator("#xsslink").count() == 0


def open_page(browser, url: str, ready: str, dialogs: list):
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector(ready, timeout=TIMEOUT, state="attached")
    return context, page


def test_payloads_on_the_idea_board_show_as_text(voila_server, browser, hostile_workshop):
    _workshop, _key, _author, reader = hostile_workshop
    dialogs: list = []
    context, page = open_page(
        browser,
        voila_server.page("02_alternative_careers.ipynb", f"p={reader.token}"),
        ".wk-idea-text",
        dialogs,
    )
    try:
        page.locator(".wk-idea-text", has_text="onerror").first.wait_for()
        shown = page.locator(".wk-idea-text").all_inner_texts()
        assert any('<img src=x onerror="window.__xss=1">' in text for text in shown)
        assert len(shown) == len(PAYLOADS)
        check(page, voila_server.base)
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_payloads_in_the_students_own_pages_show_as_text(
    voila_server, browser, hostile_workshop, language
):
    workshop, _key, author, _reader = hostile_workshop
    if language == "fr":  # a student who chose French: the French pages, same payloads
        with voila_server.store() as store:
            author = store.create_participant(join_code=workshop.code, display_name=PAYLOADS[1])
            author = store.set_participant_language(author, "fr")
            _write_payloads(store, author)
    for notebook, ready in [
        ("00_welcome.ipynb", ".wk-stages"),
        ("01_self_assessment.ipynb", ".wk-rating"),
        ("03_interview_dos_donts.ipynb", ".wk-star-feedback"),
        ("04_action_plan.ipynb", ".wk-download"),
    ]:
        dialogs: list = []
        context, page = open_page(
            browser, voila_server.page(notebook, f"p={author.token}"), ready, dialogs
        )
        try:
            check(page, voila_server.base)
            assert dialogs == []
            assert page.evaluate("document.documentElement.lang") == language
            if notebook == "01_self_assessment.ipynb":
                label = "What went well?" if language == "en" else "Qu'est-ce qui s'est bien passé?"
                assert page.get_by_label(label).input_value() == "\n".join(PAYLOADS)
        finally:
            context.close()


def test_payloads_on_the_dashboard_show_as_text(voila_server, browser, hostile_workshop):
    workshop, key, _author, _reader = hostile_workshop
    dialogs: list = []
    context, page = open_page(
        browser, voila_server.page("instructor_dashboard.ipynb"), ".wk-join", dialogs
    )
    try:
        page.get_by_label("Join code").fill(workshop.code)
        page.get_by_label("Instructor key").fill(key)
        page.get_by_role("button", name="Open dashboard").click()
        page.locator(".wk-idea-text").first.wait_for(timeout=TIMEOUT)
        check(page, voila_server.base)
        assert dialogs == []
    finally:
        context.close()


def test_the_downloaded_report_runs_nothing(browser, tmp_path):
    content = load_content()
    answers = {
        "self_assessment": {
            "postmortem.change_next_time": "\n".join(PAYLOADS),
            "postmortem.tricky_questions": "\n".join(PAYLOADS),
        },
        "interview": {
            **{f"star.team_success.{p}": " ".join(PAYLOADS) for p in ("situation", "action")},
            **{f"pitch.{part}": " ".join(PAYLOADS) for part in ("present", "past", "future")},
            "ask.own": "\n".join(PAYLOADS),
            "drill.notes": "\n".join(PAYLOADS),
        },
        "action_plan": {"own_steps": "\n".join(PAYLOADS)},
    }
    plan = build_plan(content, answers, PAYLOADS[0], workshop_name=PAYLOADS[1])
    html, _markdown = render(plan, PAYLOADS[2])
    path = tmp_path / "report.html"
    path.write_text(html)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__xss") is None and dialogs == []
        assert "<script>window.__xss=1</script>" in page.locator("body").inner_text()
    finally:
        context.close()
