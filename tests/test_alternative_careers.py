"""Stage 2 without a browser: suggestions from stage 1 ratings, marks that persist,
and the idea board view (rules are tested in test_board.py)."""

from __future__ import annotations

import pytest

from workshop_kit.stages.alternative_careers import AlternativeCareers
from workshop_kit.stages.idea_board import IdeaBoard

XSS = "<img src=x onerror=\"document.title='pwned'\">"
WRITER = {"creative_writing": 5, "business_writing": 5, "editing": 4, "programming": 1}


@pytest.fixture
def workshop(store):
    return store.create_workshop("Stage 2")


def student(store, workshop, ratings=None):
    person = store.create_participant(join_code=workshop[0].code)
    for skill, value in (ratings or {}).items():
        store.save_answer(person, "self_assessment", f"rating.{skill}", value)
    return person


def test_suggestions_come_from_the_stage_1_ratings(content, store, workshop):
    stage = AlternativeCareers(content, store, student(store, workshop, WRITER))
    industries = {r.id: r.industry for r in content.roles.roles}
    assert stage.close_roles and stage.stretch_roles
    assert industries[stage.close_roles[0]] in {"marketing", "media"}
    assert not set(stage.close_roles) & set(stage.stretch_roles)
    assert "Based on the 4 skills you rated" in stage.children[0].value


def test_without_ratings_the_page_sends_the_student_to_stage_1(content, store, workshop):
    stage = AlternativeCareers(content, store, student(store, workshop))
    assert "Rate them in stage 1" in stage.children[0].value
    assert "01_self_assessment.ipynb?p=" in stage.children[0].value


def test_choosing_a_field_changes_close_to_home_and_is_saved(content, store, workshop):
    me = student(store, workshop, WRITER)
    stage = AlternativeCareers(content, store, me)
    stage.set_field("tech")
    industries = {r.id: r.industry for r in content.roles.roles}
    assert {industries[r] for r in stage.close_roles} == {"tech"}
    assert all(industries[r] != "tech" for r in stage.stretch_roles)
    assert AlternativeCareers(content, store, me).field.value == "tech"


def test_marked_roles_are_saved_and_restored(content, store, workshop):
    me = student(store, workshop, WRITER)
    stage = AlternativeCareers(content, store, me)
    stage.mark("software_developer_intern")
    stage.mark(stage.close_roles[0])
    stage.mark("software_developer_intern", on=False)
    again = AlternativeCareers(content, store, me)
    assert again.explore == [stage.close_roles[0]]
    card = next(c for c in again._cards() if c.role_id == stage.close_roles[0])
    assert card.mark.value is True


def test_an_unknown_field_from_a_forged_message_is_not_saved(content, store, workshop):
    me = student(store, workshop, WRITER)
    stage = AlternativeCareers(content, store, me)
    stage._on_field({"new": "<script>"})
    assert store.answers(me, "alternative_careers")["home_industry"] == ""


# --- the board view ------------------------------------------------------------------


def board_for(content, store, person):
    return IdeaBoard(content.alternative_careers.board, store, person)


def test_an_idea_posted_in_one_page_shows_in_another_after_refresh(content, store, workshop):
    ana, ben = student(store, workshop), student(store, workshop)
    mine, theirs = board_for(content, store, ana), board_for(content, store, ben)
    mine.idea_box.value = XSS + " writing for a marketing team"
    mine.role_box.value = "Copywriter"
    mine.post_button.click()
    assert mine.idea_box.value == ""  # the form empties after posting
    theirs.refresh()
    row_html = theirs.list.children[0].children[0].value
    assert "&lt;img src=x" in row_html and "<img" not in row_html
    assert "Copywriter" in row_html


def test_blank_long_and_duplicate_ideas_get_messages_and_keep_the_text(content, store, workshop):
    board = board_for(content, store, student(store, workshop))
    board.idea_box.value = "   "
    board.post_button.click()
    assert board.post_status.state == "error" and "empty" in board.post_status.message
    board.idea_box.value = "x" * 20_000
    board.post_button.click()
    assert "280" in board.post_status.message and board.idea_box.value == "x" * 20_000
    board.post("Try hospitality")
    board.idea_box.value = "try hospitality"
    board.post_button.click()
    assert "already posted" in board.post_status.message


def test_voting_through_the_buttons_and_the_budget_message(content, store, workshop):
    ana, ben = student(store, workshop), student(store, workshop)
    author = board_for(content, store, ana)
    for n in range(4):
        author.post(f"Idea number {n}")
    voter = board_for(content, store, ben)
    budget = content.alternative_careers.board.votes_per_student
    for row in list(voter.list.children)[:budget]:
        row.children[1].click()
    assert f"0 of {budget} votes left" in voter.votes_left.value
    vote_buttons = [
        r.children[1] for r in voter.list.children if r.children[1].description == "Vote"
    ]
    vote_buttons[0].click()
    assert "all 3 of your votes" in voter.vote_status.message


def test_a_click_on_the_disabled_vote_button_of_your_own_idea_is_refused(content, store, workshop):
    board = board_for(content, store, student(store, workshop))
    board.post("My own idea")
    own_button = board.list.children[0].children[1]
    assert own_button.disabled
    own_button.click()  # what a forged message does
    assert board.vote_status.state == "error"
    assert store.board(board.participant)[0].votes == 0


def test_students_see_no_moderation(content, store, workshop):
    ana, ben = student(store, workshop), student(store, workshop)
    board_for(content, store, ana).post("An idea to vote on")
    board = board_for(content, store, ben)
    shown = str(board.get_state()) + "".join(str(w.get_state()) for w in widgets_in(board))
    assert "moderate" not in shown.lower() and "Instructor key" not in shown
    assert "Hide" not in [getattr(w, "description", "") for w in widgets_in(board)]


def widgets_in(widget):
    for child in getattr(widget, "children", ()):
        yield child
        yield from widgets_in(child)


def test_solo_board_has_no_votes_and_no_moderation(content, store):
    board = board_for(content, store, store.create_participant())
    board.post("Only mine")
    (row,) = board.list.children
    assert len(row.children) == 1  # the text, no vote button
    assert "your own list" in board.children[0].value
