"""The presenter view served and in Chromium: a workshop of three students, the dashboard
moving the projector's page through every panel, live splits and the reveal; on every
panel no control, no name, text of at least 28 px that fits the screen, and axe-core
clean. Screenshots of each panel at 1280x720 and 1920x1080 go to a temporary folder
(or to ``$WORKSHOP_KIT_SHOTS``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import AXE

from workshop_kit.content import load_content
from workshop_kit.models import interview
from workshop_kit.models.presenter import PANEL_IDS, WAITING

pytestmark = [pytest.mark.voila, pytest.mark.browser]
TIMEOUT = 90_000
FOLLOW = 10_000  # the page follows within a second or two; this is a generous cap
SIZES = [(1280, 720), (1920, 1080)]
NAMES = ["Wilhelmina", "Bartholomew", "Anastasia"]

# What a person at the back of the room would notice: the smallest text, whether the
# panel needs scrolling or clips, and any control left on the screen.
FACTS = """() => {
  const panel = document.querySelector(".wk-present");
  let smallest = Infinity;
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (element.closest("[hidden]") || element.closest("svg")) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize));
  }
  const controls = [...document.querySelectorAll(
    "button, input, select, textarea, [contenteditable=true], a[href]")]
    .filter((e) => !e.disabled && e.getClientRects().length
            && getComputedStyle(e).visibility !== "hidden"
            && e.getBoundingClientRect().width > 0);
  const seen = controls.filter((e) => {
    const box = e.getBoundingClientRect();
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return top === e || e.contains(top);  // a control a person could see and press
  });
  return {
    smallest,
    clipped: panel.scrollHeight > panel.clientHeight + 1
      || panel.scrollWidth > panel.clientWidth + 1,
    scrolls: document.scrollingElement.scrollHeight > window.innerHeight + 1
      || document.scrollingElement.scrollWidth > window.innerWidth + 1,
    controls: seen.map((e) => e.outerHTML.slice(0, 80)),
    text: document.body.innerText,
  };
}"""

TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WORKSHOP_KIT_SHOTS") or tmp_path / "presenter-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_panel(page, panel: str, shots: Path) -> str:
    """Every size: readable, fitting, no control, no name, axe-clean; the panel's text."""
    shots.mkdir(parents=True, exist_ok=True)
    page.locator(f".wk-present-{panel}").wait_for(timeout=FOLLOW)
    text = ""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(TWO_FRAMES)
        facts = page.evaluate(FACTS)
        page.screenshot(path=str(shots / f"{panel}-{width}x{height}.png"))
        assert facts["smallest"] >= 28, (panel, width, facts["smallest"])
        assert not facts["clipped"] and not facts["scrolls"], (panel, width)
        assert facts["controls"] == [], (panel, facts["controls"])
        for name in NAMES:
            assert name not in facts["text"], (panel, name)
        text = facts["text"]
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]}))
                    .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(" | ")}`)"""
            )
            assert violations == [], (panel, width, violations)
            contrast = page.evaluate(
                """async () => (await axe.run(document.querySelector(".wk-present"),
                    {runOnly: ["color-contrast", "color-contrast-enhanced"]}))
                    .violations.reduce((n, v) => n + v.nodes.length, 0)"""
            )
            assert contrast == 0, (panel, width, contrast)  # AAA (7:1) for the projector
    return text


def test_the_presenter_follows_the_dashboard_through_every_panel(voila_server, browser, tmp_path):
    content = load_content()
    statement = content.by_kind["interview_statements"].statements[0]
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    shots = _shots_dir(tmp_path)
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Presenter in the room")
        people = [store.create_participant(workshop.code, name) for name in NAMES]
        for person in people:
            store.save_answer(person, "self_assessment", "rating.presenting", 4)
        store.save_answer(people[0], "self_assessment", "rating.teamwork", 5)
    instructor = browser.new_context(viewport={"width": 1280, "height": 720})
    student_context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        dashboard = instructor.new_page()
        dashboard.goto(voila_server.page("instructor_dashboard.ipynb"))
        dashboard.get_by_label("Join code").fill(workshop.code, timeout=TIMEOUT)
        dashboard.get_by_label("Instructor key").fill(key)
        dashboard.get_by_role("button", name="Open dashboard").click()
        dashboard.get_by_text("3 joined").wait_for(timeout=TIMEOUT)
        with instructor.expect_page() as opened:
            dashboard.get_by_role("link", name="Open presenter view").click()
        presenter = opened.value
        presenter.locator(".wk-present-joining").wait_for(timeout=TIMEOUT)
        # the pass has left the address bar (and so this page's history entry)
        assert "#" not in presenter.url and "pass" not in presenter.url
        assert workshop.code in presenter.locator(".wk-present-code").inner_text()
        text = check_panel(presenter, "joining", shots)
        assert "3 people have joined" in text

        def panel_button(name: str) -> None:
            dashboard.get_by_role("button", name=name, exact=True).click()

        panel_button("Panel ▶")
        text = check_panel(presenter, "skills", shots)
        assert "Presenting to a group" in text and "4.0" in text
        assert "Teamwork" not in text  # one person's rating is never shown

        panel_button("Panel ▶")
        presenter.locator(".wk-present-statement").wait_for(timeout=FOLLOW)
        assert WAITING in presenter.locator(".wk-present").inner_text()
        with voila_server.store() as store:
            wrong = "dont" if statement.answer == "do" else "do"
            for person, given in zip(people[:2], [statement.answer, wrong], strict=True):
                store.save_answer(person, "interview", interview.QUIZ_PREFIX + statement.id, given)
        # the third answer comes from a student's own page: the split appears live
        student = student_context.new_page()
        student.goto(voila_server.page("03_interview_dos_donts.ipynb", f"p={people[2].token}"))
        row = student.locator(".wk-quiz-row", has_text=statement.text[:40])
        row.get_by_role("button", name="Don't" if wrong == "dont" else "Do", exact=True).click(
            timeout=TIMEOUT
        )
        presenter.get_by_text("3 answered").wait_for(timeout=FOLLOW)
        text = check_panel(presenter, "statement", shots)
        assert "33%" in text and "67%" in text and "right answer" not in text
        panel_button("Reveal the answer")
        presenter.get_by_text("right answer").wait_for(timeout=FOLLOW)
        text = check_panel(presenter, "statement", shots.joinpath("revealed"))
        assert statement.why[:40] in text

        with voila_server.store() as store:
            best = interview.best_choice(scenario)
            other = next(n for n in range(len(scenario.choices)) if n != best)
            for person, picked in zip(people, [best, other, other], strict=True):
                store.save_answer(
                    person, "interview", interview.SCENARIO_PREFIX + scenario.id, picked
                )
            store.post_idea(people[0], "Teach coding to kids")
            store.post_idea(people[1], "Hidden by the instructor")
            store.hide_idea(workshop, key, store.board(people[2])[0].id)
        panel_button("Panel ▶")
        text = check_panel(presenter, "scenario", shots)
        assert "33%" in text and "67%" in text
        panel_button("Reveal the answer")
        presenter.get_by_text("best answer:").wait_for(timeout=FOLLOW)
        check_panel(presenter, "scenario", shots.joinpath("revealed"))

        panel_button("Panel ▶")
        text = check_panel(presenter, "ideas", shots)
        assert "Teach coding to kids" in text and "Hidden by the instructor" not in text

        dashboard.get_by_label("Timer label").fill("Pair interviews")
        dashboard.get_by_role("button", name="Start timer").click()
        panel_button("Panel ▶")
        text = check_panel(presenter, "timer", shots)
        assert "Pair interviews" in text and ":" in presenter.locator("[role=timer]").inner_text()

        panel_button("Panel ▶")
        check_panel(presenter, "next", shots)

        # the arrow keys on the presenter page move it too (and the dashboard's record)
        presenter.keyboard.press("ArrowLeft")
        presenter.locator(".wk-present-timer").wait_for(timeout=FOLLOW)
        with voila_server.store() as store:
            assert store.presenter_view(workshop.id).panel == "timer"
        saved = {p.name for p in shots.glob("*.png")}
        assert {f"{panel}-{w}x{h}.png" for panel in PANEL_IDS for w, h in SIZES} <= saved
    finally:
        student_context.close()
        instructor.close()
