"""Participants are real people: a request that never runs the page (a script, a link
preview, a crawler) adds no one to a workshop; a page that loads and talks to its
kernel does."""

from __future__ import annotations

import urllib.request

from conftest import serve
from playwright.sync_api import expect

from workshop_kit.identity import Arrival
from workshop_kit.stages.page import StagePage
from workshop_kit.stages.self_assessment import SelfAssessment


def test_a_page_built_without_a_cookie_waits_for_the_browser(content, store):
    workshop, _key = store.create_workshop("Cohort")
    arrival = Arrival(join_code=workshop.code, cookie_token="")  # a request with no cookie
    page = StagePage("Title", store, arrival, lambda p: SelfAssessment(content, store, p, delay=0))
    assert page.participant is None
    assert store.workshop_participants(workshop.id) == []
    page.browser.set_state({"stored_token": "", "reported": True})  # the page's script
    assert page.participant is not None
    assert [p.id for p in store.workshop_participants(workshop.id)] == [page.participant.id]


def test_bare_requests_add_no_one_and_a_real_page_adds_one(tmp_path, browser):
    with serve(tmp_path, 0) as server:
        with server.store() as store:
            workshop, _key = store.create_workshop("Cohort")
        url = server.page("01_self_assessment.ipynb", f"session={workshop.code}")
        for _ in range(3):  # what three cookie-less `curl` requests did
            with urllib.request.urlopen(url, timeout=120) as response:
                assert response.status == 200
                response.read()
        with server.store() as store:
            assert store.workshop_participants(workshop.id) == []
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url)
            expect(page.locator(".wk-rating input").first).to_be_visible(timeout=60_000)
        finally:
            context.close()
        with server.store() as store:
            assert len(store.workshop_participants(workshop.id)) == 1
