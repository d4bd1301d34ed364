"""How many widget models each student page makes.

Every model costs the kernel, one websocket message when the page loads (Voila sends
every open model) and a model and its views in the student's browser. A page full of
small widgets gets slow on a classroom's phones and a busy server, so the pages share
layouts and styles (:mod:`workshop_kit.widgets.lean`) and build what is hidden only when
it is needed. These budgets make a regression visible: raise one only for a widget the
student really needs.
"""

from __future__ import annotations

import collections
import importlib

import ipywidgets as widgets
import pytest
from ipywidgets.widgets import widget as widget_module

from workshop_kit.store import Store
from workshop_kit.widgets import lean

# Models per page when it is built for a known participant; about 10% above the counts
# measured when the budgets were set (self_assessment 88, alternative_careers 93,
# interview 176, action_plan 43, welcome 31; before sharing: 206, 219, 482, 97, 58).
BUDGETS = {
    # + the interests profile (30 scales, the area headings, chart, summary) and the
    # "why did I miss out?" check: 139 measured, every one a control or its label
    "self_assessment": 97 + 45,
    "alternative_careers": 103,
    "interview": 194,
    "action_plan": 48 + 5,  # + the confidence check: its box, heading and three scales
    "welcome": 35 + 5,  # the same check, at the start
}


@pytest.fixture
def sqlite_store(tmp_path):
    with Store(f"sqlite:///{tmp_path}/x.db") as store:
        yield store


@pytest.fixture
def fresh_kernel(monkeypatch):
    """Each page is built as in its own kernel: shared layouts and styles made anew."""
    monkeypatch.setattr(lean, "_instances", {})


@pytest.mark.parametrize("stage", list(BUDGETS))
def test_each_page_stays_within_its_widget_model_budget(
    stage, content, sqlite_store, fresh_kernel, monkeypatch
):
    participant = sqlite_store.create_participant()
    monkeypatch.setenv("QUERY_STRING", f"p={participant.token}")
    module = importlib.import_module(f"workshop_kit.stages.{stage}")
    before = set(widget_module._instances)
    page = module.build_page(content, sqlite_store)
    made = [w for key, w in widget_module._instances.items() if key not in before]
    try:
        kinds = collections.Counter(type(w).__name__ for w in made).most_common(6)
        assert len(made) <= BUDGETS[stage], (
            f"the {stage} page now makes {len(made)} widget models (budget "
            f"{BUDGETS[stage]}; most: {kinds}). Each model costs a websocket message when "
            "the page loads and a model and view in the student's browser: share layouts "
            "and styles (workshop_kit.widgets.lean), merge static HTML, or build hidden "
            "parts on demand before raising the budget."
        )
        assert getattr(page, "participant", None) is not None  # the stage was built
    finally:
        for w in made:
            w.close()


def test_shared_layouts_and_styles_refuse_changes(fresh_kernel):
    first, second = lean.lean_html("<p>a</p>"), lean.lean_html("<p>b</p>", "wk-help")
    assert first.layout is second.layout and first.style is second.style
    with pytest.raises(lean.SharedModelError):
        first.layout.display = "none"
    with pytest.raises(lean.SharedModelError):
        first.style.font_size = "2em"
    second.value = "<p>c</p>"  # the widget itself still changes freely
    assert second.value == "<p>c</p>" and first.layout.display is None


def test_a_closed_shared_layout_is_made_anew(fresh_kernel):
    layout = lean.shared_layout()
    layout.close()
    fresh = lean.lean(widgets.VBox)
    assert fresh.layout is not layout and fresh.layout.comm is not None
