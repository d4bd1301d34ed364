"""Wrong instructor keys are counted by the store: a reload, a new tab or a second
kernel does not reset the count (each page is a kernel of its own)."""

from __future__ import annotations

import pytest

from workshop_kit.store import KeyRefused, Store
from workshop_kit.store import key_attempts as attempts


@pytest.fixture
def clock(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(attempts, "_clock", lambda: moment[0])
    return moment


def wrong_tries(store: Store, code: str, client: str, count: int) -> list[float]:
    waits = []
    for _ in range(count):
        with pytest.raises(KeyRefused) as refused:
            store.open_as_instructor(code, "not-the-key", client)
        waits.append(refused.value.wait_seconds)
    return waits


def test_wrong_keys_wait_longer_each_time_and_survive_a_reload(db_url, clock):
    with Store(db_url) as store:
        workshop, key = store.create_workshop("Cohort")
        assert wrong_tries(store, workshop.code, "10.0.0.5", 3) == [0, 0, 2]
        # the right key, typed too soon, waits as well
        with pytest.raises(KeyRefused, match="Wait 2 seconds"):
            store.open_as_instructor(workshop.code, key, "10.0.0.5")
    # a reload is a new kernel with a new Store: the count is still there
    with Store(db_url) as reloaded:
        with pytest.raises(KeyRefused, match="Too many wrong tries"):
            reloaded.open_as_instructor(workshop.code, key, "10.0.0.5")
        clock[0] += 2.5
        assert wrong_tries(reloaded, workshop.code, "10.0.0.5", 1) == [4]
        clock[0] += 4.5
        assert reloaded.open_as_instructor(workshop.code, key, "10.0.0.5") == workshop
        # the right key clears the count
        assert wrong_tries(reloaded, workshop.code, "10.0.0.5", 2) == [0, 0]


def test_guessing_codes_from_one_address_is_slowed_down(db_url, clock):
    with Store(db_url) as store:
        workshop, key = store.create_workshop("Cohort")
        waits = wrong_tries(store, "AAA-AAA", "10.0.0.9", 3)
        assert waits[-1] > 0
        with pytest.raises(KeyRefused, match="Too many wrong tries"):
            store.open_as_instructor("CCC-CCC", "x", "10.0.0.9")
        # another address and the real workshop are not held up by it
        assert store.open_as_instructor(workshop.code, key, "10.0.0.10") == workshop


def test_one_workshop_guessed_from_many_addresses_is_slowed_down(db_url, clock):
    with Store(db_url) as store:
        workshop, _key = store.create_workshop("Cohort")
        for n in range(3):
            wrong_tries(store, workshop.code, f"10.0.1.{n}", 1)
        with pytest.raises(KeyRefused, match="Too many wrong tries"):
            store.open_as_instructor(workshop.code, "guess", "10.0.1.99")


def test_the_wait_never_passes_a_minute():
    assert [attempts.wait_after(n) for n in (1, 2, 3, 4, 5, 9, 50)] == [0, 0, 2, 4, 8, 60, 60]


# --- creating workshops needs the organiser's secret under `serve` ------------------


@pytest.fixture
def organiser(monkeypatch):
    from workshop_kit.store.key_attempts import ORGANISER_HASH
    from workshop_kit.store.store import hash_key

    monkeypatch.setenv(ORGANISER_HASH, hash_key("the-organisers-secret"))
    return "the-organisers-secret"


def test_a_page_cannot_create_a_workshop_without_the_organisers_secret(db_url, clock, organiser):
    with Store(db_url) as store:
        with pytest.raises(KeyRefused, match="organiser secret is not right"):
            store.create_workshop("Forged", "", "10.0.0.7")
        waits = []
        for _ in range(2):
            with pytest.raises(KeyRefused) as refused:
                store.create_workshop("Forged", "guess", "10.0.0.7")
            waits.append(refused.value.wait_seconds)
        assert waits == [0, 2]
        with pytest.raises(KeyRefused, match="Too many wrong tries"):
            store.create_workshop("Real", organiser, "10.0.0.7")
        clock[0] += 3
        workshop, _key = store.create_workshop("Real", organiser, "10.0.0.7")
        assert [w.name for w in _all_workshops(store)] == ["Real"] == [workshop.name]


def test_the_command_line_needs_no_organiser_secret(db_url, monkeypatch):
    from workshop_kit.store.key_attempts import ORGANISER_HASH

    monkeypatch.delenv(ORGANISER_HASH, raising=False)
    with Store(db_url) as store:
        workshop, _key = store.create_workshop("From the terminal")
    assert workshop.name == "From the terminal"


def test_the_dashboard_asks_for_the_secret_and_a_forged_click_creates_nothing(
    content, db_url, clock, organiser
):
    from workshop_kit.stages.dashboard import Dashboard

    with Store(db_url) as store:
        board = Dashboard(content, store)
        assert board.organiser_box.layout.display != "none"
        board.name_box.value = "Forged"
        board.create_button.click()  # what a forged widget message does
        assert board.workshop is None and _all_workshops(store) == []
        assert "organiser secret is not right" in board.create_status.message
        assert board.create("Toronto", organiser)
        assert board.workshop.name == "Toronto"


def test_reloading_the_dashboard_does_not_reset_the_wrong_key_wait(content, db_url, clock):
    from workshop_kit.stages.dashboard import Dashboard

    with Store(db_url) as store:
        workshop, key = store.create_workshop("Cohort")
        for _ in range(3):
            assert not Dashboard(content, store).unlock(workshop.code, "guess")
        reloaded = Dashboard(content, store)  # a reload is a new page and kernel
        assert not reloaded.unlock(workshop.code, key)
        assert "Too many wrong tries" in reloaded.login_status.message
        clock[0] += 3
        assert reloaded.unlock(workshop.code, key)


def _all_workshops(store: Store):
    from sqlalchemy import select

    from workshop_kit.store.tables import workshops

    with store._read() as conn:
        return list(conn.execute(select(workshops.c.name)))
