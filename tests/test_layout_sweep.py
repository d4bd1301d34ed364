"""Every page holds its layout on a 360 px phone, a 390 px phone and a 1280 px laptop.

Each page is opened with every section shown and some answers given, then measured in a
real Chromium at each width: no two pieces of text (labels, questions, buttons, text
boxes, menus, status lines) may overlap, no label may be cut off, and nothing may stick
out sideways. Set WORKSHOP_KIT_SHOTS to a folder to keep a screenshot of each page at
390 and 1280 px.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from workshop_kit.charts import distribution_svg
from workshop_kit.models import self_assessment as stage1
from workshop_kit.pages import DASHBOARD

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine
ACT = 15_000  # ms: one round trip to the kernel and the store
WIDTHS = (360, 390, 1280)
SHOT_WIDTHS = (390, 1280)

# Everything that shows text or takes it. A box is an element's own box joined with the
# box of its text, so text that spills out of a box that is too small (a label wrapping
# onto the next option's line) counts where it is drawn.
_MEASURE = r"""() => {
  const SELECTOR = [
    "label", "legend", "button", "select", "textarea", "input", ".widget-label", ".wk-status",
    ".widget-html-content p", ".widget-html-content li", ".widget-html-content h1",
    ".widget-html-content h2", ".widget-html-content h3", ".widget-html-content h4",
    ".wk-card-text", ".wk-card-detail", "a",
  ].join(",");
  const shown = (el, inSvg = false) => {
    if (!inSvg && el.closest("svg")) return false;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0") return false;
      if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const words = (el) => (el.getAttribute("aria-label") || el.innerText || el.value
                         || el.placeholder || el.tagName).trim().replace(/\s+/g, " ").slice(0, 50);
  const boxOf = (el) => {
    const own = el.getBoundingClientRect();
    let [l, t, r, b] = [own.left, own.top, own.right, own.bottom];
    if (el.firstChild && !["SELECT", "TEXTAREA", "INPUT"].includes(el.tagName)) {
      const range = document.createRange();
      range.selectNodeContents(el);
      for (const rect of range.getClientRects()) {
        if (rect.width < 1 || rect.height < 1) continue;
        l = Math.min(l, rect.left); t = Math.min(t, rect.top);
        r = Math.max(r, rect.right); b = Math.max(b, rect.bottom);
      }
    }
    return {l, t, r, b};
  };
  const items = [...document.querySelectorAll(SELECTOR)].filter(shown)
    .map((el) => ({el, box: boxOf(el), name: `${el.tagName.toLowerCase()} "${words(el)}"`}));
  const problems = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i], b = items[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // a label and the control it names are one thing
      if ((a.el.labels && [...a.el.labels].includes(b.el))
          || (b.el.labels && [...b.el.labels].includes(a.el))) continue;
      const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
      const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
      if (w > 2 && h > 2)
        problems.push(`overlap: ${a.name} and ${b.name} (${w.toFixed(0)}x${h.toFixed(0)} px)`);
    }
  }
  const LABELS = "label, legend, button, .widget-label, .wk-card-text, .wk-status, "
    + ":is(p, li, h2, h3, h4, td, th):not(:has(p, li, td, th))";
  for (const el of document.querySelectorAll(LABELS)) {
    if (!shown(el)) continue;
    const clipped = (e) => getComputedStyle(e).overflowX !== "visible";
    if (el.scrollWidth > el.clientWidth + 1 && clipped(el)) {
      problems.push(`clipped: ${el.tagName.toLowerCase()} "${words(el)}" `
                    + `(${el.scrollWidth} px of text in ${el.clientWidth} px)`);
      continue;
    }
    // or cut off by a box around it that hides what sticks out
    const text = boxOf(el);
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (!clipped(e)) continue;
      const r = e.getBoundingClientRect();
      if (text.r > r.right + 1 || text.l < r.left - 1) {
        problems.push(`clipped: ${el.tagName.toLowerCase()} "${words(el)}" cut off by its `
                      + `${e.className ? "." + String(e.className).split(" ").at(-1) : e.tagName}`
                      + ` (text ${text.l.toFixed(0)}..${text.r.toFixed(0)} px, `
                      + `box ${r.left.toFixed(0)}..${r.right.toFixed(0)} px)`);
        break;
      }
    }
  }
  // text boxes write in the page's font, not a typewriter one
  const font = getComputedStyle(document.querySelector(".wk-page") || document.body).fontFamily;
  for (const el of document.querySelectorAll("textarea, input[type=text], input:not([type])")) {
    if (shown(el) && getComputedStyle(el).fontFamily !== font)
      problems.push(`font: ${el.tagName.toLowerCase()} "${words(el)}" writes in `
                    + `${getComputedStyle(el).fontFamily}, not the page's ${font}`);
  }
  // a chart keeps every label inside its frame
  for (const svg of document.querySelectorAll("svg[viewBox]")) {
    if (!shown(svg, true)) continue;
    const [x0, y0, w, h] = svg.getAttribute("viewBox").split(/[ ,]+/).map(Number);
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      const out = b.x < x0 - 1 || b.y < y0 - 1 || b.x + b.width > x0 + w + 1
        || b.y + b.height > y0 + h + 1;
      if (out)
        problems.push(`outside its chart: "${text.textContent.slice(0, 40)}" `
                      + `(${b.x.toFixed(0)}..${(b.x + b.width).toFixed(0)} in 0..${w})`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth)
    problems.push(`sideways: the page is ${page.scrollWidth} px wide in ${window.innerWidth} px`);
  return problems;
}"""


_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll("#rendered_cells, .jp-LabShell *")]
     .map(e => e.scrollHeight))"""


