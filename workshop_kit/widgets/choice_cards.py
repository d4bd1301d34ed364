"""Choices as cards: one answer from a few (:class:`ChoiceCards`) or any number of them
(:class:`CheckCards`).

Each option is a card holding a real radio button or checkbox and its words, which wrap
inside the card, so long answers never run into each other on a phone. The group is a
fieldset named by its legend (``label``): a screen reader announces the question, then
each option with its state; the keyboard moves as with any radio group or checkbox
(Tab, the arrow keys, Space, and Enter too). ``disabled`` greys the cards out and
refuses changes.

Options are shown in the order given, as ``(text, value)`` or ``(text, value, detail)``
pairs (a bare string is its own value); ``value`` is the chosen option's value, or a tuple
of them. The browser only ever sends an option's position, which is checked here.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import Lean


def _cards(options) -> tuple[list[dict[str, str]], list[Any]]:
    cards, values = [], []
    for option in options:
        if isinstance(option, str):
            option = (option, option)
        text, value, *rest = option
        card = {"text": str(text)}
        if rest and rest[0]:
            card["detail"] = str(rest[0])
        cards.append(card)
        values.append(value)
    if len(set(map(repr, values))) != len(values):
        raise ValueError("each option needs its own value")
    return cards, values


class _Cards(Lean, anywidget.AnyWidget):
    _esm = asset("choice_cards.js")
    _css = asset("choice_cards.css")

    label = traitlets.Unicode("", help="the question: the group's visible, accessible name").tag(
        sync=True
    )
    help = traitlets.Unicode("", help="one line under the question").tag(sync=True)
    cards = traitlets.List(traitlets.Dict(), help="each card's text and detail").tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)
    disabled = traitlets.Bool(False, help="greyed out; choices refused").tag(sync=True)
    options = traitlets.List(help="(text, value) or (text, value, detail), in order shown")

    def __init__(self, options=(), **kwargs: Any):
        cards, values = _cards(options)
        self._values = values
        super().__init__(options=list(options), cards=cards, **kwargs)

    @traitlets.observe("options")
    def _new_options(self, change) -> None:
        self.cards, self._values = _cards(change["new"])
        self._refit_value()

    def _refit_value(self) -> None:
        raise NotImplementedError

    @property
    def values(self) -> list[Any]:
        """The options' values, in the order shown."""
        return list(self._values)


class ChoiceCards(_Cards):
    """One answer from a few, as a radio group of cards.

    Examples
    --------
    >>> cards = ChoiceCards(label="Pick one", options=[("Yes", "y"), ("No", "n")])
    >>> cards.choose("n")
    True
    >>> cards.value
    'n'
    """

    index = traitlets.Int(-1, help="the chosen card's position; -1 = none").tag(sync=True)
    value = traitlets.Any(None, help="the chosen option's value; None = none")

    def __init__(self, options=(), value: Any = None, **kwargs: Any):
        super().__init__(options=options, **kwargs)
        self.value = value

    def choose(self, value: Any) -> bool:
        """Choose an option as a click would: refused (False) while ``disabled``."""
        if self.disabled or value not in self._values:
            return False
        self.value = value
        return True

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        if value is not None and value not in self._values:
            raise traitlets.TraitError(f"{value!r} is not one of the options")
        return value

    @traitlets.observe("value")
    def _value_to_index(self, change) -> None:
        value = change["new"]
        self.index = -1 if value is None else self._values.index(value)

    @traitlets.validate("index")
    def _valid_index(self, proposal):
        # A forged message can carry any number: keep the last good position.
        return proposal["value"] if -1 <= proposal["value"] < len(self._values) else self.index

    @traitlets.observe("index")
    def _index_to_value(self, change) -> None:
        index = change["new"]
        if not -1 <= index < len(self._values):  # let through under hold_trait_notifications
            self.index = change["old"] if -1 <= change["old"] < len(self._values) else -1
            return
        self.value = None if index == -1 else self._values[index]

    def _refit_value(self) -> None:
        if self.value not in self._values:
            self.value = None
        else:
            self.index = self._values.index(self.value)


