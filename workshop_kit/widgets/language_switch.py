"""The page's language switch: a button per other language the kit offers, each named
in its own language ("Français", "English") so a student finds theirs."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop_kit.i18n import language_name, translations
from workshop_kit.widgets.lean import lean, shared


class LanguageSwitch(widgets.HBox):
    """Buttons to show the page in another offered language; ``on_choose(code)`` runs
    when one is pressed. With one language offered it shows nothing."""

    def __init__(self, offered: tuple[str, ...], on_choose: Callable[[str], None]):
        super().__init__(**shared(widgets.HBox))
        self.add_class("wk-language-switch")
        self.offered = offered
        self.on_choose = on_choose
        self.buttons: dict[str, widgets.Button] = {}  # made when first offered

    def _button(self, code: str) -> widgets.Button:
        if code not in self.buttons:
            # The tooltip is in the language the button leads to, like its name.
            button = lean(
                widgets.Button,
                description=language_name(code),
                tooltip=translations(code).gettext("Show the workshop in this language"),
            )
            button.add_class(f"wk-language-{code}")
            button.on_click(lambda _button: self.on_choose(code))
            self.buttons[code] = button
        return self.buttons[code]

    def show_for(self, current: str) -> None:
        """Offer every language but ``current``."""
        others = [code for code in self.offered if code != current]
        self.children = [self._button(code) for code in others] if len(self.offered) > 1 else []
