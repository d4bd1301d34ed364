"""Keeping keyboard focus where it was when a view is rebuilt.

Some views are rebuilt rather than changed: the idea board makes new rows whenever a vote
or an idea arrives (every few seconds in a busy workshop) and the action plan remakes its
download links after every save. When the control that has focus is removed, the browser
drops focus onto the page itself: the next Enter does nothing and a screen reader no longer
says where the student is. A container marked with :func:`keep_focus` avoids that: focus
moves to the control at the same place in the container that replaced it (same key). The
page needs one :class:`FocusKeeper` (every student page has one).
"""

from __future__ import annotations

import re

import anywidget
import ipywidgets as widgets

from workshop_kit.widgets.lean import Lean

PREFIX = "wk-key-"

_ESM = r"""
const PREFIX = "__PREFIX__";
const CONTROLS = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
const PATIENCE_MS = 5000;  // a replacement that takes longer is not coming

function keyed(el) {
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    const key = [...node.classList].find((name) => name.startsWith(PREFIX));
    if (key) return { key, node };
  }
  return null;
}
function install() {
  if (window.__wkFocusKeeper) return;  // one per page, however many widgets
  window.__wkFocusKeeper = true;
  let last = null;  // the focused control in a keyed container, and its place there
  document.addEventListener("focusin", (event) => {
    const found = keyed(event.target);
    last = found && {
      el: event.target, key: found.key, since: 0,
      index: [...found.node.querySelectorAll(CONTROLS)].indexOf(event.target),
    };
  });
  document.addEventListener("focusout", (event) => {
    // The student left the control on purpose (a click on the page, another window):
    // a later rebuild must not pull focus back.
    const el = event.target;
    queueMicrotask(() => { if (last && last.el === el && el.isConnected) last = null; });
  });
  new MutationObserver(() => {
    if (!last || last.el.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) { last = null; return; }  // focus moved on
    last.since = last.since || Date.now();
    if (Date.now() - last.since > PATIENCE_MS) { last = null; return; }
    for (const node of document.getElementsByClassName(last.key)) {
      const controls = [...node.querySelectorAll(CONTROLS)].filter((c) => !c.disabled);
      const target = controls[Math.min(Math.max(last.index, 0), controls.length - 1)];
      if (target) { target.focus({ preventScroll: true }); return; }  // focusin: new last
    }
  }).observe(document.body, { childList: true, subtree: true });
}
function render({ el }) {
  el.classList.add("wk-focus-keeper");
  install();
}
export default { render };
""".replace("__PREFIX__", PREFIX)


class FocusKeeper(Lean, anywidget.AnyWidget):
    """Invisible; puts focus back into containers marked with :func:`keep_focus`."""

    _esm = _ESM


def keep_focus(widget: widgets.DOMWidget, key: str) -> widgets.DOMWidget:
    """Mark ``widget`` as the container that ``key`` names, and return it.

    The key must name the same thing across rebuilds (an idea's id, say), and be unique
    on the page.
    """
    widget.add_class(PREFIX + re.sub(r"[^A-Za-z0-9_-]", "-", key))
    return widget
