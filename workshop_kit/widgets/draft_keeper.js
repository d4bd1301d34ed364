// The view of DraftKeeper (autosave.py): drafts kept in localStorage, long text refused.
// The kernel's class prefixes and limit (the widget's traits): set by the first
// widget on the page.
let FIELD = "", SCOPE = "", LIMIT = "", SEND_CAP = 0;
// The too-long note's words and the tag its numbers are written in (the page's language).
let TOO_LONG = "", NUMBERS = "en";
const STORE = "wk-draft:";
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;  // a draft nobody came back for in a month
const KNOWN = 400;  // fingerprints kept per draft (about 6 kB)

function digest(text) {  // workshop_kit.widgets.autosave.text_digest
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return text.length + "-" + h.toString(16).padStart(8, "0");
}
function classWith(node, prefix) {
  return [...node.classList].find((name) => name.startsWith(prefix));
}
function keyOf(el) {
  let field = null;
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    if (!node.classList) continue;
    field = field || classWith(node, FIELD);
    const scope = classWith(node, SCOPE);
    if (field && scope) return STORE + scope + ":" + field;
  }
  return null;
}
function read(key) {
  try { return JSON.parse(window.localStorage.getItem(key)); } catch { return null; }
}
function write(key, draft) {
  try { window.localStorage.setItem(key, JSON.stringify(draft)); } catch { /* full */ }
}
function drop(key) {
  try { window.localStorage.removeItem(key); } catch { /* private mode */ }
}
function limitOf(el) {
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    const name = node.classList && classWith(node, LIMIT);
    if (name) return Number(name.slice(LIMIT.length)) || SEND_CAP;
  }
  return SEND_CAP;
}
// Text over the box's limit is not sent (the kernel would refuse it anyway, and a
// large paste would drop the connection): say so under the box instead.
function refuseTooLong(box) {
  const limit = limitOf(box);
  let length = box.value.length;
  if (length > limit) length = [...box.value].length;  // characters, as Python counts
  let note = box.nextElementSibling;
  if (!(note && note.classList.contains("wk-too-long"))) note = null;
  if (length <= limit) {
    if (note) note.remove();
    return false;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "wk-too-long";
    note.setAttribute("role", "alert");
    box.insertAdjacentElement("afterend", note);
  }
  const n = (x) => {
    try { return x.toLocaleString(NUMBERS); } catch { return x.toLocaleString("en"); }
  };
  const values = { length: n(length), limit: n(limit), over: n(length - limit) };
  note.textContent = TOO_LONG.replace(/\{(length|limit|over)\}/g, (_all, key) => values[key]);
  return true;
}
function install(model) {
  if (window.__wkDraftKeeper) return;  // one per page, however many widgets
  window.__wkDraftKeeper = true;
  FIELD = model.get("field_prefix");
  SCOPE = model.get("scope_prefix");
  LIMIT = model.get("limit_prefix");
  SEND_CAP = model.get("send_cap");
  TOO_LONG = model.get("too_long_words");
  NUMBERS = model.get("number_locale") || "en";
  const stored = new Map();  // key -> digest of the text the store holds
  const boxes = "textarea, input[type=text]";

  function adopt(box) {
    if (box.__wkDraft) return;
    const key = keyOf(box);
    if (!key) return;
    box.__wkDraft = key;
    const draft = read(key);
    const first = !stored.has(key);
    if (first) stored.set(key, digest(box.value));  // as built from the store
    if (!draft || typeof draft.text !== "string") return;
    if (draft.text === box.value) {  // the store has it (it reached the kernel in time)
      if (first) drop(key);
      return;
    }
    const known = Array.isArray(draft.known) ? draft.known : [];
    if (!known.includes(digest(box.value)) || Date.now() - (draft.at || 0) > MAX_AGE_MS) {
      drop(key);  // the store holds text this browser never had: another device's, newer
      return;
    }
    // Put the draft back; the input event sends it to the kernel, which saves it.
    box.value = draft.text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  // What the store may hold while this draft is still the newest text: what it held,
  // and every text typed here since (a save whose "Saved" never arrived).
  function remember(known, ...digests) {
    const kept = (Array.isArray(known) ? known : []).filter((d) => !digests.includes(d));
    return [...kept, ...digests].slice(-KNOWN);
  }
  function confirmed(status) {
    const key = keyOf(status);
    if (!key) return;
    stored.set(key, status.dataset.wkStored);
    const draft = read(key);
    if (!draft) return;
    if (digest(draft.text) === status.dataset.wkTyped) drop(key);
    else write(key, { ...draft, known: remember(draft.known, status.dataset.wkStored) });
  }
  function scan(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches(boxes)) adopt(root);
    root.querySelectorAll(boxes).forEach(adopt);
    if (root.dataset && root.dataset.wkStored) confirmed(root);
    root.querySelectorAll("[data-wk-stored]").forEach(confirmed);
  }
  // Before the widget sees the change (capture phase): too long, it is not sent.
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches && box.matches(boxes) && refuseTooLong(box)) {
      event.stopImmediatePropagation();
    }
  }, true);
  // Synchronous, so a keystroke is kept even when the page unloads right after it.
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches(boxes)) return;
    if (refuseTooLong(box)) {
      event.stopImmediatePropagation();
      return;
    }
    adopt(box);
    const key = box.__wkDraft;
    if (!key) return;
    const known = remember((read(key) || {}).known, stored.get(key), digest(box.value));
    write(key, { text: box.value, known, at: Date.now() });
  }, true);
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(scan);
  }).observe(document.body, { childList: true, subtree: true });
  scan(document.body);
}
function render({ model, el }) {
  el.classList.add("wk-draftkeeper");
  install(model);
}
export default { render };
