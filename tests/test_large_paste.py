"""A paste far over an answer's limit: refused in the browser with a "too long" note,
before it is sent. Sent whole, 11 MB went over the websocket's 10 MB cap, the page's
connection dropped and the page blamed the student's Wi-Fi."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.voila, pytest.mark.browser]
TIMEOUT = 90_000
ELEVEN_MB = 11 * 1024 * 1024


def test_an_11_mb_paste_says_too_long_and_the_page_stays_connected(voila_server, context):
    page = context.new_page()
    page.goto(voila_server.page())
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    went_well = page.get_by_label("What went well?")
    went_well.fill("I arrived early")
    saved = page.locator(".wk-status-saved", has_text="Saved")
    saved.first.wait_for(timeout=TIMEOUT)

    went_well.focus()
    page.evaluate(
        """(size) => {
            const box = document.activeElement;
            box.select();
            document.execCommand("insertText", false, "x".repeat(size));  // as a paste
            box.blur();
        }""",
        ELEVEN_MB,
    )
    note = page.locator(".wk-too-long")
    expect(note).to_contain_text("Too long", timeout=TIMEOUT)
    expect(note).to_contain_text("the limit is")

    # still connected: another answer saves, and no "connection lost" warning
    page.get_by_label("What will you change next time?").fill("Bring notes")
    expect(saved).to_have_count(2, timeout=TIMEOUT)
    assert page.locator(".wk-connection").count() == 0
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    token = page.evaluate("new URL(location.href).searchParams.get('p')")
    assert stored(voila_server, token) == "I arrived early"  # the last saved version is kept

    went_well.fill("I arrived early and prepared")  # shortened: saved as usual
    expect(note).to_have_count(0)
    deadline = time.monotonic() + TIMEOUT / 1000
    while stored(voila_server, token) != "I arrived early and prepared":
        assert time.monotonic() < deadline, "the shortened text was not saved"
        page.wait_for_timeout(200)  # polling the database for the debounced save
    assert page.locator(".wk-connection").count() == 0


def stored(server, token: str) -> str:
    with server.store() as store:
        me = store.participant_by_token(token)
        return store.answer_history(me, "self_assessment", "postmortem.went_well")[-1]
