"""The kit's CSS, added once per page, so the stages read well in Voila and in
JupyterLab alike and fit a 360 px phone."""

from __future__ import annotations

import ipywidgets as widgets

from workshop_kit.widgets.assets import asset
from workshop_kit.widgets.lean import lean

CSS = asset("style.css")


def stylesheet() -> widgets.HTML:
    return lean(widgets.HTML, f"<style>{CSS}</style>", layout={"display": "none"})
