"""The kit's CSS, added once per page, so the stages read well in Voila and in
JupyterLab alike and fit a 360 px phone."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from workshop_kit.widgets.lean import lean

CSS = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    return lean(widgets.HTML, f"<style>{CSS}</style>", layout={"display": "none"})
