"""Where the presenter view is, for :class:`~workshop_kit.store.Store`.

Moving the view is an instructor action: the store refuses it without the workshop's
instructor key, or the presenter pass made from that key. The pass lets the projector's
page follow the view and move it with the arrow keys without the key itself: the
dashboard hands it to the presenter page, and it opens nothing else (no stage control,
no moderation, no exports). It is an HMAC of the stored key hash, so it needs no table
of its own and changes with the key.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import insert, select, update

from workshop_kit.i18n import _
from workshop_kit.models.presenter import ITEM_LIMIT, PANEL_IDS, View
from workshop_kit.store.records import StoreError, Workshop, now
from workshop_kit.store.tables import presenter_views, workshops

PASS_LENGTH = 32


class PresenterMixin:
    """The presenter view's state and who may move it."""

    def presenter_pass(self, workshop: Workshop, key: str) -> str:
        """The pass the presenter page opens with (instructor only)."""
        self._instructor(workshop, key)
        return self._pass_for(workshop)

    def _pass_for(self, workshop: Workshop) -> str:
        with self._read() as conn:
            stored = conn.execute(
                select(workshops.c.instructor_key_hash).where(workshops.c.id == workshop.id)
            ).scalar_one()
        message = f"presenter:{workshop.id}".encode()
        return hmac.new(stored.encode(), message, hashlib.sha256).hexdigest()[:PASS_LENGTH]

    def _presenter(self, workshop: Workshop, key_or_pass: str) -> None:
        """Refuse unless ``key_or_pass`` is the instructor key or the presenter pass."""
        given = key_or_pass or ""
        if not (
            hmac.compare_digest(self._pass_for(workshop), given)
            or self.check_instructor_key(workshop, given)
        ):
            raise StoreError(_("That instructor key is not right for this workshop."))

    def open_as_presenter(self, code: str, presenter_pass: str, client: str) -> Workshop:
        """The workshop with join ``code`` if ``presenter_pass`` is its presenter pass;
        wrong tries are counted and slowed down like wrong instructor keys."""
        return self.open_with_secret(
            code,
            client,
            lambda workshop: hmac.compare_digest(self._pass_for(workshop), presenter_pass or ""),
        )

    def presenter_view(self, workshop_id: int | None) -> View:
        """Where the presenter is (the first panel until the instructor moves it)."""
        if workshop_id is None:
            return View()
        with self._read() as conn:
            row = conn.execute(
                select(presenter_views).where(presenter_views.c.workshop_id == workshop_id)
            ).first()
        if row is None:
            return View()
        return View(row.panel, row.item, bool(row.revealed))

    def set_presenter_view(self, workshop: Workshop, key: str, view: View) -> View:
        """Move the presenter (instructor key or presenter pass); returns the view."""
        self._presenter(workshop, key)
        if view.panel not in PANEL_IDS:
            raise StoreError(
                _("There is no presenter panel called {panel}.").format(panel=repr(view.panel))
            )
        if not 0 <= view.item < ITEM_LIMIT:
            raise StoreError(_("There is no such item in this panel."))
        values = {
            "panel": view.panel,
            "item": view.item,
            "revealed": bool(view.revealed),
            "updated_at": now(),
        }
        with self._write() as conn:
            moved = conn.execute(
                update(presenter_views)
                .where(presenter_views.c.workshop_id == workshop.id)
                .values(**values)
            ).rowcount
            if not moved:
                conn.execute(insert(presenter_views).values(workshop_id=workshop.id, **values))
        return View(view.panel, view.item, bool(view.revealed))
