"""The served stage 3 page shows each student the tricky-moment choices in their own
order, and the same order again after a reload."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from workshop_kit.models import interview

TIMEOUT = 90_000


def _token(page: Page) -> str:
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)
    return parse_qs(urlparse(page.url).query)["p"][0]


def _shown(page: Page) -> list[str]:
    page.locator(".wk-choices .wk-card-text").first.wait_for(timeout=TIMEOUT)
    return [
        " ".join(text.split())
        for text in page.locator(".wk-choices .wk-card-text").all_inner_texts()
    ]


@pytest.mark.browser
def test_each_student_sees_their_own_order_and_keeps_it_on_reload(voila_server, browser, content):
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    texts = [" ".join(choice.text.split()) for choice in scenario.choices]
    seen = []
    for _student in range(2):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(voila_server.page("03_interview_dos_donts.ipynb"))
            shown = _shown(page)
            with voila_server.store() as store:
                me = store.participant_by_token(_token(page))
            order = interview.choice_order(scenario.id, range(len(texts)), interview.order_seed(me))
            assert shown == [f"{'ABCD'[n]}. {texts[i]}" for n, i in enumerate(order)]
            page.reload()
            assert _shown(page) == shown
            seen.append([re.sub(r"^[A-D]\. ", "", label) for label in shown])
        finally:
            context.close()
    assert all(sorted(labels) == sorted(texts) for labels in seen)
