"""A free-text answer that checks itself and saves as the student types."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import traitlets

from workshop_kit.i18n import _
from workshop_kit.text import clean_text
from workshop_kit.widgets.autosave import (
    DEFAULT_DELAY,
    LIMIT_PREFIX,
    Debouncer,
    SaveStatus,
    draft_class,
    failure_message,
    refused_by_lock,
)
from workshop_kit.widgets.lean import lean, lean_html, shared

Saver = Callable[[str], None]


class TextAnswer(widgets.VBox):
    """Label, help, a text box, and a status line under it.

    Parameters
    ----------
    label
        The question; also the text box's accessible name.
    help
        One line of guidance shown under the label.
    save
        Called with the cleaned text when the student pauses. May raise; the
        student then sees a message and keeps their text.
    limit
        Most characters accepted; longer text is refused with a message.
    draft_key
        Names the answer on its page (``"self_assessment/postmortem.went_well"``): the
        browser then keeps what is typed until the store has it, and a reload puts it
        back (:class:`~workshop_kit.widgets.autosave.DraftKeeper`).
    """

    value = traitlets.Unicode("", help="the text in the box").tag(sync=False)

    def __init__(
        self,
        label: str,
        help: str,
        save: Saver,
        limit: int,
        placeholder: str = "",
        value: str = "",
        rows: int = 3,
        delay: float = DEFAULT_DELAY,
        draft_key: str | None = None,
    ):
        # Nothing changes the layouts or styles: they are shared (widgets.lean).
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-text-answer")
        if draft_key:
            self.add_class(draft_class(draft_key))
        self._save = save
        self.limit = limit
        self.box = lean(
            widgets.Textarea,
            value=value,
            description=label,
            placeholder=placeholder,
            rows=rows,
            continuous_update=True,
            style={"description_width": "initial"},
        )
        self.box.add_class("wk-textarea")
        # The browser refuses longer text before sending it (autosave.DraftKeeper): a
        # large paste would otherwise go to the kernel whole, and one over the
        # websocket's 10 MB cap drops the page's connection.
        self.box.add_class(f"{LIMIT_PREFIX}{limit}")
        self.help = lean_html(f'<p class="wk-help">{escape(help)}</p>')
        self.status = SaveStatus()
        self.saved_text = value
        self._debouncer = Debouncer(self._save_now, delay)
        self.value = value
        self.box.observe(self._on_type, "value")
        self.children = [self.box, self.help, self.status]

    def _on_type(self, change) -> None:
        self.value = change["new"]
        check = clean_text(self.value, self.limit)
        if not check.ok:
            self._debouncer.cancel()
            self.status.show("error", check.message)
            return
        self.status.show("saving", _("Saving…"))
        self._debouncer.trigger()

    def _save_now(self) -> None:
        typed = self.value
        check = clean_text(typed, self.limit)
        if not check.ok:
            self.status.show("error", check.message)
            return
        try:
            self._save(check.text)
        except Exception as exc:  # the student must keep their text whatever failed
            if refused_by_lock(exc):
                self.status.show(
                    "error",
                    _(
                        "Not saved yet: your instructor has paused this part. Your text is "
                        "kept here and saved as soon as it opens again."
                    ),
                )
                self.status.paused = True
            else:
                self.status.show(
                    "error",
                    _("{problem} Your text is still here.").format(problem=failure_message(exc)),
                )
            return
        self.saved_text = check.text
        self.status.show("saved", _("Saved"), draft=(typed, check.text))

    def save_now(self) -> None:
        """Save what the box holds now (the stage has opened again, say)."""
        self._debouncer.cancel()
        self._save_now()

    def flush(self) -> None:
        self._debouncer.flush()
