// The view of BrowserIdentity (identity.py): the token in localStorage, cookie, address.
// The cookie goes with the next page request, so the page can be built for this
// student at once (see workshop_kit.identity.cookie_token).
function setCookie(name, token) {
  const age = token ? 365 * 24 * 3600 : 0;
  const value = encodeURIComponent(token || "");
  document.cookie = `${name}=${value}; path=/; max-age=${age}; SameSite=Lax`;
}
// Voila styles its shell as .jp-LabShell too; only JupyterLab has the main dock panel.
function inLab() { return !!document.getElementById("jp-main-dock-panel"); }
function setAddress(token) {
  if (inLab()) return;  // never rewrite JupyterLab's own address
  const url = new URL(window.location.href);
  if (token) url.searchParams.set("p", token); else url.searchParams.delete("p");
  // The page has stored a language asked for in the address as the student's choice:
  // a later switch must not be undone by reloading the old address.
  url.searchParams.delete("lang");
  window.history.replaceState(window.history.state, "", url.toString());
}
function render({ model, el }) {
  el.classList.add("wk-identity");
  const key = model.get("storage_key");
  let stored = "";
  try { stored = window.localStorage.getItem(key) || ""; } catch { stored = ""; }
  model.set("stored_token", stored);
  model.set("browser_languages", Array.from(navigator.languages || [navigator.language || ""]));
  model.set("reported", true);
  model.save_changes();
  function remember() {
    const token = model.get("token");
    try {
      if (token) window.localStorage.setItem(key, token);
      else window.localStorage.removeItem(key);
    } catch { /* private mode: the address still carries the token */ }
    setCookie(model.get("cookie_name"), token);
    setAddress(token);
  }
  model.on("change:token", remember);
  // Screen readers and the browser's spell checker read the page in its language.
  function setLanguage() {
    const language = model.get("language");
    if (language) document.documentElement.lang = language;
  }
  model.on("change:language", setLanguage);
  model.on("change:reload", () => {
    const url = new URL(window.location.href);
    const language = model.get("reload_language");
    if (language) url.searchParams.set("lang", language); else url.searchParams.delete("lang");
    window.location.replace(url.toString());
  });
  setLanguage();
  if (model.get("token")) remember();
  // Leaving or reloading: ask the kernel to save what is still waiting for a pause.
  window.addEventListener("pagehide", () => {
    model.set("leaving", (model.get("leaving") || 0) + 1);
    model.save_changes();
  });
}
export default { render };
