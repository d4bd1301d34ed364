// The view of Countdown (countdown.py): preparation, then answer time, ticked here.
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
  const words = () => model.get("words") || {};  // the kernel's, in the page's language
  let spare = null;  // the time left when the student finished, or null

  function tick() {
    const phase = model.get("phase");
    if (phase === "finished") {
      clock.textContent = spare === null ? ""
        : model.get("spare_words").replace("{time}", () => fmt(spare));
      return;
    }
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
    const was = box.dataset.phase;
    spare = phase === "finished" && was === "answer"
      ? Math.max(0, (endsAt - Date.now()) / 1000) : null;
    box.dataset.phase = phase;
    label.textContent = words()[phase] || "";
    announce.textContent = words()[phase] || "";
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
