"""The presenter view without a browser: who may move it (the store), the splits and the
three-answer rule (the model), and what the projector's page shows and never shows."""

from __future__ import annotations

import re

import pytest

from workshop_kit.models import interview
from workshop_kit.models import presenter as model
from workshop_kit.models.presenter import PANEL_IDS, View
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.presenter import Presenter
from workshop_kit.store import StoreError
from workshop_kit.store.key_attempts import KeyRefused


@pytest.fixture
def workshop(store):
    return store.create_workshop("Presenter test")


def _statement(content):
    return content.by_kind["interview_statements"].statements[0]


def _answer_quiz(store, people, statement, answers):
    for person, given in zip(people, answers, strict=False):
        store.save_answer(person, "interview", interview.QUIZ_PREFIX + statement.id, given)


# --- the store's rules -------------------------------------------------------------


def test_moving_the_presenter_needs_the_key_or_its_pass(store, workshop):
    w, key = workshop
    other, other_key = store.create_workshop("Another class")
    assert store.presenter_view(w.id) == View(PANEL_IDS[0])
    for forged in ["", "guess", other_key, store.presenter_pass(other, other_key)]:
        with pytest.raises(StoreError):
            store.set_presenter_view(w, forged, View("ideas"))
    assert store.presenter_view(w.id) == View(PANEL_IDS[0])  # nothing moved
    with pytest.raises(StoreError):
        store.presenter_pass(w, "guess")  # only the instructor gets the pass
    store.set_presenter_view(w, key, View("statement", 2))
    store.set_presenter_view(w, store.presenter_pass(w, key), View("statement", 2, True))
    assert store.presenter_view(w.id) == View("statement", 2, True)
    assert store.presenter_view(other.id) == View(PANEL_IDS[0])


def test_the_store_refuses_a_panel_or_item_that_does_not_exist(store, workshop):
    w, key = workshop
    with pytest.raises(StoreError, match="no presenter panel"):
        store.set_presenter_view(w, key, View("admin"))
    with pytest.raises(StoreError):
        store.set_presenter_view(w, key, View("statement", -1))


def test_wrong_presenter_passes_are_counted_like_wrong_keys(store, workshop, monkeypatch):
    from workshop_kit.store import key_attempts

    w, key = workshop
    for _ in range(3):
        with pytest.raises(KeyRefused):
            store.open_as_presenter(w.code, "guess", "10.0.0.5")
    with pytest.raises(KeyRefused, match="Wait"):  # even the right pass waits now
        store.open_as_presenter(w.code, store.presenter_pass(w, key), "10.0.0.5")
    later = key_attempts._clock() + key_attempts.LONGEST_WAIT_SECONDS + 1
    monkeypatch.setattr(key_attempts, "_clock", lambda: later)
    assert store.open_as_presenter(w.code, store.presenter_pass(w, key), "10.0.0.5") == w


# --- the model -----------------------------------------------------------------------


def test_a_split_is_shown_from_three_answers_and_adds_up_to_100(content):
    statement = _statement(content)
    two = model.statement_split(statement, ["do", "dont"])
    assert two.answered == 2 and not two.enough
    three = model.statement_split(statement, ["do", "dont", "dont", "maybe", None, 3])
    assert three.counts == (1, 2) and three.enough
    assert three.percents() == (33, 67) and sum(three.percents()) == 100
    assert three.options[three.right].lower().replace("'", "") == statement.answer


def test_a_scenario_split_counts_each_choice_and_knows_the_best(content):
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    split = model.scenario_split(scenario, [0, 1, 1, 99, -1, True, "1"])
    assert split.counts[:2] == (1, 2) and split.answered == 3
    assert split.right == interview.best_choice(scenario)
    assert split.options[0] == scenario.choices[0].text.strip()


def test_skill_and_interest_means_need_three_people(content):
    answers = model.LatestAnswers()
    skill = content.skills.skills[0]
    interests = content.by_kind["interests"]
    area = interests.areas[0]
    given = {}
    for person in (1, 2):
        given[person] = {
            "self_assessment": {
                f"rating.{skill.id}": 4,
                **{f"interest.{item.id}": 5 for item in area.items},
            }
        }
    answers.apply({"answers": given, "answers_upto": 10})
    assert model.skill_means(content.skills.skills, answers) == []
    assert model.interest_means(interests, answers) == []
    answers.apply({"answers": {3: given[1]}, "answers_upto": 11})
    assert model.skill_means(content.skills.skills, answers, minimum=4) == []  # content's
    assert len(model.skill_means(content.skills.skills, answers, minimum=2)) == 1  # never < 3
    (mean,) = model.skill_means(content.skills.skills, answers)
    assert (mean.name, mean.mean, mean.people) == (skill.name, 4, 3)
    (enjoy,) = model.interest_means(interests, answers)
    assert (enjoy.name, enjoy.people) == (area.name, 3) and answers.upto == 11


def test_hidden_ideas_never_reach_the_top_ideas():
    ideas = [
        {"text": "Shown", "votes": 1, "hidden": False, "created_at": 1},
        {"text": "Gone", "votes": 9, "hidden": True, "created_at": 2},
        {"text": "Newer", "votes": 1, "hidden": False, "created_at": 3},
        {"text": "Top", "votes": 4, "hidden": False, "created_at": 0},
    ]
    assert [i.text for i in model.top_ideas(ideas)] == ["Top", "Newer", "Shown"]


