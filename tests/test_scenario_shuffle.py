"""Tricky moments cannot be gamed: each student sees the choices in their own order,
stable across reloads, while answers are saved and counted by the choice's own id."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter
from html import unescape

import pytest

from workshop_kit import analysis
from workshop_kit.models import interview as model
from workshop_kit.stages.interview import InterviewStage


def test_the_order_is_the_same_every_time_for_one_student():
    ids = ["a", "b", "c", "d"]
    first = model.choice_order("weakness", ids, "token-1")
    assert sorted(first) == ids
    assert all(model.choice_order("weakness", ids, "token-1") == first for _ in range(5))


def test_the_order_differs_between_students_and_between_scenarios():
    ids = [0, 1, 2, 3]
    orders = {tuple(model.choice_order("weakness", ids, f"student-{n}")) for n in range(40)}
    assert len(orders) >= 12  # of the 24 possible
    per_scenario = {tuple(model.choice_order(f"s{n}", ids, "one-student")) for n in range(40)}
    assert len(per_scenario) >= 12


def test_across_a_class_the_best_choice_lands_in_every_place():
    # choice 0 is "best" in the file; a class of 200 sees it spread over A-D
    shown_at = Counter(
        model.choice_order("weakness", [0, 1, 2, 3], f"student-{n}").index(0) for n in range(200)
    )
    assert set(shown_at) == {0, 1, 2, 3}
    assert max(shown_at.values()) < 0.4 * 200


def test_the_order_does_not_use_or_move_pythons_global_random_state():
    random.seed(7)
    before = random.getstate()
    order = model.choice_order("weakness", [0, 1, 2, 3], "token-1")
    assert random.getstate() == before
    random.seed(99)
    assert model.choice_order("weakness", [0, 1, 2, 3], "token-1") == order


def _stage(content, store, person):
    return InterviewStage(content, store, person, delay=0, rng=random.Random(1))


def _shown_texts(stage) -> list[str]:
    return [re.sub(r"^[A-D]\. ", "", card["text"]) for card in stage.scenarios.choices.cards]


def _two_students_who_see_different_orders(content, store):
    scenario = content.by_kind["interview_scenarios"].scenarios[0]

    def order(person):
        return model.choice_order(
            scenario.id, range(len(scenario.choices)), model.order_seed(person)
        )

    first = store.create_participant()
    for _ in range(20):
        other = store.create_participant()
        if order(other) != order(first):
            return scenario, first, other
    raise AssertionError("twenty students all saw the same order")


def test_the_page_shows_the_students_order_and_keeps_it_on_reload(content, store):
    scenario, me, _other = _two_students_who_see_different_orders(content, store)
    stage = _stage(content, store, me)
    order = stage.scenarios.order(scenario)
    assert stage.scenarios.picker.value == scenario.id
    assert _shown_texts(stage) == [scenario.choices[i].text.strip() for i in order]
    assert [card["text"][0] for card in stage.scenarios.choices.cards] == list("ABCD")[: len(order)]
    assert _shown_texts(_stage(content, store, me)) == _shown_texts(stage)  # a reload


def test_two_students_see_different_orders_and_both_save_the_choices_own_id(content, store):
    scenario, me, other = _two_students_who_see_different_orders(content, store)
    best = model.best_choice(scenario)
    best_text = scenario.choices[best].text.strip()
    places = []
    for person in (me, other):
        stage = _stage(content, store, person)
        place = _shown_texts(stage).index(best_text)
        places.append(place)
        stage.scenarios.choices.index = place  # the card a tap on the page reports
        stage.scenarios.submit.click()
        assert store.answers(person, "interview")[f"scenario.{scenario.id}"] == best
        html = unescape(stage.scenarios.feedback.value)
        assert "Best choice!" in html
        # the feedback uses the letters this student saw
        assert f"<strong>{'ABCD'[place]} (best, your choice):</strong>" in html
        again = _stage(content, store, person)  # a reload shows the answer where it was
        assert again.scenarios.choices.index == place
        assert again.scenarios.choices.disabled
    assert _shown_texts(_stage(content, store, me)) != _shown_texts(_stage(content, store, other))


def test_results_still_add_up_by_choice_across_shuffled_students(content, store):
    workshop, _key = store.create_workshop("Shuffled")
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    best = model.best_choice(scenario)
    wrong = (best + 1) % len(scenario.choices)
    people = [store.create_participant(join_code=workshop.code) for _ in range(8)]
    places = set()
    for n, person in enumerate(people):
        stage = _stage(content, store, person)
        pick = best if n < 6 else wrong
        place = _shown_texts(stage).index(scenario.choices[pick].text.strip())
        places.add((pick, place))
        stage.scenarios.choices.index = place  # the card a tap on the page reports
        stage.scenarios.submit.click()
    assert len({place for pick, place in places if pick == best}) > 1  # seen in other places
    table = analysis.scenario_results(store.workshop_snapshot(workshop.id), content)
    row = table[table["moment"] == scenario.title].iloc[0]
    assert row["answered"] == 8 and row["share_best"] == 0.75
    assert row["most_common_wrong"] == scenario.choices[wrong].text.strip()


@pytest.mark.parametrize("index", [None, 9])
def test_a_choice_outside_the_list_is_refused(content, store, index):
    me = store.create_participant()
    stage = _stage(content, store, me)
    scenario = stage.scenarios.scenarios[0]
    stage.scenarios.choose(scenario.id, index)
    assert "Pick one" in stage.scenarios.feedback.value
    assert store.answers(me, "interview") == {}


def test_the_seed_is_the_participant_id_so_a_record_without_its_token_keeps_the_order(store):
    me = store.create_participant()
    again = store.participant_by_token(me.token)
    blank = dataclasses.replace(me, token="")  # as a record read without its token
    assert model.order_seed(me) == model.order_seed(again) == model.order_seed(blank)
    assert model.order_seed(store.create_participant()) != model.order_seed(me)
