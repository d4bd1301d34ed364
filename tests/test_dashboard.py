"""The instructor dashboard from Python: the key check, the live figures, stage control,
moderation and exports."""

from __future__ import annotations

import base64
import io
import re
import threading
from html import escape

import pandas as pd
import pytest
from sqlalchemy import insert, text

from workshop_kit.links import lan_address
from workshop_kit.models import interview
from workshop_kit.stages.dashboard import Dashboard, PageAddress
from workshop_kit.store.records import now
from workshop_kit.store.tables import answers


@pytest.fixture
def workshop(store):
    return store.create_workshop("Dashboard test")


def test_without_the_key_nothing_is_shown(content, store, workshop):
    w, key = workshop
    student = store.create_participant(join_code=w.code, display_name="Secret Name")
    store.save_answer(student, "self_assessment", "postmortem.went_well", "private words")
    board = Dashboard(content, store)
    for code, wrong in [(w.code, ""), (w.code, "guess"), ("ZZZ-ZZZ", key)]:
        assert not board.unlock(code, wrong)
        assert board.login_status.message.startswith("That code and key do not match")
    assert board.main.layout.display == "none" and board.workshop is None
    assert "Secret Name" not in str(board.get_state()) and board.sections.children == ()


def test_repeated_wrong_keys_are_slowed_down(content, store, workshop):
    w, key = workshop
    board = Dashboard(content, store)
    for _ in range(3):
        board.unlock(w.code, "wrong")
    assert not board.unlock(w.code, key)  # even the right key waits now
    assert "Wait" in board.login_status.message


def test_the_right_key_opens_the_live_view(content, store, workshop):
    w, key = workshop
    people = [store.create_participant(join_code=w.code) for _ in range(3)]
    for person in people:
        store.save_answer(person, "self_assessment", "rating.presenting", 4)
    idea = store.post_idea(people[0], "<b>Bold</b> idea")
    board = Dashboard(content, store)
    assert board.unlock(w.code.lower(), key)
    assert "3 joined" in board.header.value
    html = board.sections.children[0].value
    assert "Presenting to a group: 0 chose 1, 0 chose 2, 0 chose 3, 3 chose 4" in html
    assert "n=3" in html
    texts = [row.children[0].value for row in board.idea_rows.children]
    assert "&lt;b&gt;Bold&lt;/b&gt; idea" in texts[0]
    assert [i.id for i in store.board(people[1])] == [idea]


def buttons(row) -> dict:
    return {w.description: w for w in row.children if hasattr(w, "click")}


def test_hide_asks_first_and_can_be_undone(content, store, workshop):
    w, key = workshop
    ana, ben = (store.create_participant(join_code=w.code) for _ in range(2))
    idea = store.post_idea(ana, "Hidden <i>by mistake</i>")
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    buttons(board.idea_rows.children[0])["Hide"].click()
    # nothing is hidden yet: the row asks first, and Cancel keeps the idea
    row = board.idea_rows.children[0]
    assert "Hide this idea?" in row.children[1].value and store.board(ben)
    buttons(row)["Cancel"].click()
    assert list(buttons(board.idea_rows.children[0])) == ["Hide"] and store.board(ben)

    buttons(board.idea_rows.children[0])["Hide"].click()
    buttons(board.idea_rows.children[0])["Yes, hide it"].click()
    assert store.board(ben) == [] and board.board_status.message == "Idea hidden for everyone."
    assert "No ideas posted yet" in board.idea_rows.children[0].value
    assert board.undo_button.layout.display != "none"
    board.undo_button.click()
    assert [i.id for i in store.board(ben)] == [idea]
    assert board.undo_button.layout.display == "none" and board.hidden_rows.children == ()


def test_hidden_ideas_are_listed_and_can_be_shown_again(content, store, workshop):
    w, key = workshop
    ana, ben = (store.create_participant(join_code=w.code) for _ in range(2))
    kept = store.post_idea(ana, "Kept")
    gone = store.post_idea(ana, "<b>Hidden</b> last week")
    store.hide_idea(w, key, gone)
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    heading, row = board.hidden_rows.children
    assert "Hidden ideas (1)" in heading.value
    assert "&lt;b&gt;Hidden&lt;/b&gt; last week" in row.children[0].value
    buttons(row)["Show again"].click()
    assert {i.id for i in store.board(ben)} == {kept, gone}
    assert board.hidden_rows.children == ()
    assert len(board.idea_rows.children) == 2


