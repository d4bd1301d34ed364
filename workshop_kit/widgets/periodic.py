"""Refreshing a view every few seconds without blocking the kernel.

The callback runs on the kernel's own event loop (``call_later``), between messages,
so the student can keep typing. Outside a kernel (tests) nothing is scheduled and
tests call the action themselves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self, interval: float, action: Callable[[], None]):
        self.interval = interval
        self.action = action
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> bool:
        """Start ticking; return False when there is no running loop to tick on."""
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._schedule()
        return True

    def _schedule(self) -> None:
        if self._loop is not None:
            self._handle = self._loop.call_later(self.interval, self._tick)

    def _tick(self) -> None:
        try:
            self.action()
        except Exception:  # one failed refresh (a busy database) must not stop the next
            log.exception("periodic refresh failed")
        self._schedule()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self._loop = None

    @property
    def running(self) -> bool:
        return self._handle is not None
