"""Keyboard alone completes every student stage (WCAG 2.1.1 Keyboard, 2.4.3 Focus Order,
2.4.7 Focus Visible).

Each journey uses only what a keyboard gives: Tab, Shift+Tab, Space, Enter, the arrow
keys and typed text. No clicks, no ``fill()``. It then checks what the student would
notice on the page and what the store kept.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from workshop_kit.models import interview
from workshop_kit.models import self_assessment as stage1
from workshop_kit.models.action_plan import STAGE as PLAN_STAGE

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine
ACT = 15_000  # ms: one round trip to the kernel and the store
TAB_LIMIT = 90  # more tab stops than any stage has before its last control
BOARD_WAIT = 15_000  # ms: the board refreshes every few seconds

# What has focus: in words (for failure messages), and the outline that shows it. A
# visually hidden input (the rating scale's radios) or one without a ring of its own (the
# choice cards' radios and checkboxes) shows it on the label around it.
# Chromium's own ring ("auto") counts; a 1px pale line (ipywidgets' buttons, about 2:1 on
# white) or a faint shadow does not.
_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = (e.labels && e.labels[0]) || e.closest("label");
  const group = e.closest("fieldset");
  const text = (e.getAttribute("aria-label") || (label && label.innerText)
                || e.innerText || e.title || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  const where = group ? ` in "${group.querySelector("legend").innerText}"` : "";
  const own = getComputedStyle(e);
  const bare = own.opacity === "0" || own.outlineStyle === "none";
  const shown = bare ? e.closest("label") || e : e;
  const s = getComputedStyle(shown);
  const width = parseFloat(s.outlineWidth);
  return {
    name: `${e.tagName.toLowerCase()}${e.type ? "[" + e.type + "]" : ""} "${text}"${where}`,
    ring: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    visible: s.outlineStyle === "auto" || (s.outlineStyle !== "none" && width >= 2),
  };
}"""


def focus(page: Page) -> dict | None:
    """What has focus, or None when it is on the page itself (lost, or past the end)."""
    return page.evaluate(_FOCUS)


def focused(page: Page) -> str:
    now = focus(page)
    return now["name"] if now else "the page itself (no control)"


def tab_to(page: Page, target: Locator, what: str, key: str = "Tab") -> None:
    """Press ``key`` until focus is inside ``target`` (any element it matches)."""
    seen = []
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if target.evaluate_all("els => els.some(el => el.contains(document.activeElement))"):
            return
        seen.append(focused(page))
    pytest.fail(
        f"{TAB_LIMIT} presses of {key} never reached {what}; focus went through: "
        + " -> ".join(seen)
    )


def assert_focus_visible(page: Page, what: str) -> None:
    now = focus(page)
    assert now is not None, f"nothing has focus where {what} should"
    assert now["visible"], f"focus on {what} ({now['name']}) is hard to see: outline {now['ring']}"


def token_of(page: Page) -> str:
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    return parse_qs(urlparse(page.url).query)["p"][0]


def open_page(context, url: str, ready: str) -> Page:
    page = context.new_page()
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=TIMEOUT)
    return page


def text_answer(page: Page, label: str) -> Locator:
    return page.locator(".wk-text-answer").filter(has=page.get_by_label(label, exact=True))


def rating(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name)


def role_id(content, title: str) -> str:
    return next(role.id for role in content.roles.roles if role.title == title)


@pytest.mark.browser
def test_join_a_workshop_with_a_name_by_keyboard(voila_server, context):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Keyboard class")
    page = open_page(
        context, voila_server.page("00_welcome.ipynb", f"session={workshop.code}"), ".wk-join"
    )
    tab_to(page, page.get_by_label("Your first name"), "the first-name box")
    assert_focus_visible(page, "the first-name box")
    page.keyboard.type("Kim")
    tab_to(page, page.get_by_role("button", name="Join the workshop"), "the Join button")
    assert_focus_visible(page, "the Join button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You joined “Keyboard class” as Kim.")).to_be_visible(timeout=ACT)
    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
    assert me.display_name == "Kim" and me.workshop_id == workshop.id

    # the stage links come next in the tab order, and Enter follows one
    tab_to(page, page.get_by_role("link", name="1. Your skills"), "the link to stage 1")
    assert_focus_visible(page, "a stage link")
    page.keyboard.press("Enter")
    page.locator(".wk-rating").first.wait_for(timeout=TIMEOUT)
    expect(page.get_by_text("in a workshop as Kim")).to_be_visible()


