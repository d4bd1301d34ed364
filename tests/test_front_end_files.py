"""The widgets' JavaScript and CSS live in files of their own (workshop_kit/widgets/*.js,
*.css), where ESLint and Stylelint see them (``make lint``), not in Python strings.

These tests keep it so: no Python module of the kit holds browser code or a stylesheet
in a string, fills one in with ``.replace("__NAME__", ...)``, or gives anywidget anything
but a file; values the browser needs travel as traits.
"""

from __future__ import annotations

import ast
import gc
import importlib
import inspect
import pkgutil
import re
import weakref
from pathlib import Path

import anywidget
import pytest
from helpers import ROOT

import workshop_kit.widgets as widgets_package

PACKAGE = ROOT / "workshop_kit"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Signs of JavaScript in a string: none of them occurs in the kit's HTML or prose.
JS_SIGNS = re.compile(r"=>|\bfunction\s*\w*\s*\(|\bexport default\b|addEventListener|<script")
# A CSS rule: a selector, then a block holding "property: value".
CSS_RULE = re.compile(r"[.#\w\]\)][^{};\n]*\{\{?\s*[a-z-]+\s*:[^{}]*\}")
# A self-contained HTML document (the downloadable report, the server's error pages)
# may carry a small <style> of its own; a stylesheet any longer goes in a .css file.
MOST_CSS_RULES = 12


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            found.append((node.lineno, text))
    return found


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_no_python_module_holds_javascript():
    offenders = [
        _where(path, line)
        for path in MODULES
        for line, text in _strings(path)
        if JS_SIGNS.search(text)
    ]
    assert offenders == [], "JavaScript belongs in a .js file beside its widget"


def test_no_python_module_holds_a_stylesheet():
    offenders = [
        f"{_where(path, line)} ({rules} rules)"
        for path in MODULES
        for line, text in _strings(path)
        if (rules := len(CSS_RULE.findall(text))) > MOST_CSS_RULES
    ]
    assert offenders == [], "a stylesheet belongs in a .css file beside its widget"


def test_nothing_is_templated_into_front_end_code():
    pattern = re.compile(r"""\.replace\(\s*(["'])__\w+__\1""")
    offenders = [
        _where(path, number)
        for path in MODULES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == [], "pass values to the browser as traits, not by string templating"


def _widget_classes() -> list[type]:
    """Every anywidget the kit defines (they all live in workshop_kit.widgets)."""
    classes = set()
    for info in pkgutil.iter_modules(widgets_package.__path__, "workshop_kit.widgets."):
        module = importlib.import_module(info.name)
        classes.update(
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, anywidget.AnyWidget) and cls.__module__ == info.name
        )
    return sorted(classes, key=lambda cls: cls.__qualname__)


WIDGETS = _widget_classes()


def test_the_kit_has_its_front_end_widgets():
    names = {cls.__name__ for cls in WIDGETS}
    assert {"RatingScale", "FocusKeeper", "DraftKeeper", "BrowserIdentity"} <= names


FILES = {
    path.read_text(encoding="utf-8")
    for path in (PACKAGE / "widgets").glob("*.*")
    if path.suffix in (".js", ".css")
}


@pytest.mark.parametrize("cls", WIDGETS, ids=lambda cls: cls.__name__)
def test_each_widget_loads_its_code_from_a_package_file(cls):
    for name in ("_esm", "_css"):
        source = cls.__dict__.get(name)
        if source is not None:
            assert str(source) in FILES, f"{cls.__name__}.{name} is not a widgets/ file"


MADE = {"CheckCard": {"text": "Yes"}, "_Cards": None}  # what a widget needs to be made


@pytest.mark.parametrize(
    "cls", [c for c in WIDGETS if MADE.get(c.__name__, {}) is not None], ids=lambda c: c.__name__
)
def test_a_closed_widget_is_freed(cls):
    # anywidget ties a widget made from a file path to that file for good
    widget = cls(**MADE.get(cls.__name__, {}))
    ref = weakref.ref(widget)
    widget.close()
    del widget
    gc.collect()
    assert ref() is None
