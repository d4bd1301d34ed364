"""An accessible rating scale: a real radio group, so screen readers announce the
skill and the level, and the arrow keys move between levels. Whether the rating was
saved, or why not, is said inside the group, under its levels."""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

from workshop_kit.widgets.autosave import failure_message, refused_by_lock
from workshop_kit.widgets.lean import Lean

_ESM = r"""
function render({ model, el }) {
  const uid = "wk" + Math.random().toString(36).slice(2, 10);
  const field = document.createElement("fieldset");
  field.className = "wk-rating";
  const legend = document.createElement("legend");
  legend.className = "wk-rating-name";
  const help = document.createElement("p");
  help.className = "wk-rating-help";
  help.id = uid + "-help";
  field.setAttribute("aria-describedby", help.id);
  const options = document.createElement("div");
  options.className = "wk-rating-options";
  const status = document.createElement("p");
  status.className = "wk-rating-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  field.append(legend, help, options, status);
  el.appendChild(field);

  function build() {
    legend.textContent = model.get("label");
    help.textContent = model.get("description");
    options.replaceChildren();
    model.get("levels").forEach((text, index) => {
      const value = index + 1;
      const label = document.createElement("label");
      label.className = "wk-rating-option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = uid;
      input.value = String(value);
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", value); model.save_changes(); }
      });
      const number = document.createElement("span");
      number.className = "wk-rating-number";
      number.textContent = String(value);
      const words = document.createElement("span");
      words.className = "wk-rating-words";
      words.textContent = text;
      label.append(input, number, words);
      options.appendChild(label);
    });
    sync();
  }
  function sync() {
    const current = model.get("value");
    for (const input of options.querySelectorAll("input")) {
      input.checked = Number(input.value) === current;
      input.disabled = model.get("disabled");
    }
  }
  function showStatus() {
    const kind = model.get("status_kind");
    const icon = { saved: "✓ ", error: "⚠ " }[kind] || "";
    status.className = "wk-rating-status" + (kind ? " wk-status-" + kind : "");
    status.textContent = model.get("status") ? icon + model.get("status") : "";
  }
  model.on("change:status", showStatus);
  model.on("change:status_kind", showStatus);
  showStatus();
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  model.on("change:levels", build);
  model.on("change:label", build);
  build();
}
export default { render };
"""


class RatingScale(Lean, anywidget.AnyWidget):
    """Rate one skill on the content's scale (``value`` 0 means not rated yet).

    Examples
    --------
    >>> scale = RatingScale(label="Presenting", levels=["New", "Basic", "Good"])
    >>> scale.value = 2
    """

    _esm = _ESM
    value = traitlets.Int(0, help="the chosen level, 1..len(levels); 0 = not rated").tag(sync=True)
    label = traitlets.Unicode("", help="the skill's name, the group's accessible name").tag(
        sync=True
    )
    description = traitlets.Unicode("", help="one line that explains the skill").tag(sync=True)
    levels = traitlets.List(traitlets.Unicode(), help="the words for each level").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("", help="shown under the levels: saved, or why not").tag(sync=True)
    status_kind = traitlets.Unicode("", help='"saved", "error" or ""').tag(sync=True)

    _reverting = False
    paused = False  # whether a pause refused the last rating (cleared when it opens)

    def save_change(self, change: dict, save: Callable[[], object]) -> bool:
        """From an observer of ``value``: run ``save`` and say "Rating saved" under the
        levels; when it fails, put the saved level back on screen and say why there.
        Returns whether it was saved (False too for the change that puts it back)."""
        if self._reverting:
            return False
        try:
            save()
        except Exception as exc:  # refused (a pause) or failed: the page keeps working
            self._reverting = True
            try:
                self.value = change["old"]
            finally:
                self._reverting = False
            self.show("error", f"{failure_message(exc)} The level shown is the saved one.")
            self.paused = refused_by_lock(exc)
            return False
        self.show("saved", "Rating saved")
        return True

    def show(self, kind: str, message: str = "") -> None:
        """Say under the levels whether the rating was saved (``kind`` "saved", "error"
        or "" to say nothing)."""
        self.paused = False
        with self.hold_sync():
            self.status_kind = kind if message else ""
            self.status = message

    def _allowed(self, value: int) -> bool:
        return 0 <= value <= len(self.levels)

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        # A forged message can carry any number: keep the last good value instead.
        return proposal["value"] if self._allowed(proposal["value"]) else self.value

    @traitlets.observe("value")
    def _undo_forged(self, change):
        # Messages from the browser are applied under hold_trait_notifications, where
        # traitlets lets an invalid value through before validating; undo it here.
        if not self._allowed(change["new"]):
            self.value = change["old"] if self._allowed(change["old"]) else 0
