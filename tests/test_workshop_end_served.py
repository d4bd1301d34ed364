"""A workshop of three students in Chromium under the real server: the confidence check
at the start and at the end reaches the dashboard as the group's change, and ending the
workshop on the dashboard reaches every open student page within seconds.

Set WORKSHOP_KIT_SHOTS to a folder to keep screenshots of what students and the
instructor see (390 and 1280 px wide)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import AXE
from playwright.sync_api import expect

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine
PAGE_TICK = 15_000  # ms: a student page reads the workshop's state every 3 s
SHOTS = os.environ.get("WORKSHOP_KIT_SHOTS")
FIRST = "I know what other jobs my skills could lead to."


def shoot(page, name: str, part: str | None = None) -> None:
    """The window at 390 and 1280 px wide, scrolled to ``part`` (a CSS selector)."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 1000})
        if part:
            page.locator(part).last.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def accessible(page) -> None:
    """No axe-core violation (WCAG 2 A and AA) and nothing wider than a 390 px phone."""
    page.set_viewport_size({"width": 390, "height": 900})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if not AXE.exists():
            return  # test_pages_quality.py says how to install it
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]}))
                .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(" | ")}`)"""
        )
        assert violations == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def rate(page, statement: str, level: str) -> None:
    page.get_by_role("group", name=statement).get_by_role("radio", name=level).check()


@pytest.mark.browser
def test_confidence_flows_to_the_dashboard_and_the_end_reaches_every_page(voila_server, browser):
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Three students, start to end")
    welcome = voila_server.page("00_welcome.ipynb", f"session={workshop.code}")
    contexts = [browser.new_context() for _ in range(5)]
    try:
        students = []
        for n, (start, end) in enumerate([("1 Not sure at all", "4 Very sure")] * 3):
            page = contexts[n].new_page()
            page.goto(welcome)
            page.get_by_label("Your first name").fill(f"Student {n}", timeout=TIMEOUT)
            page.get_by_role("button", name="Join the workshop").click()
            page.get_by_text("Before you start: how sure are you?").wait_for()
            rate(page, FIRST, start)
            page.get_by_text("Rating saved").wait_for()
            if n == 0:
                shoot(page, "confidence-before-welcome", ".wk-confidence")
                accessible(page)
            page.get_by_role("link", name="4. Action plan").click()
            page.get_by_text("At the end: how sure are you now?").wait_for(timeout=TIMEOUT)
            group = page.get_by_role("group", name=FIRST)
            expect(group).to_contain_text("At the start you chose: Not sure at all.")
            rate(page, FIRST, end)
            group.get_by_text("Rating saved").wait_for()
            if n == 0:
                shoot(page, "confidence-after-plan", ".wk-confidence")
                accessible(page)
            students.append(page)
        # one student keeps the start page open, another stage 1
        start = contexts[1].new_page()
        start.goto(voila_server.page("00_welcome.ipynb"))
        start.get_by_text("Before you start: how sure are you?").wait_for(timeout=TIMEOUT)
        stage1 = contexts[0].new_page()
        stage1.goto(voila_server.page("01_self_assessment.ipynb"))
        stage1.wait_for_selector(".wk-rating", timeout=TIMEOUT)

        dashboard = contexts[3].new_page()
        dashboard.goto(voila_server.page("instructor_dashboard.ipynb"))
        dashboard.get_by_label("Join code").fill(workshop.code, timeout=TIMEOUT)
        dashboard.get_by_label("Instructor key").fill(key)
        dashboard.get_by_role("button", name="Open dashboard").click()
        section = dashboard.locator(".wk-confidence-group")
        expect(section).to_contain_text("3 answered at the start, 3 at the end", timeout=TIMEOUT)
        row = section.locator("tr", has_text=FIRST)
        expect(row).to_contain_text("1.0")
        expect(row).to_contain_text("+3.0")
        expect(section).not_to_contain_text("Student 0")
        shoot(dashboard, "confidence-dashboard", ".wk-confidence-group")

        dashboard.get_by_role("button", name="End the workshop").click()
        expect(dashboard.get_by_text("End the workshop for everyone?")).to_be_visible()
        shoot(dashboard, "end-confirm-dashboard", ".wk-end-workshop")
        dashboard.get_by_role("button", name="Yes, end it").click()
        dashboard.get_by_text("Answers are read-only and no one can join.").wait_for()
        shoot(dashboard, "ended-dashboard", ".wk-end-workshop")
        accessible(dashboard)

        for page in [*students, stage1]:  # every open page learns it by itself
            banner = page.locator(".wk-lock-banner")
            expect(banner).to_contain_text("This workshop has ended.", timeout=PAGE_TICK)
            expect(banner).to_contain_text("Your answers are saved")
        expect(start.locator(".wk-confidence")).to_contain_text(
            "This workshop has ended.", timeout=PAGE_TICK
        )
        expect(start.get_by_role("group", name=FIRST).get_by_role("radio").first).to_be_disabled()
        expect(students[0].locator(".wk-lock-banner")).to_contain_text("Your plan is below")
        radio = students[0].get_by_role("group", name=FIRST).get_by_role("radio").first
        expect(radio).to_be_disabled()
        expect(students[0].get_by_role("link", name="Download my plan (HTML)")).to_be_visible()
        shoot(students[0], "ended-plan", ".wk-confidence")
        link = stage1.locator(".wk-lock-banner").get_by_role("link", name="Here is your plan")
        shoot(stage1, "ended-stage1")
        accessible(stage1)
        link.click()
        stage1.get_by_role("link", name="Download my plan (HTML)").wait_for(timeout=TIMEOUT)

        late = contexts[4].new_page()
        late.goto(welcome)
        late.get_by_label("Your first name").fill("Late", timeout=TIMEOUT)
        late.get_by_role("button", name="Join the workshop").click()
        expect(late.get_by_text("has ended, so it takes no new students")).to_be_visible()
        shoot(late, "ended-join-refused", ".wk-join .wk-status")
    finally:
        for context in contexts:
            context.close()
    with voila_server.store() as store:
        assert len(store.workshop_participants(workshop.id)) == 3
