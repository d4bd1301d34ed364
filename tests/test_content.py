"""The content loader: the kit's own files load, and every kind of mistake is named
with its file, place and line, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_kit.content import ContentErrors, load_content, load_file
from workshop_kit.content import loader as content_loader

ROOT = Path(__file__).resolve().parents[1]

GOOD_SKILLS = """\
schema_version: 1
kind: skills
categories:
  - id: communication
    name: Communication
    description: Talking.
skills:
  - id: presenting
    name: Presenting
    category: communication
    description: Standing up in front of people.
  - id: listening
    name: Listening
    category: communication
    description: Hearing what people mean.
"""


def errors_for(tmp_path: Path, text: str, name: str = "skills.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_file(path)
    return caught.value.errors


def test_the_kits_own_content_is_valid(content):
    assert len(content.skills.skills) >= 20
    assert len(content.skills.categories) >= 5
    assert {"skills", "self_assessment"} <= set(content.by_kind)


def test_a_good_file_loads(tmp_path):
    model = load_file(_write(tmp_path, GOOD_SKILLS))
    assert [skill.id for skill in model.skills] == ["presenting", "listening"]


def test_bad_yaml_syntax_names_the_line(tmp_path):
    (error,) = errors_for(tmp_path, GOOD_SKILLS.replace("name: Listening", "name: [Listening"))
    assert "YAML syntax error" in error.problem
    assert error.line is not None and error.line >= 13


def test_missing_field_names_the_place(tmp_path):
    (error,) = errors_for(
        tmp_path, GOOD_SKILLS.replace("    description: Hearing what people mean.\n", "")
    )
    assert error.location == "skills[1].description"
    assert "missing" in error.problem
    assert error.line == 12


def test_wrong_type_names_the_place_and_what_was_found(tmp_path):
    (error,) = errors_for(tmp_path, GOOD_SKILLS.replace("name: Presenting", "name: [1, 2]"))
    assert error.location == "skills[0].name"
    assert "string" in error.problem


def test_unknown_key_is_refused_not_ignored(tmp_path):
    text = GOOD_SKILLS.replace("    name: Presenting\n", "    name: Presenting\n    colour: red\n")
    (error,) = errors_for(tmp_path, text)
    assert error.location == "skills[0].colour"
    assert "spelling" in error.problem
    assert error.line == 10


def test_duplicate_id_names_both_places(tmp_path):
    (error,) = errors_for(tmp_path, GOOD_SKILLS.replace("id: listening", "id: presenting"))
    assert error.location == "skills[1].id"
    assert "skills[0]" in error.problem and "twice" in error.problem


def test_reference_to_a_missing_category(tmp_path):
    (error,) = errors_for(
        tmp_path,
        GOOD_SKILLS.replace(
            "category: communication\n    description: Hearing",
            "category: comms\n    description: Hearing",
        ),
    )
    assert error.location == "skills[1].category"
    assert "'comms'" in error.problem and "communication" in error.problem


def test_empty_file(tmp_path):
    (error,) = errors_for(tmp_path, "")
    assert "empty" in error.problem


def test_duplicate_key_is_not_silently_overwritten(tmp_path):
    (error,) = errors_for(
        tmp_path,
        GOOD_SKILLS.replace("    name: Presenting\n", "    name: Presenting\n    name: Talks\n"),
    )
    assert "'name' appears twice" in error.problem
    assert error.line == 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "top level"),
        ("kind: skills\n", "schema_version is missing"),
        ("schema_version: 9\nkind: skills\n", "newer kit"),
        ("schema_version: one\nkind: skills\n", "whole number"),
        ("schema_version: 1\nkind: skillz\n", "not a kind this kit knows"),
    ],
)
def test_file_level_mistakes(tmp_path, text, expected):
    (error,) = errors_for(tmp_path, text)
    assert expected in error.problem


def test_not_utf8(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_bytes("name: caf\xe9".encode("latin-1"))
    with pytest.raises(ContentErrors) as caught:
        load_file(path)
    assert "UTF-8" in caught.value.errors[0].problem


# --- YAML parsed by libyaml, with PyYAML's values, lines and words ------------

HEADER = "schema_version: 1\nkind: skills\n"


def _alias_bomb(width: int, depth: int) -> str:
    """A "billion laughs" in block style (flow style is left to PyYAML)."""
    lines = ["l0: &l0", *["  - lol"] * width]
    for level in range(1, depth + 1):
        lines += [f"l{level}: &l{level}", *[f"  - *l{level - 1}"] * width]
    return HEADER + "\n".join(lines) + f"\nskills: *l{depth}\n"


def _alias_chain(length: int) -> str:
    lines = ["a0: &a0 x"]
    for i in range(1, length):
        lines += [f"a{i}: &a{i}", f"  - *a{i - 1}"]
    return HEADER + "\n".join(lines) + "\n"


def _pyyaml(text: str):
    """What the pure-Python reference loader makes of ``text``: (data, lines), or its error."""
    try:
        return content_loader._compose_and_construct(content_loader._StrictLoader(text))
    except Exception as exc:
        return type(exc), str(exc)


LIBYAML_REFUSALS = {
    "alias inside its anchor": (
        HEADER + "skills: &a\n  - *a\n",
        4,
        "the alias *a is inside the block &a it repeats",
    ),
    "billion laughs": (_alias_bomb(9, 9), 53, "more than 100,000 values"),
    "deep nesting on one line": (
        HEADER + "skills:\n" + "- " * 100_000 + "x\n",
        4,
        "nest more than 50 levels",
    ),
    "deep nesting by indent": (
        HEADER + "skills:\n" + "".join("  " * level + "a:\n" for level in range(1, 61)),
        52,
        "nest more than 50 levels",
    ),
    "alias chain": (_alias_chain(60), 102, "aliases (*name) nest the blocks more than 50"),
}


@pytest.mark.parametrize(("text", "line", "words"), LIBYAML_REFUSALS.values(), ids=LIBYAML_REFUSALS)
def test_the_libyaml_path_itself_refuses_what_would_recurse_or_expand(tmp_path, text, line, words):
    assert content_loader._libyaml_reads_alike(text)
    with pytest.raises(content_loader._Refused) as refused:
        content_loader._compose_and_construct(content_loader._FastLoader(text))
    assert refused.value.line == line
    assert words in refused.value.problem
    (error,) = errors_for(tmp_path, text)
    assert error.line == line
    assert words in error.problem


def test_libyaml_reads_the_kits_files_as_pyyaml_does():
    for path in sorted((ROOT / "exercises" / "en").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert content_loader._libyaml_reads_alike(text), path.name
        fast = content_loader._compose_and_construct(content_loader._FastLoader(text))
        assert repr(fast) == repr(_pyyaml(text)), path.name


# Text libyaml reads otherwise than PyYAML: left to PyYAML, whose reading the kit keeps.
LIBYAML_DIFFERS = {
    "question mark in a flow list": HEADER + "skills: [a?]\n",  # a list in libyaml
    "tab as a separator": HEADER + "skills:\tx\n",  # fine in libyaml
    "byte order mark on a later line": HEADER + "\ufeff\n",  # skipped by libyaml
    "empty value tagged '!'": HEADER + "skills: !\n",  # '' in libyaml, None in PyYAML
    "no line break at the end": "--- ",  # the empty document is on line 2 in libyaml
    "YAML 1.3": "%YAML 1.3\n---\n" + HEADER,  # refused by libyaml
}


@pytest.mark.parametrize("text", LIBYAML_DIFFERS.values(), ids=LIBYAML_DIFFERS)
def test_where_libyaml_reads_otherwise_pyyaml_decides(tmp_path, text):
    try:
        parsed = content_loader._parse(_write(tmp_path, text))
    except Exception as exc:
        parsed = type(exc), str(exc)
    assert repr(parsed) == repr(_pyyaml(text))


def test_an_empty_value_tagged_with_a_bare_tag_is_null(tmp_path):
    (error,) = errors_for(tmp_path, GOOD_SKILLS.replace("name: Presenting", "name: !"))
    assert (error.location, error.problem) == ("skills[0].name", "input should be a valid string")


def test_a_folder_reports_every_problem_in_every_file(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "skills.yaml", "category: communication", "category: talking", count=1)
    _edit(folder / "self_assessment.yaml", "strength_min: 4", "strength_min: four")
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    places = {(e.file.name, e.location) for e in caught.value.errors}
    assert ("skills.yaml", "skills[0].category") in places
    assert ("self_assessment.yaml", "strength_min") in places


def test_roles_must_name_real_skills(tmp_path):
    folder = _copy_exercises(tmp_path)
    text = (folder / "roles.yaml").read_text()
    first_skill = text.split("    skills:\n", 1)[1].split(":", 1)[0].strip()
    _edit(folder / "roles.yaml", f"      {first_skill}:", "      juggling:", count=1)
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    (error,) = caught.value.errors
    assert error.location == "roles[0].skills.juggling"
    assert "skills.yaml" in error.problem


def test_a_folder_without_skills_says_so(tmp_path):
    folder = _copy_exercises(tmp_path)
    (folder / "skills.yaml").unlink()
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    assert any("no 'skills' file" in e.problem for e in caught.value.errors)


def test_rating_scale_rules(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "self_assessment.yaml", "growth_max: 2", "growth_max: 4")
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    assert "growth_max must be below strength_min" in caught.value.errors[0].problem


def _star_errors(folder: Path) -> list:
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    return caught.value.errors


def _rules_line(folder: Path, key: str) -> int:
    lines = (folder / "star_questions.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(key))


def test_star_min_words_must_give_all_four_parts(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "star_questions.yaml", "    task: 8\n    action: 30\n", "")
    (error,) = _star_errors(folder)
    assert error.file.name == "star_questions.yaml"
    assert error.location == "rules.min_words"
    assert error.line == _rules_line(folder, "min_words:")
    assert "needs all four parts, so add task, action" in error.problem
    assert "or remove min_words" in error.problem


def test_star_min_seconds_above_max_seconds_is_refused(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "star_questions.yaml", "  min_seconds: 60\n", "  min_seconds: 200\n")
    (error,) = _star_errors(folder)
    assert (error.file.name, error.location) == ("star_questions.yaml", "rules")
    assert error.line == _rules_line(folder, "rules:")
    assert "min_seconds (200) is larger than max_seconds (120)" in error.problem
    assert "make min_seconds the shorter time" in error.problem


def test_star_min_words_that_no_answer_of_the_right_length_can_meet_are_refused(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "star_questions.yaml", "    action: 30\n", "    action: 300\n")
    (error,) = _star_errors(folder)
    assert error.location == "rules"
    assert "add up to 330, more than the 260 words" in error.problem


def test_the_drill_time_must_be_the_star_max_seconds(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(
        folder / "mock_interview.yaml",
        "prep_seconds: 30\n",
        "prep_seconds: 30\nanswer_seconds: 150\n",
    )
    (error,) = _star_errors(folder)
    assert (error.file.name, error.location, error.line) == (
        "mock_interview.yaml",
        "answer_seconds",
        9,
    )
    assert "is 150, but the STAR length check allows answers of up to 120 seconds" in error.problem
    assert "rules.max_seconds in star_questions.yaml" in error.problem
    assert "remove answer_seconds to use max_seconds" in error.problem
    _edit(folder / "mock_interview.yaml", "answer_seconds: 150", "answer_seconds: 120")
    assert load_content(folder).by_kind["mock_interview"].answer_seconds == 120


def test_the_drill_time_follows_max_seconds_when_left_out(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "star_questions.yaml", "  max_seconds: 120\n", "  max_seconds: 150\n")
    assert load_content(folder).by_kind["mock_interview"].answer_seconds == 150


def test_check_command_refuses_star_rules_the_feedback_would_crash_on(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "star_questions.yaml", "    result: 10\n", "")
    _edit(folder / "star_questions.yaml", "  min_seconds: 60\n", "  min_seconds: 600\n")
    result = _check(folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "star_questions.yaml:" in result.stderr
    assert "rules.min_words: gives only situation, task, action" in result.stderr
    assert "add result" in result.stderr


def test_check_command_prints_every_problem_and_exits_1(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(folder / "skills.yaml", "    name: Presenting to a group\n", "")
    (folder / "extra.yaml").write_text("")
    result = _check(folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "skills.yaml:35: skills[0].name: is missing" in result.stderr
    assert "extra.yaml: the file is empty" in result.stderr
    assert "2 problems" in result.stderr


def test_check_command_on_good_content():
    result = _check(ROOT / "exercises" / "en")
    assert result.returncode == 0, result.stderr
    assert "are valid" in result.stdout


def _check(folder: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "check", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "skills.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _copy_exercises(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "en", folder)
    return folder


def _edit(path: Path, old: str, new: str, count: int = -1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_roles_dataset_is_broad_enough_for_stage_2(content):
    roles = content.roles
    assert len(roles.roles) >= 80
    assert len({role.industry for role in roles.roles}) >= 12
    used = {skill for role in roles.roles for skill in role.skills}
    assert used == {skill.id for skill in content.skills.skills}
    assert "CC BY 4.0" in roles.attribution


def test_check_reports_reading_grades_and_the_kit_averages_9_or_below():
    result = _check(ROOT / "exercises" / "en")
    grades = [
        float(line.split("reading grade")[1].split()[0])
        for line in result.stdout.splitlines()
        if line.startswith("ok ")
    ]
    assert len(grades) >= 8
    assert sum(grades) / len(grades) <= 9
    assert "Average reading grade" in result.stdout


def test_check_grades_the_same_with_a_new_a_kept_a_broken_or_no_grade_cache(tmp_path):
    """The check keeps each file's reading grade in the user's cache folder; whatever
    state that folder is in, the grades are the same and the check succeeds."""
    cache = tmp_path / "cache"
    first = _check(ROOT / "exercises" / "en", XDG_CACHE_HOME=str(cache))
    kept = list(cache.glob("workshop-kit/reading-grades-*.json"))
    assert first.returncode == 0 and len(kept) == 1
    assert _check(ROOT / "exercises" / "en", XDG_CACHE_HOME=str(cache)).stdout == first.stdout

    for damage in (b"not json", b"[1, 2]", b'{"a": "b"}', b"\xff\xfe", b""):
        kept[0].write_bytes(damage)
        assert _check(ROOT / "exercises" / "en", XDG_CACHE_HOME=str(cache)).stdout == first.stdout
        assert kept[0].read_bytes() != damage  # graded again and kept

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    unwritable = _check(ROOT / "exercises" / "en", XDG_CACHE_HOME=str(blocked))
    assert unwritable.returncode == 0 and unwritable.stdout == first.stdout


def test_a_kept_grade_is_not_reused_once_the_text_changes(tmp_path):
    cache = tmp_path / "cache"
    folder = _copy_exercises(tmp_path)
    before = _check(folder, XDG_CACHE_HOME=str(cache))
    hard = (
        "Notwithstanding institutional considerations, interviewees demonstrating "
        "organisational competencies characteristically communicate comprehensively."
    )
    path = folder / "skills.yaml"
    path.write_text(re.sub(r"description: .*", f"description: {hard}", path.read_text()))
    after = _check(folder, XDG_CACHE_HOME=str(cache))
    uncached = _check(folder, XDG_CACHE_HOME=str(tmp_path / "empty"))

    def skills_line(result):
        return next(line for line in result.stdout.splitlines() if "skills.yaml" in line)

    assert skills_line(after) == skills_line(uncached) != skills_line(before)
    assert "above 9" in skills_line(after)


def test_check_flags_a_file_that_is_hard_to_read(tmp_path):
    folder = _copy_exercises(tmp_path)
    hard = (
        "Notwithstanding institutional considerations, interviewees demonstrating "
        "organisational competencies characteristically communicate comprehensively "
        "regarding multidimensional responsibilities."
    )
    path = folder / "skills.yaml"
    text = re.sub(r"description: .*", f"description: {hard}", path.read_text())
    path.write_text(text, encoding="utf-8")
    result = _check(folder)
    assert result.returncode == 0
    flagged = [line for line in result.stdout.splitlines() if "skills.yaml" in line]
    assert "above 9" in flagged[0]


def test_the_reading_grade_rises_with_long_sentences_and_long_words():
    from workshop_kit.content.readability import flesch_kincaid_grade

    # 6 one-syllable words in one sentence: 0.39 * 6 + 11.8 * 1 - 15.59
    assert flesch_kincaid_grade("The cat sat on the mat.") == -1.4
    plain = "Tell them what you did. Say what changed after. Keep it short."
    dense = (
        "Organisational competencies notwithstanding, interdisciplinary collaboration "
        "necessitates considerable communicative sophistication and demonstrable "
        "adaptability throughout professional environments."
    )
    assert flesch_kincaid_grade(plain) < 3 < 12 < flesch_kincaid_grade(dense)


def test_a_broken_star_file_is_not_blamed_on_the_drill_time(tmp_path):
    folder = _copy_exercises(tmp_path)
    _edit(
        folder / "mock_interview.yaml",
        "prep_seconds: 30\n",
        "prep_seconds: 30\nanswer_seconds: 150\n",
    )
    _edit(folder / "star_questions.yaml", "  min_seconds: 60\n", "  min_seconds: 200\n")
    (error,) = _star_errors(folder)  # only the real mistake, not a guess against defaults
    assert error.file.name == "star_questions.yaml"
