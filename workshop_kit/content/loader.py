"""Read and validate a folder of content files.

Every problem is collected as a :class:`ContentError` that names the file, the place
inside it (``skills[3].category``) and its line, so ``workshop-kit check`` can print
them all and a page never meets a half-valid file.
"""

from __future__ import annotations

import os
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
    RolesFile,
    SelfAssessmentFile,
    SkillsFile,
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


@dataclass
class Content:
    """A validated content folder: one model per kind, and the file each came from."""

    folder: Path
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
    def roles(self) -> RolesFile | None:
        return self.by_kind.get("roles")  # type: ignore[return-value]

    @property
    def alternative_careers(self) -> AlternativeCareersFile | None:
        return self.by_kind.get("alternative_careers")  # type: ignore[return-value]


# --- YAML with line numbers and no silent duplicate keys ------------------------


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _StrictLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word; we refuse them."""

    def construct_mapping(self, node, deep=False):
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _line_map(node: yaml.Node | None, loc: Loc = (), lines: dict | None = None) -> dict[Loc, int]:
    lines = {} if lines is None else lines
    if node is None:
        return lines
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, key_node.value)
            _line_map(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*loc, index), lines)
    return lines


def _parse(path: Path) -> tuple[Any, dict[Loc, int]]:
    text = path.read_text(encoding="utf-8")
    loader = _StrictLoader(text)
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
        shown = repr(got)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        message += f" (found {shown})"
    return message[0].lower() + message[1:] if message else message


# --- one file ------------------------------------------------------------------


def load_file(path: Path | str) -> ContentFile:
    """Read one content file and return its model; raise :class:`ContentErrors` on mistakes."""
    path = Path(path)
    model, errors = _load_file(path)
    if errors:
        raise ContentErrors(errors)
    assert model is not None
    return model


def _load_file(path: Path) -> tuple[ContentFile | None, list[ContentError]]:
    def error(problem: str, location: str = "", line: int | None = None) -> list[ContentError]:
        return [ContentError(path, location, problem, line)]

    try:
        data, lines = _parse(path)
    except UnicodeDecodeError:
        return None, error("is not UTF-8 text; save it with UTF-8 encoding")
    except OSError as exc:
        return None, error(f"cannot be read ({exc.strerror})")
    except _DuplicateKey as exc:
        return None, error(f"the key '{exc.key}' appears twice in the same block", "", exc.line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "is not valid YAML"
        return None, error(f"YAML syntax error: {what}", "", line)
    except yaml.YAMLError as exc:
        return None, error(f"YAML syntax error: {exc}")

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
            f"should be a whole number such as {SCHEMA_VERSION}",
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
        problem = "is missing" if kind is None else f"'{kind}' is not a kind this kit knows"
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

    return model, _check_ids(path, model, lines)


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


def load_content(folder: Path | str | None = None) -> Content:
    """Load and validate every ``*.yaml`` file in ``folder`` (default: the kit's own).

    Raises
    ------
    ContentErrors
        With every mistake found, in every file, in file order.
    """
    folder = Path(folder) if folder is not None else default_content_dir()
    if not folder.is_dir():
        raise ContentErrors([ContentError(folder, "", "is not a folder of content files")])

    content = Content(folder=folder)
    errors: list[ContentError] = []
    line_maps: dict[str, dict[Loc, int]] = {}
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    for path in paths:
        model, file_errors = _load_file(path)
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
        line_maps[model.kind] = _parse(path)[1]

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

    if errors:
        raise ContentErrors(errors)
    return content
