// The view of ActivityTimer (activity_timer.py): the instructor's countdown.
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
  // The kernel's words, in the page's language, with {label} and {clock} to fill in.
  function words(name, label, clock) {
    const values = { label, clock };
    return model.get(name).replace(/\{(label|clock)\}/g, (_all, key) => values[key]);
  }
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
      announce.textContent = words("words_up", label, clock);
    }
    box.dataset.state = state;
    box.textContent = state === "running" ? words("words_left", label, clock)
                                          : "⚠ " + words("words_up", label, clock);
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
