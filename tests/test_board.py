"""The idea board's rules live in the store: forged votes and hides are refused there."""

from __future__ import annotations

import multiprocessing

import pytest

from workshop_kit.store import IdeaRefused, Store, StoreError

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def workshop(store):
    return store.create_workshop("Board")


@pytest.fixture
def people(store, workshop):
    return [store.create_participant(join_code=workshop[0].code) for _ in range(3)]


def test_ideas_are_kept_as_typed_and_shared_with_the_workshop(store, people):
    ana, ben, _ = people
    idea = store.post_idea(ana, XSS + " marketing with my writing", role="Content writer")
    board = store.board(ben)
    assert [i.id for i in board] == [idea]
    assert board[0].text == XSS + " marketing with my writing"
    assert board[0].role == "Content writer" and not board[0].mine


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_blank_ideas_are_refused(store, people, text):
    with pytest.raises(IdeaRefused, match="empty"):
        store.post_idea(people[0], text)


def test_over_long_ideas_are_refused_with_the_limit(store, people):
    with pytest.raises(IdeaRefused, match="280") as refused:
        store.post_idea(people[0], "x" * 20_000)
    # nothing was saved before, so the message must not promise a "last saved version"
    assert "Nothing was posted" in str(refused.value) and "saved" not in str(refused.value)
    assert store.board(people[0]) == []


def test_the_same_student_cannot_post_the_same_idea_twice(store, people):
    store.post_idea(people[0], "Try a start-up")
    with pytest.raises(IdeaRefused, match="already posted"):
        store.post_idea(people[0], "  try a   START-UP ")
    store.post_idea(people[1], "Try a start-up")  # someone else may


def test_one_vote_per_idea_and_votes_can_change(store, people):
    ana, ben, _ = people
    idea = store.post_idea(ana, "Hotel front desk uses my languages")
    store.vote(ben, idea, budget=3)
    with pytest.raises(IdeaRefused, match="already voted"):
        store.vote(ben, idea, budget=3)
    assert store.board(ben)[0].votes == 1 and store.board(ben)[0].voted
    assert store.unvote(ben, idea)
    assert store.board(ana)[0].votes == 0
    store.vote(ben, idea, budget=3)
    assert store.board(ana)[0].votes == 1


def test_the_vote_budget_is_enforced(store, people):
    ana, ben, _ = people
    ideas = [store.post_idea(ana, f"Idea {n}") for n in range(3)]
    store.vote(ben, ideas[0], budget=2)
    store.vote(ben, ideas[1], budget=2)
    with pytest.raises(IdeaRefused, match="all 2 of your votes"):
        store.vote(ben, ideas[2], budget=2)
    assert store.votes_left(ben, 2) == 0
    store.unvote(ben, ideas[0])
    store.vote(ben, ideas[2], budget=2)


def test_no_votes_on_own_hidden_missing_or_other_workshop_ideas(store, people, workshop):
    ana, ben, _ = people
    own = store.post_idea(ana, "Mine")
    with pytest.raises(IdeaRefused):
        store.vote(ana, own, budget=3)
    other_workshop, _ = store.create_workshop("Elsewhere")
    stranger = store.create_participant(join_code=other_workshop.code)
    with pytest.raises(IdeaRefused):
        store.vote(stranger, own, budget=3)
    with pytest.raises(IdeaRefused):
        store.vote(ben, 99_999, budget=3)
    store.hide_idea(workshop[0], workshop[1], own)
    with pytest.raises(IdeaRefused):
        store.vote(ben, own, budget=3)


def test_hiding_needs_the_instructor_key_and_hides_for_everyone(store, people, workshop):
    ana, ben, carla = people
    idea = store.post_idea(ana, "Something rude")
    for wrong in ["", "guess", workshop[1][:-1]]:
        with pytest.raises(StoreError):
            store.hide_idea(workshop[0], wrong, idea)
    assert store.board(ben)
    store.hide_idea(workshop[0], workshop[1], idea)
    assert store.board(ana) == store.board(ben) == store.board(carla) == []


def test_a_hidden_idea_comes_back_only_with_the_instructor_key(store, people, workshop):
    ana, ben, _ = people
    idea = store.post_idea(ana, "Hidden by mistake")
    store.hide_idea(workshop[0], workshop[1], idea)
    for wrong in ["", "guess", workshop[1][:-1]]:
        with pytest.raises(StoreError, match="instructor can bring back"):
            store.unhide_idea(workshop[0], wrong, idea)
    assert store.board(ben) == []
    other, other_key = store.create_workshop("Elsewhere")
    with pytest.raises(IdeaRefused):  # another workshop's key reaches only its own ideas
        store.unhide_idea(other, other_key, idea)
    store.unhide_idea(workshop[0], workshop[1], idea)
    assert [i.id for i in store.board(ben)] == [idea]
    store.vote(ben, idea, budget=3)  # and it takes votes again


def test_solo_board_is_the_students_own_list(store, people):
    solo = store.create_participant()
    store.post_idea(people[0], "Group idea")
    mine = store.post_idea(solo, "My own idea")
    assert [i.id for i in store.board(solo)] == [mine]
    with pytest.raises(IdeaRefused):
        store.vote(solo, mine, budget=3)


def test_sorting_by_votes_or_newest(store, people):
    ana, ben, carla = people
    old = store.post_idea(ana, "Old but popular")
    new = store.post_idea(ana, "New")
    store.vote(ben, old, budget=3)
    store.vote(carla, old, budget=3)
    assert [i.id for i in store.board(ben, sort="votes")] == [old, new]
    assert [i.id for i in store.board(ben, sort="newest")] == [new, old]


def _voter(url: str, token: str, idea_ids: list[int], budget: int, start, results) -> None:
    start.wait()
    with Store(url) as store:
        me = store.participant_by_token(token)
        accepted = 0
        for idea in idea_ids:
            for _ in range(2):  # every vote twice, as a double click or a forged message would
                try:
                    store.vote(me, idea, budget)
                    accepted += 1
                except IdeaRefused:
                    pass
        results.put(accepted)


def test_concurrent_votes_from_several_processes_keep_the_rules(db_url):
    budget, voters = 3, 6
    with Store(db_url) as store:
        workshop, _ = store.create_workshop("Burst")
        author = store.create_participant(join_code=workshop.code)
        idea_ids = [store.post_idea(author, f"Idea {n}") for n in range(5)]
        people = [store.create_participant(join_code=workshop.code) for _ in range(voters)]
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(voters), ctx.Queue()
    procs = [
        ctx.Process(target=_voter, args=(db_url, p.token, idea_ids, budget, start, results))
        for p in people
    ]
    for proc in procs:
        proc.start()
    accepted = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    assert accepted == [budget] * voters
    with Store(db_url) as store:
        board = store.board(author)
        assert sum(i.votes for i in board) == budget * voters
        assert all(store.votes_left(p, budget) == 0 for p in people)
