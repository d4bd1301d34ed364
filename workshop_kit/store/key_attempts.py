"""Wrong instructor keys, counted in the store so a reload or a new tab does not wipe
the count: per workshop, and per client address. After three wrong tries each new
try waits longer (2, 4, 8... seconds, at most a minute)."""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable

from sqlalchemy import delete, insert, select, update

from workshop_kit.i18n import N_, _, ngettext
from workshop_kit.store.records import StoreError, Workshop
from workshop_kit.store.tables import key_attempts
from workshop_kit.store.workshops import hash_key

_clock = time.time  # tests move it forward instead of waiting
FREE_TRIES = 3
LONGEST_WAIT_SECONDS = 60
# the same words for an unknown code and a wrong key: nothing to probe
WRONG_KEY_MESSAGE = N_("That code and key do not match a workshop.")
WRONG_SECRET_MESSAGE = N_(
    "That organiser secret is not right. It is printed when the workshop server starts."
)
# Set by `serve` for its kernels: the SHA-256 of the organiser's secret, which creating
# a workshop from a page needs. Unset (the command line, a notebook): no secret asked.
ORGANISER_HASH = "WORKSHOP_KIT_ORGANISER_HASH"


class KeyRefused(StoreError):
    """A wrong code or key, or a try made while wrong tries must wait.

    ``wait_seconds`` is how long the next try has to wait (0: it need not)."""

    def __init__(self, message: str, wait_seconds: float = 0.0):
        super().__init__(message)
        self.wait_seconds = wait_seconds


def wait_after(failures: int) -> float:
    """Seconds a try waits after ``failures`` wrong ones in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(LONGEST_WAIT_SECONDS, 2 ** (failures - FREE_TRIES + 1)))


class KeyAttemptsMixin:
    """The instructor's way in, for :class:`~workshop_kit.store.Store`."""

    def open_as_instructor(self, code: str, key: str, client: str) -> Workshop:
        """The workshop with join ``code`` if ``key`` is its instructor key.

        ``client`` is the address the key was typed from. Raises :class:`KeyRefused`
        for a wrong code or key, or while earlier wrong tries make this one wait.
        """
        return self.open_with_secret(
            code, client, lambda workshop: self.check_instructor_key(workshop, key or "")
        )

    def open_with_secret(
        self, code: str, client: str, is_right: Callable[[Workshop], bool]
    ) -> Workshop:
        """The workshop with join ``code`` if ``is_right(workshop)``, counting a wrong
        code or secret against the client's address and the workshop."""
        workshop = self.workshop_by_code(code or "")
        scopes = [f"client:{(client or 'unknown')[:60]}"]
        if workshop is not None:
            scopes.append(f"workshop:{workshop.id}")
        self._try_secret(scopes, lambda: workshop is not None and is_right(workshop))
        return workshop

    def check_organiser(self, secret: str, client: str) -> None:
        """Raise :class:`KeyRefused` unless ``secret`` is the organiser's (when the
        server asks for one), counting wrong tries like wrong instructor keys."""
        expected = os.environ.get(ORGANISER_HASH)
        if not expected:
            return
        scopes = [f"client:{(client or 'unknown')[:60]}", "organiser"]
        self._try_secret(
            scopes,
            lambda: hmac.compare_digest(expected, hash_key(secret or "")),
            WRONG_SECRET_MESSAGE,
        )

    def _try_secret(
        self, scopes: list[str], is_right: Callable[[], bool], wrong: str = WRONG_KEY_MESSAGE
    ) -> None:
        """Raise :class:`KeyRefused` while earlier wrong tries in ``scopes`` make this
        one wait, or with ``wrong`` when ``is_right()`` is false (counted); a right try
        forgets the earlier wrong ones."""
        wait = self._key_wait(scopes)
        if wait > 0:
            seconds = int(f"{wait:.0f}")
            raise KeyRefused(
                ngettext(
                    "Too many wrong tries. Wait {n} second.",
                    "Too many wrong tries. Wait {n} seconds.",
                    seconds,
                ).format(n=seconds),
                wait,
            )
        if not is_right():
            raise KeyRefused(_(wrong), self._count_wrong_key(scopes))
        self._forget_wrong_keys(scopes)

    def _key_wait(self, scopes: list[str]) -> float:
        with self._read() as conn:
            until = conn.execute(
                select(key_attempts.c.blocked_until).where(key_attempts.c.scope.in_(scopes))
            ).scalars()
            latest = max((value or 0.0 for value in until), default=0.0)
        return max(0.0, latest - _clock())

    def _count_wrong_key(self, scopes: list[str]) -> float:
        """Count a wrong try against every scope; the wait it sets."""
        longest = 0.0
        with self._write() as conn:
            for scope in scopes:
                failures = conn.execute(
                    select(key_attempts.c.failures).where(key_attempts.c.scope == scope)
                ).scalar()
                if failures is None:
                    failures = 1
                    conn.execute(insert(key_attempts).values(scope=scope, failures=1))
                else:
                    failures += 1
                wait = wait_after(failures)
                longest = max(longest, wait)
                conn.execute(
                    update(key_attempts)
                    .where(key_attempts.c.scope == scope)
                    .values(failures=failures, blocked_until=_clock() + wait if wait else None)
                )
        return longest

    def _forget_wrong_keys(self, scopes: list[str]) -> None:
        with self._write() as conn:
            conn.execute(delete(key_attempts).where(key_attempts.c.scope.in_(scopes)))
