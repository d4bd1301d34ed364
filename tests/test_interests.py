"""The interests profile: its content file, and what a student's ratings say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workshop_kit.content import ContentErrors, load_content
from workshop_kit.models.interests import (
    INTEREST_PREFIX,
    area_scores,
    build_interest_profile,
    interest_group_means,
    interest_key,
    interest_ratings_from_answers,
)

ROOT = Path(__file__).resolve().parents[1]


def copy_exercises(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "en", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(folder: Path) -> list:
    with pytest.raises(ContentErrors) as caught:
        load_content(folder)
    return caught.value.errors


def ratings(content, **by_area) -> dict[str, int]:
    """Every item rated: the named areas at their value, the rest at 2."""
    return {
        item.id: by_area.get(area.id, 2) for area in content.interests.areas for item in area.items
    }


def test_the_kits_interests_file_has_six_areas_of_five_items(content):
    areas = content.interests.areas
    assert [a.id for a in areas] == [
        "realistic",
        "investigative",
        "artistic",
        "social",
        "enterprising",
        "conventional",
    ]
    assert all(len(a.items) == 5 for a in areas)
    assert all(item.text.startswith("I would enjoy") for a in areas for item in a.items)
    assert "Holland" in content.interests.attribution


def test_an_older_folder_without_interests_still_loads(tmp_path):
    folder = copy_exercises(tmp_path)
    (folder / "interests.yaml").unlink()
    assert load_content(folder).interests is None


def test_an_unknown_key_is_refused(tmp_path):
    folder = copy_exercises(tmp_path)
    edit(folder / "interests.yaml", "    name: Creating\n", "    name: Creating\n    colour: red\n")
    (error,) = errors(folder)
    assert error.file.name == "interests.yaml" and error.location == "areas[2].colour"


def test_an_area_outside_the_six_is_refused(tmp_path):
    folder = copy_exercises(tmp_path)
    edit(folder / "interests.yaml", "  - id: artistic\n", "  - id: creative\n")
    (error,) = errors(folder)
    assert error.location == "areas[2].id"


def test_a_repeated_area_is_refused(tmp_path):
    folder = copy_exercises(tmp_path)
    edit(folder / "interests.yaml", "  - id: artistic\n", "  - id: social\n")
    (error,) = errors(folder)
    assert "artistic" in error.problem and "six Holland areas" in error.problem


def test_a_repeated_item_id_is_refused(tmp_path):
    folder = copy_exercises(tmp_path)
    edit(folder / "interests.yaml", "      - id: build_things\n", "      - id: fix_things\n")
    (error,) = errors(folder)
    assert "'fix_things'" in error.problem and "unique" in error.problem


def test_a_role_with_an_unknown_interest_area_is_refused(tmp_path):
    folder = copy_exercises(tmp_path)
    edit(folder / "roles.yaml", "interests: artistic enterprising", "interests: arty artistic")
    (error,) = errors(folder)
    assert error.file.name == "roles.yaml" and error.location.endswith(".interests[0]")


def test_answers_are_read_under_their_prefix(content):
    answers = {
        interest_key("fix_things"): 4,
        interest_key("build_things"): 0,  # cleared
        interest_key("no_such_item"): 5,
        "rating.programming": 5,
        INTEREST_PREFIX + "use_tools": True,  # not a rating
    }
    assert interest_ratings_from_answers(answers, content.interests) == {"fix_things": 4}


def test_a_clear_lean_gives_the_top_areas_and_a_summary(content):
    profile = build_interest_profile(ratings(content, social=5, enterprising=4), content.interests)
    assert [a.id for a in profile.top] == ["social", "enterprising"]
    assert not profile.flat
    assert profile.summary.startswith("You lean towards Social and Enterprising work: ")
    assert "help, teach and care for people" in profile.summary
    assert profile.relative()["social"] > 0 > profile.relative()["realistic"]


@pytest.mark.parametrize("value", [1, 3, 5])
def test_an_even_profile_is_flat_and_says_so(content, value):
    everything = {item.id: value for a in content.interests.areas for item in a.items}
    profile = build_interest_profile(everything, content.interests)
    assert profile.flat and not profile.top
    assert "spread evenly" in profile.summary
    assert set(profile.relative().values()) == {0.0}


def test_no_ratings_asks_for_them(content):
    profile = build_interest_profile({}, content.interests)
    assert not profile.rated and not profile.flat
    assert profile.summary.startswith("Rate the lines")


def test_an_area_needs_two_rated_items(content):
    assert area_scores({"fix_things": 5}, content.interests) == {}
    assert area_scores({"fix_things": 5, "use_tools": 4}, content.interests) == {"realistic": 4.5}


def test_group_means_need_three_people(content):
    rows = [
        (1, interest_key("teach_someone"), 5),
        (1, interest_key("care_for_people"), 3),
        (2, interest_key("teach_someone"), 4),
        (3, interest_key("fix_things"), 2),
        (3, "rating.programming", 5),
    ]
    assert interest_group_means(rows, content.interests, 3) == {}
    rows.append((3, interest_key("help_newcomers"), 3))
    # each person counts once: (5 + 3) / 2, 4 and 3
    assert interest_group_means(rows, content.interests, 3) == {"social": pytest.approx(11 / 3)}
