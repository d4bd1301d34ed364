"""Who is this student? The browser remembers a participant token.

The token lives in the page address (``?p=...``, so a bookmark or a copied link
brings the student back, on any device), in ``localStorage`` (so opening the
plain link again on the same browser finds it) and in a cookie (so the server knows
it before the page renders). On a shared computer the
student presses "Start fresh", which forgets both.
"""

from __future__ import annotations

import anywidget
import traitlets

from workshop_kit.identity import COOKIE_NAME
from workshop_kit.widgets.lean import Lean

STORAGE_KEY = "workshop-kit-token"

_ESM = r"""
const KEY = "__KEY__";
const COOKIE = "__COOKIE__";
// The cookie goes with the next page request, so the page can be built for this
// student at once (see workshop_kit.identity.cookie_token).
function setCookie(token) {
  const age = token ? 365 * 24 * 3600 : 0;
  const value = encodeURIComponent(token || "");
  document.cookie = `${COOKIE}=${value}; path=/; max-age=${age}; SameSite=Lax`;
}
// Voila styles its shell as .jp-LabShell too; only JupyterLab has the main dock panel.
function inLab() { return !!document.getElementById("jp-main-dock-panel"); }
function setAddress(token) {
  if (inLab()) return;  // never rewrite JupyterLab's own address
  const url = new URL(window.location.href);
  if (token) url.searchParams.set("p", token); else url.searchParams.delete("p");
  window.history.replaceState(window.history.state, "", url.toString());
}
function render({ model, el }) {
  el.classList.add("wk-identity");
  let stored = "";
  try { stored = window.localStorage.getItem(KEY) || ""; } catch (e) { stored = ""; }
  model.set("stored_token", stored);
  model.set("reported", true);
  model.save_changes();
  function remember() {
    const token = model.get("token");
    try {
      if (token) window.localStorage.setItem(KEY, token);
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the address still carries the token */ }
    setCookie(token);
    setAddress(token);
  }
  model.on("change:token", remember);
  if (model.get("token")) remember();
  // Leaving or reloading: ask the kernel to save what is still waiting for a pause.
  window.addEventListener("pagehide", () => {
    model.set("leaving", (model.get("leaving") || 0) + 1);
    model.save_changes();
  });
}
export default { render };
""".replace("__KEY__", STORAGE_KEY).replace("__COOKIE__", COOKIE_NAME)


class BrowserIdentity(Lean, anywidget.AnyWidget):
    """Reports the token the browser remembers, and remembers the one the kernel chose."""

    _esm = _ESM
    stored_token = traitlets.Unicode("", help="what localStorage held when the page opened").tag(
        sync=True
    )
    reported = traitlets.Bool(False, help="the browser has reported stored_token").tag(sync=True)
    token = traitlets.Unicode("", help="the token the browser should remember").tag(sync=True)
    leaving = traitlets.Int(0, help="counts the page being left (reload, close)").tag(sync=True)