def test_moves_stay_within_the_panels_and_items(content):
    view = View()
    assert model.next_view(view, "prev_panel", content) == view
    assert model.next_view(view, "next_item", content) == view  # joining has no items
    assert model.next_view(view, "reveal", content) == view  # nor an answer
    at_quiz = View("statement")
    assert model.next_view(at_quiz, "next_item", content) == View("statement", 1)
    revealed = model.next_view(View("statement", 1), "reveal", content)
    assert revealed == View("statement", 1, True)
    # a new item or panel starts with its answer hidden
    assert model.next_view(revealed, "next_item", content) == View("statement", 2)
    assert model.next_view(revealed, "next_panel", content) == View("scenario")
    last = View(PANEL_IDS[-1])
    assert model.next_view(last, "next_panel", content) == last
    count = len(model.items_of(content, "statement"))
    end = View("statement", count - 1)
    assert model.next_view(end, "next_item", content) == end


# --- the page ------------------------------------------------------------------------


def _opened(content, store, w, key) -> Presenter:
    page = Presenter(content, store, code=w.code)
    page.screen.ticket = store.presenter_pass(w, key)  # what the browser sends
    assert page.workshop == w
    return page


def _text(page) -> str:
    return re.sub(r"<[^>]+>", " ", page.screen.value)


def test_without_the_pass_the_page_shows_nothing_of_the_workshop(content, store, workshop):
    w, key = workshop
    student = store.create_participant(join_code=w.code, display_name="Zelda")
    store.post_idea(student, "A private-sounding idea")
    page = Presenter(content, store, code=w.code)
    page.screen.ticket = key[:10]
    assert page.workshop is None and "do not match" in page.screen.value
    assert w.code not in page.screen.value and "idea" not in page.screen.value


def test_the_page_follows_the_store_and_never_names_anyone(content, store, workshop):
    w, key = workshop
    names = ["Zelda Quimby", "Yusuf Ozturk", "Xia Lin"]
    people = [store.create_participant(join_code=w.code, display_name=n) for n in names]
    statement = _statement(content)
    page = _opened(content, store, w, key)
    assert w.code in page.screen.value and "3 people have joined" in _text(page)

    store.set_presenter_view(w, key, View("statement"))
    _answer_quiz(store, people[:2], statement, ["do", "dont"])
    page.follow()
    assert model.WAITING in page.screen.value and "%" not in _text(page)
    _answer_quiz(store, people[2:], statement, ["dont"])
    page.follow()
    assert "33%" in _text(page) and "67%" in _text(page)
    assert "right answer" not in _text(page) and statement.why[:30] not in page.screen.value

    page.screen.press("reveal")  # the arrow keys' page moves the store's view too
    assert store.presenter_view(w.id).revealed
    assert "right answer" in _text(page)

    store.post_idea(people[0], "Hidden <b>idea</b>")
    kept = store.post_idea(people[1], "Data <i>journalism</i>")
    store.hide_idea(w, key, store.board(people[2])[-1].id)
    store.vote(people[2], kept, budget=3)
    store.set_presenter_view(w, key, View("ideas"))
    page.follow()
    assert "Data &lt;i&gt;journalism&lt;/i&gt;" in page.screen.value
    assert "Hidden" not in page.screen.value and "▲ 1" in page.screen.value

    for panel in PANEL_IDS:
        store.set_presenter_view(w, key, View(panel))
        page.follow()
        for name in names:
            assert name.split()[0] not in page.screen.value, (panel, name)
        assert "<button" not in page.screen.value and "<input" not in page.screen.value


def test_the_timer_panel_counts_down_the_workshops_timer(content, store, workshop):
    w, key = workshop
    page = _opened(content, store, w, key)
    store.set_presenter_view(w, key, View("timer"))
    page.follow()
    assert "No activity timer" in page.screen.value
    store.start_timer(w, key, "Brainstorm <now>", 300)
    page.follow()
    assert "Brainstorm &lt;now&gt;" in page.screen.value
    left = int(re.search(r'data-left-ms="(\d+)"', page.screen.value).group(1))
    assert 290_000 < left <= 300_000


def test_the_dashboard_moves_the_presenter(content, store, workshop):
    w, key = workshop
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    link = re.search(r'href="([^"]+)"', board.presenter_link.value).group(1)
    # the pass rides in the fragment, which the browser never sends to the server
    assert link.startswith(f"presenter.ipynb?session={w.code}#pass=")
    assert key not in board.presenter_link.value
    assert link.split("#pass=")[1] == store.presenter_pass(w, key)
    assert board.part("presenter").widget.children[1] is board.presenter_link
    assert [part.name for part in board.parts][-4:] == ["board", "figures", "confidence", "end"]
    buttons = board.presenter_buttons
    assert buttons["prev_panel"].disabled and buttons["reveal"].disabled
    buttons["next_panel"].click()
    buttons["next_panel"].click()
    assert store.presenter_view(w.id) == View("statement")
    buttons["next_item"].click()
    buttons["reveal"].click()
    assert store.presenter_view(w.id) == View("statement", 1, True)
    assert "item 2 of" in board.presenter_state.value
    assert "answer shown" in board.presenter_state.value
    assert buttons["reveal"].description == "Hide the answer"


def test_the_presenter_kernel_stays_light():
    """The projector's page draws its figures without pandas, numpy or matplotlib."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from workshop_kit.content import load_content\n"
        "from workshop_kit.stages.presenter import Presenter\n"
        "from workshop_kit.store import Store\n"
        "from workshop_kit.models.presenter import PANEL_IDS, View\n"
        "store = Store('sqlite:///:memory:')\n"
        "w, key = store.create_workshop('Light')\n"
        "page = Presenter(load_content(), store, code=w.code)\n"
        "page.screen.ticket = store.presenter_pass(w, key)\n"
        "for panel in PANEL_IDS:\n"
        "    store.set_presenter_view(w, key, View(panel))\n"
        "    page.follow()\n"
        "print(','.join(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
