"""A class opening the same page within a few seconds, as in a workshop when the
instructor shows the link: every student gets a working page of their own."""

from __future__ import annotations

import time
import urllib.request

import pytest
from conftest import serve
from playwright.sync_api import expect

pytestmark = pytest.mark.voila

STUDENTS = 5
SPACING_MS = 1000  # the arrival schedule: one student a second
TIMEOUT = 240_000  # ms: five pages and their kernels at once on a 2-core CI machine


@pytest.fixture(scope="module")
def preheated_server(tmp_path_factory):
    """Two preheated kernels per page, as ``workshop-kit serve --pool 2``: the first
    students get a ready kernel while refills start alongside the later arrivals."""
    with serve(tmp_path_factory.mktemp("arrival-data"), pool=2) as server:
        yield server


def test_students_arriving_together_all_get_a_working_page(preheated_server, browser):
    store = preheated_server.store()
    workshop, _key = store.create_workshop("Arrivals")
    url = preheated_server.page("01_self_assessment.ipynb", f"session={workshop.code}")
    contexts = [browser.new_context() for _ in range(STUDENTS)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:  # each arrives before the earlier pages have finished
            page.goto(url, wait_until="commit", timeout=TIMEOUT)
            page.wait_for_timeout(SPACING_MS)
        # Voila used to drop widget messages that came more than 4 s after the cell
        # finished; under this load a page then showed its header and nothing else.
        for page in pages:
            expect(page.locator(".wk-rating input").first).to_be_visible(timeout=TIMEOUT)
        tokens = {page.evaluate("new URL(location.href).searchParams.get('p')") for page in pages}
    finally:
        for context in contexts:
            context.close()
    members = store.workshop_participants(workshop.id)
    assert len(members) == STUDENTS
    # every page's own token opens one of the workshop's students (the store keeps
    # only hashes of tokens)
    found = {store.participant_by_token(token).id for token in tokens if token}
    assert found == {member.id for member in members}


@pytest.fixture(scope="module")
def slow_refill_server(tmp_path_factory):
    """One preheated kernel per page, replaced only after 300 s."""
    with serve(tmp_path_factory.mktemp("refill-data"), 1, "--refill-delay", "300") as server:
        yield server


def test_a_student_after_the_ready_kernels_gets_a_fresh_one_at_once(slow_refill_server):
    """Stock Voila counts a replacement that has not started yet as a kernel in the
    pool, so the next student waited for the whole refill delay (here 300 s)."""
    url = slow_refill_server.page("04_action_plan.ipynb")
    with urllib.request.urlopen(url, timeout=120) as response:
        assert "application/vnd.jupyter.widget-view+json" in response.read().decode()
    began = time.monotonic()
    with urllib.request.urlopen(url, timeout=150) as response:
        html = response.read().decode()
    assert "application/vnd.jupyter.widget-view+json" in html
    assert time.monotonic() - began < 150  # a cold kernel, far inside the 300 s delay