@pytest.mark.browser
def test_work_solo_by_keyboard(voila_server, context):
    page = open_page(context, voila_server.page("00_welcome.ipynb"), ".wk-join")
    tab_to(page, page.get_by_role("button", name="Work on my own (no workshop)"), "Work solo")
    page.keyboard.press("Space")
    expect(page.get_by_text("You are working on your own.")).to_be_visible(timeout=ACT)
    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
    assert me.solo and me.workshop_id is None


@pytest.mark.browser
def test_rate_a_skill_and_reflect_by_keyboard(voila_server, context):
    page = open_page(context, voila_server.page(), ".wk-rating")
    # a rating scale is one tab stop; Space picks a level, the arrows move it
    tab_to(page, rating(page, "Active listening"), "the Active listening scale")
    assert_focus_visible(page, "a rating option")
    page.keyboard.press("Space")
    expect(
        rating(page, "Active listening").get_by_role("radio", name="1 New to me")
    ).to_be_checked()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(rating(page, "Active listening").get_by_role("radio", name="4 Strong")).to_be_checked()
    expect(page.get_by_text("Rating saved")).to_be_visible(timeout=ACT)
    expect(page.locator(".wk-summary")).to_contain_text("Active listening", timeout=ACT)

    comfort = page.get_by_role(
        "radiogroup", name='After a "no", how wide are you ready to look for your next internship?'
    )
    tab_to(page, comfort, "the comfort-zone choices")
    assert_focus_visible(page, "a comfort-zone card")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(
        comfort.get_by_role("radio", name="A new field where my skills still count")
    ).to_be_checked()

    tab_to(page, page.get_by_label("What went well?"), "the What went well? box")
    assert_focus_visible(page, "a text box")
    page.keyboard.type("I knew the company well.")
    expect(text_answer(page, "What went well?").locator(".wk-status-saved")).to_have_text(
        "✓ Saved", timeout=ACT
    )

    # back up to the scale: Shift+Tab lands on the chosen level, and the arrow lowers it
    tab_to(page, rating(page, "Active listening"), "the Active listening scale", "Shift+Tab")
    expect(rating(page, "Active listening").get_by_role("radio", name="4 Strong")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".wk-summary")).to_contain_text("No skill rated 4 or more", timeout=ACT)

    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
        saved = store.answers(me, stage1.STAGE)
    assert saved[stage1.rating_key("active_listening")] == 3
    assert saved[stage1.COMFORT_CHOICE] == "new_field"
    assert saved[stage1.POSTMORTEM_PREFIX + "went_well"] == "I knew the company well."


@pytest.mark.browser
def test_mark_a_role_post_an_idea_and_vote_by_keyboard(voila_server, context, content):
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Keyboard board")
        classmate = store.create_participant(join_code=workshop.code)
        store.post_idea(classmate, "Hospitals need translators")
    page = open_page(
        context,
        voila_server.page("02_alternative_careers.ipynb", f"session={workshop.code}"),
        ".wk-board",
    )
    first_role = page.locator(".wk-role").first
    title = first_role.locator(".wk-role-title").inner_text()
    tab_to(page, first_role.get_by_role("button"), "the first role's Mark button")
    assert_focus_visible(page, "a toggle button")
    page.keyboard.press("Enter")
    expect(first_role.get_by_role("button", name="Marked to explore")).to_be_visible(timeout=ACT)
    expect(page.get_by_role("listitem").filter(has_text=title).first).to_be_visible()

    tab_to(page, page.get_by_label("What else could your skills do?"), "the idea box")
    page.keyboard.type("Teach coding to kids at the library on Saturdays")
    tab_to(page, page.get_by_role("button", name="Post idea"), "the Post idea button")
    page.keyboard.press("Enter")
    expect(
        page.locator(".wk-idea-text", has_text="Teach coding to kids at the library on Saturdays")
    ).to_be_visible(timeout=ACT)
    expect(page.get_by_label("What else could your skills do?")).to_have_value("")

    row = page.locator(".wk-idea-row", has_text="Hospitals need translators")
    tab_to(page, row.get_by_role("button", name="Vote", exact=True), "the Vote button")
    assert_focus_visible(page, "a button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vote counted.")).to_be_visible(timeout=ACT)
    expect(row.locator(".wk-idea-votes")).to_have_text("▲ 1")
    # the row is rebuilt, but focus stays on it rather than going back to the top
    take_back = row.get_by_role("button", name="Take vote back")
    expect(take_back).to_be_focused(timeout=ACT)

    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
        explore = store.answers(me, "alternative_careers")["explore"]
        ideas = {idea.text: idea for idea in store.board(me)}
        store.post_idea(classmate, "Museums need guides")
    assert explore == [role_id(content, title)]
    assert ideas["Teach coding to kids at the library on Saturdays"].mine
    assert ideas["Hospitals need translators"].voted
    # a classmate's idea arrives: the whole board is rebuilt, the focus stays put
    expect(page.locator(".wk-idea-text", has_text="Museums need guides")).to_be_visible(
        timeout=BOARD_WAIT
    )
    expect(take_back).to_be_focused()