def test_the_tables_speak_peoples_words(content, store, workshop):
    w, key = workshop
    people = [store.create_participant(join_code=w.code) for _ in range(3)]
    statement = content.by_kind["interview_statements"].statements[0]
    wrong = "dont" if statement.answer == "do" else "do"
    scenario = content.by_kind["interview_scenarios"].scenarios[0]
    best = interview.best_choice(scenario)
    mistake = next(n for n in range(len(scenario.choices)) if n != best)
    for n, person in enumerate(people):
        given = statement.answer if n == 0 else wrong
        store.save_answer(person, "interview", interview.QUIZ_PREFIX + statement.id, given)
        picked = best if n == 0 else mistake
        store.save_answer(person, "interview", interview.SCENARIO_PREFIX + scenario.id, picked)
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    html = board.sections.children[0].value
    shown = html.replace("&#x27;", "'")
    assert "33% right" in shown and "33% chose the best" in shown
    assert "Most common wrong answer" in shown
    assert escape(scenario.choices[mistake].text.strip(), quote=False) in html
    assert "no ratings yet" in shown  # the drill's rubric, which no one rated
    for machine_word in ["share_correct", "share_best", "most_common_wrong", "None", "NaN"]:
        assert machine_word not in html, machine_word
    assert ">status<" not in html and "<th>Stage</th>" in html


def test_stage_control_and_timer_go_through_the_store(content, store, workshop):
    w, key = workshop
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    board.stage_toggles["interview"].value = True
    assert store.locked_stages(w.id) == {"interview"}
    assert "locked" in board.stage_toggles["interview"].description
    board.stage_toggles["interview"].value = False
    assert store.locked_stages(w.id) == set()
    board.start_timer("Brainstorm", 300)
    assert store.timer(w.id).label == "Brainstorm"
    assert "Brainstorm" in board.timer_state.value
    board.stop_timer()
    assert store.timer(w.id) is None


def test_creating_a_workshop_opens_it_and_shows_the_key_once(content, store):
    address = PageAddress(host="192.168.1.20", port="8890", base="/")
    board = Dashboard(content, store, address)
    board.create("Toronto, Dec")
    # open at once: no second trip through the code and key boxes
    assert board.login.layout.display == "none" and board.main.layout.display != "none"
    assert "Toronto, Dec" in board.header.value
    code = board.workshop.code
    key = re.search(r"<code class='wk-key'>([^<]+)</code>", board.created.value).group(1)
    assert store.check_instructor_key(store.workshop_by_code(code), key)
    link = f"http://192.168.1.20:8890/voila/render/00_welcome.ipynb?session={code}"
    assert f"href='{link}'" in board.created.value and link in board.qr.value
    board.stage_toggles["interview"].value = True  # the key works without being retyped
    assert store.locked_stages(board.workshop.id) == {"interview"}
    board.noted_button.click()
    assert key not in str(board.get_state()) + board.created.value
    assert board.created_box.layout.display == "none"


def test_student_links_use_the_address_the_page_was_opened_at(monkeypatch):
    monkeypatch.setenv("SERVER_NAME", "laptop.local")
    monkeypatch.setenv("SERVER_PORT", "8890")
    monkeypatch.setenv("SCRIPT_NAME", "/class/voila/render/instructor_dashboard.ipynb")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    url = PageAddress.from_request().student_url("ABC-123")
    assert url == "http://laptop.local:8890/class/voila/render/00_welcome.ipynb?session=ABC-123"
    # opened as localhost, the link names the machine's network address when it has one
    local = PageAddress(host="127.0.0.1", port="8890").student_url("ABC-123")
    assert local.startswith(f"http://{lan_address() or '127.0.0.1'}:8890/voila/render/")


def test_exports_from_the_dashboard_open_in_pandas(content, store, workshop):
    w, key = workshop
    person = store.create_participant(join_code=w.code)
    store.save_answer(person, "self_assessment", "rating.presenting", 5)
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    board.prepare_exports()
    links = re.findall(r'href="data:([^;]+);base64,([^"]+)"', board.export_links.value)
    assert len(links) == 3
    workbook = pd.read_excel(io.BytesIO(base64.b64decode(links[0][1])), sheet_name=None)
    assert len(workbook["ratings"]) == 1


def _downloads(board) -> dict[str, str]:
    """Every file behind the export links, unzipped: {file or zip member name: text}."""
    import zipfile

    texts = {}
    for name, data in re.findall(
        r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', board.export_links.value
    ):
        texts[name] = name
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(data))) as archive:
            for member in archive.namelist():
                texts[f"{name}/{member}"] = member + archive.read(member).decode("utf-8")
    return texts


