"""The instructor's activity countdown as students see it, ticking in the browser."""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.widgets.lean import Lean

_ESM = r"""
function render({ model, el }) {
  // The widget's own element is the page's child: sticky there, it stays in view
  // while the student scrolls the page.
  el.classList.add("wk-activity-host");
  const box = document.createElement("div");
  box.className = "wk-activity";
  box.setAttribute("role", "timer");
  box.setAttribute("aria-live", "off");
  const announce = document.createElement("div");
  announce.className = "wk-sr-only";
  announce.setAttribute("aria-live", "assertive");
  el.append(box, announce);
  let offset = 0, timer = null;
  function tick() {
    const ends = model.get("ends_at_ms");
    if (!ends) {
      box.textContent = ""; box.hidden = true; delete box.dataset.state;
      announce.textContent = "";
      return;
    }
    const left = Math.max(0, Math.ceil((ends - (Date.now() + offset)) / 1000));
    box.hidden = false;
    const clock = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    const label = model.get("label");
    const state = left > 0 ? "running" : "up";
    if (state === "up" && box.dataset.state === "running") {
      announce.textContent = `${label}: time is up`;
    }
    box.dataset.state = state;
    box.textContent = state === "running" ? `${label}: ${clock} left`
                                          : `⚠ ${label}: time is up`;
    if (state === "up" && timer) { clearInterval(timer); timer = null; }
  }
  function sync() {
    offset = (model.get("server_now_ms") || Date.now()) - Date.now();
    if (timer) clearInterval(timer);
    timer = model.get("ends_at_ms") ? setInterval(tick, 500) : null;
    delete box.dataset.state;
    tick();
  }
  model.on("change:ends_at_ms", sync);
  model.on("change:label", tick);
  sync();
  return () => { if (timer) clearInterval(timer); };
}
export default { render };
"""

# Here rather than in the page's stylesheet: the timer's looks travel with it.
# Running is the kit's blue; time up is a different colour, a border and an icon, so it
# does not rest on colour alone.
_CSS = """
.wk-activity-host { position: sticky; top: 0; z-index: 20; }
/* Stuck, it covers the scroller's top padding too, so no text shows above it. */
.wk-activity-host:has(> .wk-activity:not([hidden])) { top: -10px; padding-top: 4px;
  background: #fff; }
/* Sticky sticks to the nearest ancestor that clips overflow; Voila's output area does,
   without ever scrolling itself. Let the page's real scroller be the one. */
.jp-OutputArea:has(.wk-activity-host),
.jp-OutputArea-child:has(.wk-activity-host),
.jp-OutputArea-output:has(.wk-activity-host),
.wk-page:has(> .wk-activity-host) { overflow: visible; }
.wk-activity { box-shadow: 0 2px 6px rgba(0, 0, 0, 0.18); }
.wk-activity[data-state="running"] { background: #1f6fb2; color: #fff; }
.wk-activity[data-state="up"] { background: #fff4e5; color: #8a1c12;
  border: 3px solid #b3261e; }
"""


class ActivityTimer(Lean, anywidget.AnyWidget):
    """The workshop's activity countdown at the top of a student page: it stays in view
    while the page scrolls, and "time is up" looks unlike "running"."""

    _esm = _ESM
    _css = _CSS
    label = traitlets.Unicode("").tag(sync=True)
    ends_at_ms = traitlets.Float(0, help="epoch ms when the activity ends; 0 = no timer").tag(
        sync=True
    )
    server_now_ms = traitlets.Float(0, help="the server's clock, to correct the browser's").tag(
        sync=True
    )
