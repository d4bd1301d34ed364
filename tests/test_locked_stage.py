"""A stage the instructor pauses, without a browser: its controls look locked, a refused
rating goes back to the saved level and says so beside itself, and text typed while
the stage was paused is saved when it opens again, with the "paused" messages gone.

Pages are built as Voila builds them (:class:`StagePage` around the stage) and driven
as the browser drives them: ``.value`` is set. The page's refresh timer is called by
hand (no event loop runs here).
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from workshop_kit import export
from workshop_kit.identity import Arrival
from workshop_kit.stages.action_plan import ActionPlan
from workshop_kit.stages.interview import InterviewStage
from workshop_kit.stages.page import StagePage
from workshop_kit.stages.self_assessment import SelfAssessment
from workshop_kit.widgets.autosave import SaveStatus
from workshop_kit.widgets.rating import RatingScale
from workshop_kit.widgets.text_answer import TextAnswer

STAGES = {
    "self_assessment": lambda c, s, p: SelfAssessment(c, s, p, delay=0),
    "interview": lambda c, s, p: InterviewStage(c, s, p, delay=0),
    "action_plan": lambda c, s, p: ActionPlan(c, s, p, delay=0),
}


class Class:
    """One workshop, its instructor's key and one student."""

    def __init__(self, store, content):
        self.store, self.content = store, content
        self.workshop, self.key = store.create_workshop("Paused")
        self.me = store.create_participant(join_code=self.workshop.code)

    def page(self, stage: str) -> StagePage:
        """The stage's page as the student opens it."""
        build = STAGES[stage]
        return StagePage(
            stage,
            self.store,
            Arrival(url_token=self.me.token),
            lambda participant: build(self.content, self.store, participant),
            stage=stage,
        )

    def lock(self, stage: str, locked: bool = True) -> None:
        self.store.set_stage_locked(self.workshop, self.key, stage, locked)


@pytest.fixture
def klass(store, content):
    return Class(store, content)


def tree(root):
    yield root
    for child in getattr(root, "children", ()) or ():
        if isinstance(child, widgets.Widget):
            yield from tree(child)


def controls(page: StagePage) -> list[widgets.Widget]:
    return [w for w in tree(page.stage) if w.has_trait("disabled")]


def paused_messages(page: StagePage) -> list[str]:
    shown = [w.message for w in tree(page.stage) if isinstance(w, SaveStatus)]
    shown += [w.status for w in tree(page.stage) if isinstance(w, RatingScale)]
    return [m for m in shown if "paused" in m]


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_paused_stage_disables_its_controls_and_opens_them_again(klass, stage):
    page = klass.page(stage)
    enabled = [w for w in controls(page) if not w.disabled]
    assert len(enabled) > 3
    klass.lock(stage)
    page.refresh_workshop_state()
    assert "paused" in page.lock_banner.value
    assert "wk-lock-banner" in page.lock_banner._dom_classes  # kept in view (sticky)
    assert [w for w in controls(page) if not w.disabled] == []
    page.refresh_workshop_state()  # the next tick changes nothing
    klass.lock(stage, False)
    page.refresh_workshop_state()
    assert page.lock_banner.value == ""
    assert [w for w in controls(page) if not w.disabled] == enabled


def test_a_page_opened_while_paused_starts_locked(klass):
    klass.lock("self_assessment")
    page = klass.page("self_assessment")
    assert "paused" in page.lock_banner.value
    assert all(scale.disabled for scale in page.stage.scales.values())
    assert page.stage.stretch.box.disabled


def test_a_control_disabled_by_the_stage_itself_stays_disabled_after_the_pause(klass):
    page = klass.page("interview")
    finish = page.stage.drill.finish_button
    assert finish.disabled  # nothing to finish before the drill starts
    klass.lock("interview")
    page.refresh_workshop_state()
    klass.lock("interview", False)
    page.refresh_workshop_state()
    assert finish.disabled
    assert not page.stage.quiz.topic.disabled


@pytest.mark.parametrize(
    ("stage", "answer_of", "exported"),
    [
        ("self_assessment", lambda s: s.postmortem[next(iter(s.postmortem))], True),
        ("self_assessment", lambda s: s.stretch, True),
        ("interview", lambda s: s.star.parts["task"], True),
        ("interview", lambda s: s.drill.notes, True),  # the report keeps drill notes
        ("interview", lambda s: s.ask.own, True),  # and the questions to ask
        ("action_plan", lambda s: s.own, True),
    ],
)
def test_text_typed_while_paused_is_saved_when_the_stage_opens(klass, stage, answer_of, exported):
    page = klass.page(stage)
    answer: TextAnswer = answer_of(page.stage)
    answer.box.value = "Before the pause"
    assert answer.status.state == "saved"
    # The instructor pauses; the student types before the page has noticed.
    klass.lock(stage)
    answer.box.value = "Typed during the pause ✍"
    assert answer.status.state == "error"
    assert "kept here and saved as soon as it opens again" in answer.status.message
    page.refresh_workshop_state()
    assert answer.box.disabled and paused_messages(page)
    before = klass.store.answers(klass.me, stage)
    assert "Typed during the pause ✍" not in before.values()

    klass.lock(stage, False)
    page.refresh_workshop_state()
    saved = klass.store.answers(klass.me, stage)
    assert "Typed during the pause ✍" in saved.values()
    assert answer.status.state == "saved"
    assert paused_messages(page) == []
    # and a reload (a new page for the same student) shows it, and so does the export
    again = klass.page(stage)
    assert answer_of(again.stage).box.value == "Typed during the pause ✍"
    snapshot = klass.store.workshop_snapshot(klass.workshop.id)
    files = [t.to_csv() for t in export.tables(snapshot, klass.content).values()]
    files += [html for html, _md in export.reports(snapshot, klass.content).values()]
    assert any("Typed during the pause ✍" in text for text in files) == exported


