"""Nothing a student typed is lost when the page goes away right after typing.

The browser test types into the text answers of every stage and reloads at once, 20
times, on a real Voila server in a real Chromium; after each reload the text must be in
the box and then in the store. The headless tests check the pieces: every text answer
keeps a browser draft, and the browser's fingerprint of a text is the kernel's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest
from test_text_fields import FIELDS, answers_on, close_tree, open_page, student_pages

from workshop_kit.widgets.autosave import DRAFT_PREFIX, SCOPE_PREFIX, DraftKeeper, text_digest
from workshop_kit.widgets.text_answer import TextAnswer

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine
ACT = 20_000  # ms: the draft reaches the kernel and the store after the reload
ROUNDS = 20

SAMPLES = ["", "plain", "Zoë 👩🏽‍💻 李小龍", "مرحبا\nשלום", "x" * 3000, "Jose\u0301", "a\r\nb"]


# --- without a browser -------------------------------------------------------------------


def test_every_text_answer_on_every_page_keeps_a_browser_draft(content, store):
    me = store.create_participant()
    pages = [p for p in student_pages() if not p.newcomer]
    seen = 0
    for page in pages:
        view = open_page(page, content, store, me.token)
        scopes = [c for c in view.body._dom_classes if c.startswith(SCOPE_PREFIX)]
        assert len(scopes) == 1, f"{page.notebook}: the stage has no draft scope"
        keys = []
        for answer in answers_on(view).values():
            marks = [c for c in answer._dom_classes if c.startswith(DRAFT_PREFIX)]
            assert len(marks) == 1, f"{page.notebook}: {answer.box.description!r} keeps no draft"
            keys += marks
            seen += 1
        assert len(keys) == len(set(keys)), f"{page.notebook}: two answers share a draft"
        close_tree(view)
    assert seen == sum(1 for f in FIELDS if f.kind == "answer")


def test_a_saved_answer_tells_the_browser_what_the_store_now_holds():
    saved = []
    answer = TextAnswer("Q", "help", saved.append, limit=100, delay=0, draft_key="s/q")
    typed, kept = "Jose\u0301\r\n", "José\n"  # decomposed accent, Windows line end
    answer.box.value = typed
    assert saved == [kept]
    html = answer.status.value
    assert f'data-wk-typed="{text_digest(typed)}"' in html
    assert f'data-wk-stored="{text_digest(kept)}"' in html


def test_the_browser_fingerprints_text_as_the_kernel_does(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    body = str(DraftKeeper._esm).split("function digest(text) {", 1)[1].split("\n}\n", 1)[0]
    script = tmp_path / "digest.mjs"
    script.write_text(
        f"function digest(text) {{{body}\n}}\n"
        f"const samples = {json.dumps(SAMPLES)};\n"
        "console.log(JSON.stringify(samples.map(digest)));\n"
    )
    result = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [text_digest(s) for s in SAMPLES]


# --- in a browser --------------------------------------------------------------------------

STAGES_WITH_ANSWERS = {
    "01_self_assessment.ipynb": "self_assessment",
    "03_interview_dos_donts.ipynb": "interview",
    "04_action_plan.ipynb": "action_plan",
}


def boxes(page):
    return page.locator(".wk-text-answer textarea")


def open_and_wait(page, url: str | None = None):
    if url:
        page.goto(url)
    page.wait_for_selector(".wk-text-answer textarea", timeout=TIMEOUT)


def wait_for_saved(server, me, stage: str, text: str) -> str:
    """``text`` once the store has it as one of ``stage``'s answers, or what it holds
    instead after ACT ms."""
    deadline = time.monotonic() + ACT / 1000
    with server.store() as store:
        while True:
            values = store.answers(me, stage).values()
            if text in values or time.monotonic() > deadline:
                return text if text in values else f"not there: {sorted(map(str, values))}"
            time.sleep(0.1)  # polling the store: no event to await


@pytest.mark.browser
@pytest.mark.voila
def test_text_typed_just_before_a_reload_is_never_lost(voila_server, context):
    """Round by round over the answers of every stage: type, reload at once, find it."""
    with voila_server.store() as store:
        workshop, _key = store.create_workshop("Reloads")
        me = store.create_participant(join_code=workshop.code, display_name="Ana")
    rounds = {nb: ROUNDS // len(STAGES_WITH_ANSWERS) for nb in STAGES_WITH_ANSWERS}
    rounds["03_interview_dos_donts.ipynb"] += ROUNDS - sum(rounds.values())
    page = context.new_page()
    lost, done, typed = [], 0, set()
    for notebook, stage in STAGES_WITH_ANSWERS.items():
        open_and_wait(page, voila_server.page(notebook, f"p={me.token}"))
        count = boxes(page).count()
        assert count >= 1, f"{notebook}: no text answers found"
        for n in range(rounds[notebook]):
            index = n % count
            text = f"Round {done} on {stage}, box {index}: typed then reloaded ✓"
            typed.add(text)
            box = boxes(page).nth(index)
            label = box.evaluate("b => b.labels[0] && b.labels[0].innerText")
            box.fill(text)
            page.reload()
            open_and_wait(page)
            box = boxes(page).nth(index)
            shown = box.input_value()
            # then it is in the store (saved before the reload, or from the draft now)
            saved = wait_for_saved(voila_server, me, stage, text) if shown == text else ""
            if shown != text or saved != text:
                lost.append(f"{notebook} {label!r}: box {shown[:40]!r}, store {saved[:40]!r}")
            done += 1
    assert done == ROUNDS
    assert lost == [], f"{len(lost)} of {ROUNDS} texts lost: {lost}"
    # a draft left behind (its page unloaded before the store's reply) holds only text
    # the store already has, so putting it back later changes nothing
    leftovers = page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('wk-draft:'))"
        ".map((k) => JSON.parse(localStorage.getItem(k)).text)"
    )
    assert all(text in typed for text in leftovers), leftovers


_PLANT = """([text, base]) => {
  const box = document.querySelector(".wk-text-answer textarea");
  const cls = (el, prefix) => [...el.classList].find((c) => c.startsWith(prefix));
  const field = cls(box.closest("[class*='wk-draft-']"), "wk-draft-");
  const scope = cls(box.closest("[class*='wk-drafts-']"), "wk-drafts-");
  const draft = { text, known: [base], at: Date.now() };
  localStorage.setItem(`wk-draft:${scope}:${field}`, JSON.stringify(draft));
}"""


@pytest.mark.browser
@pytest.mark.voila
def test_a_draft_is_put_back_only_over_the_text_it_was_typed_over(voila_server, context):
    """A draft this browser never got saved (the tab was closed, say) comes back; one
    typed over text that another device has replaced since must not win."""
    with voila_server.store() as store:
        me = store.create_participant(display_name="Bo")
        store.save_answer(me, "action_plan", "own_steps", "First version")
    url = voila_server.page("04_action_plan.ipynb", f"p={me.token}")
    page = context.new_page()
    open_and_wait(page, url)
    page.evaluate(_PLANT, ["Typed on the phone, never sent", text_digest("First version")])
    open_and_wait(page, url)
    assert boxes(page).first.input_value() == "Typed on the phone, never sent"
    page.locator(".wk-text-answer .wk-status-saved").first.wait_for(timeout=ACT)
    with voila_server.store() as store:
        assert store.answers(me, "action_plan")["own_steps"] == "Typed on the phone, never sent"

    page.evaluate(_PLANT, ["A stale draft", text_digest("Typed on the phone, never sent")])
    with voila_server.store() as store:
        store.save_answer(me, "action_plan", "own_steps", "Written later on the laptop")
    open_and_wait(page, url)
    assert boxes(page).first.input_value() == "Written later on the laptop"
    left = page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('wk-draft:'))")
    assert left == []
    with voila_server.store() as store:
        assert store.answers(me, "action_plan")["own_steps"] == "Written later on the laptop"


@pytest.mark.browser
@pytest.mark.voila
def test_a_draft_that_comes_back_on_a_paused_stage_is_saved_when_it_opens(voila_server, context):
    """Typed, then the tab closed; the instructor paused the stage meanwhile."""
    with voila_server.store() as store:
        workshop, key = store.create_workshop("Draft while paused")
        me = store.create_participant(join_code=workshop.code, display_name="Cy")
    url = voila_server.page("04_action_plan.ipynb", f"p={me.token}")
    page = context.new_page()
    open_and_wait(page, url)
    page.evaluate(_PLANT, ["Typed before the pause", text_digest("")])
    with voila_server.store() as store:
        store.set_stage_locked(workshop, key, "action_plan", True)
    open_and_wait(page, url)
    assert boxes(page).first.input_value() == "Typed before the pause"
    with voila_server.store() as store:
        assert "own_steps" not in store.answers(me, "action_plan")
        store.set_stage_locked(workshop, key, "action_plan", False)
    assert wait_for_saved(voila_server, me, "action_plan", "Typed before the pause") == (
        "Typed before the pause"
    )
