"""Saving as the student works: debounced, with a visible status.

Typing sends a change per keystroke; saving each one would fill the store with
half-words. A :class:`Debouncer` waits until the student pauses, using the
kernel's event loop so the kernel is never blocked. Without a running loop (tests,
nbval) it saves at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from workshop_kit.widgets.lean import Lean

log = logging.getLogger(__name__)

DEFAULT_DELAY = 0.6  # seconds of quiet before a save


class Debouncer:
    """Run ``action`` once, ``delay`` seconds after the last :meth:`trigger`."""

    def __init__(self, action: Callable[[], None], delay: float = DEFAULT_DELAY):
        self.action = action
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def trigger(self) -> None:
        self.cancel()
        loop = _running_loop()
        if loop is None or self.delay <= 0:
            self.action()
        else:
            self._handle = loop.call_later(self.delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self.action()

    def flush(self) -> None:
        """Run a pending action now (before the page is rebuilt, say)."""
        if self._handle is not None:
            self.cancel()
            self.action()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def pending(self) -> bool:
        return self._handle is not None


def _running_loop() -> asyncio.AbstractEventLoop | None:
    # ipykernel runs comm handlers (every widget change) inside its asyncio loop.
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def failure_message(exc: BaseException) -> str:
    """What to tell a student when a save failed: the store's own words when it refused
    (a locked stage, a limit), otherwise that the server did not answer."""
    from workshop_kit.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    log.warning("save failed", exc_info=exc)
    return "Not saved: the server did not answer. Try again in a moment."


class SaveStatus(Lean, widgets.HTML):
    """A small live region: "Saved", "Saving...", or what went wrong.

    Shares its layout and style with other widgets (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("wk-status")
        self.state = "idle"
        self.message = ""

    def attempt(self, action: Callable[[], object], saved: str = "Saved") -> bool:
        """Run a save; show ``saved`` or why it failed. Return whether it worked."""
        try:
            action()
        except Exception as exc:  # whatever failed, the page must keep working
            self.show("error", failure_message(exc))
            return False
        self.show("saved", saved)
        return True

    def show(self, state: str, message: str = "") -> None:
        self.state, self.message = state, message
        icon = {"saved": "✓ ", "error": "⚠ ", "saving": ""}.get(state, "")
        self.value = (
            f'<span role="status" aria-live="polite" class="wk-status-{escape(state)}">'
            f"{escape(icon + message)}</span>"
            if message
            else ""
        )
