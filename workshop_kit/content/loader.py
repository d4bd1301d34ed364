"""Read and validate a folder of content files.

Every problem is collected as a :class:`ContentError` that names the file, the place
inside it (``skills[3].category``) and its line, so ``workshop-kit check`` can print
them all and a page never meets a half-valid file.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from workshop_kit.content.errors import ContentError, ContentErrors
from workshop_kit.content.schema import (
    KINDS,
    SCHEMA_VERSION,
    ActionPlanFile,
    AlternativeCareersFile,
    ContentFile,
    InterestsFile,
    MockInterviewFile,
    RolesFile,
    SelfAssessmentFile,
    SkillsFile,
    StarQuestionsFile,
    StarRules,
    WelcomeFile,
)

Loc = tuple[Any, ...]

# The kinds every workshop needs; the others belong to stages that may be left out.
REQUIRED_KINDS = ("skills", "self_assessment")


def default_content_dir() -> Path:
    """``$WORKSHOP_KIT_CONTENT``, else the ``exercises/`` folder beside the package."""
    configured = os.environ.get("WORKSHOP_KIT_CONTENT")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "exercises"


# --- one folder per language ------------------------------------------------------
#
# A content folder holds either the YAML files themselves (one language, English
# unless named otherwise) or one folder of them per language, named by its code
# (``exercises/en/``, ``exercises/fr/``): every language has the same files with the
# same ids, so answers in any of them count together.

LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")


def content_languages(folder: Path | str) -> tuple[str, ...]:
    """The languages ``folder`` has content in: its language folders (English first),
    or ``("en",)`` for a folder of YAML files."""
    folder = Path(folder)
    found = sorted(
        path.name
        for path in (folder.iterdir() if folder.is_dir() else ())
        if path.is_dir() and LANGUAGE_FOLDER.match(path.name) and content_files(path)
    )
    if not found:
        return ("en",)
    return tuple(sorted(found, key=lambda code: (code != "en", code)))


def language_of(folder: Path) -> str:
    """The language of a folder of YAML files: its name when it is a language folder."""
    named = LANGUAGE_FOLDER.match(folder.name) and not content_files(folder.parent)
    return folder.name if named else "en"


def language_folder(folder: Path | str, language: str | None = None) -> Path:
    """The folder of YAML files for ``language`` in ``folder``: ``folder/<language>``,
    else the first language's (English), else ``folder`` itself."""
    folder = Path(folder)
    if content_files(folder) or not folder.is_dir():
        return folder
    languages = content_languages(folder)
    chosen = language if language in languages else languages[0]
    candidate = folder / chosen
    return candidate if candidate.is_dir() else folder


@dataclass
class Content:
    """A validated content folder: one model per kind, and the file each came from."""

    folder: Path
    # the language its words are in (the name of its language folder, "en" otherwise)
    language: str = "en"
    by_kind: dict[str, ContentFile] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def skills(self) -> SkillsFile:
        return self.by_kind["skills"]  # type: ignore[return-value]

    @property
    def self_assessment(self) -> SelfAssessmentFile:
        return self.by_kind["self_assessment"]  # type: ignore[return-value]

    @property
    def action_plan(self) -> ActionPlanFile | None:
        return self.by_kind.get("action_plan")  # type: ignore[return-value]

    @property
    def welcome(self) -> WelcomeFile | None:
        return self.by_kind.get("welcome")  # type: ignore[return-value]

    @property
    def interests(self) -> InterestsFile | None:
        """Optional: an older content folder without an interests file still loads."""
        return self.by_kind.get("interests")  # type: ignore[return-value]

    @property
    def roles(self) -> RolesFile | None:
        return self.by_kind.get("roles")  # type: ignore[return-value]

    @property
    def alternative_careers(self) -> AlternativeCareersFile | None:
        return self.by_kind.get("alternative_careers")  # type: ignore[return-value]


# --- YAML with line numbers, limits and no silent duplicate keys ----------------

# Content needs a few levels of nesting, a few thousand values and a few pages of
# text; anything far beyond is a mistake or an attack, and is refused before any code
# walks it (PyYAML's composer recurses, and aliases can repeat a block exponentially:
# "billion laughs").
MAX_DEPTH = 50
MAX_VALUES = 100_000
MAX_BYTES = 1_000_000
# Numbers beyond 64 bits are never meant, and some cannot even be printed.
MAX_INT_BITS = 63
_MAX_INT_CHARS = 40

