"""A countdown that runs in the browser: preparation time, then answer time.

The ticking is the browser's (``setInterval``), so the kernel is never busy and the
student can type while it runs. The kernel only sets and hears the phase.
"""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.widgets.lean import Lean

PHASES = ("idle", "prep", "answer", "done")

_ESM = r"""
function fmt(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "wk-countdown";
  const label = document.createElement("div");
  label.className = "wk-countdown-label";
  const clock = document.createElement("div");
  clock.className = "wk-countdown-clock";
  clock.setAttribute("role", "timer");
  clock.setAttribute("aria-live", "off");
  const bar = document.createElement("div");
  bar.className = "wk-countdown-bar";
  const fill = document.createElement("div");
  bar.appendChild(fill);
  const announce = document.createElement("div");
  announce.className = "wk-sr-only";
  announce.setAttribute("aria-live", "polite");
  box.append(label, clock, bar, announce);
  el.appendChild(box);

  let endsAt = 0, total = 1, timer = null;
  const words = { idle: "Ready when you are", prep: "Get ready", answer: "Answer now",
                  done: "Time is up" };

  function tick() {
    const phase = model.get("phase");
    const left = (endsAt - Date.now()) / 1000;
    clock.textContent = phase === "idle" ? fmt(model.get("prep_seconds"))
      : phase === "done" ? "0:00" : fmt(left);
    fill.style.width = (phase === "prep" || phase === "answer")
      ? (100 * Math.max(0, left) / total) + "%" : (phase === "done" ? "0%" : "100%");
    if ((phase === "prep" || phase === "answer") && left <= 0) {
      model.set("phase", phase === "prep" ? "answer" : "done");
      model.save_changes();
      start();
    }
  }
  function start() {
    const phase = model.get("phase");
    box.dataset.phase = phase;
    label.textContent = words[phase] || "";
    announce.textContent = words[phase] || "";
    if (phase === "prep" || phase === "answer") {
      total = model.get(phase === "prep" ? "prep_seconds" : "answer_seconds") || 1;
      endsAt = Date.now() + total * 1000;
      if (!timer) timer = setInterval(tick, 250);
    } else if (timer) {
      clearInterval(timer);
      timer = null;
    }
    tick();
  }
  model.on("change:phase", start);
  start();
  return () => { if (timer) clearInterval(timer); };
}
export default { render };
"""


class Countdown(Lean, anywidget.AnyWidget):
    """Set ``phase`` to "prep" to start; the browser moves it to "answer" and "done"."""

    _esm = _ESM
    phase = traitlets.Unicode("idle", help="idle, prep, answer or done").tag(sync=True)
    prep_seconds = traitlets.Int(30).tag(sync=True)
    answer_seconds = traitlets.Int(120).tag(sync=True)

    @traitlets.validate("phase")
    def _known_phase(self, proposal):
        return proposal["value"] if proposal["value"] in PHASES else self.phase

    @traitlets.observe("phase")
    def _undo_unknown(self, change):
        # Browser messages are applied under hold_trait_notifications, which lets an
        # invalid value through before validating (see RatingScale); undo it here.
        if change["new"] not in PHASES:
            self.phase = change["old"] if change["old"] in PHASES else "idle"
