"""Which student kernels the server keeps, and when a page is refused because the
workshop is full. Plain Python: ``voila_app.py`` feeds it what the server sees.

- **Reclaiming.** A page's kernel is meant to end when the student leaves the page
  (the browser sends a shutdown as it unloads). When that never arrives (a closed
  laptop, a lost phone, a browser killed) the kernel would run until the idle cull,
  and the idle cull never comes: a page's own refresh timers keep its kernel busy.
  So a kernel is reclaimed when no page has been connected to it for
  ``grace_seconds``. A connection that blinks (Wi-Fi, a phone switching networks)
  comes back well inside that and keeps its kernel. Preheated kernels that no student
  has been given yet are never reclaimed.
- **Admission.** Every kernel costs the server memory and a dozen file descriptors, so
  a client that opens pages in a loop could exhaust it for everybody. A page is
  refused (HTTP 503, "the workshop is full, try again in a minute") when the kernels
  of students' pages reach ``max_kernels`` overall or ``max_per_address`` for the
  client's address. Pages still being built count too, so a burst of requests cannot
  slip past the cap together. This machine's own address is not capped per address:
  it is the instructor's browser, or a reverse proxy in front of the server (such as
  ``deploy/nginx``) through which every student arrives; it counts overall.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workshop_kit.i18n import N_, _

DEFAULT_MAX_KERNELS = 150
DEFAULT_MAX_PER_ADDRESS = 10
DEFAULT_GRACE_SECONDS = 120.0
THIS_MACHINE = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})


@dataclass
class _Kernel:
    address: str
    last_connected: float  # when a page was last seen connected (or the page was served)
    connections: int = 0


@dataclass
class KernelGuard:
    max_kernels: int = DEFAULT_MAX_KERNELS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    grace_seconds: float = DEFAULT_GRACE_SECONDS
    _kernels: dict[str, _Kernel] = field(default_factory=dict)
    _building: Counter = field(default_factory=Counter)  # pages being built, per address

    # --- admission -----------------------------------------------------------------

    def refusal(self, address: str) -> str | None:
        """Why a new page for ``address`` is refused now, or None to serve it."""
        overall = len(self._kernels) + sum(self._building.values())
        if self.max_kernels > 0 and overall >= self.max_kernels:
            return "overall"
        if (
            self.max_per_address > 0
            and address not in THIS_MACHINE
            and self._open_for(address) >= self.max_per_address
        ):
            return "address"
        return None

    def _open_for(self, address: str) -> int:
        mine = sum(1 for kernel in self._kernels.values() if kernel.address == address)
        return mine + self._building[address]

    def building(self, address: str) -> None:
        """A page for ``address`` is being built (its kernel is not known yet)."""
        self._building[address] += 1

    def built(self, address: str) -> None:
        self._building[address] -= 1
        if self._building[address] <= 0:
            del self._building[address]

    # --- the kernels of students' pages ---------------------------------------------

    def page_kernel(self, kernel_id: str, address: str, now: float) -> None:
        """``kernel_id`` was given to a page requested from ``address``."""
        self._kernels[kernel_id] = _Kernel(address, now)

    def connected(self, kernel_id: str, now: float) -> None:
        kernel = self._kernels.get(kernel_id)
        if kernel is not None:
            kernel.connections += 1
            kernel.last_connected = now

    def disconnected(self, kernel_id: str, now: float) -> None:
        kernel = self._kernels.get(kernel_id)
        if kernel is not None:
            kernel.connections = max(kernel.connections - 1, 0)
            kernel.last_connected = now

    def ended(self, kernel_id: str) -> None:
        self._kernels.pop(kernel_id, None)

    def to_reclaim(self, now: float) -> list[str]:
        """Page kernels no page has been connected to for ``grace_seconds``."""
        return [
            kernel_id
            for kernel_id, kernel in self._kernels.items()
            if kernel.connections == 0 and now - kernel.last_connected >= self.grace_seconds
        ]

    def page_kernels(self) -> int:
        return len(self._kernels)


REASONS = {
    "overall": N_(
        "So many pages are open that the server cannot start another one right now. "
        "Pages that students have left are closed within a few minutes."
    ),
    "address": N_(
        "This device (or network) has many workshop pages open already. Close the "
        "tabs you no longer use; the server closes them too within a few minutes."
    ),
}
RETRY_SECONDS = 60


def full_page(reason: str, again: str, accept_language: str = "") -> str:
    """The page a refused student sees (no script, no request to another server), in
    the first of the browser's languages the kit speaks."""
    from workshop_kit.error_pages import kit_page, speaking

    with speaking(accept_language):
        return kit_page(
            _("The workshop is full, try again in a minute"),
            [
                _(REASONS.get(reason, REASONS["overall"])),
                _(
                    "Everything marked \u201cSaved\u201d is safe. This page tries again by "
                    "itself in {seconds} seconds."
                ).format(seconds=RETRY_SECONDS),
            ],
            link=again,
            link_text=_("Try again now"),
            head=f'\n<meta http-equiv="refresh" content="{RETRY_SECONDS}">',
        )
