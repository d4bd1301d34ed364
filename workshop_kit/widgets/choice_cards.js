// Choice cards: one real radio (or checkbox) per card, inside a fieldset whose legend
// names the group. The browser's own inputs give screen readers their role and state
// and give the keyboard its usual moves: Tab into the group, the arrow keys between
// radios, Space to choose. Enter chooses too, as on a button.

function render({ model, el }) {
  const uid = "wkc" + Math.random().toString(36).slice(2, 10);
  const field = document.createElement("fieldset");
  field.className = "wk-cards";
  const legend = document.createElement("legend");
  legend.className = "wk-cards-label";
  legend.id = uid + "-label";
  const help = document.createElement("p");
  help.className = "wk-cards-help";
  help.id = uid + "-help";
  const list = document.createElement("div");
  list.className = "wk-cards-list";
  field.append(legend, help, list);
  el.appendChild(field);

  function inputs() {
    return [...list.querySelectorAll("input")];
  }

  function send() {
    const boxes = inputs();
    if (model.get("multiple")) {
      const chosen = boxes.flatMap((box, index) => (box.checked ? [index] : []));
      model.set("indices", chosen);
    } else {
      model.set("index", boxes.findIndex((box) => box.checked));
    }
    model.save_changes();
  }

  function build() {
    const multiple = model.get("multiple");
    const label = model.get("label");
    legend.textContent = label;
    legend.hidden = !label;
    help.textContent = model.get("help");
    help.hidden = !model.get("help");
    // a lone tick box needs no group around it
    field.setAttribute("role", label ? (multiple ? "group" : "radiogroup") : "none");
    if (label) field.setAttribute("aria-labelledby", legend.id);
    else field.removeAttribute("aria-labelledby");
    if (model.get("help")) field.setAttribute("aria-describedby", help.id);
    else field.removeAttribute("aria-describedby");
    list.replaceChildren();
    model.get("cards").forEach((card, index) => {
      const id = `${uid}-${index}`;
      const box = document.createElement("label");
      box.className = "wk-card";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = uid;
      input.value = String(index);
      input.id = id;
      input.addEventListener("change", send);
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !input.disabled) {
          event.preventDefault();
          if (multiple || !input.checked) input.click();
        }
      });
      const words = document.createElement("span");
      words.className = "wk-card-words";
      const text = document.createElement("span");
      text.className = "wk-card-text";
      text.id = id + "-text";
      text.textContent = card.text;
      words.appendChild(text);
      input.setAttribute("aria-labelledby", text.id);
      if (card.detail) {
        const detail = document.createElement("span");
        detail.className = "wk-card-detail";
        detail.id = id + "-detail";
        detail.textContent = card.detail;
        words.appendChild(detail);
        input.setAttribute("aria-describedby", detail.id);
      }
      box.append(input, words);
      list.appendChild(box);
    });
    sync();
  }

  function sync() {
    const disabled = model.get("disabled");
    field.disabled = disabled;
    field.classList.toggle("wk-cards-disabled", disabled);
    const chosen = model.get("multiple") ? model.get("indices") : [model.get("index")];
    inputs().forEach((input, index) => {
      input.checked = chosen.includes(index);
      input.closest(".wk-card").classList.toggle("wk-card-chosen", input.checked);
    });
  }

  model.on("change:index", sync);
  model.on("change:indices", sync);
  model.on("change:disabled", sync);
  for (const name of ["cards", "label", "help", "multiple"]) model.on(`change:${name}`, build);
  list.addEventListener("change", sync);
  build();
}

export default { render };
