"""Workshops: opening one, finding it by its join code, the instructor key, closing it.

The key is shown once when the workshop opens and kept only as a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace

from sqlalchemy import insert, select, update

from workshop_kit.i18n import SOURCE_LANGUAGE, catalog_languages
from workshop_kit.i18n import gettext as _
from workshop_kit.store.records import StoreError, Workshop, now
from workshop_kit.store.tables import workshops
from workshop_kit.text import one_line

# Join codes avoid characters that look or sound alike (0/O, 1/I/L, 5/S, 2/Z, 8/B, G/6).
JOIN_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_join_code() -> str:
    letters = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))
    return f"{letters[:3]}-{letters[3:]}"


def normalise_join_code(text: str) -> str:
    """Accept what people type: lower case, spaces, a missing dash."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{letters[:3]}-{letters[3:]}" if len(letters) == 6 else letters


def _workshop(row) -> Workshop:
    return Workshop(row.id, row.code, row.name, row.is_open, row.language)


def known_language(language: str) -> str:
    """``language`` if the kit speaks it; a forged or mistyped code is refused."""
    if language not in catalog_languages():
        raise StoreError(
            _("The kit has no language {code}; it speaks {known}.").format(
                code=repr(one_line(str(language))[:20]), known=", ".join(catalog_languages())
            )
        )
    return language


class WorkshopsMixin:
    """Workshops and their instructor key: methods of :class:`~workshop_kit.store.Store`,
    through its ``_write`` and ``_read`` transactions."""

    def create_workshop(
        self,
        name: str,
        organiser_secret: str = "",
        client: str = "unknown",
        language: str = SOURCE_LANGUAGE,
    ) -> tuple[Workshop, str]:
        """Open a workshop; return it and its instructor key (shown once, stored hashed).

        Under ``serve`` a page must give the organiser's secret (see
        :meth:`check_organiser`); the command line needs none. ``language`` is what its
        pages speak (one with a catalog: :func:`workshop_kit.i18n.catalog_languages`)."""
        self.check_organiser(organiser_secret, client)
        language = known_language(language)
        name = one_line(name)[:200] or "Workshop"
        key = secrets.token_urlsafe(24)
        with self._write() as conn:
            for _ in range(20):
                code = new_join_code()
                taken = conn.execute(select(workshops.c.id).where(workshops.c.code == code))
                if taken.first() is None:
                    break
            else:
                raise StoreError(_("Could not draw a free join code; please try again."))
            row_id = conn.execute(
                insert(workshops).values(
                    code=code,
                    name=name,
                    instructor_key_hash=hash_key(key),
                    is_open=True,
                    created_at=now(),
                    language=language,
                )
            ).inserted_primary_key[0]
        return Workshop(row_id, code, name, True, language), key

    def workshop_by_code(self, code: str) -> Workshop | None:
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.code == normalise_join_code(code))
            ).first()
        return _workshop(row) if row else None

    def workshop_by_id(self, workshop_id: int) -> Workshop | None:
        with self._read() as conn:
            row = conn.execute(select(workshops).where(workshops.c.id == workshop_id)).first()
        return _workshop(row) if row else None

    def check_instructor_key(self, workshop: Workshop, key: str) -> bool:
        with self._read() as conn:
            stored = conn.execute(
                select(workshops.c.instructor_key_hash).where(workshops.c.id == workshop.id)
            ).scalar_one()
        return hmac.compare_digest(stored, hash_key(key or ""))

    def set_workshop_language(self, workshop: Workshop, key: str, language: str) -> Workshop:
        """Make ``language`` the workshop's (instructor only): pages opened from now on,
        and students who never chose their own, speak it."""
        self._instructor(workshop, key)
        language = known_language(language)
        with self._write() as conn:
            conn.execute(
                update(workshops).where(workshops.c.id == workshop.id).values(language=language)
            )
        return replace(workshop, language=language)

    def close_workshop(self, workshop: Workshop, key: str) -> None:
        self._instructor(workshop, key)
        with self._write() as conn:
            conn.execute(
                update(workshops).where(workshops.c.id == workshop.id).values(is_open=False)
            )

    def _instructor(self, workshop: Workshop, key: str) -> None:
        if not self.check_instructor_key(workshop, key):
            raise StoreError(_("That instructor key is not right for this workshop."))
