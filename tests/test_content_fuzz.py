"""Fuzzing the content loader: whatever a content file holds, loading it either works or
raises :class:`ContentErrors` naming that file, quickly and in little memory; never another
exception, so a mistake in ``exercises/`` never takes a page down with a traceback.

Three kinds of input: (a) raw bytes, text and YAML-shaped token soup (tags, anchors and
aliases, deep nesting, huge and special numbers); (b) the kit's own files, parsed, mutated
and dumped back; (c) a whole folder in which one file is mutated, where every error must
name that file. Runs are derandomized and keep no example database, so CI is repeatable.
Each ``@example`` is an input that once raised something else or hung.
"""

from __future__ import annotations

import copy
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from workshop_kit.content import ContentError, ContentErrors, load_content, load_file
from workshop_kit.content.readability import grade
from workshop_kit.content.schema import KINDS

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises" / "en"
REAL_FILES = sorted(path.name for path in EXERCISES.glob("*.yaml"))
REAL_DATA = {name: yaml.safe_load((EXERCISES / name).read_text("utf-8")) for name in REAL_FILES}
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Generous for a loaded 2-core CI machine: a good load of the biggest file takes ~0.2 s.
TIME_LIMIT = 10.0


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- the property -------------------------------------------------------------------


class Hung(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: a loader stuck in a loop is a bug like any other."""
    if not hasattr(signal, "setitimer"):  # Windows: no alarm, a hang shows as a slow run
        yield
        return

    def give_up(signum, frame):
        raise Hung(f"loading took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_typed_errors(exc: ContentErrors, file: Path) -> None:
    """Every error is a ContentError about ``file``; one about another file must at least
    name ``file`` in its problem (a role naming a skill that ``file`` no longer has)."""
    assert exc.errors
    summary = exc.summary()
    assert file.name in summary
    for error in exc.errors:
        assert isinstance(error, ContentError)
        assert error.problem and isinstance(error.problem, str)
        assert error.line is None or error.line >= 1
        if error.file == file:
            assert str(error).startswith(str(file))
        else:
            assert file.name in error.problem, str(error)
        str(error).encode("utf-8", "backslashreplace")  # printable by `workshop-kit check`


def check_file(path: Path) -> None:
    """Load ``path`` alone: a model, or ContentErrors naming it."""
    try:
        with time_limit(TIME_LIMIT):
            model = load_file(path)
    except ContentErrors as exc:
        assert_typed_errors(exc, path)
        event("refused with ContentErrors")
    else:
        grade(model)  # `workshop-kit check` grades every file that loads
        event("loaded")


def check_folder(folder: Path, mutated: Path) -> None:
    """Load ``folder``: valid content, or ContentErrors that all point at ``mutated``."""
    try:
        with time_limit(TIME_LIMIT * 3):
            content = load_content(folder)
    except ContentErrors as exc:
        assert_typed_errors(exc, mutated)
        event("refused with ContentErrors")
        if any(error.file != mutated for error in exc.errors):
            event("an error in another file names the mutated one")
    else:
        for model in content.by_kind.values():
            grade(model)
        event("loaded")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One file reused by every example (hypothesis runs many examples per test call)."""
    return tmp_path_factory.mktemp("fuzz") / "skills.yaml"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


# --- (a) raw input --------------------------------------------------------------------

HEADER_FIELDS = {"schema_version": "1", "kind": "skills"}
HEADER = "schema_version: 1\nkind: skills\n"


def document(**fields: str) -> str:
    """A skills file's header with ``fields`` added, or put in place of its own."""
    return "".join(f"{key}: {value}\n" for key, value in {**HEADER_FIELDS, **fields}.items())


def alias_bomb(width: int, depth: int, field: str = "skills") -> str:
    """A "billion laughs": each level repeats the one below ``width`` times. The anchors
    come first, so that the bomb may also land on schema_version or kind."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, depth + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n" + document(**{field: f"*l{depth}"})


def alias_chain(length: int) -> str:
    """Aliases nesting each other: shallow text, a very deep tree once expanded."""
    lines = [HEADER.rstrip("\n"), "a0: &a0 x"]
    lines += [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, length)]
    return "\n".join(lines) + "\n"


# Inputs that once raised something other than ContentErrors (what, in the comment) or
# hung, then the line and the words of the error they give now. The last three were
# already ContentErrors, but with PyYAML's words or no line.
REGRESSIONS = {
    "unhashable key": (  # TypeError from the duplicate-key check
        HEADER + "? [a]\n: b\n",
        3,
        "a key is a list or a block",
    ),
    "unhashable key in a set": (HEADER + "x: !!set {? [a] : null}\n", 3, "a key is a list"),
    "set tag on a word": (  # ValueError from the duplicate-key check
        HEADER + "x: !!set abc\n",
        3,
        "expected a mapping node, but found scalar",
    ),
    "impossible date": (  # ValueError from datetime.date
        HEADER + "skills: 2001-13-45\n",
        3,
        "'2001-13-45' is not a valid date (month must be in 1..12)",
    ),
    "float tag on a word": (HEADER + "x: !!float abc\n", 3, "'abc' is not a valid number"),
    "int tag on nothing": (HEADER + "x: !!int ''\n", 3, "'' is not a valid whole number"),
    "bool tag on a word": (HEADER + "x: !!bool maybe\n", 3, "is not a valid true/false"),
    "timestamp tag on a word": (HEADER + "x: !!timestamp foo\n", 3, "is not a valid date"),
    "escape beyond Unicode": (  # ValueError from chr()
        HEADER + 'x: "\\U0011FFFF"\n',
        3,
        "has an escape (\\x, \\u or \\U) that is not a Unicode character",
    ),
    "deep flow nesting": ("[" * 5000, 1, "nest more than 50 levels"),  # RecursionError
    "deep mapping nesting": ("a: {" * 3000, 1, "nest more than 50 levels"),  # RecursionError
    "alias inside its anchor": (  # RecursionError
        HEADER + "skills: &a [*a]\n",
        3,
        "the alias *a is inside the block &a it repeats",
    ),
    "alias inside its anchor map": (HEADER + "skills: &a {x: *a}\n", 3, "alias *a is inside"),
    "alias chain": (alias_chain(3000), 53, "aliases (*name) nest the blocks more than 50"),
    "billion laughs": (alias_bomb(9, 9), 6, "more than 100,000 values"),  # hung
    "huge decimal": (  # ValueError: exceeds the limit (4300 digits) for int
        "schema_version: " + "9" * 5000 + "\n",
        1,
        "the number '9999",
    ),
    "huge hex": (  # an int that cannot be printed in the error message
        "schema_version: 0x" + "f" * 5000 + "\nkind: skills\n",
        1,
        "is too long",
    ),
    "huge sexagesimal": ("schema_version: 1" + ":0" * 2600 + "\nkind: skills\n", 1, "too long"),
    "huge kind": ("schema_version: 1\nkind: 0x" + "f" * 5000 + "\n", 2, "is too long"),
    "python tag": (
        HEADER + "x: !!python/object/apply:os.system ['true']\n",
        3,
        "the tag '!!python/object/apply:os.system' is not allowed",
    ),
    "merge key": (
        HEADER + "base: &b {id: x}\nskills:\n  - <<: *b\n    name: n\n",
        5,
        "merge keys ('<<') are not supported",
    ),
    "NUL": (HEADER + "x: a\x00b\n", 3, "contains the character #x0000"),
}
REGRESSION_TEXTS = {name: text for name, (text, _, _) in REGRESSIONS.items()}
REGRESSION_LIST = list(REGRESSION_TEXTS.values())


@pytest.mark.parametrize(("text", "line", "words"), REGRESSIONS.values(), ids=REGRESSIONS)
def test_what_the_fuzzer_found_gets_a_clear_message(scratch, text, line, words):
    with pytest.raises(ContentErrors) as caught:
        load_file(write(scratch, text))
    (error,) = caught.value.errors
    assert (error.file, error.line) == (scratch, line)
    assert words in error.problem


TOKENS = [
    *"[]{},:-?&*!|>'\"#%@`\n\t ",
    "\n  ",
    "\n    - ",
    ": ",
    "- ",
    "? ",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%YAML 2.0\n",
    "%TAG ! tag:example.com,2000:\n",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "*nope",
    "!!python/object:os.system ",
    "!!python/object/apply:os.system ",
    "!!python/name:os.system ",
    "!!binary ",
    "!!timestamp ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!str ",
    "!!set ",
    "!!omap ",
    "!!pairs ",
    "!!map ",
    "!!seq ",
    "!!merge ",
    "!local ",
    "!<tag:yaml.org,2002:int> ",
    '"\\U0011FFFF"',
    '"\\ud800"',
    '"\\x',
    '"\\0"',
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\r\n",
    "0x",
    "0o17",
    "0b101",
    "017",
    "1:2:3",
    "1_000",
    "9" * 30,
    "1e400",
    "1.0e+400",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "yes",
    "off",
    "2001-13-45",
    "2001-02-29 25:61:00",
    "schema_version",
    "kind",
    "skills",
    "id",
    "name",
    "category",
    "🎉",
]
soup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=60).map("".join)

FIELDS = sorted({name for model in KINDS.values() for name in model.model_fields})
skeleton = st.builds(
    "schema_version: {}\nkind: {}\n{}: {}\n".format,
    st.sampled_from(["1", "1", "0", "2", "-1", "1.0", "true", "'1'", "0x1", "1:0", ".inf"]),
    st.sampled_from(sorted(KINDS)),
    st.sampled_from(FIELDS),
    soup,
)


@fuzz_settings(150)
@given(st.binary(max_size=2000))
@example("caf\xe9".encode("latin-1"))
@example(b"\xef\xbb\xbf" + HEADER.encode())  # a UTF-8 byte order mark
@example(b"\xff\xfe" + HEADER.encode("utf-16-le"))
@example(b"\xed\xa0\x80")  # an encoded surrogate
def test_any_bytes(scratch, raw):
    check_file(write(scratch, raw))


@fuzz_settings(150)
@given(st.text(max_size=2000))
def test_any_text(scratch, text):
    check_file(write(scratch, text))


def with_regressions(test):
    for text in reversed(REGRESSION_TEXTS.values()):
        test = example(text)(test)
    return test


@fuzz_settings(300)
@given(st.one_of(soup, skeleton, st.builds(str.__add__, st.just(HEADER), soup)))
@with_regressions
def test_yaml_token_soup(scratch, text):
    check_file(write(scratch, text))


@fuzz_settings(25)
@given(
    opener=st.sampled_from(["[", "{a: ", "[a, ", "{? ", "- ", "&x [", "!!seq ["]),
    depth=st.integers(1, 20_000),
    closed=st.booleans(),
)
def test_deep_nesting(scratch, opener, depth, closed):
    closer = {"[": "]", "{": "}"}
    text = opener * depth
    if closed:
        text += "".join(closer.get(char, "") for char in reversed(text))
    if opener == "- ":  # block style: one level of indent per line
        text = "".join("  " * level + "- \n" for level in range(min(depth, 400)))
    check_file(write(scratch, HEADER + "skills: " + text))


@fuzz_settings(40)
@given(
    width=st.integers(2, 12),
    depth=st.integers(1, 12),
    field=st.sampled_from(["skills", "categories", "x", "kind", "schema_version"]),
)
@example(width=9, depth=9, field="skills")
@example(width=10, depth=10, field="kind")  # the error message must not print it
def test_alias_bombs_are_refused_quickly(scratch, width, depth, field):
    path = write(scratch, alias_bomb(width, depth, field))
    tracemalloc.start()
    started = time.process_time()  # CPU time: other jobs on a busy CI machine do not count
    try:
        check_file(path)
    finally:
        elapsed = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 3, f"{elapsed:.1f} s for a {width}x{depth} alias bomb"
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB for a {width}x{depth} alias bomb"


TAGS = [tag for tag in TOKENS if tag.startswith("!")]
SCALARS = ["", "abc", "0", "-", "1e400", "2001-13-45", "maybe", "'%%%'", "[a]", "{a: b}", "~"]


@fuzz_settings(100)
@given(
    tag=st.sampled_from(TAGS),
    value=st.sampled_from(SCALARS) | st.text(max_size=8),
    field=st.sampled_from(["schema_version", "kind", "skills", "x"]),
)
def test_yaml_tags(scratch, tag, value, field):
    check_file(write(scratch, document(**{field: f"{tag}{value}"})))


def yaml_numbers() -> st.SearchStrategy[str]:
    huge = st.integers(-(10**400), 10**400)
    digits = st.integers(1, 100) | st.sampled_from([1075, 1076, 4300, 4301, 20_000])
    return st.one_of(
        huge.map(str),
        # around and past the 4300 digits Python will turn from text to int and back
        digits.map(lambda count: "9" * count),
        digits.map(lambda count: "0x" + "f" * count),
        huge.map(lambda n: f"{'-' if n < 0 else ''}0x{abs(n):x}"),
        huge.map(lambda n: f"0o{abs(n):o}"),
        huge.map(lambda n: f"{n:_}"),
        st.lists(st.integers(0, 59), min_size=1, max_size=3000).map(
            lambda parts: "1:" + ":".join(map(str, parts))
        ),
        st.floats().map(repr),
        st.sampled_from([".inf", "-.inf", ".nan", ".NaN", "1e400", "1.0e+400", "-0.0", "0."]),
    )


@fuzz_settings(100)
@given(
    number=yaml_numbers(),
    kind=st.sampled_from(sorted(KINDS)),
    field=st.sampled_from(["schema_version", "kind"]) | st.sampled_from(FIELDS),
)
def test_huge_and_special_numbers(scratch, number, kind, field):
    fields = {"schema_version": "1", "kind": kind, field: number}
    check_file(write(scratch, "".join(f"{key}: {value}\n" for key, value in fields.items())))


# --- (b) structure-aware mutations of the kit's own files ----------------------------

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "🎉🎉🎉",
            "👩🏽‍💻 works in tech",
            "x" * 5000,
            "word " * 500,
            "a\tb",
            "line\nbreak",
            "NaN",
            "null",
            "2001-13-45",
            "\u202eevil",
            "<b>bold</b>",
            "Schema_Version",
        ]
    ),
    st.dates(),
    st.binary(max_size=8),
    st.lists(st.integers() | st.text(max_size=5) | st.none(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers() | st.none(), max_size=3),
)
KEY_NAMES = st.sampled_from(["colour", "Name", "id ", "ID", "", "kind", "skills", "🎉"]) | st.text(
    max_size=8
)
REFERENCE_FIELDS = ("category", "topic", "group", "industry")
VALID_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,70}", fullmatch=True)


def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutation(draw, data: Any) -> Any:
    """Apply one mistake an instructor could make to ``data``; return the new data."""
    paths = list(_paths(data))
    inner = [p for p in paths if p]
    dicts = [p for p in paths if isinstance(_at(data, p), dict)]
    lists = [p for p in paths if isinstance(_at(data, p), list) and _at(data, p)]
    id_lists = [p for p in lists if all(isinstance(i, dict) and "id" in i for i in _at(data, p))]
    refs = [p for p in dicts if any(field in _at(data, p) for field in REFERENCE_FIELDS)]
    role_skills = [p for p in dicts if p[-1:] == ("skills",) and _at(data, p)]
    ops = ["replace", "schema_version", "kind", "root"]
    ops += ["delete"] * bool(inner) + ["add_key", "rename_key"] * bool(dicts)
    ops += ["duplicate_item", "empty"] * bool(lists)
    # the next two may leave the file valid but break another one (roles name skill ids)
    ops += ["duplicate_id", "rename_id", "drop_item"] * bool(id_lists)
    ops += ["break_reference"] * bool(refs) + ["rename_skill"] * bool(role_skills)
    op = draw(st.sampled_from(ops))

    if op == "root":
        return draw(ODD_VALUES)
    if op in ("schema_version", "kind"):
        if not isinstance(data, dict):
            return data
        choices = st.integers(-3, 3) if op == "schema_version" else st.sampled_from(sorted(KINDS))
        data[op] = draw(choices | ODD_VALUES)
    elif op == "replace" and inner:
        path = draw(st.sampled_from(inner))
        _at(data, path[:-1])[path[-1]] = draw(ODD_VALUES)
    elif op == "delete":
        path = draw(st.sampled_from(inner))
        del _at(data, path[:-1])[path[-1]]
    elif op == "add_key":
        _at(data, draw(st.sampled_from(dicts)))[draw(KEY_NAMES)] = draw(ODD_VALUES)
    elif op == "rename_key":
        node = _at(data, draw(st.sampled_from(dicts)))
        if node:
            old = draw(st.sampled_from(sorted(node, key=str)))
            node[draw(KEY_NAMES)] = node.pop(old)
    elif op == "duplicate_item":
        items = _at(data, draw(st.sampled_from(lists)))
        items.insert(draw(st.integers(0, len(items))), copy.deepcopy(draw(st.sampled_from(items))))
    elif op == "empty" and any(lists):  # not the root: an earlier "root" op may make it a list
        path = draw(st.sampled_from([p for p in lists if p]))
        _at(data, path[:-1])[path[-1]] = draw(st.sampled_from([[], {}, None, ""]))
    elif op == "duplicate_id":
        items = _at(data, draw(st.sampled_from(id_lists)))
        first, second = draw(st.lists(st.sampled_from(range(len(items))), min_size=2, max_size=2))
        items[second]["id"] = items[first]["id"]
    elif op == "rename_id":
        items = _at(data, draw(st.sampled_from(id_lists)))
        new_id = st.sampled_from(["renamed", "x1"]) | VALID_IDS | ODD_VALUES
        items[draw(st.sampled_from(range(len(items))))]["id"] = draw(new_id)
    elif op == "drop_item":
        items = _at(data, draw(st.sampled_from(id_lists)))
        del items[draw(st.sampled_from(range(len(items))))]
    elif op == "break_reference":
        node = _at(data, draw(st.sampled_from(refs)))
        field = next(f for f in REFERENCE_FIELDS if f in node)
        node[field] = draw(st.sampled_from(["no_such_id", "Communication", ""]) | ODD_VALUES)
    elif op == "rename_skill":
        node = _at(data, draw(st.sampled_from(role_skills)))
        old = draw(st.sampled_from(sorted(node, key=str)))
        node[draw(st.sampled_from(["juggling", "Presenting", "1"]) | KEY_NAMES)] = node.pop(old)
    return data


@st.composite
def line_edit(draw, text: str) -> str:
    """Sometimes also a slip of the keyboard: a line doubled, lost, indented by a tab..."""
    lines = text.split("\n")
    op = draw(st.sampled_from(["none"] * 6 + ["double", "drop", "tab", "cut", "insert"]))
    at = draw(st.integers(0, len(lines) - 1))
    if op == "double":  # a repeated key, or a repeated list item
        lines.insert(at, lines[at])
    elif op == "drop":
        del lines[at]
    elif op == "tab":
        lines[at] = "\t" + lines[at]
    elif op == "cut":
        return "\n".join(lines)[: draw(st.integers(0, len(text)))]
    elif op == "insert":
        lines[at] += draw(st.sampled_from(TOKENS))
    return "\n".join(lines)


@st.composite
def mutated_real_file(draw, names: st.SearchStrategy[str] | None = None):
    """(name, text) of one of the kit's files with one to three mistakes in it."""
    name = draw(st.sampled_from(REAL_FILES) if names is None else names)
    data = copy.deepcopy(REAL_DATA[name])
    for _ in range(draw(st.sampled_from([1, 1, 2, 3]))):
        data = draw(mutation(data))
    return name, draw(line_edit(dump(data)))


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


@st.composite
def skill_renamed_or_dropped(draw) -> tuple[str, str]:
    """A skills.yaml that is valid on its own but no longer has a skill roles.yaml names."""
    data = copy.deepcopy(REAL_DATA["skills.yaml"])
    index = draw(st.integers(0, len(data["skills"]) - 1))
    if draw(st.booleans()):
        del data["skills"][index]
    else:
        data["skills"][index]["id"] = draw(VALID_IDS)
    return "skills.yaml", dump(data)


@fuzz_settings(100)
@given(mutated_real_file())
def test_mutated_real_file(scratch, case):
    name, text = case
    check_file(write(scratch.with_name(name), text))


# --- (c) a whole folder with one file mutated ------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    copied = tmp_path_factory.mktemp("folder") / "exercises"
    shutil.copytree(EXERCISES, copied)
    return copied


@fuzz_settings(20)
@given(
    st.one_of(
        # skills.yaml twice as often: roles.yaml names its ids, so a mistake there shows
        # in another file, whose error must say so
        mutated_real_file(st.sampled_from(["skills.yaml", *REAL_FILES])),
        skill_renamed_or_dropped(),
        st.tuples(st.sampled_from(REAL_FILES), soup | st.sampled_from(REGRESSION_LIST)),
    )
)
@example(("skills.yaml", REGRESSION_TEXTS["billion laughs"]))
def test_a_folder_with_one_mutated_file_names_that_file(folder, case):
    name, text = case
    path = folder / name
    try:
        check_folder(folder, write(path, text))
    finally:
        shutil.copyfile(EXERCISES / name, path)


# --- `workshop-kit check` on folders the fuzzer broke ------------------------------------

BROKEN_FOLDERS = {
    "several crashers at once": {
        "skills.yaml": REGRESSION_TEXTS["unhashable key"],
        "roles.yaml": REGRESSION_TEXTS["impossible date"],
        "welcome.yaml": REGRESSION_TEXTS["escape beyond Unicode"],
        "action_plan.yaml": REGRESSION_TEXTS["huge hex"],
        "mock_interview.yaml": REGRESSION_TEXTS["int tag on nothing"],
    },
    "aliases": {
        "skills.yaml": REGRESSION_TEXTS["billion laughs"],
        "star_questions.yaml": REGRESSION_TEXTS["alias inside its anchor"],
        "welcome.yaml": REGRESSION_TEXTS["alias chain"],
    },
    "nesting and bytes": {
        "self_assessment.yaml": REGRESSION_TEXTS["deep flow nesting"],
        "roles.yaml": "caf\xe9".encode("latin-1"),
        "interview_scenarios.yaml": REGRESSION_TEXTS["NUL"],
    },
}


@pytest.mark.parametrize("broken", BROKEN_FOLDERS.values(), ids=BROKEN_FOLDERS)
def test_check_command_on_fuzz_found_folders(tmp_path, broken):
    folder = tmp_path / "exercises"
    shutil.copytree(EXERCISES, folder)
    for name, content in broken.items():
        write(folder / name, content)
    result = subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name in broken:
        assert f"{folder / name}" in result.stderr
    assert f"{len(broken)} problems" in result.stderr
