// The view of RatingScale (rating.py): a radio group of levels and a status line.
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
