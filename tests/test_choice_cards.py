"""The choice cards on the kernel side: what the browser may change, what a click does,
and the answers the stages save with them (the same ids and values as before)."""

from __future__ import annotations

import pytest
import traitlets

from workshop_kit.widgets.choice_cards import CheckCard, CheckCards, ChoiceCards


def test_a_choice_is_sent_as_a_position_and_read_as_its_value():
    cards = ChoiceCards(label="Pick one", options=[("A. Yes", 2), ("B. No", 0)])
    assert cards.value is None and cards.index == -1
    assert cards.cards == [{"text": "A. Yes"}, {"text": "B. No"}]
    cards.set_state({"index": 1})  # the browser reports the second card
    assert cards.value == 0
    cards.value = 2
    assert cards.index == 0


def test_a_forged_position_keeps_the_last_good_choice():
    cards = ChoiceCards(label="Pick one", options=["a", "b"], value="b")
    for forged in (7, -2, 2):
        cards.set_state({"index": forged})
        assert (cards.index, cards.value) == (1, "b")


def test_a_disabled_set_refuses_a_click_but_shows_the_saved_choice():
    cards = ChoiceCards(label="Pick one", options=["a", "b"], value="a", disabled=True)
    assert cards.choose("b") is False and cards.value == "a"
    cards.disabled = False
    assert cards.choose("b") is True and cards.value == "b"
    assert cards.choose("not an option") is False


def test_new_options_keep_a_choice_that_is_still_there_wherever_it_is():
    cards = ChoiceCards(label="Pick one", options=[("x", 1), ("y", 2)], value=2)
    cards.options = [("y first", 2), ("x", 1), ("z", 3)]  # shown in the order given
    assert (cards.value, cards.index) == (2, 0)
    cards.options = [("z", 3)]
    assert (cards.value, cards.index) == (None, -1)
    with pytest.raises(traitlets.TraitError):
        cards.value = 99


def test_checks_are_kept_in_the_order_shown_and_forged_positions_refused():
    cards = CheckCards(label="Pick any", options=[("A", "a", "why a"), ("B", "b"), ("C", "c")])
    assert cards.cards[0] == {"text": "A", "detail": "why a"}
    assert cards.toggle("c") and cards.toggle("a")
    assert cards.value == ("a", "c") and cards.indices == [0, 2]
    cards.set_state({"indices": [1, 1, 0]})
    assert cards.value == ("a", "b")
    cards.set_state({"indices": [0, 9]})
    assert cards.value == ("a", "b")
    assert cards.toggle("a", on=True) and cards.value == ("a", "b")  # already ticked
    cards.disabled = True
    assert cards.toggle("b") is False and cards.value == ("a", "b")


def test_options_need_values_of_their_own():
    with pytest.raises(ValueError, match="own value"):
        ChoiceCards(label="x", options=[("a", 1), ("b", 1)])


def test_the_cards_ship_their_script_and_style_as_files():
    cards = ChoiceCards(label="x", options=["a"])
    assert "export default" in cards._esm and ".wk-card" in cards._css
    assert '"group" : "radiogroup"' in cards._esm


def test_a_single_tick_box_reads_as_true_or_false():
    card = CheckCard("Join anonymously (no name)")
    assert card.value is False and card.cards == [{"text": "Join anonymously (no name)"}]
    card.set_state({"indices": [0]})
    assert card.value is True
    card.set_state({"indices": [3]})
    assert card.value is True and card.indices == [0]
    card.value = False
    assert card.indices == []
    card.disabled = True
    assert card.toggle() is False and card.value is False
