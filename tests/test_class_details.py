"""Small things a class notices, checked in a real Chromium against ``workshop-kit
serve``: the activity timer stays in view and says clearly when time is up, the drill's
"I have finished" is not "time is up", the welcome page joins on Enter, and the
dashboard opens a workshop it has just created and moderates with a confirm and undo."""

from __future__ import annotations

import re
import time

import pytest
from conftest import TEST_ORGANISER_SECRET
from playwright.sync_api import expect

pytestmark = [pytest.mark.voila, pytest.mark.browser]

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
ACT = 15_000  # ms: a round trip to the kernel and the store


def test_the_welcome_page_joins_on_enter_and_numbers_each_stage_once(voila_server, context):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Enter joins")
    page = context.new_page()
    page.goto(voila_server.page("00_welcome.ipynb", f"session={workshop.code}"))
    name = page.get_by_label("Your first name")
    name.fill("Mei", timeout=TIMEOUT)
    name.press("Enter")  # no click, no Tab: the box still has the focus
    page.get_by_text("Your resume code").wait_for(timeout=ACT)
    expect(page.get_by_text("You joined “Enter joins” as Mei.")).to_be_visible()

    stages = page.locator(".wk-stages")
    expect(stages.get_by_role("link").first).to_have_text("1. Your skills")
    # the names carry their numbers; the list adds none ("1. 1. Your skills")
    assert stages.evaluate("e => getComputedStyle(e.querySelector('li')).listStyleType") == "none"


def scroller_of(page, selector: str) -> str:
    """Scroll the element that scrolls the page (Voila's, not the window) down a lot."""
    return page.evaluate(
        """(selector) => {
          let node = document.querySelector(selector);
          while (node && node.scrollHeight <= node.clientHeight + 10) node = node.parentElement;
          node.scrollTop = 2500;
          return node.scrollTop;
        }""",
        selector,
    )


def test_the_activity_timer_stays_in_view_and_time_up_looks_different(voila_server, context):
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Sticky timer")
        store.start_timer(workshop, key, "Brainstorm", 300)
    page = context.new_page()
    page.clock.install()  # the browser's clock runs as usual until the test moves it on
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(voila_server.page(query=f"session={workshop.code}"))
    timer = page.locator(".wk-activity")
    expect(timer).to_have_attribute("data-state", "running", timeout=TIMEOUT)
    expect(timer).to_contain_text("Brainstorm: ")
    assert scroller_of(page, ".wk-rating") > 1000
    # far down the page, the timer is still on screen, at the top
    page.wait_for_function(
        """() => { const r = document.querySelector('.wk-activity').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= 160; }""",
        timeout=ACT,
    )
    running = timer.evaluate("e => getComputedStyle(e).backgroundColor")

    page.clock.run_for(301_000)  # the five minutes pass in the browser
    expect(timer).to_have_attribute("data-state", "up", timeout=ACT)
    expect(timer).to_have_text(re.compile("Brainstorm: time is up"))
    assert timer.evaluate("e => getComputedStyle(e).backgroundColor") != running
    assert timer.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"


def test_finishing_the_drill_early_does_not_say_time_is_up(voila_server, context):
    page = context.new_page()
    page.goto(voila_server.page("03_interview_dos_donts.ipynb"))
    page.get_by_role("button", name="New question").click(timeout=TIMEOUT)
    page.locator(".wk-drill-q").wait_for(timeout=ACT)
    page.get_by_role("button", name="Start answering now").click()
    countdown = page.locator(".wk-countdown")
    expect(countdown.locator(".wk-countdown-label")).to_have_text("Answer now", timeout=ACT)
    page.get_by_role("button", name="I have finished").click()
    expect(countdown.locator(".wk-countdown-label")).to_have_text("Finished", timeout=ACT)
    expect(countdown.locator(".wk-countdown-clock")).to_have_text(re.compile(r"\d:\d\d to spare"))
    assert "Time is up" not in countdown.inner_text()


def test_a_created_workshop_opens_at_once_and_moderation_asks_and_undoes(voila_server, context):
    page = context.new_page()
    page.goto(voila_server.page("instructor_dashboard.ipynb"))
    page.get_by_label("Workshop name").fill("Created here", timeout=TIMEOUT)
    page.get_by_label("Organiser secret").fill(TEST_ORGANISER_SECRET)
    page.get_by_role("button", name="Create a workshop").click()
    # the workshop opens with no second trip through the code and key boxes
    expect(page.locator(".wk-code-line")).to_contain_text("0 joined", timeout=ACT)
    expect(page.get_by_label("Instructor key")).to_be_hidden()
    code = page.locator(".wk-created .wk-code").inner_text()
    port = voila_server.base.rsplit(":", 1)[1]
    link = page.locator(".wk-created a")
    pattern = rf"^http://[^/]+:{port}/voila/render/00_welcome\.ipynb\?session={code}$"
    expect(link).to_have_text(re.compile(pattern))
    expect(page.locator(".wk-qr-box code")).to_have_text(re.compile(pattern))
    key = page.locator(".wk-created .wk-key").inner_text()
    page.get_by_role("button", name="I have written the key down").click()
    expect(page.get_by_text(key)).to_have_count(0, timeout=ACT)

    with voila_server.store() as store:
        workshop = store.workshop_by_code(code)
        student = store.create_participant(join_code=code)
        store.post_idea(student, "Volunteer at the food bank")
        classmate = store.create_participant(join_code=code)
    # moderation, on the dashboard opened again with the code and the key
    page.reload()
    page.get_by_label("Join code").fill(code, timeout=TIMEOUT)
    page.get_by_label("Instructor key").fill(key)
    page.get_by_role("button", name="Open dashboard").click()
    row = page.locator(".wk-idea-row", has_text="Volunteer at the food bank")
    row.get_by_role("button", name="Hide").click(timeout=ACT)
    expect(row.get_by_text("Hide this idea?")).to_be_visible(timeout=ACT)
    row.get_by_role("button", name="Yes, hide it").click()
    expect(page.get_by_text("Idea hidden for everyone.")).to_be_visible(timeout=ACT)
    board_of(voila_server, classmate, [])
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("The idea is back on the board.")).to_be_visible(timeout=ACT)
    board_of(voila_server, classmate, ["Volunteer at the food bank"])
    with voila_server.store() as store:
        assert store.check_instructor_key(workshop, key)


def board_of(server, participant, expected: list[str]) -> None:
    """Wait until the student's board in the store holds ``expected`` (the kernel's
    write may land a moment after the page shows its message)."""
    deadline = time.monotonic() + ACT / 1000
    while True:
        with server.store() as store:
            shown = [idea.text for idea in store.board(participant)]
        if shown == expected or time.monotonic() > deadline:
            break
        time.sleep(0.1)  # poll the condition; there is no event to wait on across processes
    assert shown == expected
