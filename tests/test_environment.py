"""environment.yml (conda, Binder) must list what pyproject.toml lists."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement.strip()).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _split(dep) for dep in env["dependencies"] if isinstance(dep, str) and dep != "pip"
    )
    python = conda.pop("python")
    assert python == project["requires-python"]
    assert conda == dict(_split(dep) for dep in project["dependencies"])


def test_jupyter_server_is_pinned_to_2_18_or_later():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "jupyter_server>=2.18" in project["dependencies"]
