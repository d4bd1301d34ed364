"""Every text box a student can type into, on every page, against the input that breaks
text boxes: nothing, blanks, 25,000 characters, emoji with ZWJ sequences and skin
tones, right-to-left and CJK scripts, NUL and control characters, and HTML/JavaScript.

The boxes are not listed by hand. Each student page in ``workshop_kit.pages.PAGES`` is
built (through the ``build_page`` of the stage module its notebook imports) for a
participant, and its widget tree is walked for ``Text``/``Textarea`` widgets. A box
inside a :class:`TextAnswer` is an autosaved answer and is covered as it is; any other
box needs a driver in ``DRIVERS``, and a new box without one fails
``test_every_text_box_has_a_driver`` and each of its cases.

Pages are driven as the browser drives them: ``.value`` is set, buttons are clicked.
With no event loop running (as here) the debouncer saves at once, as in the other
stage tests; the debounced path itself is tested under asyncio at the end.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pytest
from helpers import ROOT

from workshop_kit.content import Content, load_content
from workshop_kit.models import interview as interview_model
from workshop_kit.pages import PAGES
from workshop_kit.stages.idea_board import IdeaBoard
from workshop_kit.store import AnswerTooLong, IdeaRefused, Participant, Store, Workshop
from workshop_kit.store.board import FIELD_LIMIT, IDEA_LIMIT
from workshop_kit.store.store import MAX_VALUE_CHARS
from workshop_kit.widgets.text_answer import TextAnswer

# --- the inputs ------------------------------------------------------------------------

ZWJ_EMOJI = "👩🏽‍💻🚀"  # woman technologist, medium skin tone (a ZWJ sequence), rocket
INPUTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "25k_chars": "x" * 25_000,
    "25k_emoji": ZWJ_EMOJI * 5_000,  # 25,000 code points
    "emoji": f"{ZWJ_EMOJI} Zoë 👍🏿🎉",
    "rtl": "مرحبا بكم שלום",  # Arabic, then Hebrew
    "cjk": "李小龍 さくら 김민지",
    "control": "Ana\x00\x07 Marí\x1b\x7fa\r\nLópez\x9f\t!",
    "decomposed": "Jose\u0301 Zoe\u0308",  # NFD: e + combining accent
    "html_img": "<img src=x onerror=alert(1)>",
    "html_script": "<script>alert(1)</script>",
}
BLANK = {"empty", "whitespace"}
TOO_LONG = {"25k_chars", "25k_emoji"}
# What is saved and shown for the rest: as typed, less control characters (tab and
# line breaks stay; CR LF becomes LF), in NFC.
CLEANED = {
    "emoji": INPUTS["emoji"],
    "rtl": INPUTS["rtl"],
    "cjk": INPUTS["cjk"],
    "control": "Ana María\nLópez\t!",
    "decomposed": "José Zoë",
    "html_img": INPUTS["html_img"],
    "html_script": INPUTS["html_script"],
}
RAW_MARKUP = ("<img src=x", "<script>alert")


def one_line(text: str) -> str:
    """What single-line fields (names, an idea's role, industry and first step) keep."""
    return " ".join(text.split())


def assert_clean(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"]


# --- finding the boxes -------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    notebook: str
    module: str
    newcomer: bool  # the entry page, opened before anyone has joined


def student_pages() -> list[Page]:
    """Every student page, with the stage module its notebook imports."""
    pages = []
    for notebook, _name, stage in PAGES:
        cells = json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
        source = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        module = re.search(r"from workshop_kit\.stages import (\w+)", source)
        assert module, f"{notebook} does not import a stage module"
        pages.append(Page(notebook, module[1], newcomer=stage is None))
    return pages


def open_page(page: Page, content: Content, store: Store, token: str | None) -> widgets.Widget:
    """The page as Voila builds it for ``?p=<token>``, once the browser has reported."""
    module = importlib.import_module(f"workshop_kit.stages.{page.module}")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QUERY_STRING", f"p={token}" if token else "")
        env.delenv("VOILA_PREHEAT", raising=False)
        view = module.build_page(content=content, store=store)
    browser = getattr(view, "browser", None)
    if browser is not None and not browser.reported:
        browser.set_state({"stored_token": "", "reported": True})  # it remembered nobody
    return view


def walk(root: widgets.Widget, path=(), ancestors=()) -> Iterator[tuple]:
    yield path, root, ancestors
    children = getattr(root, "children", ())
    for index, child in enumerate(children if isinstance(children, (list, tuple)) else ()):
        if isinstance(child, widgets.Widget):
            yield from walk(child, (*path, index), (*ancestors, root))


def text_boxes(root: widgets.Widget) -> list[tuple]:
    return [
        (path, box, ancestors)
        for path, box, ancestors in walk(root)
        if isinstance(box, (widgets.Text, widgets.Textarea))  # Password is a Text too
    ]


def owner_of(box: widgets.Widget, ancestors: tuple) -> tuple[str, str]:
    """``(class, attribute)`` of the nearest enclosing widget that keeps ``box``."""
    for owner in reversed(ancestors):
        for name, value in vars(owner).items():
            if value is box:
                return type(owner).__name__, name
    return "?", "?"


def html_shown(root: widgets.Widget) -> list[str]:
    """Every piece of HTML the page shows, and the reports its download links carry."""
    shown = []
    for _path, widget, _ancestors in walk(root):
        if isinstance(widget, widgets.HTML):
            shown.append(widget.value)
            for mime, data in re.findall(
                r'href="data:([^;"]+);charset=utf-8;base64,([^"]+)"', widget.value
            ):
                report = base64.b64decode(data).decode("utf-8")
                if mime == "text/markdown":  # "\<" is a literal "<" in Markdown
                    report = report.replace("\\<", "&lt;")
                shown.append(report)
    return shown


def close_tree(widget: widgets.Widget) -> None:
    ticker = getattr(widget, "ticker", None)
    if ticker is not None:
        ticker.stop()
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, widgets.Widget):
            close_tree(child)
    widget.close()


# (owner class, attribute) -> how the box is driven. A TextAnswer's box needs no entry
# of its own beyond the first line: every autosaved answer is driven the same way.
DRIVERS = {
    ("TextAnswer", "box"): "answer",
    ("Welcome", "code_box"): "join_code",
    ("Welcome", "name_box"): "name",
    ("Welcome", "resume_box"): "resume_code",
    ("IdeaBoard", "idea_box"): "idea",
    ("IdeaBoard", "role_box"): "idea_detail",
    ("IdeaBoard", "industry_box"): "idea_detail",
    ("IdeaBoard", "step_box"): "idea_detail",
}


@dataclass(frozen=True)
class Field:
    page: Page
    path: tuple[int, ...]
    label: str
    owner: str
    attr: str

    @property
    def kind(self) -> str | None:
        return DRIVERS.get((self.owner, self.attr))

    @property
    def id(self) -> str:
        return f"{self.page.module}:{self.label}"


def joined_student(store: Store, name: str = "Mei") -> tuple[Workshop, str, Participant]:
    workshop, key = store.create_workshop("Text fields")
    return workshop, key, store.create_participant(join_code=workshop.code, display_name=name)


def discover() -> list[Field]:
    """Build every student page once and list its text boxes (at collection time, so
    that each box becomes its own set of test cases)."""
    content = load_content(ROOT / "exercises" / "en")
    fields = []
    with Store("sqlite:///:memory:") as store:
        _workshop, _key, me = joined_student(store)
        for page in student_pages():
            view = open_page(page, content, store, None if page.newcomer else me.token)
            for path, box, ancestors in text_boxes(view):
                owner, attr = owner_of(box, ancestors)
                label = box.description or box.placeholder or "/".join(map(str, path))
                fields.append(Field(page, path, label, owner, attr))
            close_tree(view)
    return fields


FIELDS = discover()


# --- one student, fresh for every test ------------------------------------------------------


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """One real SQLite file for the module; each test gets its own workshop and student."""
    path = tmp_path_factory.mktemp("text-fields") / "workshop.sqlite3"
    with Store(f"sqlite:///{path}") as store:
        yield store


@dataclass
class World:
    content: Content
    store: Store
    workshop: Workshop
    key: str
    me: Participant
    views: list = field(default_factory=list)
    answer_runs: Callable[[Page, str], Run] | None = None

    def open(self, page: Page, token: str | None = None) -> widgets.Widget:
        token = token or (None if page.newcomer else self.me.token)
        view = open_page(page, self.content, self.store, token)
        self.views.append(view)
        return view

    def saved(self) -> dict[tuple[str, str], object]:
        return {
            (stage, key): value
            for stage, values in self.store.all_answers(self.me).items()
            for key, value in values.items()
        }


@pytest.fixture
def world(shared_store, content, answer_runs):
    workshop, key, me = joined_student(shared_store)
    world = World(content, shared_store, workshop, key, me, answer_runs=answer_runs)
    yield world
    for view in world.views:
        close_tree(view)


def box_at(view: widgets.Widget, fld: Field) -> widgets.Widget:
    for path, box, _ancestors in text_boxes(view):
        if path == fld.path:
            assert box.description == fld.label or not box.description
            return box
    raise AssertionError(f"{fld.id}: no text box at {fld.path} when the page is rebuilt")


def owner_widget(view: widgets.Widget, cls: type) -> widgets.Widget:
    found = [w for _p, w, _a in walk(view) if isinstance(w, cls)]
    assert len(found) == 1, f"expected one {cls.__name__} on the page, found {len(found)}"
    return found[0]


def answers_on(view: widgets.Widget) -> dict[tuple[int, ...], TextAnswer]:
    """Every autosaved answer on a page, by the path of its box."""
    return {(*path, 0): answer for path, answer, _a in walk(view) if isinstance(answer, TextAnswer)}


def assert_no_markup(view: widgets.Widget) -> None:
    for html in html_shown(view):
        for raw in RAW_MARKUP:
            assert raw not in html, f"student text rendered as HTML: {html[:300]!r}"


def assert_limit_message(message: str, typed: str, limit: int) -> None:
    """A clear message: how long the text is and what the limit is, and not the text."""
    assert f"{len(typed):,} characters" in message, message
    assert f"{limit:,}" in message, message
    assert len(message) < 300, message


# --- the drivers -----------------------------------------------------------------------------


@dataclass
class Step:
    """What one autosaved answer showed right after the student typed into it."""

    limit: int
    state: str
    message: str
    status_html: str
    box: str  # what the box holds afterwards
    changed: dict  # answers that changed in the store, {(stage, key): value}
    others_changed: dict  # other boxes on the page whose text changed, {path: value}
    rebuilt: str | None = None  # the box once the page is rebuilt
    shortened: str = ""  # the status after shortening an over-long text


@dataclass
class Run:
    earlier: dict  # {path: the answer saved before}
    steps: dict  # {path: Step}
    rebuilt_html: list  # every piece of HTML the rebuilt page shows


def type_into_each_answer(world: World, page: Page, name: str) -> Run:
    """A student with an earlier answer in every box of ``page`` types ``name`` into
    each box in turn; then the page is rebuilt. Building a page is the slow part, so
    one run serves the cases of every answer on the page."""
    typed = INPUTS[name]
    view = world.open(page)
    answers = answers_on(view)
    earlier = {path: f"Earlier answer {n} ✓" for n, path in enumerate(answers)}
    for path, answer in answers.items():
        answer.box.value = earlier[path]
        assert answer.status.state == "saved", answer.status.message
    steps = {}
    for path, answer in answers.items():
        before = world.saved()
        others = {p: a.box.value for p, a in answers.items() if p != path}
        answer.box.value = typed
        after = world.saved()
        steps[path] = Step(
            limit=answer.limit,
            state=answer.status.state,
            message=answer.status.message,
            status_html=answer.status.value,
            box=answer.box.value,
            changed={k: v for k, v in after.items() if before.get(k) != v},
            others_changed={
                p: a.box.value for p, a in answers.items() if p != path and a.box.value != others[p]
            },
        )
    again = world.open(page)
    for path, answer in answers_on(again).items():
        if path in steps:
            steps[path].rebuilt = answer.box.value
    if name in TOO_LONG:
        for path, answer in answers.items():
            answer.box.value = "Shorter now"
            steps[path].shortened = answer.status.state
    return Run(earlier, steps, html_shown(again))


@pytest.fixture(scope="module")
def answer_runs(shared_store, content):
    """``run(page, name)``: :func:`type_into_each_answer`, once per page and input."""
    runs: dict = {}
    views: list = []

    def run(page: Page, name: str) -> Run:
        if (page, name) not in runs:
            workshop, key, me = joined_student(shared_store)
            world = World(content, shared_store, workshop, key, me, views)
            runs[page, name] = type_into_each_answer(world, page, name)
        return runs[page, name]

    yield run
    for view in views:
        close_tree(view)


def drive_answer(world: World, fld: Field, name: str) -> None:
    """An autosaved answer (reflections, STAR parts, notes, own questions, own steps)."""
    typed = INPUTS[name]
    run = world.answer_runs(fld.page, name)
    step = run.steps.get(fld.path)
    assert step is not None, f"{fld.id}: not an autosaved answer at {fld.path}"
    assert step.others_changed == {}  # typing here changes no other box
    if name in TOO_LONG:
        assert step.state == "error"
        assert_limit_message(step.message, typed, step.limit)
        assert f"{len(typed):,} characters" in step.status_html  # shown, not only kept
        assert step.changed == {}  # not saved: the earlier version and all others stay
        assert step.box == typed  # the student keeps what they typed, to shorten it
        assert step.rebuilt == run.earlier[fld.path]
        assert step.shortened == "saved"  # and shortening it saves again
    else:
        # A blank box clears the answer, saved as the box shows it (answers are kept
        # as typed; test_self_assessment's clearing test relies on that too).
        want = typed if name in BLANK else CLEANED[name]
        assert step.state == "saved", step.message
        assert list(step.changed.values()) == [want]  # this answer, and only this one
        assert_clean(want)
        assert step.rebuilt == want
    for html in run.rebuilt_html:
        for raw in RAW_MARKUP:
            assert raw not in html, f"student text rendered as HTML: {html[:300]!r}"


DETAILS = {"role_box": "role", "industry_box": "industry", "step_box": "first_step"}
DETAIL_TEXT = {"role_box": "Copywriter", "industry_box": "Marketing", "step_box": "Email a lead"}


def _board_form(world: World, fld: Field):
    view = world.open(fld.page)
    board = owner_widget(view, IdeaBoard)
    board.post("An earlier idea")
    return view, board


def drive_idea(world: World, fld: Field, name: str) -> None:
    """The idea text: required, up to IDEA_LIMIT, posted with the button."""
    typed = INPUTS[name]
    view, board = _board_form(world, fld)
    box = box_at(view, fld)
    assert box is board.idea_box
    for attr, text in DETAIL_TEXT.items():
        getattr(board, attr).value = text
    box.value = typed
    board.post_button.click()

    ideas = world.store.board(world.me, "newest")
    if name in BLANK or name in TOO_LONG:
        assert board.post_status.state == "error"
        if name in BLANK:
            assert "empty" in board.post_status.message
        else:
            assert_limit_message(board.post_status.message, typed, IDEA_LIMIT)
        assert [i.text for i in ideas] == ["An earlier idea"]
        assert box.value == typed  # nothing in the form is lost
        assert {a: getattr(board, a).value for a in DETAIL_TEXT} == DETAIL_TEXT
    else:
        want = CLEANED[name].strip()
        assert board.post_status.state == "saved", board.post_status.message
        assert [i.text for i in ideas] == [want, "An earlier idea"]
        assert_clean(ideas[0].text)
        assert ideas[0].role == "Copywriter" and ideas[0].first_step == "Email a lead"
        assert box.value == ""  # the form empties after posting
    again = owner_widget(world.open(fld.page), IdeaBoard)
    shown = "".join(html_shown(again))
    assert escape("An earlier idea") in shown
    if name in CLEANED:
        assert escape(CLEANED[name].strip()) in shown
    assert_no_markup(again)


def drive_idea_detail(world: World, fld: Field, name: str) -> None:
    """An idea's role, industry or first step: optional, one line, up to FIELD_LIMIT."""
    typed = INPUTS[name]
    view, board = _board_form(world, fld)
    box = box_at(view, fld)
    attr = next(a for a in DETAILS if getattr(board, a) is box)
    form = {**DETAIL_TEXT, attr: typed}
    for a, text in form.items():
        getattr(board, a).value = text
    board.idea_box.value = "Try marketing"
    board.post_button.click()

    ideas = world.store.board(world.me, "newest")
    if name in TOO_LONG:
        assert board.post_status.state == "error"
        assert_limit_message(board.post_status.message, typed, FIELD_LIMIT)
        assert [i.text for i in ideas] == ["An earlier idea"]
        assert board.idea_box.value == "Try marketing"
        assert {a: getattr(board, a).value for a in DETAIL_TEXT} == form
        return
    want = "" if name in BLANK else one_line(CLEANED[name])
    assert board.post_status.state == "saved", board.post_status.message
    assert [i.text for i in ideas] == ["Try marketing", "An earlier idea"]
    assert getattr(ideas[0], DETAILS[attr]) == want
    assert_clean(want)
    again = owner_widget(world.open(fld.page), IdeaBoard)
    if want:
        assert escape(want) in "".join(html_shown(again))
    assert_no_markup(again)


def _welcome(world: World, fld: Field):
    view = world.open(fld.page)
    assert view.participant is None and view.form.layout.display != "none"
    return view, box_at(view, fld)


def _nobody_joined(world: World, view) -> None:
    assert view.participant is None
    assert [p.id for p in world.store.workshop_participants(world.workshop.id)] == [world.me.id]


def drive_join_code(world: World, fld: Field, name: str) -> None:
    """The join code: required; none of these inputs is a code, so each gets a message."""
    typed = INPUTS[name]
    view, box = _welcome(world, fld)
    assert box is view.code_box
    view.name_box.value = "Noor"
    box.value = typed
    view.join_button.click()

    message = view.status.message
    assert view.status.state == "error"
    if name in BLANK:
        assert "Type the join code" in message
    elif name in TOO_LONG:
        assert_limit_message(message, typed, 20)
    else:  # no such workshop, or too long to be a code
        assert "no workshop with the code" in message or "at most 20" in message
        assert "\\x" not in message  # control characters are not echoed back
    assert len(message) < 300
    _nobody_joined(world, view)
    assert box.value == typed and view.name_box.value == "Noor"
    assert_no_markup(view)

    box.value = f"  {world.workshop.code.lower()} "  # the real code, as people type it
    view.join_button.click()
    assert view.participant is not None and view.participant.workshop_id == world.workshop.id
    assert view.participant.display_name == "Noor"


def drive_name(world: World, fld: Field, name: str) -> None:
    """The first name: one line, up to 40 characters; blank means anonymous."""
    typed = INPUTS[name]
    view, box = _welcome(world, fld)
    assert box is view.name_box
    view.code_box.value = world.workshop.code
    box.value = typed
    view.join_button.click()

    if name in TOO_LONG:
        assert view.status.state == "error"
        assert_limit_message(view.status.message, typed, 40)
        _nobody_joined(world, view)
        assert box.value == typed and view.code_box.value == world.workshop.code
        return
    me = view.participant
    assert me is not None and me.workshop_id == world.workshop.id
    want = None if name in BLANK else one_line(CLEANED[name])
    assert me.display_name == want
    assert world.store.participant_by_token(me.token).display_name == want
    assert_clean(want or "")
    shown = escape(want or "anonymous")
    assert shown in view.panel.value
    rebuilt = world.open(fld.page, token=me.token)
    assert shown in rebuilt.panel.value
    assert_no_markup(rebuilt)
    stage_page = next(p for p in student_pages() if not p.newcomer)
    frame = world.open(stage_page, token=me.token)
    assert shown in frame.who.value
    assert_no_markup(frame)


def drive_resume_code(world: World, fld: Field, name: str) -> None:
    """The resume code: required; none of these inputs is one, so each gets a message."""
    typed = INPUTS[name]
    view, box = _welcome(world, fld)
    assert box is view.resume_box
    box.value = typed
    view.resume_button.click()

    message = view.resume_status.message  # said under the resume code
    assert view.resume_status.state == "error"
    if name in BLANK:
        assert "Type the resume code" in message
    elif name in TOO_LONG:
        assert_limit_message(message, typed, 20)
    else:
        assert "not found" in message or "at most 20" in message
    assert len(message) < 300
    assert view.participant is None
    assert_no_markup(view)

    box.value = world.me.resume_code.lower()
    view.resume_button.click()
    assert view.participant == world.me


DRIVE: dict[str, Callable[[World, Field, str], None]] = {
    "answer": drive_answer,
    "idea": drive_idea,
    "idea_detail": drive_idea_detail,
    "join_code": drive_join_code,
    "name": drive_name,
    "resume_code": drive_resume_code,
}


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("fld", FIELDS, ids=lambda f: f.id)
def test_every_text_box_has_a_driver(fld):
    assert fld.kind in DRIVE, (
        f"{fld.id} ({fld.owner}.{fld.attr}) is a text box with no driver here: use a "
        "TextAnswer for it, or add it to DRIVERS and DRIVE in this file"
    )


def test_the_walk_finds_every_field_the_stages_define(content):
    found = Counter((f.page.module, f.kind) for f in FIELDS)
    expected = {
        ("welcome", "join_code"): 1,
        ("welcome", "name"): 1,
        ("welcome", "resume_code"): 1,
        ("self_assessment", "answer"): 1 + len(content.self_assessment.postmortem.prompts),
        ("alternative_careers", "idea"): 1,
        ("alternative_careers", "idea_detail"): 3,
        ("interview", "answer"): len(interview_model.PARTS) + 2,  # STAR, notes, questions
        ("action_plan", "answer"): 1,
    }
    for key, count in expected.items():
        assert found[key] >= count, f"{key}: found {found[key]} text boxes, expected {count}"
    assert {f.page.notebook for f in FIELDS} == {p.notebook for p in student_pages()}


@pytest.mark.parametrize("name", INPUTS)
@pytest.mark.parametrize("fld", FIELDS, ids=lambda f: f.id)
def test_a_text_box_handles_hard_input(world, fld, name):
    drive = DRIVE.get(fld.kind)
    if drive is None:
        pytest.fail(f"{fld.id} has no driver (see test_every_text_box_has_a_driver)")
    drive(world, fld, name)


def test_markup_typed_anywhere_is_text_on_every_page(world):
    """One student types HTML into every box of every page; no page (nor its
    downloadable report) then shows it as markup, and the frame shows the name escaped."""
    _markup_everywhere(world)


def test_markup_typed_anywhere_is_text_on_every_french_page(world):
    """The same on the French pages of a French workshop, with the French content."""
    from workshop_kit import i18n
    from workshop_kit.content import load_content

    world.workshop = world.store.set_workshop_language(world.workshop, world.key, "fr")
    world.content = load_content(Path(__file__).resolve().parents[1] / "exercises", "fr")
    try:
        _markup_everywhere(world)
        assert i18n.current() == "fr"  # the pages spoke French
    finally:
        i18n.use("en")


def _markup_everywhere(world) -> None:
    payload = INPUTS["html_img"] + INPUTS["html_script"]
    pages = student_pages()
    welcome = world.open(next(p for p in pages if p.newcomer))
    welcome.code_box.value, welcome.name_box.value = world.workshop.code, INPUTS["html_img"]
    assert welcome.join()
    me = welcome.participant
    for page in pages:
        if page.newcomer:
            continue
        view = world.open(page, token=me.token)
        for answer in answers_on(view).values():
            answer.box.value = payload
            assert answer.status.state == "saved"
        for board in [w for _p, w, _a in walk(view) if isinstance(w, IdeaBoard)]:
            assert board.post(payload, payload, payload, payload[:FIELD_LIMIT])
    for page in pages:
        view = world.open(page, token=me.token)
        assert_no_markup(view)
        if not page.newcomer:
            assert escape(INPUTS["html_img"]) in view.who.value


def test_a_box_allowing_more_than_the_store_shows_the_stores_message(world):
    """If content ever sets a limit above the store's, the store's refusal is shown."""
    answer = TextAnswer(
        label="Notes",
        help="",
        limit=MAX_VALUE_CHARS * 2,
        save=lambda text: world.store.save_answer(world.me, "action_plan", "own_steps", text),
    )
    world.views.append(answer)
    answer.box.value = "Kept"
    answer.box.value = "x" * 25_000
    assert answer.status.state == "error"
    assert "25,000 characters" in answer.status.message and "20,000" in answer.status.message
    assert answer.box.value == "x" * 25_000
    assert world.store.answers(world.me, "action_plan") == {"own_steps": "Kept"}


def test_the_store_refuses_over_long_answers_and_keeps_the_earlier_ones(store):
    me = store.create_participant()
    store.save_answer(me, "self_assessment", "postmortem.went_well", "Earlier")
    store.save_answer(me, "interview", "ask.own", "Another answer")
    for typed in (INPUTS["25k_chars"], INPUTS["25k_emoji"]):
        with pytest.raises(AnswerTooLong, match=r"25,000 characters is more than the 20,000"):
            store.save_answer(me, "self_assessment", "postmortem.went_well", typed)
        with pytest.raises(AnswerTooLong):  # one over-long value refuses the whole save
            store.save_answers(
                me, "self_assessment", {"comfort_zone.stretch": "fine", "postmortem.x": typed}
            )
    assert store.all_answers(me) == {
        "self_assessment": {"postmortem.went_well": "Earlier"},
        "interview": {"ask.own": "Another answer"},
    }
    assert store.answer_history(me, "self_assessment", "postmortem.went_well") == ["Earlier"]
    assert store.save_answer(me, "self_assessment", "postmortem.went_well", "y" * MAX_VALUE_CHARS)


def test_the_store_refuses_an_over_long_idea_and_keeps_the_board(store):
    workshop, _key = store.create_workshop("Board")
    me = store.create_participant(join_code=workshop.code)
    store.post_idea(me, "An earlier idea")
    for typed in (INPUTS["25k_chars"], INPUTS["25k_emoji"]):
        with pytest.raises(IdeaRefused, match="25,000 characters; the limit is 280"):
            store.post_idea(me, typed)
        with pytest.raises(IdeaRefused, match=r"Role: .*the limit is 120"):
            store.post_idea(me, "Fine idea", role=typed)
    assert [idea.text for idea in store.board(me)] == ["An earlier idea"]


def test_typing_saves_after_a_pause_and_when_the_page_is_left(world):
    """In a kernel the debouncer waits for a pause: keystrokes make one save, not one
    each; leaving the page saves what is still waiting; an over-long paste cancels it."""
    pages = [p for p in student_pages() if not p.newcomer]

    async def scenario() -> None:
        views = [world.open(page) for page in pages]  # built inside the running loop
        answers = [a for view in views for a in answers_on(view).values()]
        assert answers
        all_saved = asyncio.Event()

        def check(_change) -> None:
            if all(a.status.state == "saved" for a in answers):
                all_saved.set()

        for answer in answers:
            answer.status.observe(check, "value")
            for keystrokes in ("H", "He", "Hello 👋🏽"):
                answer.box.value = keystrokes
        assert all(a.status.state == "saving" for a in answers)
        assert world.saved() == {}  # nothing saved mid-word
        await asyncio.wait_for(all_saved.wait(), timeout=10)
        saved = world.saved()
        assert len(saved) == len(answers) and set(saved.values()) == {"Hello 👋🏽"}
        for stage, key in saved:
            assert world.store.answer_history(world.me, stage, key) == ["Hello 👋🏽"]

        for answer in answers:
            answer.box.value = "Goodbye"
        first, *rest = answers
        first.box.value = "x" * 25_000  # pasted before the pause: the pending save is off
        assert first.status.state == "error" and not first._debouncer.pending
        for view in views:
            view.browser.leaving += 1  # what the browser sends on pagehide
        saved = world.saved()
        assert list(saved.values()).count("Goodbye") == len(rest)
        assert "Hello 👋🏽" in saved.values()  # the first answer kept its saved version
        assert all(not a._debouncer.pending for a in answers)

    asyncio.run(scenario())