@pytest.mark.browser
def test_quiz_scenario_star_and_drill_by_keyboard(voila_server, context, content):
    quiz = content.by_kind["interview_statements"]
    statement = next(s for s in quiz.statements if s.topic == quiz.topics[0].id)
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    best = interview.best_choice(scenario)
    page = open_page(context, voila_server.page("03_interview_dos_donts.ipynb"), ".wk-quiz-row")

    # Do or don't?
    first = page.locator(".wk-quiz-row").first
    tab_to(page, first.get_by_role("button", name="Do", exact=True), "the first Do button")
    assert_focus_visible(page, "a quiz button")
    page.keyboard.press("Enter")
    expect(first.locator(".wk-feedback")).to_be_visible(timeout=ACT)
    expect(page.locator(".wk-score").first).to_contain_text("of 1 right")
    # the answered buttons are disabled; the next Tab carries on from there
    page.keyboard.press("Tab")
    expect(
        page.locator(".wk-quiz-row").nth(1).get_by_role("button", name="Do", exact=True)
    ).to_be_focused()

    # Tricky moments: the responses are one radio group of cards, named by its legend;
    # Tab enters it once, the arrow keys move between cards and choose, Enter chooses.
    # The best response's letter is this student's own: the choices are shuffled.
    responses = page.get_by_role("radiogroup", name="Your response")
    cards = responses.get_by_role("radio")
    expect(cards).to_have_count(len(scenario.choices))
    choice = re.compile(r"^[A-D]\. " + re.escape(scenario.choices[best].text.strip()) + "$")
    shown = responses.locator(".wk-card-text").all_text_contents()
    place = next(n for n, text in enumerate(shown) if choice.match(text))
    tab_to(page, responses, "the tricky-moment responses")
    assert_focus_visible(page, "a response card")
    expect(cards.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(cards.first).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(cards.nth(1)).to_be_focused()
    expect(cards.nth(1)).to_be_checked()
    expect(cards.first).not_to_be_checked()
    for _ in range(place - 1):
        page.keyboard.press("ArrowDown")
    for _ in range(1 - place):
        page.keyboard.press("ArrowUp")
    expect(responses.get_by_role("radio", name=choice)).to_be_checked()
    expect(responses).to_match_aria_snapshot(
        '- radiogroup "Your response":\n'
        + "\n".join(
            f"  - radio {json.dumps(text)}" + (" [checked]" if n == place else "")
            for n, text in enumerate(shown)
        )
    )
    assert_focus_visible(page, "a response card")
    page.keyboard.press("Tab")  # out of the group, straight to the button
    expect(page.get_by_role("button", name="Check my answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Best choice!")).to_be_visible(timeout=ACT)
    # answered: the cards are locked and look it, the choice still marked
    expect(responses.get_by_role("radio", name=choice)).to_be_checked()
    expect(cards.first).to_be_disabled()
    assert (
        responses.locator(".wk-card").first.evaluate("el => getComputedStyle(el).cursor")
        == "not-allowed"
    )

    # STAR: Tab moves from one part to the next
    tab_to(page, page.get_by_label("Situation", exact=True), "the Situation box")
    parts = {
        "situation": "At my library job the queue was long.",
        "task": "I had to cut the waiting time.",
        "action": "I wrote a guide and I trained two helpers.",
        "result": "The wait went from 40 to 15 minutes.",
    }
    for n, text in enumerate(parts.values()):
        if n:
            page.keyboard.press("Tab")
        page.keyboard.type(text)
    expect(text_answer(page, "Result").locator(".wk-status-saved")).to_be_visible(timeout=ACT)
    expect(page.locator(".wk-star-feedback")).to_contain_text("checks passed")

    # the drill: a question, the timer, finish, rate yourself
    tab_to(page, page.get_by_role("button", name="New question"), "New question")
    page.keyboard.press("Enter")
    expect(page.locator(".wk-drill-q")).to_be_visible(timeout=ACT)
    tab_to(page, page.get_by_role("button", name="Start the timer"), "Start the timer")
    page.keyboard.press("Enter")
    expect(page.locator(".wk-countdown-label")).to_have_text("Get ready", timeout=ACT)
    tab_to(page, page.get_by_role("button", name="I have finished"), "I have finished")
    page.keyboard.press("Space")
    expect(page.locator(".wk-countdown-label")).to_have_text("Finished", timeout=ACT)
    tab_to(page, rating(page, "Structure"), "the Structure rating")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(rating(page, "Structure").get_by_role("radio", name="2 Getting there")).to_be_checked()
    expect(page.locator(".wk-status-saved", has_text="Rating saved")).to_be_visible(timeout=ACT)

    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
        saved = store.answers(me, interview.STAGE)
    assert saved[interview.QUIZ_PREFIX + statement.id] == "do"
    assert saved[interview.SCENARIO_PREFIX + scenario.id] == best
    question = content.by_kind["star_questions"].questions[0].id  # the one shown first
    assert {part: saved[f"star.{question}.{part}"] for part in parts} == parts
    assert saved[f"drill.rubric.{saved['drill.current']}.structure"] == 2


@pytest.mark.browser
def test_pick_steps_write_one_and_download_the_plan_by_keyboard(voila_server, context, tmp_path):
    page = open_page(context, voila_server.page("04_action_plan.ipynb"), ".wk-download")
    # the next steps are checkbox cards in a group named by its legend: Space and Enter
    # both tick and untick, and each card is its own tab stop
    step = "Write three STAR stories"
    steps = page.get_by_role("group", name="Tick the steps you will take")
    box = steps.get_by_role("checkbox", name=step)
    tab_to(page, box, "a next-step checkbox")
    assert_focus_visible(page, "a checkbox card")
    page.keyboard.press("Enter")
    expect(box).to_be_checked()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(page.locator(".wk-status-saved").first).to_be_visible(timeout=ACT)
    # what a screen reader is given: the named group, each card's words and its state
    expect(steps).to_match_aria_snapshot(
        '- group "Tick the steps you will take":\n'
        '  - checkbox "Write three STAR stories, each with a number in the result." [checked]\n'
        "  - checkbox /Practise my answers out loud/"
    )
    page.keyboard.press("Tab")
    next_card = steps.get_by_role("checkbox", name=re.compile("Practise my answers out loud"))
    expect(next_card).to_be_focused()  # the next card
    page.keyboard.press("Shift+Tab")
    expect(box).to_be_focused()

    # a menu: the arrow keys change the choice without opening it
    kind = page.get_by_label("Which kind of interview question will you practise?")
    tab_to(page, kind, "the practise menu")
    assert_focus_visible(page, "a menu")
    page.keyboard.press("ArrowDown")
    expect(kind.locator("option:checked")).to_have_text("Teamwork")

    tab_to(page, page.get_by_label("Your own next steps"), "the own-steps box")
    page.keyboard.type("By Friday I will email Ms Lee.")
    # straight on to the link, as a keyboard user would, while the text still saves
    download = page.get_by_role("link", name="Download my plan (HTML)")
    tab_to(page, download, "the download link")
    assert_focus_visible(page, "a link")
    expect(text_answer(page, "Your own next steps").locator(".wk-status-saved")).to_be_visible(
        timeout=ACT
    )
    expect(download).to_be_focused()
    with page.expect_download() as event:
        page.keyboard.press("Enter")
    path = tmp_path / "plan.html"
    event.value.save_as(path)
    assert event.value.suggested_filename == "action-plan.html"
    report = path.read_text()
    assert step in report and "By Friday I will email Ms Lee." in report

    with voila_server.store() as store:
        me = store.participant_by_token(token_of(page))
        saved = store.answers(me, PLAN_STAGE)
    assert saved["steps"] == ["star_stories"]
    assert saved["practise_category"] == "teamwork"
    assert saved["own_steps"] == "By Friday I will email Ms Lee."


STUDENT_PAGES = [
    ("00_welcome.ipynb", ".wk-join"),
    ("01_self_assessment.ipynb", ".wk-rating"),
    ("02_alternative_careers.ipynb", ".wk-board"),
    ("03_interview_dos_donts.ipynb", ".wk-quiz-row"),
    ("04_action_plan.ipynb", ".wk-download"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("notebook", "ready"), STUDENT_PAGES, ids=[p[0] for p in STUDENT_PAGES])
def test_every_tab_stop_shows_where_the_focus_is(voila_server, context, notebook, ready):
    page = open_page(context, voila_server.page(notebook), ready)
    stops: list[dict] = []
    for _ in range(3 * TAB_LIMIT):
        page.keyboard.press("Tab")
        now = focus(page)
        if now is None:  # past the last control
            break
        stops.append(now)
    else:
        pytest.fail(f"Tab never reached the end of {notebook}")
    assert len(stops) >= 5, [stop["name"] for stop in stops]
    assert [f"{s['name']}: {s['ring']}" for s in stops if not s["visible"]] == []