def _settled(page: Page) -> None:
    """Two animation frames: the layout of the new width has been drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def sweep(page: Page, name: str) -> list[str]:
    """Measure the page at each width; the problems found, each with its width."""
    shots = os.environ.get("WORKSHOP_KIT_SHOTS")
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        _settled(page)
        problems += [f"{width} px: {p}" for p in page.evaluate(_MEASURE)]
        if shots and width in SHOT_WIDTHS:
            Path(shots).mkdir(parents=True, exist_ok=True)
            # Voila scrolls the page inside an element, so a "full page" screenshot would
            # show one screen: make the window as tall as the page instead.
            tall = page.evaluate(_HEIGHT)
            page.set_viewport_size({"width": width, "height": min(tall + 40, 16_000)})
            _settled(page)
            page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"))
    return problems


def open_page(context, url: str, ready: str) -> Page:
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=TIMEOUT)
    return page


def saved(page: Page) -> None:
    expect(page.locator(".wk-status-saved").first).to_be_visible(timeout=ACT)


@pytest.fixture
def workshop(voila_server):
    """A workshop with a joined student whose token the pages use, and the key."""
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Layout class")
        student = store.create_participant(join_code=workshop.code, display_name="Sam")
        store.save_answer(student, stage1.STAGE, stage1.rating_key("active_listening"), 4)
    return workshop, key, student.token


def _welcome(page: Page) -> None:
    page.get_by_label("Your first name").fill("Robin")
    page.get_by_role("checkbox", name="Join anonymously (no name)").check()
    page.get_by_role("checkbox", name="Join anonymously (no name)").uncheck()


def _skills(page: Page) -> None:
    page.get_by_role("group", name="Active listening").get_by_role("radio").nth(1).check()
    saved(page)
    page.get_by_role("radio", name="A new field where my skills still count").check()
    page.get_by_label("What went well?").fill("I knew the company well.")
    page.get_by_label("Which questions felt tricky?").fill("Why should we hire you over others?")
    page.locator(".wk-missed-out").get_by_role("checkbox", name="Language").check()
    expect(page.locator(".wk-missed-advice li")).to_be_visible(timeout=ACT)


def _careers(page: Page) -> None:
    page.locator(".wk-role").first.get_by_role("button").click()
    expect(page.get_by_role("button", name="Marked to explore").first).to_be_visible(timeout=ACT)
    page.get_by_label("Browse every role in:").select_option(index=1)
    expect(page.locator(".wk-role").nth(6)).to_be_visible(timeout=ACT)
    page.get_by_label("What else could your skills do?").fill("Teach coding at the library")
    page.get_by_role("button", name="Post idea").click()
    expect(page.locator(".wk-idea-text").first).to_be_visible(timeout=ACT)


def _interview(page: Page) -> None:
    page.locator(".wk-quiz-row").first.get_by_role("button", name="Do", exact=True).click()
    expect(page.locator(".wk-quiz-row .wk-feedback").first).to_be_visible(timeout=ACT)
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".wk-choice-feedback")).to_be_visible(timeout=ACT)
    page.get_by_label("Situation", exact=True).fill("At my library job the queue was long.")
    page.get_by_role("button", name="New question").click()
    expect(page.locator(".wk-drill-q")).to_be_visible(timeout=ACT)
    page.get_by_role("button", name="I have finished").click()
    expect(page.get_by_role("group", name="Structure")).to_be_visible(timeout=ACT)
    page.get_by_role("checkbox").first.check()
    saved(page)


def _plan(page: Page) -> None:
    page.get_by_role("checkbox").nth(0).check()
    page.get_by_role("checkbox").nth(2).check()
    saved(page)
    page.locator(".wk-step-when input[type=date]").first.fill("2099-01-01")  # refused: too far
    expect(page.get_by_text("Pick a day within the next year.")).to_be_visible(timeout=ACT)
    page.get_by_label("Which kind of interview question will you practise?").select_option(index=2)
    page.get_by_label("Your own next steps").fill("By Friday I will email Ms Lee.")


STUDENT_PAGES = [
    ("welcome", "00_welcome.ipynb", ".wk-join", _welcome),
    ("skills", "01_self_assessment.ipynb", ".wk-rating", _skills),
    ("careers", "02_alternative_careers.ipynb", ".wk-board", _careers),
    ("interview", "03_interview_dos_donts.ipynb", ".wk-quiz-row", _interview),
    ("plan", "04_action_plan.ipynb", ".wk-download", _plan),
]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "notebook", "ready", "answer"), STUDENT_PAGES, ids=[p[0] for p in STUDENT_PAGES]
)
def test_a_student_page_holds_at_every_width(
    voila_server, context, workshop, name, notebook, ready, answer
):
    code, _key, token = workshop[0].code, workshop[1], workshop[2]
    query = f"session={code}" if notebook == "00_welcome.ipynb" else f"p={token}"
    page = open_page(context, voila_server.page(notebook, query), ready)
    answer(page)
    problems = sweep(page, name)
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_dashboard_holds_at_every_width(voila_server, context, workshop):
    workshop, key, _token = workshop
    page = open_page(context, voila_server.page(DASHBOARD), ".wk-join")
    page.get_by_label("Join code").fill(workshop.code)
    page.get_by_label("Instructor key").fill(key)
    page.get_by_role("button", name="Open dashboard").click()
    expect(page.locator(".wk-dashboard svg").first).to_be_visible(timeout=TIMEOUT)
    problems = sweep(page, "dashboard")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_a_skill_chart_keeps_long_names_and_big_counts_inside(browser):
    """A category chart shows its name, and long skill names, a wide legend and
    three-digit counts all stay inside it, on a phone and on a laptop."""
    rows = [
        ("Understanding fast speech and accents on the telephone", [120, 30, 4, 0, 2]),
        ("Research", [0, 0, 0, 0, 0]),
        ("Supercalifragilisticexpialidocious-and-more-without-spaces", [1, 1, 1, 1, 996]),
    ]
    levels = ["New to me", "Getting started", "Comfortable", "Strong", "One of my very best"]
    svg = distribution_svg("Languages and communication", rows, levels)
    context = browser.new_context()
    try:
        page = context.new_page()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.set_content(f'<div class="wk-page" style="font-size:16px">{svg}</div>')
            assert page.evaluate(_MEASURE) == []
            shown = page.locator("svg text").all_text_contents()
            assert shown[0] == "Languages and communication"
            assert {"n=156", "n=0", "n=1000", "no ratings yet"} <= set(shown)
    finally:
        context.close()