_TAG_WORDS = {
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false value",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:binary": "base64 value",
}


class _Refused(Exception):
    """A YAML problem found by the kit's own checks, with its line when known."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = mark.line + 1 if mark is not None else None


def _shown(value: Any, limit: int = 60) -> str:
    """A short ``repr`` that is safe for any value YAML can produce."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print (sys.get_int_max_str_digits)
        text = f"a {value.bit_length()}-bit number"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _StrictComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing what would make later code recurse or expand without end.

    Nesting deeper than ``MAX_DEPTH``, an alias inside the block it names, and more
    than ``MAX_VALUES`` values once aliases are expanded are refused while composing,
    so nothing later recurses without end or expands a "billion laughs".
    """

    def __init__(self) -> None:
        yaml.composer.Composer.__init__(self)
        self._depth = 0
        self._open_anchors: set[str] = set()
        # id(node) -> (values, depth) with aliases expanded
        self._shape: dict[int, tuple[int, int]] = {}

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise _Refused(
                    f"the alias *{event.anchor} is inside the block &{event.anchor} it "
                    "repeats, so it would never end",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise _Refused(
                f"the blocks nest more than {MAX_DEPTH} levels deep; "
                "content needs only a few levels",
                event.start_mark,
            )
        anchor = event.anchor
        self._depth += 1
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open_anchors.discard(anchor)
        self._measure(node)
        return node

    def _measure(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):  # most nodes: nothing to add up
            self._shape[id(node)] = (1, 1)
            return
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value
        values, depth = 1, 1
        for child in children:
            child_values, child_depth = self._shape[id(child)]
            values += child_values
            depth = max(depth, child_depth + 1)
        self._shape[id(node)] = (values, depth)
        if depth > MAX_DEPTH:
            raise _Refused(
                f"aliases (*name) nest the blocks more than {MAX_DEPTH} levels deep; "
                "content needs only a few levels",
                node.start_mark,
            )
        if values > MAX_VALUES:
            raise _Refused(
                f"this block holds more than {MAX_VALUES:,} values once every alias (*name) "
                "is counted in full; content needs far fewer",
                node.start_mark,
            )


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor with the checks content needs.

    - Two equal keys in one block are refused (PyYAML silently keeps the last).
    - The ValueError, KeyError... PyYAML's constructors raise for values such as
      ``2001-13-45`` or ``!!int ''`` become :class:`_Refused` with the line.
    """

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, _Refused, _DuplicateKey):
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            what = _TAG_WORDS.get(node.tag, node.tag)
            value = _shown(node.value) if isinstance(node, yaml.ScalarNode) else "this block"
            problem = f"{value} is not a valid {what}"
            if isinstance(exc, ValueError) and node.tag == "tag:yaml.org,2002:timestamp":
                problem += f" ({exc})"
            raise _Refused(problem, node.start_mark) from exc

    def construct_yaml_int(self, node):
        if isinstance(node.value, str) and len(node.value) > _MAX_INT_CHARS:
            raise _Refused(f"the number {_shown(node.value)} is too long", node.start_mark)
        value = super().construct_yaml_int(node)
        if value.bit_length() > MAX_INT_BITS:
            raise _Refused(f"the number {_shown(node.value)} is too large", node.start_mark)
        return value

    def construct_undefined(self, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(
            f"the tag {_shown(tag)} is not allowed in content; remove it and write a plain value",
            node.start_mark,
        )

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):  # "!!set abc": PyYAML's own error
            return super().construct_mapping(node, deep=deep)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    "YAML merge keys ('<<') are not supported; write the keys out in full",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _Refused(
                    "a key is a list or a block; keys are single words such as 'name'",
                    key_node.start_mark,
                ) from None
            if key in seen:
                raise _DuplicateKey(_shown(key), key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# PyYAML registers its constructors by function, so an override needs registering too.
_StrictConstructor.add_constructor("tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int)
_StrictConstructor.add_constructor(None, _StrictConstructor.construct_undefined)


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _StrictComposer,
    _StrictConstructor,
    yaml.resolver.Resolver,
):
    """The reference loader: PyYAML's pure-Python parser, whose words the errors use."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _StrictComposer.__init__(self)
        _StrictConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def scan_flow_scalar_non_spaces(self, double, start_mark):
        try:
            return super().scan_flow_scalar_non_spaces(double, start_mark)
        except ValueError as exc:  # chr() of an escape such as "\U0011FFFF"
            raise _Refused(
                "a quoted text has an escape (\\x, \\u or \\U) that is not a Unicode character",
                self.get_mark(),
            ) from exc


class _NotForLibyaml(Exception):
    """Text the libyaml path leaves to the reference loader."""


if yaml.__with_libyaml__:

    class _FastLoader(
        _StrictComposer, yaml.cyaml.CParser, _StrictConstructor, yaml.resolver.Resolver
    ):
        """The same checks on libyaml's events: scanning and parsing in C is ten times
        faster. Composing stays in Python (before CParser in the MRO), so the checks and
        the depth limit apply before anything recurses."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def compose_node(self, parent, index):
            # Tags are rare in content, and libyaml types some differently ("x: !"
            # is '' there and None in PyYAML).
            if getattr(self.peek_event(), "tag", None) is not None:
                raise _NotForLibyaml
            return super().compose_node(parent, index)

else:  # pragma: no cover  (PyYAML built without libyaml)
    _FastLoader = None


def _line_map(node: yaml.Node | None, loc: Loc = (), lines: dict | None = None) -> dict[Loc, int]:
    lines = {} if lines is None else lines
    if node is None:
        return lines
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            child = (*loc, key_node.value)
            _line_map(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*loc, index), lines)
    return lines


