"""The instructor's activity countdown as students see it, ticking in the browser."""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.widgets.lean import Lean

_ESM = r"""
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "wk-activity";
  box.setAttribute("role", "timer");
  el.appendChild(box);
  let offset = 0, timer = null;
  function tick() {
    const ends = model.get("ends_at_ms");
    if (!ends) { box.textContent = ""; box.hidden = true; return; }
    const left = Math.max(0, Math.ceil((ends - (Date.now() + offset)) / 1000));
    box.hidden = false;
    const clock = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    box.textContent = left > 0 ? `${model.get("label")}: ${clock} left`
                               : `${model.get("label")}: time is up`;
  }
  function sync() {
    offset = (model.get("server_now_ms") || Date.now()) - Date.now();
    if (timer) clearInterval(timer);
    timer = model.get("ends_at_ms") ? setInterval(tick, 500) : null;
    tick();
  }
  model.on("change:ends_at_ms", sync);
  model.on("change:label", tick);
  sync();
  return () => { if (timer) clearInterval(timer); };
}
export default { render };
"""


class ActivityTimer(Lean, anywidget.AnyWidget):
    _esm = _ESM
    label = traitlets.Unicode("").tag(sync=True)
    ends_at_ms = traitlets.Float(0, help="epoch ms when the activity ends; 0 = no timer").tag(
        sync=True
    )
    server_now_ms = traitlets.Float(0, help="the server's clock, to correct the browser's").tag(
        sync=True
    )
