// The view of EnterKey (enter_key.py): Enter in a wk-enter-<action> box sends its text.
function render({ model, el }) {
  el.classList.add("wk-enter-key");
  function onKey(event) {
    if (event.key !== "Enter" || event.isComposing) return;
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const box = input.closest("[class*='wk-enter-']");
    const page = el.closest(".wk-page");
    if (!box || !page || !page.contains(box)) return;
    const name = [...box.classList].find((c) => c.startsWith("wk-enter-"));
    if (!name || name === "wk-enter-key") return;
    event.preventDefault();
    model.send({ enter: name.slice("wk-enter-".length), value: input.value });
  }
  // Capture: ipywidgets' text views stop the key events from bubbling.
  document.addEventListener("keydown", onKey, true);
  return () => document.removeEventListener("keydown", onKey, true);
}
export default { render };