class CheckCards(_Cards):
    """Any number of answers, as cards with checkboxes. ``value`` is a tuple of the
    chosen options' values, in the order shown.

    Examples
    --------
    >>> cards = CheckCards(label="Pick any", options=["Tea", "Coffee"])
    >>> cards.toggle("Coffee")
    True
    >>> cards.value
    ('Coffee',)
    """

    indices = traitlets.List(traitlets.Int(), help="the chosen cards' positions").tag(sync=True)
    value = traitlets.Tuple(help="the chosen options' values, in the order shown")

    def __init__(self, options=(), value=(), **kwargs: Any):
        kwargs["multiple"] = True
        super().__init__(options=options, **kwargs)
        self.value = tuple(value)

    def toggle(self, value: Any, on: bool | None = None) -> bool:
        """Tick or untick an option as a click would (``on`` None flips it): refused
        (False) while ``disabled``."""
        if self.disabled or value not in self._values:
            return False
        now = value in self.value
        want = not now if on is None else on
        if want != now:
            chosen = set(map(repr, self.value)) ^ {repr(value)}
            self.value = tuple(v for v in self._values if repr(v) in chosen)
        return True

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = tuple(proposal["value"])
        unknown = [v for v in value if v not in self._values]
        if unknown:
            raise traitlets.TraitError(f"{unknown[0]!r} is not one of the options")
        return tuple(v for v in self._values if v in value)  # in the order shown, once each

    @traitlets.observe("value")
    def _value_to_indices(self, change) -> None:
        self.indices = [self._values.index(v) for v in change["new"]]

    def _allowed(self, indices) -> bool:
        return all(isinstance(i, int) and 0 <= i < len(self._values) for i in indices)

    @traitlets.validate("indices")
    def _valid_indices(self, proposal):
        indices = proposal["value"]
        return sorted(set(indices)) if self._allowed(indices) else self.indices

    @traitlets.observe("indices")
    def _indices_to_value(self, change) -> None:
        if not self._allowed(change["new"]):
            self.indices = change["old"] if self._allowed(change["old"]) else []
            return
        self.value = tuple(self._values[i] for i in change["new"])

    def _refit_value(self) -> None:
        self.value = tuple(v for v in self.value if v in self._values)


class CheckCard(_Cards):
    """One yes-or-no tick box as a card; ``value`` is True when ticked.

    Examples
    --------
    >>> card = CheckCard(text="Join anonymously")
    >>> card.toggle()
    True
    >>> card.value
    True
    """

    indices = traitlets.List(traitlets.Int(), help="[0] when ticked").tag(sync=True)
    value = traitlets.Bool(False, help="ticked")

    def __init__(self, text: str, value: bool = False, **kwargs: Any):
        kwargs["multiple"] = True
        super().__init__(options=[(text, True)], **kwargs)
        self.value = value

    def toggle(self, on: bool | None = None) -> bool:
        """Tick or untick as a click would (``on`` None flips it): refused (False) while
        ``disabled``."""
        if self.disabled:
            return False
        self.value = not self.value if on is None else on
        return True

    @traitlets.observe("value")
    def _value_to_indices(self, change) -> None:
        self.indices = [0] if change["new"] else []

    @traitlets.validate("indices")
    def _valid_indices(self, proposal):
        return [0] if proposal["value"] == [0] else [] if proposal["value"] == [] else self.indices

    @traitlets.observe("indices")
    def _indices_to_value(self, change) -> None:
        if change["new"] not in ([], [0]):  # let through under hold_trait_notifications
            self.indices = change["old"] if change["old"] in ([], [0]) else []
            return
        self.value = change["new"] == [0]

    def _refit_value(self) -> None:
        pass  # one card, always there
