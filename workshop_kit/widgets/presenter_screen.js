// The presenter page's browser side: it shows the kernel's panel over the whole
// window (in a box of its own under <body>: inside the notebook's output areas a
// fixed box would be placed in them, not in the window), reads the pass the dashboard
// put in the link's fragment (which never reaches the server) and takes it off the
// address bar, sends the arrow keys to the kernel, ticks the activity clock, and fits
// the panel's text to the screen without going under the smallest readable size.

const MOVES = {
  ArrowRight: "next_panel",
  ArrowLeft: "prev_panel",
  ArrowDown: "next_item",
  ArrowUp: "prev_item",
  r: "reveal",
  R: "reveal",
};

function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

function render({ model, el }) {
  el.classList.add("wk-present-keys");
  const host = document.createElement("div");
  host.className = "wk-present-host";
  document.body.appendChild(host);
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const pass = fragment.get("pass");
  if (pass) {
    // off the address bar and this page's history entry
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", pathname + search);
    model.set("ticket", pass);
    model.save_changes();
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    model.send({ move });
  }
  document.addEventListener("keydown", onKey, true);

  const started = new WeakMap();
  function tick() {
    for (const clock of host.querySelectorAll("[data-left-ms]")) {
      if (!started.has(clock)) started.set(clock, Date.now());
      const left = Number(clock.dataset.leftMs) - (Date.now() - started.get(clock));
      const text = clockText(left);
      if (clock.textContent !== text) clock.textContent = text;
      clock.dataset.state = left <= 0 ? "done" : left <= 60000 ? "last-minute" : "running";
    }
  }
  const ticker = setInterval(tick, 250);

  const smallest = model.get("smallest_px");
  function fit() {
    for (const panel of host.querySelectorAll(".wk-present")) {
      panel.style.fontSize = "";
      for (const dropped of panel.querySelectorAll(".wk-drop[hidden]")) dropped.hidden = false;
      let size = parseFloat(window.getComputedStyle(panel).fontSize);
      while (panel.scrollHeight > panel.clientHeight + 1 && size > smallest) {
        size = Math.max(smallest, size - 2);
        panel.style.fontSize = size + "px";
      }
      // still too long at the smallest size: leave out the last of a long list
      const droppable = [...panel.querySelectorAll(".wk-drop")];
      while (panel.scrollHeight > panel.clientHeight + 1 && droppable.length > 1) {
        droppable.pop().hidden = true;
      }
    }
    tick();
  }
  let queued = false;
  function refit() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(() => {
      queued = false;
      fit();
    });
  }
  function draw() {
    host.innerHTML = model.get("value");
    fit();
  }
  // Screen readers read the panel in its language.
  function setLanguage() {
    const language = model.get("language");
    if (language) document.documentElement.lang = language;
  }
  model.on("change:language", setLanguage);
  setLanguage();
  model.on("change:value", draw);
  window.addEventListener("resize", refit);
  draw();

  return () => {
    document.removeEventListener("keydown", onKey, true);
    window.removeEventListener("resize", refit);
    host.remove();
    clearInterval(ticker);
  };
}

export default { render };
