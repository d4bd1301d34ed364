"""Saving as the student works: debounced, with a visible status, and a draft kept
in the browser until the store has the text.

Typing sends a change per keystroke; saving each one would fill the store with
half-words. A :class:`Debouncer` waits until the student pauses, using the
kernel's event loop so the kernel is never blocked. Without a running loop (tests,
nbval) it saves at once.

Nothing the kernel does can save text that never reached it: a reload right after
typing can drop the last keystrokes still in the browser (ipywidgets holds back a
change while the previous one is unanswered) and ends the kernel before its pause
is over. So the browser keeps its own copy: :class:`DraftKeeper` writes every
keystroke of an answer marked with :func:`draft_class` to ``localStorage`` at once
(synchronously, before any unload), and drops it when the answer's
:class:`SaveStatus` reports that the store has exactly that text. A page that opens
with a draft still there puts it back in the box, which sends it to the kernel and
saves it. A draft is put back only over text this browser knew (what the store held
when the typing began, or a version typed here since): if another device saved
something else meanwhile, the draft is stale and dropped.

The same browser-side listener refuses text longer than its box's limit (a
:func:`limit class <LIMIT_PREFIX>` on the box, else :data:`SEND_CAP`) before it is sent:
the change never reaches the kernel, and a note under the box says it is too long and
by how much. Without it, a paste of some megabytes went to the kernel whole, and one
over the websocket's 10 MB cap dropped the page's connection ("connection lost").
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from html import escape

import anywidget
import ipywidgets as widgets
import traitlets

from workshop_kit import i18n
from workshop_kit.i18n import _
from workshop_kit.widgets.assets import asset
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
    return _("Not saved: the server did not answer. Try again in a moment.")


def refused_by_lock(exc: BaseException) -> bool:
    from workshop_kit.store import StageLocked

    return isinstance(exc, StageLocked)


class SaveStatus(Lean, widgets.HTML):
    """A small live region: "Saved", "Saving...", or what went wrong.

    ``paused`` tells whether the last failure was the instructor's pause (the page
    clears such messages, and saves what is waiting, when the stage opens again).

    Shares its layout and style with other widgets (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("wk-status")
        self.state = "idle"
        self.message = ""
        self.paused = False

    def attempt(self, action: Callable[[], object], saved: str | None = None) -> bool:
        """Run a save; show ``saved`` ("Saved" when not given; "" shows nothing) or why
        it failed. Return whether it worked."""
        if saved is None:
            saved = _("Saved")
        try:
            action()
        except Exception as exc:  # whatever failed, the page must keep working
            self.show("error", failure_message(exc))
            self.paused = refused_by_lock(exc)
            return False
        self.show("saved", saved)
        return True

    def show(self, state: str, message: str = "", draft: tuple[str, str] | None = None) -> None:
        """``draft``: (what the box held, what the store now holds) after a save, for
        the browser's :class:`DraftKeeper`."""
        self.state, self.message = state, message
        self.paused = False
        icon = {"saved": "✓ ", "error": "⚠ ", "saving": ""}.get(state, "")
        marks = (
            f' data-wk-typed="{text_digest(draft[0])}" data-wk-stored="{text_digest(draft[1])}"'
            if draft is not None
            else ""
        )
        self.value = (
            f'<span role="status" aria-live="polite" class="wk-status-{escape(state)}"{marks}>'
            f"{escape(icon + message)}</span>"
            if message
            else ""
        )


# --- drafts kept in the browser ----------------------------------------------------------

DRAFT_PREFIX = "wk-draft-"
SCOPE_PREFIX = "wk-drafts-"
LIMIT_PREFIX = "wk-limit-"  # + the most characters the box's answer accepts
# Any text box without a limit of its own: at most about 4 MB of JSON, under the
# websocket's 10 MB cap.
SEND_CAP = 1_000_000


def text_digest(text: str) -> str:
    """A short fingerprint of ``text`` that the browser computes the same way (32-bit
    FNV-1a over UTF-16 code units, with the length): it tells a draft from the text the
    store holds without sending the text again."""
    digest = 0x811C9DC5
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        digest ^= data[i] | (data[i + 1] << 8)
        digest = (digest * 0x01000193) & 0xFFFFFFFF
    return f"{len(data) // 2}-{digest:08x}"


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def draft_class(field: str) -> str:
    """The class that marks an answer's widget as keeping a browser draft; ``field``
    names the answer within its scope (``"interview/star.q1.action"``, say)."""
    return DRAFT_PREFIX + _hashed(field)


def draft_scope_class(owner: str) -> str:
    """The class for a container whose drafts belong to ``owner`` (a participant's
    token: another student on the same browser never gets them). Only a hash is shown."""
    return SCOPE_PREFIX + _hashed(owner)


class DraftKeeper(Lean, anywidget.AnyWidget):
    """Invisible; keeps what the student types in answers marked with
    :func:`draft_class` in the browser until the store has it (see the module's
    docstring). The page needs one (every student page has one)."""

    _esm = asset("draft_keeper.js")
    field_prefix = traitlets.Unicode(DRAFT_PREFIX).tag(sync=True)
    scope_prefix = traitlets.Unicode(SCOPE_PREFIX).tag(sync=True)
    limit_prefix = traitlets.Unicode(LIMIT_PREFIX).tag(sync=True)
    send_cap = traitlets.Int(SEND_CAP, help="the most characters a box without a limit sends").tag(
        sync=True
    )
    # The note under a box whose text is too long, in the page's language: the browser
    # fills in {length}, {limit} and {over}, written as numbers are in ``number_locale``.
    too_long_words = traitlets.Unicode(help="the too-long note, with {length} {limit} {over}").tag(
        sync=True
    )
    number_locale = traitlets.Unicode(help="a BCP 47 tag for the note's numbers").tag(sync=True)

    @traitlets.default("too_long_words")
    def _too_long_words(self):
        return _(
            "Too long: this is {length} characters; the limit is {limit}. Shorten it by "
            "{over} to save it. Nothing of it has been sent; your last saved version is kept."
        )

    @traitlets.default("number_locale")
    def _number_locale(self):
        return i18n.FORMAT_REGIONS.get(i18n.current(), i18n.current()).replace("_", "-")
