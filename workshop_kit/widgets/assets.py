"""The widgets' front-end files (``*.js``, ``*.css`` beside their modules), read once.

anywidget also takes a path for ``_esm`` and ``_css``, but then ties every widget it
makes to the file (to reload it on change), so a closed widget is never freed; the
text read at import serves the same and lets closed widgets go.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def asset(name: str) -> str:
    """The text of the front-end file ``name`` in this folder."""
    return (HERE / name).read_text(encoding="utf-8")
