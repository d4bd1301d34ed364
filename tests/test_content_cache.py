"""Student pages reuse the content their process already read (the kernel template
reads it before forking), and an instructor's edit still shows on the next page."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import ROOT
from workshop_kit.content import ContentErrors, current_content


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "en", copy)
    return copy


def _touch_later(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_unchanged_files_are_not_read_again(folder):
    assert current_content(folder) is current_content(folder)


def test_an_edited_file_shows_on_the_next_page(folder):
    first = current_content(folder)
    path = folder / "welcome.yaml"
    text = path.read_text(encoding="utf-8")
    old_title = first.welcome.title
    path.write_text(text.replace(old_title, "Welcome to the spring cohort", 1), encoding="utf-8")
    _touch_later(path)  # the same second as the first read on a coarse clock
    assert current_content(folder).welcome.title == "Welcome to the spring cohort"


def test_a_broken_edit_is_reported_and_the_fix_is_picked_up(folder):
    current_content(folder)
    path = folder / "welcome.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\n  broken: [\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        current_content(folder)
    assert "welcome.yaml" in str(raised.value)
    path.write_text(good, encoding="utf-8")
    _touch_later(path)
    assert current_content(folder).welcome is not None


def test_a_removed_file_is_noticed(folder):
    assert current_content(folder).action_plan is not None
    (folder / "action_plan.yaml").unlink()
    assert current_content(folder).action_plan is None