def _read(path: Path) -> str:
    if not path.is_file():
        raise _Refused("is not a file; a content file is a .yaml text file")
    with path.open("rb") as stream:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _Refused(
            f"is larger than {MAX_BYTES // 1_000_000} MB; content files hold a few pages of text"
        )
    return raw.decode("utf-8")


def _parse(path: Path) -> tuple[Any, dict[Loc, int]]:
    text = _read(path)
    if _FastLoader is not None and _libyaml_reads_alike(text):
        try:
            return _compose_and_construct(_FastLoader(text))
        except Exception:
            # libyaml words errors differently (and refuses a few things PyYAML takes):
            # whatever went wrong, the reference loader decides and words the problem.
            pass
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise _Refused(
            f"contains the character #x{exc.character:04x}, which YAML does not allow "
            "(a control or non-character); delete it",
            yaml.Mark(str(path), exc.position, line - 1, 0, None, None),
        ) from None
    return _compose_and_construct(loader)


def _libyaml_reads_alike(text: str) -> bool:
    """False for the text where libyaml may accept what PyYAML refuses or read it
    differently: flow collections (``[a?]`` is a list there, an error in PyYAML), tabs
    (libyaml takes them as separators in more places), a byte order mark after the
    start (libyaml skips one at the start of any line), and a last line without its
    line break (libyaml puts the end of the text on the line after)."""
    return (
        text.endswith("\n")
        and "\t" not in text
        and _FLOW_START.search(text) is None
        and text.find("\ufeff", 1) == -1
    )


# A bracket or brace where a flow collection could begin: first on a line, or after
# "key: ", "- " or "? ". One inside a sentence ("in {industry}") starts nothing.
_FLOW_START = re.compile(r"(?:^|[:\-?][ ]+)[ ]*[\[{]", re.MULTILINE)


def _compose_and_construct(loader: _StrictLoader | _FastLoader) -> tuple[Any, dict[Loc, int]]:
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, _line_map(node)


# --- turning pydantic's errors into an instructor's words -----------------------