def test_other_paused_messages_disappear_when_the_stage_opens(klass):
    page = klass.page("interview")
    klass.lock("interview")
    statement = page.stage.quiz.quiz.statements[0]
    page.stage.quiz.answer(statement.id, "do")  # before the page noticed the pause
    assert "paused" in page.stage.quiz.status.message
    klass.lock("interview", False)
    page.refresh_workshop_state()
    assert paused_messages(page) == []


def test_a_refused_rating_goes_back_to_the_saved_level_and_says_so_beside_it(klass):
    page = klass.page("self_assessment")
    stage: SelfAssessment = page.stage
    first, second = list(stage.scales)[:2]
    stage.rate(first, 3)
    assert stage.scales[first].status == "Rating saved"
    assert stage.scales[first].status_kind == "saved"
    klass.lock("self_assessment")
    stage.rate(first, 5)  # tapped before the page noticed the pause
    assert stage.scales[first].value == 3  # the saved level, on screen too
    assert "paused" in stage.scales[first].status
    assert stage.scales[first].status_kind == "error"
    assert klass.store.answers(klass.me, "self_assessment")[f"rating.{first}"] == 3
    stage.rate(second, 2)
    assert stage.scales[second].value == 0 and "paused" in stage.scales[second].status
    # no status line far away from the scales says anything about them
    far = [w for w in stage.children if isinstance(w, SaveStatus) and "ating" in w.message]
    assert far == []

    klass.lock("self_assessment", False)
    page.refresh_workshop_state()
    assert paused_messages(page) == []
    stage.rate(second, 2)
    assert stage.scales[second].status == "Rating saved"
    assert stage.scales[first].status == ""  # only the latest rating says "saved"


def test_the_rating_status_is_part_of_the_scale_it_is_about(klass):
    stage: SelfAssessment = klass.page("self_assessment").stage
    last = list(stage.scales)[-1]
    stage.rate(last, 4)
    assert stage.scales[last].status == "Rating saved"
    statuses = [w for w in tree(stage) if isinstance(w, SaveStatus)]
    assert not [s for s in statuses if "Rating" in s.message]


# --- in a browser ------------------------------------------------------------------------

TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core CI machine
ACT = 15_000  # ms: a round trip to the kernel, or the page's next refresh (3 s)

_FORCE_RATING = """([skill, level]) => {
  // A tap that lands before the page has heard of the pause (or a forged message):
  // checks the level even when the page has already disabled it.
  const group = [...document.querySelectorAll("fieldset.wk-rating")]
    .find((f) => f.querySelector("legend").textContent === skill);
  const input = group.querySelector(`input[value="${level}"]`);
  input.disabled = false;
  input.checked = true;
  input.dispatchEvent(new Event("change"));
}"""


@pytest.mark.browser
@pytest.mark.voila
def test_a_paused_stage_in_the_browser(voila_server, context):
    from playwright.sync_api import expect

    with voila_server.store() as store:
        workshop, key = store.create_workshop("Paused in a browser")
        me = store.create_participant(join_code=workshop.code, display_name="Ana")
    page = context.new_page()
    page.goto(voila_server.page("01_self_assessment.ipynb", f"p={me.token}"))
    page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
    skill = page.locator("fieldset.wk-rating legend").first.inner_text()
    group = page.get_by_role("group", name=skill)
    group.get_by_role("radio", name="3").check()
    expect(group.locator(".wk-rating-status")).to_have_text("✓ Rating saved", timeout=ACT)
    went_well = page.get_by_label("What went well?")

    with voila_server.store() as store:
        store.set_stage_locked(workshop, key, "self_assessment", True)
    page.locator(".wk-lock-banner", has_text="paused").wait_for(timeout=ACT)
    expect(group.get_by_role("radio", name="5")).to_be_disabled(timeout=ACT)
    expect(went_well).to_be_disabled()

    # a "5" that reaches the kernel anyway is refused: the saved 3 is shown again, and
    # the reason is given inside the same group, not far down the page
    page.evaluate(_FORCE_RATING, [skill, 5])
    expect(group.locator(".wk-rating-status")).to_contain_text("paused", timeout=ACT)
    expect(group.get_by_role("radio", name="3")).to_be_checked()
    expect(group.get_by_role("radio", name="5")).not_to_be_checked()
    # the banner stays in view beside the controls the student scrolled to
    page.get_by_label("What feedback did you get?").scroll_into_view_if_needed()
    banner = page.locator(".wk-lock-banner").bounding_box()
    field = page.get_by_label("What feedback did you get?").bounding_box()
    assert banner is not None and field is not None
    assert 0 <= banner["y"] < 150, banner  # at the top of the view (under the title bar)
    assert banner["y"] < field["y"]

    with voila_server.store() as store:
        store.set_stage_locked(workshop, key, "self_assessment", False)
    expect(went_well).to_be_enabled(timeout=ACT)
    expect(page.locator(".wk-lock-banner", has_text="paused")).to_have_count(0)
    expect(page.locator(".wk-status-error", has_text="paused")).to_have_count(0)
    expect(group.get_by_role("radio", name="5")).to_be_enabled()
    with voila_server.store() as store:
        assert list(store.answers(me, "self_assessment").values()) == [3]