def test_exports_from_the_dashboard_have_names_only_when_the_box_is_ticked(
    content, store, workshop
):
    w, key = workshop
    student = store.create_participant(join_code=w.code, display_name="Oluwaseun")
    store.save_answer(student, "self_assessment", "rating.presenting", 5)
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    assert board.include_names.value is False
    board.prepare_exports()
    plain = _downloads(board)
    assert len(plain) > 3 and not any("Oluwaseun" in text for text in plain.values())

    board.include_names.value = True
    assert board.export_links.value == ""  # links made without names are taken away
    board.prepare_exports()
    named = _downloads(board)
    assert any("Oluwaseun" in text for where, text in named.items() if "xlsx/" in where)
    assert any("Oluwaseun" in where for where in named if "reports" in where)


def test_the_dashboard_shows_the_join_link_as_a_qr_code(content, store, workshop):
    w, key = workshop
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    assert "<svg" in board.qr.value and f"session={w.code}" in board.qr.value


def test_each_refresh_reads_only_what_changed_and_shows_it(content, store, workshop):
    w, key = workshop
    people = [store.create_participant(join_code=w.code) for _ in range(3)]
    for person in people:
        store.save_answer(person, "self_assessment", "rating.presenting", 4)
    board = Dashboard(content, store)
    reads = []
    snapshot = store.workshop_snapshot

    def counted(workshop_id, answers_after=0):
        reads.append(snapshot(workshop_id, answers_after=answers_after))
        return reads[-1]

    store.workshop_snapshot = counted
    board.unlock(w.code, key)
    assert "Presenting to a group: 0 chose 1, 0 chose 2, 0 chose 3, 3 chose 4" in (
        board.sections.children[0].value
    )
    late = store.create_participant(join_code=w.code)
    store.save_answer(late, "self_assessment", "rating.presenting", 5)  # a new answer
    store.save_answer(people[0], "self_assessment", "rating.presenting", 1)  # a changed one
    board.refresh()
    assert reads[-1]["answers"] == {
        late.id: {"self_assessment": {"rating.presenting": 5}},
        people[0].id: {"self_assessment": {"rating.presenting": 1}},
    }
    assert "4 joined" in board.header.value
    html = board.sections.children[0].value
    assert "Presenting to a group: 1 chose 1, 0 chose 2, 0 chose 3, 2 chose 4, 1 chose 5" in html
    board.refresh()  # nothing new: nothing read, nothing redrawn
    assert reads[-1]["answers"] == {} and board.sections.children[0].value == html


def test_an_answer_committed_after_a_later_one_is_not_missed(content, store, workshop):
    """On PostgreSQL a student's insert can commit after another student's insert with a
    higher id: the refresh in between must wait for it, not skip it for good."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite commits one writer at a time, in id order")
    w, key = workshop
    slow, quick = (store.create_participant(join_code=w.code) for _ in range(2))
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    with store.engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(
            insert(answers).values(
                participant_id=slow.id,
                stage="self_assessment",
                key="rating.presenting",
                value=2,
                created_at=now(),
            )
        )
        store.save_answer(quick, "self_assessment", "rating.presenting", 5)  # a higher id
        refresh = threading.Thread(target=board.refresh)
        refresh.start()
        with store.engine.connect() as watch:  # the refresh waits on the slow insert
            while (
                refresh.is_alive()
                and not watch.execute(
                    text("SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'ShareLock'")
                ).scalar_one()
            ):
                watch.rollback()
        transaction.commit()
        refresh.join()
    board.refresh()
    assert board.live["answers"] == {
        slow.id: {"self_assessment": {"rating.presenting": 2}},
        quick.id: {"self_assessment": {"rating.presenting": 5}},
    }


def test_redrawing_the_board_rows_leaves_no_widget_behind(content, store, workshop):
    """Each change of the top ideas rebuilds the rows: the old rows' labels, buttons and
    their layouts and styles must be closed too, or every vote adds models to the
    kernel and the browser for as long as the dashboard is open."""
    from ipywidgets.widgets import widget as widget_module

    w, key = workshop
    people = [store.create_participant(join_code=w.code) for _ in range(3)]
    ideas = [store.post_idea(people[n], f"Idea {n}") for n in range(3)]
    board = Dashboard(content, store)
    board.unlock(w.code, key)
    board.ask_hide(ideas[0])
    board.cancel_hide()
    before = len(widget_module._instances)
    for n, person in enumerate(people):  # each vote changes the order or the counts
        store.vote(person, ideas[(n + 1) % 3], budget=3)
        board.refresh()
        board.ask_hide(ideas[1])
        board.cancel_hide()
    assert len(board.idea_rows.children) == 3
    assert len(widget_module._instances) == before