def format_location(loc: Loc) -> str:
    """``('skills', 3, 'category')`` -> ``skills[3].category``."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_for(lines: dict[Loc, int], loc: Loc) -> int | None:
    loc = tuple(part for part in loc if part != "[key]")
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def _problem(error: dict, kind: str) -> str:
    kind_of = error["type"]
    if kind_of == "missing":
        return "is missing (this field is required)"
    if kind_of == "extra_forbidden":
        return f"is not a field a '{kind}' file knows; check the spelling or remove it"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind_of == "string_pattern_mismatch":
        message = "should be lowercase letters, digits and underscores, starting with a letter"
        if error["loc"][-1] == "noc":
            message = 'should be a NOC 2021 code of five digits in quotes, such as "11202"'
    got = error.get("input")
    if got is not None and not isinstance(got, dict | list) and kind_of != "value_error":
        message += f" (found {_shown(got)})"
    return message[0].lower() + message[1:] if message else message


# --- one file ------------------------------------------------------------------


def load_file(path: Path | str) -> ContentFile:
    """Read one content file and return its model; raise :class:`ContentErrors` on mistakes."""
    path = Path(path)
    model, errors, _ = _load_file(path)
    if errors:
        raise ContentErrors(errors)
    assert model is not None
    return model


def _load_file(path: Path) -> tuple[ContentFile | None, list[ContentError], dict[Loc, int]]:
    """The model (None on a mistake), every mistake, and the line of every place."""

    def error(problem: str, line: int | None = None) -> list[ContentError]:
        return [ContentError(path, "", problem, line)]

    try:
        data, lines = _parse(path)
    except UnicodeDecodeError:
        return None, error("is not UTF-8 text; save it with UTF-8 encoding"), {}
    except OSError as exc:
        return None, error(f"cannot be read ({exc.strerror})"), {}
    except _Refused as exc:
        return None, error(exc.problem, exc.line), {}
    except _DuplicateKey as exc:
        return None, error(f"the key {exc.key} appears twice in the same block", exc.line), {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "is not valid YAML"
        return None, error(f"YAML syntax error: {what}", line), {}
    except yaml.YAMLError as exc:
        return None, error(f"YAML syntax error: {exc}"), {}
    model, errors = _validate(path, data, lines)
    return model, errors, lines


def _validate(
    path: Path, data: Any, lines: dict[Loc, int]
) -> tuple[ContentFile | None, list[ContentError]]:
    def error(problem: str, location: str = "", line: int | None = None) -> list[ContentError]:
        return [ContentError(path, location, problem, line)]

    if data is None:
        return None, error("the file is empty; it needs at least schema_version and kind")
    if not isinstance(data, dict):
        return None, error(
            "the top level should be a set of 'key: value' lines starting with "
            f"schema_version and kind, not a {type(data).__name__}",
            "",
            1,
        )

    version = data.get("schema_version")
    if version is None:
        return None, error(f"schema_version is missing; add 'schema_version: {SCHEMA_VERSION}'")
    if not isinstance(version, int) or isinstance(version, bool):
        return None, error(
            f"should be a whole number such as {SCHEMA_VERSION} (found {_shown(version)})",
            "schema_version",
            lines.get(("schema_version",)),
        )
    if version > SCHEMA_VERSION:
        return None, error(
            f"is {version}, written for a newer kit; this kit reads version {SCHEMA_VERSION}",
            "schema_version",
            lines.get(("schema_version",)),
        )
    if version < 1:
        return None, error("should be 1 or more", "schema_version", lines.get(("schema_version",)))

    kind = data.get("kind")
    model_class = KINDS.get(kind) if isinstance(kind, str) else None
    if model_class is None:
        known = ", ".join(sorted(KINDS))
        problem = "is missing" if kind is None else f"{_shown(kind)} is not a kind this kit knows"
        return None, error(f"{problem}; use one of: {known}", "kind", lines.get(("kind",)))

    try:
        model = model_class.model_validate(data)
    except ValidationError as exc:
        return None, [
            ContentError(
                path,
                format_location(err["loc"]),
                _problem(err, kind),
                _line_for(lines, err["loc"]),
            )
            for err in exc.errors()
        ]

    errors = _check_ids(path, model, lines)
    for loc, problem in model.content_problems():
        errors.append(ContentError(path, format_location(loc), problem, _line_for(lines, loc)))
    return model, errors


def _check_ids(path: Path, model: ContentFile, lines: dict[Loc, int]) -> list[ContentError]:
    errors = []
    for list_name in model.unique_ids:
        items = getattr(model, list_name)
        counts = Counter(item.id for item in items)
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if counts[item.id] > 1 and item.id in first:
                loc = (list_name, index, "id")
                errors.append(
                    ContentError(
                        path,
                        format_location(loc),
                        f"the id '{item.id}' is used twice (first at "
                        f"{list_name}[{first[item.id]}]); ids must be unique",
                        _line_for(lines, loc),
                    )
                )
            first.setdefault(item.id, index)
    for (list_name, field_name), target in model.references.items():
        known = {item.id for item in getattr(model, target)}
        for index, item in enumerate(getattr(model, list_name)):
            value = getattr(item, field_name)
            if value not in known:
                loc = (list_name, index, field_name)
                errors.append(
                    ContentError(
                        path,
                        format_location(loc),
                        f"'{value}' is not one of the {target} in this file "
                        f"({', '.join(sorted(known))})",
                        _line_for(lines, loc),
                    )
                )
    return errors


# --- a folder --------------------------------------------------------------------


def content_files(folder: Path) -> list[Path]:
    """The content files in ``folder``, in the order they are read."""
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_content(folder: Path | str | None = None, language: str | None = None) -> Content:
    """Load and validate every ``*.yaml`` file in ``folder`` (default: the kit's own),
    or in its ``language`` folder when it has one per language (see
    :func:`language_folder`; English when ``language`` is None or missing).

    Raises
    ------
    ContentErrors
        With every mistake found, in every file, in file order.
    """
    folder = Path(folder) if folder is not None else default_content_dir()
    if not folder.is_dir():
        raise ContentErrors([ContentError(folder, "", "is not a folder of content files")])
    folder = language_folder(folder, language)

    content = Content(folder=folder, language=language_of(folder))
    errors: list[ContentError] = []
    line_maps: dict[str, dict[Loc, int]] = {}
    paths = content_files(folder)
    for path in paths:
        model, file_errors, lines = _load_file(path)
        errors.extend(file_errors)
        if model is None:
            continue
        if model.kind in content.by_kind:
            errors.append(
                ContentError(
                    path,
                    "kind",
                    f"a '{model.kind}' file already exists ({content.files[model.kind].name}); "
                    "keep one file per kind in a folder",
                )
            )
            continue
        content.by_kind[model.kind] = model
        content.files[model.kind] = path
        line_maps[model.kind] = lines

    failed_kinds = {err.file for err in errors}
    for kind in REQUIRED_KINDS:
        if kind not in content.by_kind and not any(
            path in failed_kinds and path.stem.startswith(kind) for path in paths
        ):
            errors.append(
                ContentError(folder, "", f"has no '{kind}' file; every workshop needs one")
            )

    roles = content.roles
    if roles is not None and "skills" in content.by_kind:
        known = {skill.id for skill in content.skills.skills}
        for index, role in enumerate(roles.roles):
            for skill_id in role.skills:
                if skill_id not in known:
                    loc = ("roles", index, "skills", skill_id)
                    errors.append(
                        ContentError(
                            content.files["roles"],
                            format_location(loc),
                            f"'{skill_id}' is not a skill id in {content.files['skills'].name}",
                            _line_for(line_maps["roles"], loc),
                        )
                    )

    errors.extend(_drill_time(content, line_maps, unsure=bool(errors)))

    if errors:
        raise ContentErrors(errors)
    return content


def _drill_time(
    content: Content, line_maps: dict[str, dict[Loc, int]], unsure: bool
) -> list[ContentError]:
    """The drill's answer time is the STAR rules' ``max_seconds``: taken from there when
    the mock_interview file leaves it out, refused when it says something else. When
    another file failed (``unsure``), it may be the star_questions file: no comparison
    with the default rules then."""
    mock = content.by_kind.get("mock_interview")
    if not isinstance(mock, MockInterviewFile):
        return []
    star = content.by_kind.get("star_questions")
    rules = star.rules if isinstance(star, StarQuestionsFile) else StarRules()
    if mock.answer_seconds is None:
        content.by_kind["mock_interview"] = mock.model_copy(
            update={"answer_seconds": rules.max_seconds}
        )
        return []
    if mock.answer_seconds == rules.max_seconds or (star is None and unsure):
        return []
    where = (
        content.files["star_questions"].name
        if "star_questions" in content.files
        else ("the STAR rules' default")
    )
    return [
        ContentError(
            content.files["mock_interview"],
            "answer_seconds",
            f"is {mock.answer_seconds}, but the STAR length check allows answers of up to "
            f"{rules.max_seconds} seconds (rules.max_seconds in {where}), so the drill and "
            "the feedback would disagree; remove answer_seconds to use max_seconds, or set "
            "both to the same number",
            _line_for(line_maps["mock_interview"], ("answer_seconds",)),
        )
    ]
