"""Stages 1 and 2 served by a real Voila and driven in Chromium: a student rates skills
and interests, reads their interests summary, then sees roles with NOC links on stage 2
and narrows them by the kind of employer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.voila

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
ACT = 15_000  # ms: one round trip to a warm kernel


def rate(page, name: str, level: str) -> None:
    group = page.get_by_role("group", name=name, exact=True)
    group.get_by_role("radio", name=level).check()
    expect(group.locator(".wk-rating-status")).to_have_text("✓ Rating saved", timeout=ACT)


@pytest.mark.browser
def test_interests_on_stage_1_then_roles_with_noc_links_and_employers_on_stage_2(
    voila_server, context
):
    page = context.new_page()
    page.goto(voila_server.page())
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    rate(page, "Programming", "5 One of my best")
    rate(page, "Data analysis", "4 Strong")
    rate(page, "Presenting to a group", "2 Getting started")
    for line in [
        "I would enjoy leading a team towards a goal.",
        "I would enjoy selling a product or an idea to people.",
        "I would enjoy starting my own small business one day.",
    ]:
        rate(page, line, "5 I would love it")
    for line in [
        "I would enjoy fixing a bike, a machine or a broken device.",
        "I would enjoy building or putting something together from parts.",
    ]:
        rate(page, line, "1 Not for me")
    summary = page.locator(".wk-interest-summary")
    expect(summary).to_contain_text("You lean towards Enterprising work", timeout=ACT)
    chart = page.locator(".wk-chart svg").nth(1)
    expect(chart.locator("desc")).to_contain_text("Leading and persuading: 5.0 of 5")
    page.get_by_role("radio", name="Anything where I can learn, even far from my plan").check()
    page.locator(".wk-status-saved").first.wait_for(timeout=ACT)
    page.wait_for_function("new URL(location.href).searchParams.get('p')", timeout=TIMEOUT)

    page.get_by_role("link", name="2. Other careers").click()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    expect(page.get_by_text("Based on the 3 skills and the interests you rated")).to_be_visible()
    # the stretch list reaches as far as stage 1 said: eight roles, eight fields
    expect(page.get_by_text("So this list shows up to 8 roles")).to_be_visible()
    first = page.locator(".wk-role").first
    link = first.locator("a.wk-noc")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert link.inner_text().startswith("NOC ")
    assert "statcan.gc.ca" in (link.get_attribute("href") or "")
    expect(first.locator(".wk-role-needs")).to_contain_text("TEER")

    page.get_by_label("Who would you like to work for?").select_option(label="Non-profit")
    page.wait_for_function(
        """() => {
            const cards = [...document.querySelectorAll('.wk-role-employers')];
            return cards.length > 0 && cards.every(c => c.textContent.includes('non-profits'));
        }""",
        timeout=ACT,
    )
    expect(page.locator(".wk-suggestion")).to_contain_text("Your skills also fit non-profits")
    page.reload()
    page.wait_for_selector(".wk-role", timeout=TIMEOUT)
    chosen = page.get_by_label("Who would you like to work for?").evaluate(
        "select => select.options[select.selectedIndex].text"
    )
    assert chosen == "Non-profit"
