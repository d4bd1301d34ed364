// The view of FocusKeeper (focus.py): puts focus back into a rebuilt keyed container.
// The class prefix that marks a keyed container (the kernel's, from the widget's
// trait): set by the first widget on the page.
let PREFIX = "";
const CONTROLS = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
const PATIENCE_MS = 5000;  // a replacement that takes longer is not coming

function keyed(el) {
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    const key = [...node.classList].find((name) => name.startsWith(PREFIX));
    if (key) return { key, node };
  }
  return null;
}
function install(model) {
  if (window.__wkFocusKeeper) return;  // one per page, however many widgets
  window.__wkFocusKeeper = true;
  PREFIX = model.get("prefix");
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
function render({ model, el }) {
  el.classList.add("wk-focus-keeper");
  install(model);
}
export default { render };
